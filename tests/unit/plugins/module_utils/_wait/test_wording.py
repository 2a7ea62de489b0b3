"""How a task's state is said: status, descriptions, progress lines and their throttle, why a wait failed."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import Tracked, WaitOutcome
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import (
    ProgressLines,
    describe,
    progress_line,
    status,
    wait_failure,
)
from tests.unit.plugins.rds_answers import FAIL_REASON, job, task, unknown
from tests.unit.plugins.simulated_time import SimulatedTime

OPTIONS = {"timeout": 600.0, "visibility_timeout": 60.0, "fail_on_failed": True}


def tracked(key, record=None, missing=False, request_id=None, last_error=None):
    item = Tracked(key)
    item.record, item.missing, item.request_id, item.last_error = record, missing, request_id, last_error
    return item


def running(key="j1", process="40%"):
    return records.rds_job(job(key, "Running", process))


def succeeded(key="j1"):
    return records.rds_job(job(key, "Completed"))


def failed(key="j1"):
    return records.rds_job(job(key, "Failed", fail_reason=FAIL_REASON))


@pytest.mark.parametrize(
    "record, said",
    [
        ({"found": False}, "not visible yet"),
        ({}, "not visible yet"),
        (running(), "running 40%"),
        (running(process=""), "running"),
        (succeeded(), "succeeded"),  # a finished task shows no percent
        ({"found": True, "state": None, "progress": 5}, "unknown 5%"),
    ],
)
def test_status(record, said):
    assert status(record) == said


def test_describe_names_the_task_and_its_instance_wherever_the_record_keeps_it():
    assert describe("job", "j1", running()) == "job j1 (CreateMysqlSingleHAInstance on instance inst 'mysql-prod')"
    assert describe("task", "t1", records.rds_task(task("t1"))) == (
        "task t1 (CreateMysqlSingleHAInstance on instance inst 'mysql-prod')")
    assert describe("kafka task", "t1", {"name": "restartInstance"}, "inst") == (
        "kafka task t1 (restartInstance on instance inst)")
    assert describe("job", "j1", None) == "job j1"
    assert describe("instance", "inst", {"id": "inst", "state": "idle"}) == "instance inst"


def test_progress_line_says_what_matters_first():
    assert progress_line(tracked("j1", running()), 12.7) == "j1: running 40% after 12 s (CreateMysqlSingleHAInstance)"
    assert progress_line(tracked("j1"), 0) == "j1: not visible yet after 0 s"


# --- wait_failure ----------------------------------------------------------------------------------


def failure(items, timed_out=False, **options):
    return wait_failure(WaitOutcome(items, 0.0, timed_out), dict(OPTIONS, **options), "job")


def test_a_wait_where_all_went_well_has_no_failure():
    assert failure([tracked("j1", succeeded())]) is None


def test_a_task_that_never_appeared_is_named_with_the_clouds_answer_and_request_id():
    item = tracked("j1", records.not_found("j1", unknown()), missing=True, request_id="req-3")
    assert failure([item]) == ("job j1 never appeared: the cloud did not know it after 60.0 s (visibility_timeout): "
                               "DBS.280238 The job does not exist. (request id req-3)")
    assert failure([item], visibility_timeout=0) == (
        "job j1 is not known to the cloud: DBS.280238 The job does not exist. (request id req-3)")


def test_a_failed_task_is_named_with_its_reason_and_end_unless_failures_are_allowed():
    item = tracked("j1", failed(), request_id="req-5")
    assert failure([item]) == ("job j1 (CreateMysqlSingleHAInstance on instance inst 'mysql-prod') failed: "
                               "createVM failed. (request id req-5)")
    assert failure([item], fail_on_failed=False) is None
    ended = tracked("t1", records.rds_task(task("t1", "Failed", end_time="2026-11-23T10:05:00+0000")))
    assert failure([ended]) == ("job t1 (CreateMysqlSingleHAInstance on instance inst 'mysql-prod') failed at "
                                "2026-11-23T10:05:00Z: the cloud gave no reason (status Failed)")


def test_a_timeout_names_the_timeout_and_each_unfinished_task_with_its_last_state():
    throttled = HwCloudError("GET u failed", status=429, error_code="APIGW.0308")
    items = [tracked("j1", running()), tracked("j2", last_error=throttled), tracked("j3", succeeded("j3"))]
    said = failure(items, timed_out=True, timeout=30.0)
    assert said == ("timed out after 30.0 s (timeout) with 2 still unfinished: job j1 "
                    "(CreateMysqlSingleHAInstance on instance inst 'mysql-prod') running 40%; "
                    "job j2 never read, last error: GET u failed: HTTP 429 APIGW.0308")


def test_every_reason_is_given_in_one_message():
    items = [tracked("j1", records.not_found("j1", unknown()), missing=True), tracked("j2", failed("j2")),
             tracked("j3", running("j3"))]
    parts = failure(items, timed_out=True).split("; ")
    assert [part.split(" ")[:3] for part in parts] == [
        ["job", "j1", "never"], ["job", "j2", "(CreateMysqlSingleHAInstance"], ["timed", "out", "after"]]


# --- ProgressLines ---------------------------------------------------------------------------------


class Lines:
    """``ProgressLines`` on a simulated clock, writing to a list."""

    def __init__(self, **options):
        self.time = SimulatedTime()
        self.written = []
        self.show = ProgressLines(self.written.append, clock=self.time.clock, **options)

    def poll(self, item, at):
        self.time.now = at
        self.show(item, at)


def test_a_line_when_the_state_changes_at_most_every_few_seconds():
    lines = Lines(prefix="[db] rds_job_wait: ", every=5.0)
    item = tracked("j1")
    for at, process in ((0, None), (1, "10%"), (2, "20%"), (5, "30%"), (6, "30%"), (11, "40%")):
        item.record = running(process=process) if process else None
        lines.poll(item, at)
    assert lines.written == ["[db] rds_job_wait: j1: not visible yet after 0 s",
                             "[db] rds_job_wait: j1: running 30% after 5 s (CreateMysqlSingleHAInstance)",
                             "[db] rds_job_wait: j1: running 40% after 11 s (CreateMysqlSingleHAInstance)"]


def test_the_end_is_shown_at_once():
    lines = Lines(every=5.0)
    item = tracked("j1", running())
    lines.poll(item, 0)
    item.record = succeeded()
    lines.poll(item, 0.5)
    assert lines.written[-1] == "j1: succeeded after 0 s (CreateMysqlSingleHAInstance)"


def test_a_heartbeat_when_nothing_changes_for_long():
    lines = Lines(every=5.0, heartbeat=60.0)
    item = tracked("j1", running())
    for at in range(0, 130, 10):
        lines.poll(item, at)
    assert [line.split(" after ")[1].split(" s ")[0] for line in lines.written] == ["0", "60", "120"]


def test_each_task_has_its_own_throttle():
    lines = Lines(every=5.0)
    first, second = tracked("j1", running("j1")), tracked("j2", running("j2"))
    lines.poll(first, 0)
    lines.poll(second, 1)
    second.record = running("j2", "50%")
    lines.poll(second, 3)  # j2 changed, but only 2 s after its last line
    lines.poll(first, 6)  # j1 did not change
    assert [line.split(" after ")[0] for line in lines.written] == ["j1: running 40%", "j2: running 40%"]
