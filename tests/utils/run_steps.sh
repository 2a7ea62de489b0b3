#!/usr/bin/env bash
# Run `make` targets one after the other, stop at the first that fails, and end with a summary.
# Used by `make test` (see TEST_STEPS in the Makefile); CI reads the exit status and the last line.
#
#   bash tests/utils/run_steps.sh pytest sanity-2.19 ...
#
# The last line is "summary: N passed, N failed, N skipped" with pytest's counts (from the JUnit file
# the `pytest` target writes), so the numbers are test cases, not steps; the line above it names the
# steps.  A failing step prints which one failed, and the script exits non-zero.
#
# KEEP_GOING=1 (`make test KEEP_GOING=1`) runs every step even after a failure, to see all problems
# and time every step at once; the exit status is still non-zero if any step failed.
set -euo pipefail

MAKE=${MAKE:-make}
KEEP_GOING=${KEEP_GOING:-}
failures=()
junit=.cache/pytest/junit.xml
names=()
times=()
start_all=$SECONDS
rm -f "$junit"

pytest_counts() {
    # "passed failed skipped" from the JUnit XML of the pytest step ("" when there is none).
    [[ -f $junit ]] || return 0
    python3 - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
EOF
}

report() {
    local i
    for i in "${!names[@]}"; do
        printf '    %-22s %5ss\n' "${names[$i]}" "${times[$i]}"
    done
}

n=$#
i=0
for step in "$@"; do
    i=$((i + 1))
    printf '\n==> [%d/%d] make %s\n' "$i" "$n" "$step"
    t0=$SECONDS
    status=0
    "$MAKE" --no-print-directory "$step" || status=$?
    if ((status != 0)); then
        names+=("$step (FAILED)")
        times+=($((SECONDS - t0)))
        failures+=("$step")
        if [[ -n $KEEP_GOING ]]; then
            continue
        fi
        printf '\n==> make test: step %d/%d "%s" FAILED; steps run:\n' "$i" "$n" "$step"
        report
        read -r passed failed skipped <<<"$(pytest_counts)" || true
        if [[ -n ${passed:-} ]]; then
            echo "summary: ${passed} passed, ${failed} failed, ${skipped} skipped (pytest); make test FAILED at ${step}"
        else
            echo "summary: make test FAILED at ${step}"
        fi
        exit "$status"
    fi
    names+=("$step")
    times+=($((SECONDS - t0)))
done

read -r passed failed skipped <<<"$(pytest_counts)" || true
if ((${#failures[@]})); then
    printf '\n==> make test: %d of %d steps FAILED (%s) in %ss:\n' "${#failures[@]}" "$n" "${failures[*]}" "$((SECONDS - start_all))"
    report
    echo "summary: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped (pytest); make test FAILED at ${failures[*]}"
    exit 1
fi
printf '\n==> make test: all %d steps passed in %ss:\n' "$n" "$((SECONDS - start_all))"
report
if [[ -n ${passed:-} ]]; then
    echo "summary: ${passed} passed, ${failed} failed, ${skipped} skipped"
else
    echo "summary: all ${n} steps passed (no pytest step)"
fi
