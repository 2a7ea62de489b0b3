"""The event source's checkpoint file: what it holds, when it is written, what it refuses, how big it gets."""

import datetime
import json
import math
import os
import stat
import uuid

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.plugin_utils import _checkpoint
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._checkpoint import Checkpoint, NoCheckpoint
from tests.unit.plugins.plugin_utils.test_task_feed import at, task
from tests.unit.plugins.simulated_time import SimulatedTime

SOURCE = "hwcloud.tasks.task_events"


class Start:
    """One start of the source with a checkpoint in ``path``: restore, reads told one by one, leave."""

    def __init__(self, path, service="rds", instance_id=None, emit_existing=False, utc_now=lambda: at(60)):
        self.warnings = []
        self.time = SimulatedTime()  # monotonic seconds that move only when a test says so
        self.checkpoint = Checkpoint(str(path), SOURCE, service, instance_id, self.warnings.append, self.time.clock,
                                     utc_now)
        self.emit_existing = emit_existing
        self.feed = None

    def __enter__(self):
        self.checkpoint.__enter__()
        self.feed = self.checkpoint.restore(self.emit_existing)
        return self

    def __exit__(self, *exc_info):
        self.checkpoint.__exit__(*exc_info)

    def read(self, tasks, project="project-1"):
        """One read, each change told and the checkpoint advanced after it, as the source does."""
        self.checkpoint.claim(project)
        changes = self.feed.update(tasks)
        for record, _previous in changes:
            self.feed.told(record)
            self.checkpoint.advance()
        self.checkpoint.write()
        return [(record["id"], record["state"], previous) for record, previous in changes]


def stored(path):
    return json.loads(path.read_text())


def test_three_starts_tell_what_changed_while_stopped_and_nothing_twice(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path) as first:
        assert first.read([task("done", "Completed", 0), task("busy", "Running", 1)]) == []  # remembered silently
    with Start(path) as second:
        assert second.read([task("done", "Completed", 0), task("busy", "Failed", 1), task("new", "Completed", 2)]) == [
            ("busy", "failed", "running"), ("new", "succeeded", None)]
    with Start(path) as third:
        assert third.read([task("done", "Completed", 0), task("busy", "Failed", 1), task("new", "Completed", 2)]) == []


def test_the_file_holds_its_source_and_what_was_told_only_its_owner_reads_it(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path, instance_id="in01") as start:
        start.read([task("a", "Running", 0)])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stored(path) == {
        "format": 1, "source": SOURCE, "service": "rds", "instance_id": "in01", "project_id": "project-1",
        "saved_at": "2026-11-23T11:00:00Z",
        "feed": {"newest": "2026-11-23T10:00:00Z", "tasks": {"a": ["2026-11-23T10:00:00Z", ["running"]]}},
    }
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.json", "checkpoint.json.lock"]  # no partial file left


def test_nothing_is_written_before_the_first_read(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path) as start:
        start.checkpoint.claim("project-1")
    assert not path.exists()
    with Start(path) as start:  # and the next start is a first start: its first read is remembered silently
        assert start.read([task("a", "Running")]) == []


def test_without_a_checkpoint_file_each_start_is_fresh():
    with NoCheckpoint() as checkpoint:
        feed = checkpoint.restore(True)
        checkpoint.claim("project-1")
        assert [record["id"] for record, _previous in feed.update([task("a", "Running")])] == ["a"]
        checkpoint.advance()
        checkpoint.write()


