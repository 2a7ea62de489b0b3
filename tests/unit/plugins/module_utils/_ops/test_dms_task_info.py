"""dms_task_info's operation: reading and waiting on tasks by id, by name and on an instance until idle.

Waits run on a simulated clock (``SimulatedDms``: tasks that run for emulated seconds, a sleep that
returns at once), or against answers given in turn (``FakeClient``).
"""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError, NotFoundError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info
from tests.unit.plugins.dms_answers import SimulatedDms, not_found, one, sequence
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.results import values_and_failure

# DMS tells no progress: a task's end is seen within one poll, at most max_poll_interval (10 s) plus jitter.
LAG = 11


def options(**given):
    params = dict(engine="rabbitmq", instance_id="inst", task_id=None, task_name=None, begin_time=None,
                  end_time=None, start=None, limit=None, wait=True, timeout=1800.0, poll_interval=1.0,
                  max_poll_interval=10.0, visibility_timeout=60.0, fail_on_failed=True)
    params.update(given)
    return params


def wait(client, **given):
    """Wait with fast polls against answers in turn (real time, but never more than ``timeout``)."""
    params = options(**dict(dict(task_id=["t"], timeout=5.0, poll_interval=0.01, max_poll_interval=0.02), **given))
    assert dms_task_info.check_options(params) is None
    return values_and_failure(dms_task_info.run(client, params))


def simulated(cloud, **given):
    """Wait on the simulated clock, with the default schedule."""
    params = options(**given)
    assert dms_task_info.check_options(params) is None
    return values_and_failure(dms_task_info.run(cloud, params, **cloud.timing()))


# --- by id -------------------------------------------------------------------------------------------


def test_wait_until_the_task_succeeds():
    client = FakeClient(sequence(one("CREATED"), one("EXECUTING"), one("SUCCESS")))
    result, failure = wait(client)
    assert failure is None
    assert (result["task"]["state"], result["total"], result["polls"]) == ("succeeded", 1, 3)
    assert result["timed_out"] is False and result["msg"].startswith("1 of 1 finished in ")
    assert result["tasks"] == [result["task"]]
    assert not {"failed", "started", "finished", "results_file", "skipped"} & set(result)


def test_many_ids_are_waited_on_together_and_returned_in_the_order_given():
    cloud = SimulatedDms()
    slow, quick = cloud.add(duration=120), cloud.add(duration=20)
    result, failure = simulated(cloud, task_id=[slow, quick])
    assert failure is None
    assert [task["id"] for task in result["tasks"]] == [slow, quick] and "task" not in result
    assert {task["state"] for task in result["tasks"]} == {"succeeded"}
    # Concurrently: the wait lasts as long as the slower task, not the sum, and ends within one poll of it.
    assert 120 <= result["elapsed"] <= 120 + LAG
    assert result["total"] == 2 and result["failed_tasks"] == [] and result["missing_tasks"] == []
    assert result["msg"].startswith("2 of 2 finished in ")


def test_wait_fails_on_failed_naming_the_task_unless_told_not_to():
    result, failure = wait(FakeClient(sequence(one("EXECUTING"), one("FAILED", name="resizeInstance"))))
    assert failure == ("rabbitmq task t (resizeInstance on instance inst) failed at 2020-06-23T03:00:08.130Z: "
                       "the cloud gave no reason (status FAILED) (request id req-2)")
    assert result["task"]["state"] == "failed" and result["failed_tasks"] == ["t"]
    result, failure = wait(FakeClient(sequence(one("FAILED"))), fail_on_failed=False)
    assert failure is None and result["task"]["state"] == "failed" and result["failed_tasks"] == ["t"]
    assert result["msg"].endswith("; rabbitmq task t (bindInstancePublicIp on instance inst) failed")


@pytest.mark.parametrize("status, state", [("CANCELLED", "cancelled"), ("DELETED", "deleted")])
def test_cancelled_and_deleted_end_the_wait_and_say_so(status, state):
    result, failure = wait(FakeClient(sequence(one(status))))
    assert failure is None and result["task"]["terminal"] and result["polls"] == 1
    assert result["msg"].endswith("; rabbitmq task t (bindInstancePublicIp on instance inst) %s" % state)


