"""What ``hwtasks wait`` prints while it waits, driven by hand: throttled log lines, and live terminal lines."""

import io
import types

from ansible_collections.hwcloud.tasks.cli.console import Console
from ansible_collections.hwcloud.tasks.cli.progress import LiveLines, plain_lines


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def item(key, state="running", progress=None, found=True, grace=60.0):
    record = {"name": "CreateMysqlSingleHAInstance", "found": found, "state": state, "progress": progress,
              "terminal": state in ("succeeded", "failed")}
    return types.SimpleNamespace(key=key, record=record, done=record["terminal"], grace=grace, hold_for=0.0)


def console():
    return Console(io.StringIO(), io.StringIO(), io.StringIO(), {})


def test_log_lines_at_most_every_few_seconds_a_heartbeat_and_the_end_at_once():
    clock, out = Clock(), console()
    lines = plain_lines(out, every=5.0, heartbeat=60.0, clock=clock)
    polls = [(0, item("j", found=False)), (1, item("j", progress=10)), (6, item("j", progress=20)),
             (7, item("j", progress=30)), (8, item("j", progress=30)), (70, item("j", progress=30)),
             (71, item("j", "succeeded"))]
    for second, polled in polls:
        clock.now = second
        lines(polled, second)
    assert out.stderr.getvalue().splitlines() == [
        "hwtasks: j: not visible yet after 0 s (up to 60 s: visibility_timeout) (CreateMysqlSingleHAInstance)",
        "hwtasks: j: running 20% after 6 s (CreateMysqlSingleHAInstance)",  # 1 s: changed, but too soon
        "hwtasks: j: running 30% after 70 s (CreateMysqlSingleHAInstance)",  # the heartbeat
        "hwtasks: j: succeeded after 71 s (CreateMysqlSingleHAInstance)",  # the end, however soon
    ]


def test_terminal_lines_are_redrawn_in_place_one_per_job_in_the_order_given():
    out = console()
    lines = LiveLines(out, ["a", "b"])
    lines(item("b", progress=50), 1)
    lines(item("a", progress=10), 1)
    lines(item("a", "succeeded"), 2)
    frames = out.stderr.getvalue()
    assert frames == (
        "\r\x1b[Khwtasks: b: running 50% after 1 s (CreateMysqlSingleHAInstance)\n"
        "\x1b[1A\r\x1b[Khwtasks: a: running 10% after 1 s (CreateMysqlSingleHAInstance)\n"
        "\r\x1b[Khwtasks: b: running 50% after 1 s (CreateMysqlSingleHAInstance)\n"
        "\x1b[2A\r\x1b[Khwtasks: a: succeeded after 2 s (CreateMysqlSingleHAInstance)\n"
        "\r\x1b[Khwtasks: b: running 50% after 1 s (CreateMysqlSingleHAInstance)\n"
    )


def test_terminal_lines_are_cut_to_the_terminal_width():
    out = console()
    lines = LiveLines(out)
    lines.width = 30
    lines(item("a-rather-long-job-id", progress=10), 1)
    assert out.stderr.getvalue() == "\r\x1b[K" + "hwtasks: a-rather-long-job-id: running 10%"[:29] + "\n"


def test_log_lines_between_polls_a_heartbeat_with_the_next_poll():
    clock, out = Clock(), console()
    lines = plain_lines(out, every=5.0, heartbeat=10.0, clock=clock)
    unseen = item("typo", found=False, grace=60.0)
    lines(unseen, 0)
    for second in range(1, 25):  # ticks, a second apart, between polls that say nothing new
        clock.now = second
        lines.tick([(unseen, 30 - second)], second)
    assert out.stderr.getvalue().splitlines() == [
        "hwtasks: typo: not visible yet after 0 s (up to 60 s: visibility_timeout) (CreateMysqlSingleHAInstance)",
        "hwtasks: typo: not visible yet after 10 s, next poll in 20 s (up to 60 s: visibility_timeout) "
        "(CreateMysqlSingleHAInstance)",
        "hwtasks: typo: not visible yet after 20 s, next poll in 10 s (up to 60 s: visibility_timeout) "
        "(CreateMysqlSingleHAInstance)",
    ]


def test_terminal_lines_tick_between_polls_the_elapsed_time_running_and_the_next_poll_coming():
    out = console()
    lines = LiveLines(out, ["a", "b"])
    lines.width = 200
    running, done = item("a", progress=14), item("b", "succeeded")
    lines(done, 2)
    lines(running, 13)
    out.stderr.truncate(0)
    out.stderr.seek(0)
    lines.tick([(running, 8.2)], 14)
    assert out.stderr.getvalue() == (
        "\x1b[2A\r\x1b[Khwtasks: a: running 14% after 14 s, next poll in 9 s (CreateMysqlSingleHAInstance)\n"
        "\r\x1b[Khwtasks: b: succeeded after 2 s (CreateMysqlSingleHAInstance)\n"
    )