def test_the_file_advances_at_most_every_second_while_a_read_is_told_and_once_it_is_told(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.json"
    written = []
    real_save = _checkpoint.save

    def save(path, document, **kwargs):
        written.append(document)
        real_save(path, document, **kwargs)

    monkeypatch.setattr(_checkpoint, "save", save)
    with Start(path, emit_existing=True) as start:
        start.checkpoint.claim("project-1")
        changes = start.feed.update([task("t%d" % minute, "Running", minute) for minute in range(5)])
        for number, (record, _previous) in enumerate(changes):
            start.feed.told(record)
            start.checkpoint.advance()
            if number == 2:
                start.time.now += _checkpoint.SAVE_EVERY
        assert [len(document["feed"]["tasks"]) for document in written] == [5, 5]
        assert [sum(1 for told in document["feed"]["tasks"].values() if told[1]) for document in written] == [1, 4]
        start.checkpoint.write()
        start.checkpoint.write()  # nothing new: not written again
        assert len(written) == 3 and stored(path)["feed"]["tasks"]["t4"][1] == ["running"]
    assert len(written) == 3  # leaving writes only what is new


def test_leaving_writes_what_was_told_since_the_last_write(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path) as start:
        start.read([task("a", "Running", 0)])
        changes = start.feed.update([task("a", "Failed", 0)])
        start.feed.told(changes[0][0])
        assert stored(path)["feed"]["tasks"]["a"][1] == ["running"]
    assert stored(path)["feed"]["tasks"]["a"][1] == ["running", "failed"]


UNREADABLE = {
    "empty": ("", "cannot be read (Expecting value: line 1 column 1 (char 0)): delete it (or name another file) "
                  "to start afresh"),
    "not JSON": ("{\"format\": 1, ", "cannot be read ("),
    "not an object": ("[1, 2]", "is not a checkpoint of hwcloud.tasks.task_events: name a file of its own"),
    "another program's": ('{"format": 1, "source": "ansible.eda.kafka"}', "is not a checkpoint of"),
    "no format": ('{"source": "%s"}' % SOURCE, "has no format this collection reads"),
    "a newer format": ('{"format": 2, "source": "%s"}' % SOURCE,
                       "was written by a newer hwcloud.tasks (checkpoint format 2; this one reads 1): upgrade the "
                       "collection, or delete it"),
    "another service's": ('{"format": 1, "source": "%s", "service": "kafka", "instance_id": "k1"}' % SOURCE,
                          "belongs to another source (service kafka, instance k1; this one reads service rds, every "
                          "instance): give each source its own checkpoint_file"),
    "another instance's": ('{"format": 1, "source": "%s", "service": "rds", "instance_id": "in02"}' % SOURCE,
                           "(service rds, instance in02; this one reads service rds, every instance)"),
    "a damaged feed": ('{"format": 1, "source": "%s", "service": "rds", "instance_id": null, '
                       '"feed": {"newest": "yesterday", "tasks": {}}}' % SOURCE,
                       "is damaged (not a time: 'yesterday'): delete it"),
}


@pytest.mark.parametrize("text, message", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_checkpoint_that_cannot_be_used_stops_the_source_with_one_line_and_stays_as_it_was(tmp_path, text, message):
    path = tmp_path / "checkpoint.json"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as caught:
        with Start(path):
            pass
    assert str(caught.value).startswith("%s: checkpoint_file %s " % (SOURCE, path))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_text() == text


def test_a_checkpoint_of_another_project_is_refused_at_the_first_read_and_stays_as_it_was(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path) as start:
        start.read([task("a", "Running")], project="project-1")
    text = path.read_text()
    with pytest.raises(ConfigurationError, match="belongs to another source \\(service rds, every instance, project "
                                                 "project-1; this one reads service rds, every instance, project "
                                                 "project-2\\)"):
        with Start(path) as start:
            start.read([task("a", "Completed")], project="project-2")
    assert path.read_text() == text


def test_one_file_serves_one_running_source(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path):
        with pytest.raises(ConfigurationError, match="is in use by another running source .*checkpoint.json.lock is "
                                                     "locked.: give each source its own checkpoint_file"):
            Start(path).__enter__()
    with Start(path):  # free again once the first has stopped
        pass


def test_a_folder_that_does_not_exist_is_said_at_start(tmp_path):
    path = tmp_path / "missing" / "checkpoint.json"
    with pytest.raises(ConfigurationError, match="checkpoint_file .* cannot be used: its folder .*missing does not "
                                                 "exist"):
        Start(path).__enter__()


def test_a_checkpoint_older_than_the_lists_keep_says_what_may_have_been_missed(tmp_path):
    path = tmp_path / "checkpoint.json"
    with Start(path, utc_now=lambda: at(60)) as start:
        start.read([task("a", "Completed", 0), task("b", "Completed", 30)])
    with Start(path, utc_now=lambda: at(60) + datetime.timedelta(days=29)) as start:
        assert start.warnings == []
    with Start(path, utc_now=lambda: at(60) + datetime.timedelta(days=40)) as start:
        assert start.warnings == [
            "%s: checkpoint_file %s was written at 2026-11-23T11:00:00Z, and the task lists keep a month: changes "
            "of the tasks created from 2026-11-23T10:20:00Z to 2026-12-03T11:00:00Z may have been missed"
            % (SOURCE, path)]


def test_a_write_that_fails_is_one_warning_and_the_source_goes_on(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.json"
    real_save = _checkpoint.save

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with Start(path) as start:
        monkeypatch.setattr(_checkpoint, "save", full_disk)
        start.read([task("a", "Running", 0)])
        start.read([task("a", "Running", 0), task("b", "Running", 1)])
        assert start.warnings == ["%s: checkpoint_file %s cannot be written (No space left on device): a restart "
                                  "would tell again what was told since" % (SOURCE, path)]
        monkeypatch.setattr(_checkpoint, "save", real_save)
        start.read([task("a", "Completed", 0), task("b", "Running", 1)])
    assert stored(path)["feed"]["tasks"]["a"][1] == ["running", "succeeded"]


# --- size -------------------------------------------------------------------------------------------------

def task_id(number):
    return str(uuid.UUID(int=number + 1))  # 36 characters, as the clouds' task ids


def steady(minute, since):
    """A busy project read once a minute: a task starts every 30 seconds and runs 2 minutes."""
    return [task(task_id(number), "Running" if minute < number / 2 + 2 else "Completed", number / 2)
            for number in range(max(0, math.ceil(2 * since)), 2 * minute + 1)]


def burst(minute, since):
    """5,000 tasks started in the same minute, read running, then read finished."""
    return [task(task_id(number), "Running" if minute == 0 else "Completed", 0) for number in range(5000)]


@pytest.mark.parametrize("scenario, most", [(steady, 3_000), (burst, 100 * 5000)], ids=["steady", "burst"])
def test_the_file_stays_as_small_as_the_read_window_after_10000_changes(tmp_path, monkeypatch, scenario, most):
    """Finished tasks older than the window are forgotten: the size follows the tasks of the last ten minutes
    (and those still running), not how many changes were told.  (Thousands of writes: not flushed to disk.)"""
    monkeypatch.setattr(os, "fsync", lambda descriptor: None)
    path = tmp_path / "checkpoint.json"
    changes = minute = 0
    with Start(path, emit_existing=True) as start:
        while changes < 10_000:
            window = start.feed.window(at(minute))
            since = (window[0] - at(0)).total_seconds() / 60 if window else 0  # the cloud lists from the window on
            start.time.now = minute * 60.0
            changes += len(start.read(scenario(minute, since)))
            minute += 1
    size, remembered = os.path.getsize(path), len(stored(path)["feed"]["tasks"])
    print("\ncheckpoint after %d changes (%s): %d bytes, %d tasks" % (changes, scenario.__name__, size, remembered))
    assert size <= most
