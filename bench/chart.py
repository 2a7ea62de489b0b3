"""The chart in bench/RESULTS.md: detection lag and requests against job length, from benchmark 1's runs.

Drawn with matplotlib (pinned in tests/requirements.txt), without a display, as an SVG whose text stays
text.  Medians with their quartiles (the table has the min-max), for this engine, the previous one,
fixed 10 s polling and ``uri`` + ``until``.
"""

from __future__ import annotations

from bench import common

PATH = common.BENCH / "lag_and_requests.svg"
SERIES = (("ours", "this engine", "C0", "o"), ("previous", "previous engine", "C1", "s"),
          ("fixed", "fixed 10 s polling", "C2", "^"), ("uri", "uri + until (delay 5)", "C3", "v"))


def write(b1) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "hwcloud.tasks", "font.size": 9})
    cases = b1["cases"]
    lengths = [case["duration"] for case in cases]
    figure, (lag_axes, request_axes) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label, colour, marker in SERIES:
        for axes, measure in ((lag_axes, "lag"), (request_axes, "requests")):
            stats = [case["%s_%s" % (key, measure)] for case in cases]
            medians = [item["median"] for item in stats]
            spread = [[item["median"] - quartile(item["values"], 0.25) for item in stats],
                      [quartile(item["values"], 0.75) - item["median"] for item in stats]]
            axes.errorbar(lengths, medians, yerr=spread, label=label, color=colour, marker=marker, capsize=3)
    for axes in (lag_axes, request_axes):
        axes.set_xscale("log")
        axes.set_xticks(lengths, [b1_label(length) for length in lengths])
        axes.minorticks_off()
        axes.set_xlabel("job length")
        axes.grid(True, alpha=0.3)
    lag_axes.set_ylabel("detection lag, emulated s (median, quartiles)")
    lag_axes.set_ylim(bottom=0)
    request_axes.set_yscale("log")
    request_axes.set_ylabel("requests per wait (median, quartiles)")
    lag_axes.legend(loc="upper left")
    figure.suptitle("One job waited on: how long after its end the wait ends, and what it costs (%d runs each)"
                    % b1["runs"])
    figure.tight_layout()
    figure.savefig(PATH, metadata={"Date": None})
    plt.close(figure)
    return PATH.name


def quartile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def b1_label(seconds):
    return "%g s" % seconds if seconds < 60 else "%g min" % (seconds / 60)
