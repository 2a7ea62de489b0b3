"""The official Huawei Cloud Python SDK against the emulator: the emulator is only as good as this.

The SDK signs with AK/SK exactly as the cloud's gateway expects, and parses every answer into its
own models; each emulated API must pass through both, errors included.
"""

import datetime
import time

import pytest

pytest.importorskip("huaweicloudsdkcore")
pytest.importorskip("huaweicloudsdkrds")
pytest.importorskip("huaweicloudsdkkafka")

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkkafka.v2 import (  # noqa: E402
    KafkaClient,
    ListBackgroundTasksRequest,
    ListBackgroundTasksResponse,
    ListBackgroundTasksRespTasks,
    ShowBackgroundTaskRequest,
    ShowBackgroundTaskResponse,
    ShowInstanceRequest,
    ShowInstanceResponse,
)
from huaweicloudsdkrds.v3 import (  # noqa: E402
    GetJobInfoResponseBodyJob,
    ListJobInfoRequest,
    ListJobInfoResponse,
    ListTasksRequest,
    ListTasksResponse,
    RdsClient,
    ShowTaskDetailRequest,
    ShowTaskDetailResponse,
    SubTaskInfo,
    Task,
    TaskDetailRequest,
)

from ansible_collections.hwcloud.tasks.emulator import Emulator  # noqa: E402

pytestmark = [pytest.mark.sdk, pytest.mark.emulator]

SEED_FAILED_ID = "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886"


@pytest.fixture(scope="module")
def emu():
    """An emulator of its own, so that list answers hold only this module's records."""
    with Emulator(speed=20) as emulator:
        yield emulator


def build(client_class, emu, secret_key=None, http_config=None):
    credentials = emu.credentials
    keys = BasicCredentials(
        credentials["access_key"], secret_key or credentials["secret_key"], credentials["project_id"]
    )
    builder = client_class.new_builder().with_credentials(keys).with_endpoints([emu.url])
    if http_config is not None:
        builder = builder.with_http_config(http_config)
    return builder.build()


@pytest.fixture(scope="module")
def rds(emu):
    return build(RdsClient, emu)


@pytest.fixture(scope="module")
def kafka(emu):
    return build(KafkaClient, emu)


def create_job(emu, **spec):
    return emu.control("POST", "/_emulator/jobs", spec)


@pytest.mark.parametrize("job_id", [None, SEED_FAILED_ID, "задача ü/ 1"])
def test_list_job_info_running(emu, rds, job_id):
    job = create_job(emu, duration=3600, **({"id": job_id} if job_id else {}))
    answer = rds.list_job_info(ListJobInfoRequest(id=job["id"]))
    assert isinstance(answer, ListJobInfoResponse) and isinstance(answer.job, GetJobInfoResponseBodyJob)
    assert (answer.job.id, answer.job.name, answer.job.status) == (job["id"], "CreateMysqlSingleHAInstance", "Running")
    assert answer.job.process.endswith("% ")
    assert answer.job.instance.id == job["instance_id"]
    assert answer.job.entities.instance.datastore.type == "mysql"
    assert answer.job.fail_reason is None and answer.job.ended is None


def test_list_job_info_failed(emu, rds):
    job = create_job(emu, duration=0, outcome="Failed", fail_reason="createVM failed.")
    answer = rds.list_job_info(ListJobInfoRequest(id=job["id"]))
    assert (answer.job.status, answer.job.process, answer.job.fail_reason) == ("Failed", "", "createVM failed.")
    assert answer.job.ended == answer.job.created  # the model's end time (the API document leaves it out)


def test_list_job_info_unknown_job_is_an_sdk_client_error(emu, rds):
    with pytest.raises(ClientRequestException) as error:
        rds.list_job_info(ListJobInfoRequest(id="no such job"))
    assert (error.value.status_code, error.value.error_code) == (404, "DBS.280238")
    assert error.value.error_msg == "The job does not exist."
    assert error.value.request_id


def test_wrong_secret_key_is_an_sdk_client_error(emu):
    with pytest.raises(ClientRequestException) as error:
        build(RdsClient, emu, secret_key="wrong").list_job_info(ListJobInfoRequest(id="x"))
    assert (error.value.status_code, error.value.error_code) == (401, "APIGW.0301")


def test_list_tasks(emu, rds):
    before = int(time.time() * 1000) - 1000
    running = create_job(emu, id="sdk tasklist running", duration=3600)
    failed = create_job(emu, id="sdk tasklist failed", duration=0, outcome="Failed", instance_id=running["instance_id"])
    after = int(time.time() * 1000) + 1000
    answer = rds.list_tasks(
        ListTasksRequest(
            offset=0, limit=10, instance_id=running["instance_id"], start_time=str(before), end_time=str(after)
        )
    )
    assert isinstance(answer, ListTasksResponse)
    assert answer.total_count == 2 and answer.actions == ["CreateMysqlSingleHAInstance"]
    assert all(isinstance(task, Task) for task in answer.tasks)
    newest, oldest = answer.tasks
    assert (newest.id, newest.status, newest.fail_reason, newest.process) == (
        failed["id"],
        "Failed",
        "createVM failed.",
        "",
    )
    assert (oldest.id, oldest.status, oldest.instance_status) == (running["id"], "Running", "BUILD")
    assert oldest.process.isdigit()
    datetime.datetime.strptime(oldest.create_time, "%Y-%m-%dT%H:%M:%S%z")

    page = rds.list_tasks(ListTasksRequest(offset=1, limit=1, instance_id=running["instance_id"], status="Running"))
    assert (page.total_count, page.tasks) == (1, [])


