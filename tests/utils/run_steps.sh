#!/usr/bin/env bash
# Run `make` targets one after the other, stop at the first that fails, and end with a summary.
# Used by `make test` (see TEST_STEPS in the Makefile); CI reads the exit status and the last line.
#
#   bash tests/utils/run_steps.sh pytest,sanity-2.18 ruff ...
#
# Steps joined by commas run side by side (the machine's cores are shared between a test suite that
# mostly waits and an ansible-test that mostly computes); their outputs are printed one after the
# other as each ends.
# The last line is "summary: N passed, N failed, N skipped" with pytest's counts (from the JUnit files
# the `pytest` and `pytest-newest` targets write, added up), so the numbers are test cases, not steps.
# Above it: the time of each step, then one line per ansible-core that was tested (which Python, and
# which of sanity and pytest passed on it: the records the targets leave in .cache/matrix/), and a
# `cores:` line naming them all.  A failing step prints which one failed, and the script exits non-zero.
#
# KEEP_GOING=1 (`make test KEEP_GOING=1`) runs every step even after a failure, to see all problems
# and time every step at once; the exit status is still non-zero if any step failed.
set -euo pipefail

MAKE=${MAKE:-make}
KEEP_GOING=${KEEP_GOING:-}
failures=()
junits=(.cache/pytest/junit.xml .cache/pytest/junit-newest.xml)
matrix=.cache/matrix
names=()
times=()
steps_run=0
start_all=$SECONDS
rm -f "${junits[@]}"
rm -rf "$matrix"

pytest_counts() {
    # "passed failed skipped" from the JUnit XML of the pytest steps, added up ("" when there is none).
    python3 - "${junits[@]}" <<'EOF'
import os
import sys
import xml.etree.ElementTree as ET

counts = [0, 0, 0]
found = False
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    found = True
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    for i, n in enumerate((total - failed - skipped, failed, skipped)):
        counts[i] += n
if found:
    print(*counts)
EOF
}

cores_report() {
    # One line per core from the records the sanity and pytest targets leave, then the cores' names.
    [[ -d $matrix ]] || return 0
    python3 - "$matrix" <<'EOF'
import pathlib
import re
import sys

cores = {}
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    for line in path.read_text().splitlines():
        match = re.match(r"ansible-core (\S+), Python (\S+): (.*)$", line)
        if match:
            core, python, what = match.groups()
            cores.setdefault((core, python), []).append(what)


def version(item):
    return [int(part) for part in re.findall(r"\d+", item[0][0])]


if cores:
    ordered = sorted(cores.items(), key=version)
    print("==> ansible-core versions tested:")
    for (core, python), what in ordered:
        print("    ansible-core %-10s Python %-7s %s" % (core, python, "; ".join(what)))
    print("cores: " + ", ".join("ansible-core %s (Python %s)" % (core, python) for (core, python), _ in ordered))
EOF
}

report() {
    local i
    for i in "${!names[@]}"; do
        printf '    %-22s %5ss\n' "${names[$i]}" "${times[$i]}"
    done
    cores_report
}

run_group() {
    # run_group STEP[,STEP...]: one step runs with its output as it comes; several run side by side,
    # each into a log of its own that is printed whole when it ends.  Sets group_status and
    # group_failed; adds each step and its time to names/times.
    local members=() member pid status t0=$SECONDS
    IFS=, read -ra members <<<"$1"
    group_status=0
    group_failed=()
    if ((${#members[@]} == 1)); then
        status=0
        "$MAKE" --no-print-directory "${members[0]}" || status=$?
        record "${members[0]}" "$status" $((SECONDS - t0))
        return
    fi
    local logs=.cache/steps
    local -A pids=()
    mkdir -p "$logs"
    for member in "${members[@]}"; do
        rm -f "$logs/$member.status"
        (
            start=$SECONDS
            code=0
            "$MAKE" --no-print-directory "$member" >"$logs/$member.log" 2>&1 || code=$?
            echo "$code $((SECONDS - start))" >"$logs/$member.status"
        ) &
        pids[$member]=$!
    done
    echo "    running side by side: ${members[*]} (each step's output follows when it ends)"
    local left=("${members[@]}") next
    while ((${#left[@]})); do
        wait -n 2>/dev/null || sleep 1
        next=()
        for member in "${left[@]}"; do
            pid=${pids[$member]}
            # The status file is the step's last act.
            if [[ ! -f $logs/$member.status ]]; then
                next+=("$member")
                continue
            fi
            wait "$pid" || true
            read -r status seconds <"$logs/$member.status" || { status=1 seconds=$((SECONDS - t0)); }
            printf '\n---- make %s: %s after %ss; its output:\n' "$member" "$([[ $status == 0 ]] && echo passed || echo "FAILED ($status)")" "$seconds"
            cat "$logs/$member.log"
            record "$member" "$status" "$seconds"
        done
        left=("${next[@]}")
    done
    names+=("  (side by side, wall)")
    times+=($((SECONDS - t0)))
}

record() {
    # record STEP STATUS SECONDS
    steps_run=$((steps_run + 1))
    if (($2 != 0)); then
        names+=("$1 (FAILED)")
        group_failed+=("$1")
        ((group_status == 0)) && group_status=$2
    else
        names+=("$1")
    fi
    times+=("$3")
}

n=$#
i=0
for step in "$@"; do
    i=$((i + 1))
    printf '\n==> [%d/%d] make %s\n' "$i" "$n" "${step//,/ + }"
    run_group "$step"
    if ((group_status != 0)); then
        failures+=("${group_failed[@]}")
        if [[ -n $KEEP_GOING ]]; then
            continue
        fi
        printf '\n==> make test: step %d/%d "%s" FAILED; steps run:\n' "$i" "$n" "${group_failed[*]}"
        report
        read -r passed failed skipped <<<"$(pytest_counts)" || true
        if [[ -n ${passed:-} ]]; then
            echo "summary: ${passed} passed, ${failed} failed, ${skipped} skipped (pytest); make test FAILED at ${group_failed[*]}"
        else
            echo "summary: make test FAILED at ${group_failed[*]}"
        fi
        exit "$group_status"
    fi
done

read -r passed failed skipped <<<"$(pytest_counts)" || true
if ((${#failures[@]})); then
    printf '\n==> make test: %d steps FAILED (%s) in %ss:\n' "${#failures[@]}" "${failures[*]}" "$((SECONDS - start_all))"
    report
    echo "summary: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped (pytest); make test FAILED at ${failures[*]}"
    exit 1
fi
printf '\n==> make test: all %d steps passed in %ss:\n' "$steps_run" "$((SECONDS - start_all))"
report
if [[ -n ${passed:-} ]]; then
    echo "summary: ${passed} passed, ${failed} failed, ${skipped} skipped"
else
    echo "summary: all ${steps_run} steps passed (no pytest step)"
fi
