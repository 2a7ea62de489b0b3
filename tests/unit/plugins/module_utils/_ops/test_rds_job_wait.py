"""rds_job_wait's operation on a simulated clock: jobs, an instance until idle, a workflow's job (through
the task center alone when its answer says the job's status); the result and why a wait fails."""

import datetime

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_DEFAULTS
from tests.unit.plugins.fake_client import RDS_INSTANCES, ClientHooks, FakeClient, existing_instance
from tests.unit.plugins.rds_answers import (
    JOBS,
    TASK_CENTER,
    TASK_LIST,
    jobs_running,
    tasks_running_until,
    unknown,
    workflow_known_after,
)
from tests.unit.plugins.results import values_and_failure
from tests.unit.plugins.simulated_time import simulate

FORBIDDEN_KEYS = {"failed", "skipped", "started", "finished", "results_file"}
JOB_NAME = "CreateMysqlSingleHAInstance on instance inst 'mysql-prod'"
# A task is seen done at most one poll after it is: polls are never further apart than this.
CEILING = WAIT_DEFAULTS["max_poll_interval"]


@pytest.fixture
def time(monkeypatch):
    return simulate(monkeypatch)


def params(**given):
    """The operation's parameters as Ansible's argument spec gives them (wait defaults included)."""
    result = ArgumentSpecValidator(rds_job_wait.ARGUMENT_SPEC, **rds_job_wait.ARGUMENT_RULES).validate(given)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def run(client, **given):
    return values_and_failure(rds_job_wait.run(client, params(**given)))


# --- jobs ------------------------------------------------------------------------------------------


def test_waits_until_every_job_finishes(time):
    client = FakeClient(routes={JOBS: jobs_running(time, {"j1": 30, "j2": 90})})
    result, failure = run(client, job_id=["j1", "j2"])
    assert failure is None and not FORBIDDEN_KEYS & set(result)
    assert [(record["id"], record["state"]) for record in result["jobs"]] == [("j1", "succeeded"), ("j2", "succeeded")]
    assert "job" not in result and result["changed"] is False
    assert (result["failed_jobs"], result["missing_jobs"], result["timed_out"]) == ([], [], False)
    assert 90 <= result["elapsed"] < 90 + CEILING
    assert result["polls"] == result["requests"] == len(client.calls)
    assert result["msg"] == "2 of 2 finished in %.1f s" % result["elapsed"]


def test_one_job_is_also_the_job(time):
    result, _failure = run(FakeClient(routes={JOBS: jobs_running(time, {"j1": 5})}), job_id=["j1"])
    assert result["jobs"] == [result["job"]] and result["job"]["id"] == "j1"


def test_each_poll_is_reported_to_on_poll(time):
    client = FakeClient(routes={JOBS: jobs_running(time, {"j1": 20})})
    seen = []

    def on_poll(item, elapsed):
        seen.append((item.key, item.record["state"], elapsed))

    result, _failure = values_and_failure(rds_job_wait.run(client, params(job_id=["j1"]), on_poll=on_poll))
    assert len(seen) == result["polls"] and seen[-1][:2] == ("j1", "succeeded")
    assert seen[-1][2] == pytest.approx(result["elapsed"], abs=0.05)
    assert [state for _key, state, _elapsed in seen[:-1]] == ["running"] * (len(seen) - 1)


def test_a_failed_job_fails_the_wait_with_its_reason_unless_told_not_to(time):
    answers = {JOBS: jobs_running(time, {"j1": 10, "j2": 20}, failed=("j1",))}
    result, failure = run(FakeClient(routes=answers), job_id=["j1", "j2"])
    assert failure.startswith("job j1 (%s) failed: createVM failed. (request id req-" % JOB_NAME)
    assert (result["msg"], result["failed_jobs"], result["timed_out"]) == (failure, ["j1"], False)
    assert [record["state"] for record in result["jobs"]] == ["failed", "succeeded"]

    result, failure = run(FakeClient(routes=answers), job_id=["j1", "j2"], fail_on_failed=False)
    assert failure is None and result["failed_jobs"] == ["j1"]
    assert result["msg"].startswith("2 of 2 finished in ")


