"""The task feed: which states of successive task-list reads are told, and which window is read next."""

import datetime
import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.plugin_utils import _task_feed
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._task_feed import TaskFeed, as_event, window_start

UTC = datetime.UTC
T0 = datetime.datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
OVERLAP = datetime.timedelta(minutes=10)


def at(minutes):
    return T0 + datetime.timedelta(minutes=minutes)


def task(task_id, status, minute=0, **fields):
    """A task-list entry created ``minute`` minutes after T0, as its normalised record."""
    raw = dict(id=task_id, name="RestoreMysqlInstance", status=status, instance_id="in01",
               create_time=at(minute).strftime("%Y-%m-%dT%H:%M:%S+0000"), **fields)
    return records.rds_task(raw)


def told(feed, read):
    """What ``read`` tells, each change delivered (``feed.told``) as the event source does."""
    changes = feed.update(read)
    for record, _previous in changes:
        feed.told(record)
    return [(record["id"], record["state"], previous) for record, previous in changes]


# Each case: successive reads, and what each one tells as (task id, state, previous state).
DIFF_CASES = {
    "a task is told in each state it is seen in, once": (
        [[task("a", "Running")], [task("a", "Running")], [task("a", "Failed")], [task("a", "Failed")]],
        [[("a", "running", None)], [], [("a", "failed", "running")], []],
    ),
    "a task seen only once it is over is told finished": (
        [[], [task("a", "Completed")]],
        [[], [("a", "succeeded", None)]],
    ),
    "a stale answer after the end is no change": (
        [[task("a", "Running")], [task("a", "Completed")], [task("a", "Running")], [task("a", "Completed")]],
        [[("a", "running", None)], [("a", "succeeded", "running")], [], []],
    ),
    "several tasks, told oldest first": (
        [[task("b", "Running", 5), task("a", "Running", 1)], [task("b", "Failed", 5), task("a", "Completed", 1)]],
        [[("a", "running", None), ("b", "running", None)],
         [("a", "succeeded", "running"), ("b", "failed", "running")]],
    ),
    "a task missing from one read is not told again when it is back": (
        [[task("a", "Running")], [], [task("a", "Running")]],
        [[("a", "running", None)], [], []],
    ),
    "DMS: pending, then running, then succeeded": (
        [[records.dms_task({"id": "d", "status": "CREATED", "created_at": "2026-11-23T10:00:00.125Z"})],
         [records.dms_task({"id": "d", "status": "EXECUTING", "created_at": "2026-11-23T10:00:00.125Z"})],
         [records.dms_task({"id": "d", "status": "SUCCESS", "created_at": "2026-11-23T10:00:00.125Z",
                            "updated_at": "2026-11-23T10:02:00.000Z"})]],
        [[("d", "pending", None)], [("d", "running", "pending")], [("d", "succeeded", "running")]],
    ),
}


@pytest.mark.parametrize("reads, expected", DIFF_CASES.values(), ids=DIFF_CASES.keys())
def test_each_state_once(reads, expected):
    feed = TaskFeed(emit_existing=True)
    assert [told(feed, read) for read in reads] == expected


def test_without_emit_existing_the_first_read_is_remembered_silently():
    feed = TaskFeed(emit_existing=False)
    assert told(feed, [task("old", "Completed"), task("busy", "Running", 1)]) == []
    assert told(feed, [task("old", "Completed"), task("busy", "Failed", 1), task("new", "Running", 2)]) == [
        ("busy", "failed", "running"),
        ("new", "running", None),
    ]


def test_with_emit_existing_the_first_read_is_told():
    feed = TaskFeed(emit_existing=True)
    assert told(feed, [task("old", "Completed")]) == [("old", "succeeded", None)]


def test_an_empty_first_read_still_ends_the_silent_start():
    feed = TaskFeed(emit_existing=False)
    assert told(feed, []) == []
    assert told(feed, [task("a", "Running")]) == [("a", "running", None)]


# window_start(newest, unfinished creation times): (expected start)
WINDOW_CASES = {
    "nothing seen yet: the whole list": (None, [], None),
    "overlap before the newest creation seen": (at(30), [], at(20)),
    "an unfinished task created earlier holds it back": (at(30), [at(5), at(12)], at(5)),
    "an unfinished task created within the overlap changes nothing": (at(30), [at(25)], at(20)),
    "whole seconds (DMS bounds are seconds)": (at(30) + datetime.timedelta(milliseconds=750), [], at(20)),
}


@pytest.mark.parametrize("newest, unfinished, expected", WINDOW_CASES.values(), ids=WINDOW_CASES.keys())
def test_window_start(newest, unfinished, expected):
    assert window_start(newest, unfinished, OVERLAP) == expected


