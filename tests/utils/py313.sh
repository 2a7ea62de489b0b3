#!/usr/bin/env bash
# Python 3.13 for the newer ansible-core releases (2.20 and 2.21 need Python 3.12 or later, 2.22 needs
# 3.13), on any machine: a real python3.13 when one is found, else Debian's, in a root made with
# debootstrap from Debian's packages and cached outside the checkout.
#
#   bash tests/utils/py313.sh where             # says which Python 3.13 is used (making the root if needed)
#   bash tests/utils/py313.sh root              # makes the Debian root if needed (whatever PY313 says) and
#                                                # prints its folder (`make ee EE_BASE=local` imports it)
#   bash tests/utils/py313.sh run [--venv DIR] [VAR=value...] COMMAND [ARG...]
#                                                # runs COMMAND, from the current folder, with that
#                                                # Python as `python3.13` first on PATH (after DIR/bin)
#   bash tests/utils/py313.sh venv DIR PIP-INSTALL-ARGS...
#                                                # makes DIR (under the checkout) a venv of that Python
#                                                # with those packages; again only when the Python, the
#                                                # arguments or the files they name change
#
# PY313 chooses: `auto` (default) uses a python3.13 found on this machine, else the root;
# `debootstrap` always uses the root; a path uses that interpreter.  A candidate counts only if it
# runs (`python3.13 -c ...` with venv and ensurepip): pyenv's shims answer "command not found" for
# versions that are not selected.
#
# The root (PY313_ROOT, default ~/.cache/hwcloud-tasks/debian-trixie-py313, ~540 MB, ~70 s to make) is
# `debootstrap --variant=minbase` of Debian trixie from the mirror this machine's apt sources name, with
# this machine's CA certificates added (pip needs them).  COMMAND runs in it through chroot with a
# clean environment (the host's pip configuration names folders the root does not have), with the
# checkout bind-mounted at its own path, so paths under it mean the same inside and out.  Every mount
# is made inside a private mount namespace (unshare): none is ever seen outside this command, and the
# kernel drops them when it ends, however it ends; a trap unmounts them as well.  Making the root
# needs root (it is what a CI machine here is); using a found python3.13 does not.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${HWCLOUD_TASKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hwcloud-tasks}
ROOT=${PY313_ROOT:-$CACHE/debian-trixie-py313}
SUITE=trixie
PACKAGES=python3,python3-venv,ca-certificates,git
CA=/etc/ssl/certs/ca-certificates.crt
# Variables passed into the root besides the VAR=value arguments.
PASS=(CI ANSIBLE_COLLECTIONS_PATH PYTEST_ADDOPTS TERM)

die() { echo "py313: $*" >&2; exit 1; }

works() {
    # A Python 3.13 that really runs and can make venvs.
    [[ -n $1 ]] && "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1
}