def test_a_job_never_seen_is_missing_right_after_the_visibility_timeout(time):
    result, failure = run(FakeClient(routes={JOBS: jobs_running(time, {"j1": 5})}), job_id=["j1", "ghost"],
                          visibility_timeout=20)
    assert failure.startswith("job ghost never appeared: the cloud did not know it after 20.0 s (visibility_timeout): "
                              "DBS.280238 The job does not exist. (request id req-")
    assert (result["missing_jobs"], result["timed_out"], result["elapsed"]) == (["ghost"], False, 20.0)
    assert result["jobs"][1]["found"] is False and result["msg"] == failure


def test_the_timeout_fails_with_the_last_state_seen(time):
    result, failure = run(FakeClient(routes={JOBS: jobs_running(time, {"j1": 600})}), job_id=["j1"], timeout=60)
    assert failure == ("timed out after 60.0 s (timeout) with 1 still unfinished: job j1 (%s) running 10%%" % JOB_NAME)
    assert (result["timed_out"], result["elapsed"], result["job"]["progress"]) == (True, 60.0, 10)


def test_a_job_never_read_is_returned_as_not_found(time):
    throttled = HwCloudError("GET u failed", status=429, error_code="APIGW.0308", error_msg="over ratelimit")
    result, failure = run(FakeClient(lambda *_: throttled), job_id=["j1"], timeout=10)
    assert result["job"] == {"id": "j1", "found": False, "state": None, "progress": None, "created_at": None,
                             "finished_at": None, "terminal": False}
    assert failure.endswith("job j1 never read, last error: GET u failed: HTTP 429 APIGW.0308 over ratelimit")


def test_an_error_no_wait_outlives_is_raised(time):
    refused = AuthenticationError("GET u failed", status=401, error_code="APIGW.0301")
    with pytest.raises(AuthenticationError):
        run(FakeClient(lambda *_: refused), job_id=["j1"])


# --- an instance until idle ------------------------------------------------------------------------


def test_an_instance_is_read_as_its_running_tasks(time):
    client = FakeClient(routes={TASK_LIST: tasks_running_until(time, 10)})
    record = rds.idle_instance(client, "inst")
    assert client.calls[0]["params"] == {"instance_id": "inst", "status": "Running", "offset": 0, "limit": 50}
    assert [task["id"] for task in record["running_tasks"]] == ["t1"] and record["progress"] == 40


def test_waits_until_the_instance_is_idle(time):
    result, failure = run(FakeClient(routes={TASK_LIST: tasks_running_until(time, 45)}), instance_id="inst")
    assert failure is None and not FORBIDDEN_KEYS & set(result)
    assert (result["idle"], result["tasks"], result["timed_out"]) == (True, [], False)
    assert "jobs" not in result and "job" not in result and 45 <= result["elapsed"] < 45 + CEILING


def test_an_instance_still_busy_at_the_timeout_returns_its_running_tasks(time):
    result, failure = run(FakeClient(routes={TASK_LIST: tasks_running_until(time, 600)}), instance_id="inst",
                          timeout=30)
    assert failure == ("timed out after 30.0 s (timeout) with 1 still unfinished: instance inst running 40% "
                       "with 1 unfinished task (CreateMysqlSingleHAInstance t1 running)")
    assert result["idle"] is False and [task["id"] for task in result["tasks"]] == ["t1"]


# --- a workflow's job ------------------------------------------------------------------------------


def test_an_instance_the_project_does_not_have_fails_before_any_wait(time):
    client = FakeClient(routes={RDS_INSTANCES: lambda *_: {"instances": [], "total_count": 0}})
    for mode in ({}, {"workflow_id": "wf"}):
        with pytest.raises(NotFoundError, match=r"^no RDS instance typo in project project \(request id req-\d\)$"):
            run(client, instance_id="typo", **mode)
    assert [call["path"] for call in client.calls] == [RDS_INSTANCES, RDS_INSTANCES]