def test_an_unknown_task_fails_the_wait_at_once():
    client = FakeClient(lambda *_: not_found())
    result, failure = wait(client)
    assert client.requests_sent == 1
    assert failure == ("rabbitmq task t (on instance inst) is not known to the cloud: DMS.00404050 The background "
                       "task does not exist. (request id req-1)")
    assert result["task"]["found"] is False and result["total"] == 0 and not result["timed_out"]
    assert result["missing_tasks"] == ["t"]


def test_an_unknown_instance_ends_the_wait_with_the_error():
    with pytest.raises(NotFoundError):
        wait(FakeClient(lambda *_: not_found("DMS.00404022", "The instance does not exist.")))


def test_timeout_names_the_last_state():
    cloud = SimulatedDms()
    endless = cloud.add(duration=36000)
    result, failure = simulated(cloud, task_id=[endless], timeout=100.0)
    assert result["timed_out"] and result["elapsed"] == 100.0
    assert failure.startswith("timed out after 100.0 s (timeout) with 1 still unfinished: rabbitmq task %s "
                              "(bindInstancePublicIp on instance inst) pending" % endless)  # CREATED, its first tenth
    assert cloud.calls[-1]["at"] == 100.0, "the last poll is at the deadline"


def test_throttling_is_outlived_and_named_if_it_lasts():
    throttled = HwCloudError("GET ... failed", status=429, error_code="APIGW.0308", error_msg="over ratelimit")
    result, failure = wait(FakeClient(sequence(throttled, throttled, one("SUCCESS"))))
    assert failure is None and result["polls"] == 3
    result, failure = wait(FakeClient(sequence(throttled)), timeout=0.1)
    assert result["timed_out"] and result["task"]["found"] is False
    assert "never read, last error: GET ... failed: HTTP 429 APIGW.0308 over ratelimit" in failure


# --- by name -----------------------------------------------------------------------------------------


def test_a_name_not_listed_yet_is_waited_for_then_its_task():
    cloud = SimulatedDms()
    task_id = cloud.add(name="resizeInstance", duration=30, visible_after=20)
    cloud.add(name="restartInstance", duration=0)
    result, failure = simulated(cloud, task_name="resizeInstance")
    assert failure is None
    assert (result["task"]["id"], result["task"]["state"]) == (task_id, "succeeded")
    assert 30 <= result["elapsed"] <= 30 + LAG and result["missing_tasks"] == []
    assert result["msg"].startswith("1 of 1 finished")


def test_a_name_is_the_newest_task_of_that_name_created_since_begin_time():
    cloud = SimulatedDms()
    cloud.add(name="resizeInstance", duration=0, outcome="FAILED")  # yesterday's, at 00:00:00 of the epoch
    cloud.now = 60.0
    newer = cloud.add(name="resizeInstance", duration=10)
    result, failure = simulated(cloud, task_name="resizeInstance")
    assert failure is None and result["task"]["id"] == newer

    cloud.now = 120.0
    result, failure = simulated(cloud, task_name="resizeInstance", begin_time="2026-11-23T10:02:00Z",
                                visibility_timeout=30.0)
    assert result["missing_tasks"] == ["resizeInstance"] and result["task"]["found"] is False
    assert result["task"]["name"] == "resizeInstance" and result["task"]["id"] is None
    assert failure == ("rabbitmq task resizeInstance (on instance inst) never appeared: the cloud did not know it "
                       "after 30.0 s (visibility_timeout): no task named resizeInstance is listed (request id %s)"
                       % cloud.last_request_id())
    assert all(call["params"]["begin_time"] == "20261123100200" for call in cloud.calls[-3:])


def test_a_failed_task_found_by_name_is_named_by_its_id():
    cloud = SimulatedDms()
    task_id = cloud.add(name="resizeInstance", duration=5, outcome="FAILED")
    result, failure = simulated(cloud, task_name="resizeInstance")
    assert failure.startswith("rabbitmq task %s (resizeInstance on instance inst) failed at " % task_id)
    assert result["failed_tasks"] == [task_id]


