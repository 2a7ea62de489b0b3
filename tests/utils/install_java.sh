#!/usr/bin/env bash
# Make sure a Java 17+ runtime is there for ansible-rulebook (the event source's integration test,
# tests/integration/test_rulebook.py): nothing to do when one is found (JAVA_HOME first, then PATH, as
# ansible-rulebook looks), else Debian's headless runtime is installed with apt-get, which needs root
# (or password-less sudo).  `make java` runs it, and `make test` before its steps.  Without
# Java the test is skipped, and says why.
set -euo pipefail

major() { "$1" -version 2>&1 | sed -nE 's/.* version "([0-9]+).*/\1/p' | head -n 1; }

java=""
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    java=$JAVA_HOME/bin/java
elif command -v java >/dev/null; then
    java=$(command -v java)
fi
if [[ -n $java ]]; then
    version=$(major "$java")
    if ((${version:-0} >= 17)); then
        echo "java: $java is Java $version"
        exit 0
    fi
    echo "java: $java is Java ${version:-of an unknown version}; ansible-rulebook needs 17 or later"
fi

if ! command -v apt-get >/dev/null; then
    echo "java: no apt-get here: install a Java 17+ runtime (or set JAVA_HOME to one)" >&2
    exit 1
fi
as_root=()
if ((EUID != 0)); then
    if ! sudo -n true 2>/dev/null; then
        echo "java: installing openjdk-17-jre-headless needs root: sudo apt-get install openjdk-17-jre-headless" >&2
        exit 1
    fi
    as_root=(sudo -n)
fi
"${as_root[@]}" apt-get update -qq
# Debian 12 has openjdk-17; later releases dropped it for newer versions, which default-jre-headless names.
package=openjdk-17-jre-headless
apt-cache show "$package" >/dev/null 2>&1 || package=default-jre-headless
echo "java: installing $package"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
echo "java: $(java -version 2>&1 | head -n 1)"