def test_a_workflow_not_known_yet_is_waited_for_then_its_job(time):
    client = FakeClient(routes={TASK_CENTER: workflow_known_after(time, 8), JOBS: jobs_running(time, {"j1": 40})})
    result, failure = run(client, instance_id="inst", workflow_id="wf", workflow_name="CreateInstance")
    assert failure is None
    assert (result["workflow"]["job_id"], result["job"]["id"], result["job"]["state"]) == ("j1", "j1", "succeeded")
    assert result["jobs"] == [result["job"]] and "idle" not in result
    assert {call["body"]["workflow_name"] for call in client.calls if call["path"] == TASK_CENTER} == {"CreateInstance"}
    polls = [call for call in client.calls if call["path"] != RDS_INSTANCES]  # the instance is confirmed first
    assert result["polls"] == len(polls) and 40 <= result["elapsed"] < 40 + CEILING


def test_the_timeout_covers_the_workflow_and_its_job(time):
    client = FakeClient(routes={TASK_CENTER: workflow_known_after(time, 20), JOBS: jobs_running(time, {"j1": 100})})
    result, failure = run(client, instance_id="inst", workflow_id="wf", timeout=40)
    assert failure.startswith("timed out after 40.0 s (timeout) with 1 still unfinished: job j1 ")
    assert (result["timed_out"], result["elapsed"]) == (True, 40.0)


def test_a_workflow_never_known_is_an_error_with_its_request_id(time):
    client = FakeClient(routes={TASK_CENTER: workflow_known_after(time, 10 ** 6)})
    with pytest.raises(HwCloudError) as raised:
        run(client, instance_id="inst", workflow_id="wf", visibility_timeout=30)
    assert raised.value.message.startswith(
        "Workflow wf of instance inst is not in the task center after 30.0 s (visibility_timeout): last answer DBS.")
    assert raised.value.request_id == "req-%d" % client.requests_sent
    assert [call["path"] for call in client.calls[:1]] == [RDS_INSTANCES]
    assert all(call["path"] == TASK_CENTER for call in client.calls[1:])


THROTTLED = HwCloudError("POST u failed", status=429, error_code="APIGW.0308", error_msg="over ratelimit")


@pytest.mark.parametrize("answer, timeout, says", [(THROTTLED, 600, "over ratelimit"),
                                                   (unknown("DBS.280343"), 10, "DBS.280343")],
                         ids=["throttled until the timeout", "timeout shorter than visibility_timeout"])
def test_a_workflow_wait_ended_by_the_timeout_says_so_with_the_last_answer(time, answer, timeout, says):
    with pytest.raises(HwCloudError) as raised:
        run(FakeClient(lambda *_: answer), instance_id="inst", workflow_id="wf", timeout=timeout)
    assert "(timeout)" in str(raised.value) and "visibility_timeout" not in str(raised.value)
    assert says in str(raised.value)


def test_other_task_center_errors_are_raised(time):
    gone = HwCloudError("POST u failed", status=404, error_code="APIGW.0101", error_msg="API not found")
    with pytest.raises(HwCloudError) as raised:
        run(FakeClient(lambda *_: gone), instance_id="inst", workflow_id="wf")
    assert raised.value is gone


# --- options ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, message",
    [
        ({"job_id": []}, "job_id must not be empty: got []"),
        ({"job_id": ["j1", " "]}, "job_id must not be empty"),
        ({"instance_id": ""}, "instance_id must not be empty"),
        ({"instance_id": "inst", "workflow_id": ""}, "workflow_id must not be empty"),
        ({"job_id": ["j1"], "timeout": 0}, "timeout must be a positive number of seconds, got 0"),
        ({"job_id": ["j1"], "poll_interval": -1}, "poll_interval must be a positive number of seconds"),
        ({"job_id": ["j1"], "visibility_timeout": -1}, "visibility_timeout must be 0 or more seconds, got -1"),
    ],
)
def test_check_options_names_the_bad_option(given, message):
    assert rds_job_wait.check_options(params(**given)).startswith(message)


