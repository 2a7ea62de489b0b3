#!/usr/bin/env python
"""Build (or refresh) the ``ansible_collections/hwcloud/tasks`` tree that tests run the collection from.

Ansible finds a collection only under a path ending in ``ansible_collections/<namespace>/<name>``;
the repository root is the collection root, so the tree is a folder of symlinks to the repository's
top-level entries, in ``.cache/collections`` (git-ignored).  Prints the folder to put in
``ANSIBLE_COLLECTIONS_PATH``.
"""

import os
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
SKIP = {".cache", ".venv", ".git", ".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__"}


def build(repo=REPO, cache=None):
    root = pathlib.Path(cache or repo / ".cache" / "collections")
    tree = root / "ansible_collections" / "hwcloud" / "tasks"
    tree.mkdir(parents=True, exist_ok=True)
    wanted = {entry.name for entry in repo.iterdir() if entry.name not in SKIP}
    # Several processes may build it at once (pytest-xdist's workers each import tests/conftest.py):
    # a link another one removed or made first is not an error.
    for link in tree.iterdir():
        if link.is_symlink() and (link.name not in wanted or not link.exists()):
            try:
                link.unlink()
            except FileNotFoundError:
                pass
    for name in sorted(wanted):
        link = tree / name
        if not link.is_symlink():
            try:
                os.symlink(repo / name, link)
            except FileExistsError:
                if not (link.is_symlink() and os.readlink(link) == str(repo / name)):
                    raise
    return root


if __name__ == "__main__":
    print(build(cache=sys.argv[1] if len(sys.argv) > 1 else None))