def test_the_window_follows_the_clouds_times_not_this_machines():
    feed = TaskFeed(overlap=OVERLAP)
    now = at(0)
    assert feed.window(now) is None
    told(feed, [task("a", "Completed", 0), task("b", "Completed", 40)])  # the cloud's clock is 40 min ahead
    start, end = feed.window(now)
    assert start == at(30)  # never past the newest time the cloud showed, whatever this clock says
    assert end == at(40) + _task_feed.END_MARGIN


def test_the_window_never_moves_back_past_the_newest_time_seen():
    feed = TaskFeed(overlap=OVERLAP)
    told(feed, [task("a", "Completed", 40)])
    told(feed, [])  # an empty read (say the list was trimmed) keeps the cursor
    assert feed.window(at(50))[0] == at(30)


def test_a_long_running_task_keeps_the_window_open_until_it_ends():
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("long", "Running", 0)])
    for minute in (30, 60, 90):
        told(feed, [task("long", "Running", 0), task("m%d" % minute, "Completed", minute)])
        assert feed.window(at(minute))[0] == at(0)
    assert told(feed, [task("long", "Failed", 0), task("m90", "Completed", 90)]) == [("long", "failed", "running")]
    assert feed.window(at(90))[0] == at(80)


def test_memory_is_bounded_by_the_window():
    """Finished tasks created before the next window's start are forgotten: the cloud will not list them again."""
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    for minute in range(0, 600, 5):  # ten hours of tasks, read every five minutes
        read = [task("t%d" % m, "Completed", m) for m in range(max(0, minute - 10), minute + 1, 5)]
        told(feed, read)
    assert len(feed) <= 3  # the tasks of the last overlap, not the 120 seen


def test_a_forgotten_task_is_one_the_next_window_does_not_cover():
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("early", "Completed", 0), task("late", "Completed", 30)])
    start = feed.window(at(30))[0]
    assert len(feed) == 1 and start == at(20)
    # a read of that window (the cloud filters on creation time) lists "late" only: nothing is told again
    assert told(feed, [task("late", "Completed", 30)]) == []


def test_tasks_without_a_readable_creation_time_are_forgotten_once_no_longer_listed():
    feed = TaskFeed(emit_existing=True)
    odd = records.rds_task({"id": "odd", "status": "Completed", "create_time": "yesterday"})
    assert told(feed, [odd]) == [("odd", "succeeded", None)]
    assert told(feed, [odd]) == []
    told(feed, [])
    assert len(feed) == 0


def test_event_shape():
    record = task("a", "Failed", 0, fail_reason="createVM failed.")
    event = as_event(record, "running", "rds", "project-1")
    body = event["hwcloud_task"]
    assert body["state"] == "failed" and body["previous_state"] == "running" and body["service"] == "rds"
    assert body["fail_reason"] == "createVM failed." and body["instance_id"] == "in01"
    assert body["status"] == "Failed" and body["terminal"] is True  # the cloud's fields and the normalised ones
    assert body["created_at"] == "2026-11-23T10:00:00Z"
    assert json.loads(json.dumps(event)) == event  # no datetimes


def test_event_of_a_list_whose_tasks_do_not_name_their_instance():
    record = records.dms_task({"id": "d", "status": "SUCCESS", "created_at": "2026-11-23T10:00:00.125Z"})
    body = as_event(record, None, "kafka", "project-1", instance_id="kafka-1")["hwcloud_task"]
    assert (body["instance_id"], body["fail_reason"], body["previous_state"]) == ("kafka-1", None, None)


def test_event_uuid_is_deterministic_per_service_project_task_and_state():
    def uuid(*key):
        return as_event(task(key[2], key[3]), None, key[0], key[1])["meta"]["uuid"]

    assert uuid("rds", "p", "a", "Failed") == uuid("rds", "p", "a", "Failed")
    others = {uuid("rds", "p", "a", "Failed"), uuid("rds", "p", "a", "Running"), uuid("rds", "q", "a", "Failed"),
              uuid("kafka", "p", "a", "Failed"), uuid("rds", "p", "b", "Failed")}
    assert len(others) == 5


# --- told only once delivered, and what a restart goes on from ---------------------------------------------

def test_a_change_not_told_comes_again_from_the_next_read():
    feed = TaskFeed(emit_existing=True)
    assert [(record["id"], previous) for record, previous in feed.update([task("a", "Failed")])] == [("a", None)]
    assert told(feed, [task("a", "Failed")]) == [("a", "failed", None)]  # not delivered the first time
    assert told(feed, [task("a", "Failed")]) == []


