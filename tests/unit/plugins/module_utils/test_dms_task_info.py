"""dms_task_info's operation: waiting on a task, against a fake client."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils import _dms_task_info
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError, NotFoundError
from tests.unit.plugins.dms_answers import not_found, one, sequence
from tests.unit.plugins.fake_client import FakeClient


def wait(client, timeout=5.0, fail_on_failed=True):
    params = dict(engine="rabbitmq", instance_id="inst", task_id="t", wait_timeout=timeout, poll_interval=0.01,
                  max_poll_interval=0.02, fail_on_failed=fail_on_failed)
    return _dms_task_info.wait_task(client, params)


def test_wait_until_the_task_succeeds():
    client = FakeClient(sequence(one("CREATED"), one("EXECUTING"), one("SUCCESS")))
    result, failure = wait(client)
    assert failure is None
    assert (result["task"]["state"], result["total"], result["polls"]) == ("succeeded", 1, 3)
    assert result["timed_out"] is False
    assert result["tasks"] == [result["task"]]
    assert not {"failed", "started", "finished", "results_file", "skipped"} & set(result)


def test_wait_fails_on_failed_naming_the_task_unless_told_not_to():
    result, failure = wait(FakeClient(sequence(one("EXECUTING"), one("FAILED", name="resizeInstance"))))
    assert failure == ("rabbitmq task t (resizeInstance on instance inst) failed at 2020-06-23T03:00:08.130Z: "
                       "the cloud gave no reason (status FAILED) (request id req-2)")
    assert result["task"]["state"] == "failed"
    result, failure = wait(FakeClient(sequence(one("FAILED"))), fail_on_failed=False)
    assert failure is None and result["task"]["state"] == "failed"


@pytest.mark.parametrize("status", ["CANCELLED", "DELETED"])
def test_cancelled_and_deleted_end_the_wait_without_failing(status):
    result, failure = wait(FakeClient(sequence(one(status))))
    assert failure is None and result["task"]["terminal"] and result["polls"] == 1


def test_an_unknown_task_fails_the_wait_at_once():
    client = FakeClient(lambda *_: not_found())
    result, failure = wait(client)
    assert client.requests_sent == 1
    assert failure == ("rabbitmq task t (on instance inst) is not known to the cloud: DMS.00404050 The background "
                       "task does not exist. (request id req-1)")
    assert result["task"]["found"] is False and result["total"] == 0 and not result["timed_out"]


def test_an_unknown_instance_ends_the_wait_with_the_error():
    with pytest.raises(NotFoundError):
        wait(FakeClient(lambda *_: not_found("DMS.00404022", "The instance does not exist.")))


def test_timeout_names_the_last_state():
    result, failure = wait(FakeClient(sequence(one("EXECUTING"))), timeout=0.1)
    assert result["timed_out"] and result["elapsed"] >= 0.1
    assert failure.startswith("timed out after 0.1 s (wait_timeout) with 1 still unfinished: rabbitmq task t "
                              "(bindInstancePublicIp on instance inst) running")


def test_throttling_is_outlived_and_named_if_it_lasts():
    throttled = HwCloudError("GET ... failed", status=429, error_code="APIGW.0308", error_msg="over ratelimit")
    result, failure = wait(FakeClient(sequence(throttled, throttled, one("SUCCESS"))))
    assert failure is None and result["polls"] == 3
    result, failure = wait(FakeClient(sequence(throttled)), timeout=0.1)
    assert result["timed_out"] and result["task"]["found"] is False
    assert "never read, last error: GET ... failed: HTTP 429 APIGW.0308 over ratelimit" in failure