def test_a_name_is_looked_for_page_after_page_until_found():
    cloud = SimulatedDms()
    wanted = cloud.add(name="resizeInstance", duration=0)
    for _number in range(120):
        cloud.add(name="restartInstance", duration=0)
    result, _failure = simulated(cloud, task_name="resizeInstance", wait=False)
    assert result["task"]["id"] == wanted and result["total"] == 1
    assert [call["params"]["start"] for call in cloud.calls] == [1, 51, 101]


# --- until the instance is idle -----------------------------------------------------------------------


def test_an_instance_is_idle_only_after_its_last_task_ends():
    cloud = SimulatedDms()
    cloud.add(duration=40)
    cloud.add(duration=90, name="resizeInstance")
    cloud.add(duration=0, outcome="CANCELLED")
    result, failure = simulated(cloud)
    assert failure is None
    assert result["idle"] is True and result["tasks"] == [] and result["total"] == 0
    assert 90 <= result["elapsed"] <= 90 + LAG
    assert cloud.calls[0]["path"] == "/v2/{project_id}/instances/{instance_id}", "the instance is checked first"
    assert sum(1 for call in cloud.calls if call["path"].endswith("{instance_id}")) == 1, "once per wait"
    assert "task" not in result and result["msg"].startswith("1 of 1 finished")


def test_an_instance_that_stays_busy_times_out_naming_its_unfinished_tasks():
    cloud = SimulatedDms()
    endless = cloud.add(duration=36000, name="resizeInstance")
    cloud.add(duration=1)
    result, failure = simulated(cloud, timeout=60.0)
    assert result["timed_out"] and result["idle"] is False
    assert [task["id"] for task in result["tasks"]] == [endless] and result["total"] == 1
    assert failure == ("timed out after 60.0 s (timeout) with 1 still unfinished: rabbitmq instance inst running "
                       "with 1 unfinished task (resizeInstance %s pending)" % endless)


def test_an_idle_wait_on_an_unknown_instance_fails_at_once_naming_engine_instance_and_project():
    cloud = SimulatedDms()
    with pytest.raises(NotFoundError) as caught:
        simulated(cloud, instance_id="typo")
    assert str(caught.value).startswith("no rabbitmq instance typo in project proj: HTTP 404 DMS.00404022")
    assert len(cloud.calls) == 1


def test_an_instance_with_nothing_running_is_idle_at_the_first_poll():
    cloud = SimulatedDms()
    cloud.add(duration=0)
    result, failure = simulated(cloud)
    assert failure is None and result["idle"] and result["polls"] == 1 and result["elapsed"] == 0


# --- reading -----------------------------------------------------------------------------------------


def test_reading_several_ids_and_a_name_without_waiting():
    cloud = SimulatedDms()
    first, second = cloud.add(duration=10), cloud.add(duration=0, name="restartInstance")
    result, failure = simulated(cloud, task_id=[second, "nope", first], wait=False)
    assert failure is None and [task["id"] for task in result["tasks"]] == [second, "nope", first]
    assert [task["found"] for task in result["tasks"]] == [True, False, True] and result["total"] == 2
    assert "elapsed" not in result and "task" not in result
    result, _failure = simulated(cloud, task_name="restartInstance", wait=False)
    assert (result["task"]["id"], result["total"]) == (second, 1)


@pytest.mark.parametrize(
    "given, says",
    [
        (dict(task_id=[""]), "task_id must not be empty"),
        (dict(task_name=" "), "task_name must not be empty"),
        (dict(timeout=0.0), "timeout must be a positive number of seconds"),
        (dict(visibility_timeout=-1.0), "visibility_timeout must be 0 or more"),
        (dict(limit=5), "start and limit read one page, and a wait reads every page"),
        (dict(start=2, wait=False), None),
    ],
)
def test_check_options(given, says):
    problem = dms_task_info.check_options(options(**given))
    assert problem == says if says is None else says in problem