@pytest.mark.parametrize("given", [{"job_id": ["j1"]}, {"instance_id": "inst", "workflow_id": "wf"},
                                   {"instance_id": "inst", "visibility_timeout": 0}])
def test_check_options_passes_good_options(given):
    assert rds_job_wait.check_options(params(**given)) is None


# --- a workflow whose task-center answer says the job's status (the official SDK's model) ---------------

EPOCH = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


class SimulatedRds(ClientHooks):
    """One job of ``duration`` seconds from t=0, its workflow ``wf``; the task center answers as ``shape`` says."""

    def __init__(self, shape, duration=100.0, outcome="Completed"):
        self.shape = shape
        self.duration = duration
        self.outcome = outcome
        self.now = 0.0
        self.paths = []
        self.reads = []  # (when, path)
        self.requests_sent = 0

    def timing(self):
        def sleep(seconds):
            self.now += seconds
        return dict(clock=lambda: self.now, sleep=sleep, rand=lambda: 0.5,
                    now_utc=lambda: EPOCH + datetime.timedelta(seconds=self.now))

    def _status(self):
        done = self.now >= self.duration
        return (self.outcome if done else "Running"), ("" if done else "%d%%" % (100 * self.now / self.duration))

    def call(self, service, method, path, path_params=None, params=None, body=None, schema=None, deadline=None):
        self.requests_sent += 1
        self.paths.append(path)
        self.reads.append((self.now, path))
        status, process = self._status()
        created = EPOCH.strftime("%Y-%m-%dT%H:%M:%S+0000")
        if path == RDS_INSTANCES:
            return existing_instance(path_params, params)
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
    assert rds_job_wait.check_options(params) is None
    return values_and_failure(rds_job_wait.run(cloud, params, **cloud.timing()))


def test_a_workflow_whose_task_center_answer_says_its_status_is_waited_on_there_alone():
    cloud = SimulatedRds("sdk")
    result, failure = wait(cloud)
    assert cloud.paths[0] == RDS_INSTANCES, "the instance is confirmed first"
    assert failure is None and set(cloud.paths[1:]) == {TASK_CENTER}, "the job is never fetched separately"
    assert result["job"] is result["workflow"] and result["jobs"] == [result["job"]]
    assert (result["job"]["id"], result["job"]["state"], result["job"]["progress"]) == ("job-1", "succeeded", 100)
    assert result["workflow"]["sub_task_list"][0]["state"] == "succeeded"
    assert 100 <= result["elapsed"] <= 103, "the progress aims the polls at the end"
    assert result["failed_jobs"] == [] and result["msg"].startswith("1 of 1 finished")


@pytest.mark.parametrize("duration", [0.0, 100.0], ids=["finished when found", "running when found"])
def test_the_task_center_answer_that_found_the_workflow_is_the_waits_first(duration):
    cloud = SimulatedRds("sdk", duration=duration)
    result, failure = wait(cloud)
    instants = [when for when, path in cloud.reads if path == TASK_CENTER]
    assert failure is None and result["job"]["state"] == "succeeded"
    assert len(instants) == len(set(instants)), "never read twice in a row"
    assert duration or instants == [0.0], "a workflow found finished is read once"


def test_a_workflow_answered_as_documented_is_waited_on_through_its_job():
    cloud = SimulatedRds("documented")
    result, failure = wait(cloud)
    assert failure is None
    assert cloud.paths[:2] == [RDS_INSTANCES, TASK_CENTER] and set(cloud.paths[2:]) == {JOBS}, (
        "the instance, the task center once, then the job")
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
