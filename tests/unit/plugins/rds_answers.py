"""RDS answers for tests of the code that reads them: jobs, task lists and task-center details, the
routes of ``FakeClient``, and jobs that run on a ``SimulatedTime``."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError

JOBS = "/v3/{project_id}/jobs"
TASK_LIST = "/v3/{project_id}/tasklist"
TASK_CENTER = "/v3/{project_id}/instances/{instance_id}/task-center-detail"

CREATED = "2026-11-23T10:00:00+0000"  # simulated_time.EPOCH: jobs start when the test does
FAIL_REASON = "createVM failed."


def job(job_id, status="Running", process="", **fields):
    """A job as ``GET /v3/{project_id}/jobs`` answers it under ``job``, on instance ``inst``."""
    return dict({"id": job_id, "name": "CreateMysqlSingleHAInstance", "status": status, "created": CREATED,
                 "process": process, "instance": {"id": "inst", "name": "mysql-prod"}}, **fields)


def task(task_id, status="Running", process=40, **fields):
    """A task-list entry on instance ``inst``."""
    return dict({"id": task_id, "name": "CreateMysqlSingleHAInstance", "instance_id": "inst",
                 "instance_name": "mysql-prod", "instance_status": "BUILD", "order_id": "", "process": process,
                 "create_time": CREATED, "end_time": "", "status": status}, **fields)


def workflow(job_id="j1"):
    """A task-center detail naming ``job_id``."""
    return {"instance_id": "inst", "instance_name": "mysql-prod", "job_id": job_id,
            "job_name": "CreateMysqlSingleHAInstance"}


def unknown(code="DBS.280238", message="The job does not exist."):
    """How RDS answers an id it does not know (yet)."""
    return NotFoundError("GET ... failed", status=404, error_code=code, error_msg=message, request_id="rid")


def jobs_running(time, durations, failed=()):
    """``JOBS`` route: each job of ``durations`` runs from 0 for its seconds, its progress in step, then
    ends Completed (Failed with ``FAIL_REASON`` if in ``failed``); other ids are unknown."""

    def answer(path_params, params):
        job_id = params["id"]
        if job_id not in durations:
            return unknown()
        if time.now < durations[job_id]:
            return {"job": job(job_id, "Running", "%d%% " % (100 * time.now / durations[job_id]))}
        if job_id in failed:
            return {"job": job(job_id, "Failed", fail_reason=FAIL_REASON)}
        return {"job": job(job_id, "Completed")}
    return answer


def tasks_running_until(time, seconds, process=40):
    """``TASK_LIST`` route: instance ``inst`` has one running task until ``seconds``, then none."""

    def answer(path_params, params):
        running = [task("t1", process=process)] if time.now < seconds else []
        return {"total_count": len(running), "actions": [], "tasks": running}
    return answer


def workflow_known_after(time, seconds, job_id="j1"):
    """``TASK_CENTER`` route: the workflow is unknown until ``seconds``, then names ``job_id``."""

    def answer(path_params, params):
        return workflow(job_id) if time.now >= seconds else unknown("DBS.280343", "The workflow does not exist.")
    return answer