def test_a_finished_task_is_forgotten_only_once_its_end_is_told():
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("early", "Running", 0)])
    changes = feed.update([task("early", "Completed", 0), task("late", "Completed", 30)])
    assert len(feed) == 2 and feed.window(at(30))[0] == at(0)  # the window still covers the end not told
    for record, _previous in changes:
        feed.told(record)
    assert len(feed) == 1 and feed.window(at(30))[0] == at(20)


def test_a_task_listed_twice_in_one_read_counts_once():
    feed = TaskFeed(emit_existing=True)
    assert told(feed, [task("a", "Running"), task("a", "Failed")]) == [("a", "running", None)]


def test_the_lists_keep_a_month_so_a_task_created_before_is_forgotten_even_unfinished():
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("stuck", "Running", 0)])
    month = _task_feed.RETENTION.total_seconds() / 60
    told(feed, [task("stuck", "Running", 0), task("new", "Completed", month + 1)])
    assert len(feed) == 1 and feed.window(at(month + 1))[0] == at(month - 9)


def restarted(feed):
    """The feed a restart goes on with: ``feed.state()`` through JSON and back."""
    return TaskFeed.restored(json.loads(json.dumps(feed.state())))


def test_a_restart_tells_exactly_what_changed_while_it_was_stopped():
    feed = TaskFeed(emit_existing=False)
    told(feed, [task("done", "Completed", 0), task("busy", "Running", 1), task("later", "Running", 2)])
    feed = restarted(feed)
    assert told(feed, [task("done", "Completed", 0), task("busy", "Failed", 1), task("later", "Running", 2),
                       task("meanwhile", "Completed", 3)]) == [
        ("busy", "failed", "running"),  # moved on: its new state, after the state it was told in
        ("meanwhile", "succeeded", None),  # created and finished while stopped: once, as found
    ]
    assert told(restarted(feed), [task("busy", "Failed", 1), task("later", "Running", 2),
                                  task("meanwhile", "Completed", 3)]) == []


def test_a_restart_goes_on_from_the_window_it_stopped_at_however_long_ago():
    """Three hours stopped, twenty times the overlap: the first read still reaches back to the checkpoint."""
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("a", "Completed", 0), task("b", "Completed", 30)])
    feed = restarted(feed)
    assert feed.window(at(210))[0] == at(20)
    assert told(feed, [task("b", "Completed", 30), task("c", "Failed", 45), task("d", "Running", 200)]) == [
        ("c", "failed", None), ("d", "running", None)]


def test_a_change_not_told_before_a_stop_is_told_after_it():
    """Saved after the first change of a read: the others are told after the restart, and the window still
    covers a new task whose first state was not told, however much newer the tasks read with it."""
    feed = TaskFeed(emit_existing=True, overlap=OVERLAP)
    told(feed, [task("a", "Running", 0)])
    read = [task("a", "Failed", 0), task("new", "Running", 5), task("later", "Completed", 40)]
    changes = feed.update(read)
    assert [record["id"] for record, _previous in changes] == ["a", "new", "later"]
    feed.told(changes[0][0])
    feed = restarted(feed)
    assert feed.window(at(40))[0] == at(5)
    assert told(feed, read) == [("new", "running", None), ("later", "succeeded", None)]


def test_a_restored_feed_tells_its_first_read_whatever_emit_existing_said():
    feed = TaskFeed(emit_existing=False)
    told(feed, [])
    assert told(restarted(feed), [task("a", "Completed")]) == [("a", "succeeded", None)]


def test_no_state_before_the_first_read():
    assert TaskFeed().state() is None


def test_the_state_is_small_json():
    feed = TaskFeed(emit_existing=True)
    told(feed, [task("a", "Running", 0)])
    told(feed, [task("a", "Failed", 0)])
    assert feed.state() == {"newest": "2026-11-23T10:00:00Z",
                            "tasks": {"a": ["2026-11-23T10:00:00Z", ["running", "failed"]]}}


@pytest.mark.parametrize("state", [
    None, [], {}, {"tasks": []}, {"newest": 5, "tasks": {}}, {"newest": "soon", "tasks": {}},
    {"tasks": {"a": "running"}}, {"tasks": {"a": [None]}}, {"tasks": {"a": [None, "running"]}},
    {"tasks": {"a": [None, [1]]}}, {"tasks": {"a": ["2026-13-45T00:00:00Z", []]}},
], ids=repr)
def test_what_is_no_state_is_refused(state):
    with pytest.raises(ValueError):
        TaskFeed.restored(state)
