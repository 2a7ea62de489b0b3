"""Mirror the collection into ``.cache/sanity/ansible_collections/hwcloud/tasks`` for ``ansible-test sanity``.

Why a real copy and not the symlink tree of ``tests/utils/collection_tree.py``: ansible-test lists a
collection's files by walking its directory (or with ``git ls-files`` when it finds a ``.git``), and it
does not follow symlinked directories -- from the symlink tree every sanity test reports "All targets
skipped".  Its ``symlinks`` sanity test would also reject the links.  (There is no rsync here: this
script is the small rsync we need.)

What is mirrored: the files git would ship -- tracked files plus untracked ones that ``.gitignore``
does not exclude, so work in progress is checked too -- never ``.venv``, ``.cache`` or test output.
Files gone from the repository are removed from the mirror; ``tests/output/`` of the mirror is kept,
because ansible-test keeps its bootstrap venv there and rebuilding it costs every run ~10 s.

The mirror gets an empty ``git init`` of its own: ansible-test looks for a ``.git`` from the collection
root upwards, and would otherwise find this repository's, whose ``git ls-files`` knows nothing of the
(git-ignored) ``.cache`` folder -- again "All targets skipped".  In its own empty repository every
mirrored file is "untracked, not ignored", which is exactly what ansible-test lists.

Prints the mirror's path.
"""

import filecmp
import os
import pathlib
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
KEEP = (".git", "tests/output")  # the mirror's own, never deleted


def repo_files(repo):
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit("sanity_tree: git ls-files failed in %s: %s" % (repo, exc))
    # --cached also lists files deleted from the work tree but not yet from the index: skip those.
    return {name for name in out.decode().split("\0") if name and os.path.lexists(repo / name)}


def _kept(rel):
    return any(rel == keep or rel.startswith(keep + "/") for keep in KEEP)


def _same(src, dst):
    if src.is_symlink() or dst.is_symlink():
        return src.is_symlink() and dst.is_symlink() and os.readlink(src) == os.readlink(dst)
    return dst.is_file() and src.stat().st_mode == dst.stat().st_mode and filecmp.cmp(src, dst, shallow=False)


def build(repo=REPO, dest=None):
    root = pathlib.Path(dest or repo / ".cache" / "sanity")
    tree = root / "ansible_collections" / "hwcloud" / "tasks"
    tree.mkdir(parents=True, exist_ok=True)
    wanted = repo_files(repo)

    # Remove what the repository no longer has (deepest first, so emptied folders go too).
    for dirpath, dirnames, filenames in os.walk(tree, topdown=False):
        rel_dir = os.path.relpath(dirpath, tree)
        rel_dir = "" if rel_dir == "." else rel_dir
        if _kept(rel_dir):
            continue
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            rel = os.path.join(rel_dir, name)
            if not _kept(rel) and rel not in wanted:
                os.unlink(os.path.join(dirpath, name))
        if rel_dir and not _kept(rel_dir) and not os.listdir(dirpath):
            os.rmdir(dirpath)

    for name in sorted(wanted):
        src, dst = repo / name, tree / name
        if dst.exists() or dst.is_symlink():
            if _same(src, dst):
                continue
            if dst.is_dir() and not dst.is_symlink():
                shutil.rmtree(dst)
            else:
                dst.unlink()
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)  # kept as a link, so the `symlinks` sanity test sees it
        else:
            shutil.copy2(src, dst)  # keeps the mode: the shebang test checks executable bits

    if not (tree / ".git").exists():
        subprocess.run(["git", "init", "--quiet", str(tree)], check=True)
    return tree


if __name__ == "__main__":
    print(build(dest=sys.argv[1] if len(sys.argv) > 1 else None))
