#!/usr/bin/env bash
# `make ee`: build the execution environment for real, with ansible-builder and a container engine, from
# meta/execution-environment.yml and a collection tarball of this checkout; then run examples/demo.yml
# in the image through ansible-runner with container isolation, as AWX does, against the emulator on
# this host (tests/ee/run_demo.py), and check the result and the progress lines in the job events.
#
#   EE_BASE=default   the definition's base image (images.base_image); a registry must be reachable
#   EE_BASE=local     a Debian base made here: the root tests/utils/py313.sh makes from Debian's packages,
#                     `docker import`ed, plus tests/ee/local-base (no container registry needed)
#   EE_BASE=IMAGE     any other base image with a dnf and a python3.13
#   EE_TAG            the image's name (default hwcloud-tasks-ee:latest)
#
# The engine is docker.  When no daemon answers, this installs Debian's docker.io (apt-get) if dockerd is
# missing, starts dockerd as root, and stops the daemon it started, by its pid, on every way out.  With no
# way to get an engine (not root, no apt-get, dockerd will not start) it says why and fails.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$REPO/.venv/bin
WORK=$REPO/.cache/ee
EE_BASE=${EE_BASE:-default}
EE_TAG=${EE_TAG:-hwcloud-tasks-ee:latest}
DEBIAN_IMAGE=hwcloud-tasks-debian:trixie
LOCAL_BASE=hwcloud-tasks-ee-base:debian-trixie
started_pid=""

say() { printf '==> ee: %s\n' "$*"; }
fail() {
    printf 'make ee: FAILED: %s\n' "$*" >&2
    exit 1
}

stop_dockerd() {
    [[ -n $started_pid ]] || return 0
    say "stopping the dockerd this run started (pid $started_pid)"
    kill -TERM "$started_pid" 2>/dev/null || true
    local _
    for _ in $(seq 60); do
        kill -0 "$started_pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -0 "$started_pid" 2>/dev/null && kill -KILL "$started_pid" 2>/dev/null
    started_pid=""
}
trap stop_dockerd EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_root_install_docker() {
    ((EUID == 0)) || fail "no container engine: $1, and installing Debian's docker.io needs root"
    command -v apt-get >/dev/null || fail "no container engine: $1, and there is no apt-get to install one"
    say "installing Debian's docker.io ($1)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null ||
        fail "no container engine: $1, and apt-get install docker.io failed"
}

engine() {
    command -v docker >/dev/null || as_root_install_docker "no docker command"
    if docker info >/dev/null 2>&1; then
        say "using the running docker daemon ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
        return
    fi
    command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || as_root_install_docker "no dockerd"
    ((EUID == 0)) || fail "no container engine: no docker daemon answers, and starting dockerd needs root"
    mkdir -p "$WORK"
    local dockerd
    dockerd=$(command -v dockerd || echo /usr/sbin/dockerd)
    say "starting $dockerd (log: $WORK/dockerd.log)"
    "$dockerd" >"$WORK/dockerd.log" 2>&1 &
    started_pid=$!
    local _
    for _ in $(seq 60); do
        docker info >/dev/null 2>&1 && break
        kill -0 "$started_pid" 2>/dev/null || break
        sleep 1
    done
    docker info >/dev/null 2>&1 ||
        fail "no container engine: dockerd did not start; the end of its log:
$(tail -n 15 "$WORK/dockerd.log")"
    say "dockerd $(docker version --format '{{.Server.Version}}') started, pid $started_pid"
}

stage() {
    # The definition and the files it names in the checkout's layout, with a fresh collection tarball
    # in the root, as the definition's header tells users to build it.
    local stage=$WORK/stage
    rm -rf "$stage"
    mkdir -p "$stage/meta"
    cp "$REPO/meta/execution-environment.yml" "$REPO/meta/ee-requirements.txt" "$stage/meta/"
    cp "$REPO/bindep.txt" "$stage/"
    env -u ANSIBLE_COLLECTIONS_PATH "$BIN/ansible-galaxy" collection build --force --output-path "$stage" "$REPO" >/dev/null
    say "staged $(cd "$stage" && ls -- *.tar.gz) with the definition in $stage"
}

local_base() {
    local root
    root=$(bash "$REPO/tests/utils/py313.sh" root)
    if ! docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then
        say "importing $root as $DEBIAN_IMAGE"
        local t0=$SECONDS
        # Not the mount points' contents, nor what ansible-test and pip keep in the root's home.
        tar -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./root/.ansible \
            --exclude=./root/.cache --exclude=./work --exclude=./.hwcloud-tasks-root -c . |
            docker import -c 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
        say "imported in $((SECONDS - t0)) s"
    fi
    docker build --quiet --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$LOCAL_BASE" \
        -f "$REPO/tests/ee/local-base/Containerfile" "$REPO/tests/ee/local-base" >/dev/null
    say "local base $LOCAL_BASE: $DEBIAN_IMAGE + tests/ee/local-base (apt-dnf as PKGMGR, a venv of python3.13 as PYCMD)"
}

build() {
    local args=()
    case $EE_BASE in
    default)
        local image
        image=$("$BIN/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["images"]["base_image"]["name"])' \
            "$REPO/meta/execution-environment.yml")
        if ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull "$image"; then
            fail "the base image $image cannot be pulled from here (is its registry reachable?); \`make ee EE_BASE=local\` builds the same definition on a Debian base made on this machine"
        fi
        ;;
    local)
        local_base
        args+=(--build-arg "EE_BASE_IMAGE=$LOCAL_BASE" --build-arg PKGMGR=/usr/local/bin/apt-dnf
            --build-arg PYCMD=/opt/python/bin/python3.13 --build-arg PYPKG=python3.13)
        ;;
    *) args+=(--build-arg "EE_BASE_IMAGE=$EE_BASE") ;;
    esac
    say "ansible-builder build -t $EE_TAG (base: $EE_BASE)"
    local t0=$SECONDS
    env -u ANSIBLE_COLLECTIONS_PATH "$BIN/ansible-builder" build --container-runtime docker \
        -f "$WORK/stage/meta/execution-environment.yml" -c "$WORK/context" -t "$EE_TAG" -v 3 "${args[@]}"
    BUILD_SECONDS=$((SECONDS - t0))
    local size
    size=$(docker image inspect --format '{{.Size}}' "$EE_TAG")
    say "built $EE_TAG in $BUILD_SECONDS s: $((size / 1000000)) MB ($(docker image inspect --format '{{.Id}}' "$EE_TAG" | cut -c1-19))"
    docker run --rm "$EE_TAG" bash -c 'ansible --version | head -n 1; python3 --version 2>/dev/null || true; ansible-runner --version; ansible-galaxy collection list hwcloud.tasks 2>/dev/null | tail -n 1'
}

main() {
    local t0=$SECONDS
    engine
    stage
    build
    say "running examples/demo.yml in $EE_TAG through ansible-runner (container isolation)"
    (cd "$REPO" && "$BIN/python" -m tests.ee.run_demo --image "$EE_TAG" --engine docker)
    say "done in $((SECONDS - t0)) s (image build $BUILD_SECONDS s)"
}

main "$@"