host_python() {
    local candidate
    for candidate in "$(command -v python3.13 || true)" /usr/bin/python3.13 /usr/local/bin/python3.13 \
        "$HOME"/.pyenv/versions/3.13*/bin/python3.13 /opt/python*/bin/python3.13 /opt/python3.13/bin/python3.13; do
        if works "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

mirror() {
    # The Debian mirror the apt sources already use (deb822 first, then the one-line format).
    local uri=""
    if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
        uri=$(sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p' /etc/apt/sources.list.d/*.sources |
            grep -v -E 'security|/ubuntu' | head -n 1 || true)
    fi
    if [[ -z $uri && -f /etc/apt/sources.list ]]; then
        uri=$(sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' /etc/apt/sources.list |
            grep -v security | head -n 1 || true)
    fi
    echo "${uri:-http://deb.debian.org/debian}"
}

in_root() {
    # in_root [VAR=value...] COMMAND...: run in the root, from the current folder, in a private mount
    # namespace that holds the bind mounts.
    local here=$PWD envs=(HOME=/root LANG=C.UTF-8 "PATH=${ROOT_PATH_FRONT:+$ROOT_PATH_FRONT:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        "PIP_CERT=$CA" "REQUESTS_CA_BUNDLE=$CA" "SSL_CERT_FILE=$CA" PIP_DISABLE_PIP_VERSION_CHECK=1)
    local name
    for name in "${PASS[@]}"; do
        if [[ -n ${!name:-} ]]; then envs+=("$name=${!name}"); fi
    done
    while (($#)) && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
        envs+=("$1")
        shift
    done
    ((EUID == 0)) || die "running in $ROOT needs root (chroot and mounts)"
    unshare --mount --propagation private -- bash "${BASH_SOURCE[0]}" __inner "$here" "${envs[@]}" --cmd-- "$@"
}

inner() {
    # In the private mount namespace: mount, run COMMAND in the root, unmount (the trap), exit with its status.
    local here=$1 envs=() mounted=() status=0
    shift
    while [[ $1 != --cmd-- ]]; do
        envs+=("$1")
        shift
    done
    shift
    # shellcheck disable=SC2329  # run by the EXIT trap
    cleanup() {
        local i
        for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    }
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    bind() {
        mkdir -p "$2"
        mount --bind "$1" "$2"
        mounted+=("$2")
    }
    mount -t proc proc "$ROOT/proc"
    mounted+=("$ROOT/proc")
    bind /sys "$ROOT/sys"
    bind /dev "$ROOT/dev"
    bind /dev/pts "$ROOT/dev/pts"
    bind "$REPO" "$ROOT$REPO"
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
    cp -L /etc/hosts "$ROOT/etc/hosts"
    # Not exec: the trap unmounts after the command.
    # shellcheck disable=SC2016  # expanded by that sh, in the root
    chroot "$ROOT" /usr/bin/env -i "${envs[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$here" "$@" || status=$?
    exit "$status"
}

make_root() {
    # Made in ROOT.new, then renamed: an interrupted build never leaves a half root behind as ROOT.
    local new=$ROOT.new started=$SECONDS
    ((EUID == 0)) || die "no working python3.13 here, and making one from Debian's packages needs root"
    if ! command -v debootstrap >/dev/null; then
        command -v apt-get >/dev/null || die "no working python3.13 here, and no apt-get to install debootstrap"
        echo "py313: installing debootstrap (apt-get)" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    fi
    if grep -qs " ${new}[/ ]" /proc/mounts; then
        die "$new has mounts under it (an earlier build was killed?): unmount them first"
    fi
    rm -rf "$new"
    mkdir -p "$(dirname "$ROOT")"
    local from
    from=$(mirror)
    echo "py313: making a Debian $SUITE root with $PACKAGES in $ROOT from $from (~70 s)" >&2
    # debootstrap mounts /proc and /sys in the root while it works: keep those mounts private too.
    unshare --mount --propagation private -- \
        debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$new" "$from" >"$CACHE/debootstrap.log" 2>&1 ||
        die "debootstrap failed; its log: $CACHE/debootstrap.log (last lines: $(tail -n 3 "$CACHE/debootstrap.log"))"
    mkdir -p "$new/usr/local/share/ca-certificates"
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$new/usr/local/share/ca-certificates/"
    fi
    chroot "$new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin update-ca-certificates >/dev/null
    rm -rf "$new/var/cache/apt/archives/"*.deb
    echo "$PACKAGES $SUITE" >"$new/.hwcloud-tasks-root"
    mv "$new" "$ROOT"
    echo "py313: root ready in $((SECONDS - started)) s: $(chroot "$ROOT" /usr/bin/python3.13 --version)" >&2
}

# Which Python: sets MODE (host or root) and PY (the interpreter; inside the root for MODE=root).
choose() {
    local want=${PY313:-auto}
    case $want in
    auto)
        if PY=$(host_python); then
            MODE=host
            return
        fi
        ;;
    debootstrap) ;;
    *)
        works "$want" || die "PY313=$want is not a working Python 3.13"
        MODE=host PY=$want
        return
        ;;
    esac
    MODE=root PY=/usr/bin/python3.13
    local lock
    mkdir -p "$(dirname "$ROOT")"
    exec {lock}>"$ROOT.lock"
    flock "$lock"
    if [[ ! -f $ROOT/.hwcloud-tasks-root || $(cat "$ROOT/.hwcloud-tasks-root") != "$PACKAGES $SUITE" ]]; then
        if [[ -e $ROOT ]]; then
            grep -qs " ${ROOT}[/ ]" /proc/mounts && die "$ROOT has mounts under it: unmount them first"
            rm -rf "$ROOT"
        fi
        make_root
    fi
    exec {lock}>&-
}

run_cmd() {
    # run_cmd [--venv DIR] [VAR=value...] COMMAND...
    local front=""
    if [[ ${1:-} == --venv ]]; then
        front=$(cd "$2" && pwd)/bin
        shift 2
    fi
    if [[ $MODE == host ]]; then
        local envs=()
        while (($#)) && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
            envs+=("$1")
            shift
        done
        PATH="${front:+$front:}$(host_bin):$PATH" env "${envs[@]}" "$@"
    else
        ROOT_PATH_FRONT=$front in_root "$@"
    fi
}

make_venv() {
    local dir=$1 key arg lock
    shift
    # Steps that run side by side may ask for the same venv: one makes it, the others wait.
    mkdir -p "$(dirname "$dir")"
    exec {lock}>"$dir.lock"
    flock "$lock"
    key=$({
        echo "$MODE $PY"
        printf '%s\n' "$@"
        for arg in "$@"; do
            if [[ -f $arg ]]; then cat "$arg"; fi
        done
    } | sha256sum | cut -c1-16)
    if [[ -f $dir/.py313-stamp && $(cat "$dir/.py313-stamp") == "$key" ]]; then
        return 0
    fi
    echo "==> creating $dir with $(describe): pip install $*"
    rm -rf "$dir"
    run_cmd "$PY" -m venv "$dir"
    run_cmd "$dir/bin/python" -m pip install --quiet --quiet --disable-pip-version-check "$@" 2>&1 |
        sed -u "/is ignored: it is neither a file nor a directory/d"
    echo "$key" >"$dir/.py313-stamp"
}

describe() {
    if [[ $MODE == host ]]; then
        echo "$PY ($("$PY" --version 2>&1))"
    else
        echo "Debian's $(chroot "$ROOT" "$PY" --version 2>&1) in $ROOT"
    fi
}

host_bin() {
    # A folder with `python3.13` -> the chosen interpreter, for tools that look it up on PATH
    # (ansible-test --python 3.13), in front of any pyenv shim.
    local bin=$REPO/.cache/py313/bin
    mkdir -p "$bin"
    if [[ $(readlink "$bin/python3.13" || true) != "$PY" ]]; then
        ln -sfn "$PY" "$bin/python3.13" 2>/dev/null || true  # another step may be making it too
    fi
    echo "$bin"
}

main() {
    (($#)) || die "usage: py313.sh where | root | run [VAR=value...] COMMAND [ARG...] | venv DIR PIP-ARGS..."
    local action=$1
    shift
    if [[ $action == root ]]; then
        PY313=debootstrap choose
        echo "$ROOT"
        return
    fi
    choose
    case $action in
    where) describe ;;
    run)
        (($#)) || die "run: no command"
        run_cmd "$@"
        ;;
    venv)
        (($# >= 2)) || die "venv: DIR and pip install arguments needed"
        make_venv "$@"
        ;;
    *) die "unknown action $action" ;;
    esac
}

if [[ ${1:-} == __inner ]]; then
    shift
    inner "$@"
else
    main "$@"
fi
