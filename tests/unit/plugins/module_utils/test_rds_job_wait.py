"""rds_job_wait's operation on a task-center workflow: through the task center when its answer says the
job's status (the SDK's model), through the job API when it has only the document's four fields.

The job runs on a simulated clock; the waiter sleeps on it, instantly.
"""

import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils import _rds_job_wait

EPOCH = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
DETAIL = "/v3/{project_id}/instances/{instance_id}/task-center-detail"
JOBS = "/v3/{project_id}/jobs"


class SimulatedRds:
    """One job of ``duration`` seconds from t=0, its workflow ``wf``; the task center answers as ``shape`` says."""

    def __init__(self, shape, duration=100.0, outcome="Completed"):
        self.shape = shape
        self.duration = duration
        self.outcome = outcome
        self.now = 0.0
        self.paths = []
        self.requests_sent = 0

    def engine_hooks(self):
        def sleep(seconds):
            self.now += seconds
        return dict(clock=lambda: self.now, sleep=sleep, rand=lambda: 0.5,
                    now_utc=lambda: EPOCH + datetime.timedelta(seconds=self.now))

    def last_request_id(self):
        return "req-%d" % self.requests_sent

    def _status(self):
        done = self.now >= self.duration
        return (self.outcome if done else "Running"), ("" if done else "%d%%" % (100 * self.now / self.duration))

    def call(self, service, method, path, path_params=None, params=None, body=None, schema=None, deadline=None):
        self.requests_sent += 1
        self.paths.append(path)
        status, process = self._status()
        created = EPOCH.strftime("%Y-%m-%dT%H:%M:%S+0000")
        if path == JOBS:
            return {"job": {"id": "job-1", "name": "CreateMysqlSingleHAInstance", "status": status,
                            "process": process, "created": created, "instance": {"id": "inst", "name": "db"},
                            "fail_reason": "createVM failed." if status == "Failed" else None}}
        answer = {"instance_id": "inst", "instance_name": "db", "job_id": "job-1",
                  "job_name": "CreateMysqlSingleHAInstance"}
        if self.shape == "sdk":
            answer.update(status=status, process=process, created_at=created, update_at=created,
                          sub_task_list=[{"sub_task_name": "execute", "percent": process.rstrip("%") or "",
                                          "status": status}])
        return answer


def wait(cloud, **given):
    params = dict(job_id=None, instance_id="inst", workflow_id="wf", workflow_name=None, timeout=1800.0,
                  poll_interval=1.0, max_poll_interval=10.0, visibility_timeout=60.0, fail_on_failed=True)
    params.update(given)
    assert _rds_job_wait.check_options(params) is None
    return _rds_job_wait.run(cloud, params, **cloud.engine_hooks())


def test_a_workflow_whose_task_center_answer_says_its_status_is_waited_on_there_alone():
    cloud = SimulatedRds("sdk")
    result, failure = wait(cloud)
    assert failure is None and set(cloud.paths) == {DETAIL}, "the job is never fetched separately"
    assert result["job"] is result["workflow"] and result["jobs"] == [result["job"]]
    assert (result["job"]["id"], result["job"]["state"], result["job"]["progress"]) == ("job-1", "succeeded", 100)
    assert result["workflow"]["sub_task_list"][0]["state"] == "succeeded"
    assert 100 <= result["elapsed"] <= 103, "the progress aims the polls at the end"
    assert result["failed_jobs"] == [] and result["msg"].startswith("1 of 1 finished")


def test_a_workflow_answered_as_documented_is_waited_on_through_its_job():
    cloud = SimulatedRds("documented")
    result, failure = wait(cloud)
    assert failure is None
    assert cloud.paths[0] == DETAIL and set(cloud.paths[1:]) == {JOBS}, "the task center once, then the job"
    assert result["workflow"]["job_id"] == "job-1" and result["workflow"]["state"] == "unknown"
    assert (result["job"]["id"], result["job"]["state"]) == ("job-1", "succeeded")


@pytest.mark.parametrize("shape, reason", [("sdk", "sub-task execute failed"), ("documented", "createVM failed.")])
def test_a_failed_workflow_fails_the_wait_with_what_the_cloud_says(shape, reason):
    result, failure = wait(SimulatedRds(shape, duration=10.0, outcome="Failed"))
    assert failure.startswith("job job-1 (CreateMysqlSingleHAInstance on instance inst 'db') failed")
    assert reason in failure and result["failed_jobs"] == ["job-1"]


def test_a_workflow_in_the_task_center_times_out_with_its_last_progress():
    result, failure = wait(SimulatedRds("sdk", duration=3600.0), timeout=120.0)
    assert result["timed_out"] and result["elapsed"] == 120.0
    assert "timed out after 120.0 s (timeout)" in failure and "job job-1" in failure and "running 3%" in failure