def test_show_task_detail(emu, rds):
    job = create_job(emu, id="sdk workflow", duration=3600)
    request = ShowTaskDetailRequest(
        instance_id=job["instance_id"],
        body=TaskDetailRequest(workflow_id=job["id"], workflow_name="CreateMysqlSingleHAInstance"),
    )
    answer = rds.show_task_detail(request)
    assert isinstance(answer, ShowTaskDetailResponse)
    assert (answer.instance_id, answer.job_id, answer.job_name) == (job["instance_id"], job["id"], job["name"])
    assert answer.instance_name and answer.created_at and answer.update_at and answer.status == "Running"
    assert answer.process.endswith("%")
    assert all(isinstance(sub_task, SubTaskInfo) for sub_task in answer.sub_task_list)
    assert [(sub_task.sub_task_name, sub_task.status) for sub_task in answer.sub_task_list] == [("precheck", "Running")]
    assert answer.sub_task_list[0].percent.isdigit() and answer.sub_task_list[0].remaining_time.isdigit()
    assert answer.x_request_id


def test_show_task_detail_as_documented(emu, rds):
    job = create_job(emu, id="sdk workflow documented", duration=3600)
    emu.control("POST", "/_emulator/settings", {"task_center_answer": "documented"})
    try:
        answer = rds.show_task_detail(
            ShowTaskDetailRequest(instance_id=job["instance_id"], body=TaskDetailRequest(workflow_id=job["id"]))
        )
    finally:
        emu.control("POST", "/_emulator/settings", {"task_center_answer": "sdk"})
    assert (answer.job_id, answer.job_name) == (job["id"], job["name"])
    assert (answer.status, answer.process, answer.sub_task_list) == (None, None, None)


def test_kafka_list_and_show_background_tasks(emu, kafka):
    first = emu.control("POST", "/_emulator/dms-tasks", {"engine": "kafka", "duration": 0, "params": {"a": 1}})
    # CREATED for a tenth of its duration: 180 s at speed 20, however slow the machine.
    second = emu.control("POST", "/_emulator/dms-tasks", {"instance_id": first["instance_id"], "duration": 36000})
    now = datetime.datetime.now(datetime.UTC)
    window = {
        "begin_time": (now - datetime.timedelta(minutes=5)).strftime("%Y%m%d%H%M%S"),
        "end_time": (now + datetime.timedelta(minutes=5)).strftime("%Y%m%d%H%M%S"),
    }
    listed = kafka.list_background_tasks(
        ListBackgroundTasksRequest(instance_id=first["instance_id"], start=1, limit=10, **window)
    )
    assert isinstance(listed, ListBackgroundTasksResponse) and listed.task_count == "2"
    assert all(isinstance(task, ListBackgroundTasksRespTasks) for task in listed.tasks)
    assert [task.id for task in listed.tasks] == [second["id"], first["id"]]
    assert listed.tasks[1].status == "SUCCESS" and listed.tasks[1].params == '{"a":1}'

    page = kafka.list_background_tasks(ListBackgroundTasksRequest(instance_id=first["instance_id"], start=2, limit=1))
    assert [task.id for task in page.tasks] == [first["id"]]

    shown = kafka.show_background_task(
        ShowBackgroundTaskRequest(instance_id=first["instance_id"], task_id=second["id"])
    )
    assert isinstance(shown, ShowBackgroundTaskResponse) and shown.task_count == "1"
    assert [(task.id, task.status) for task in shown.tasks] == [(second["id"], "CREATED")]


def test_kafka_show_instance(emu, kafka):
    task = emu.control("POST", "/_emulator/dms-tasks", {"engine": "kafka", "duration": 0})
    shown = kafka.show_instance(ShowInstanceRequest(instance_id=task["instance_id"]))
    assert isinstance(shown, ShowInstanceResponse)
    assert (shown.instance_id, shown.engine, shown.status) == (task["instance_id"], "kafka", "RUNNING")
    with pytest.raises(ClientRequestException) as error:
        kafka.show_instance(ShowInstanceRequest(instance_id="no-such-instance"))
    assert (error.value.status_code, error.value.error_code) == (404, "DMS.00404022")


def test_kafka_task_created_to_appear_late(emu, kafka):
    # 10 emulated minutes are 30 real seconds at speed 20: not listed yet, however slow the machine.
    late = emu.control("POST", "/_emulator/dms-tasks", {"engine": "kafka", "duration": 0, "visible_after": 600})
    listed = kafka.list_background_tasks(ListBackgroundTasksRequest(instance_id=late["instance_id"]))
    assert (listed.task_count, listed.tasks) == ("0", [])


def test_sdk_over_tls_with_the_emulator_ca():
    with Emulator(speed=20, tls=True) as emulator:
        job = create_job(emulator, id=SEED_FAILED_ID, duration=0)
        config = HttpConfig.get_default_config()
        config.ssl_ca_cert = emulator.ca_file
        answer = build(RdsClient, emulator, http_config=config).list_job_info(ListJobInfoRequest(id=job["id"]))
        assert (answer.job.id, answer.job.status) == (SEED_FAILED_ID, "Completed")
