"""DMS answers for tests of the code that reads them: the seed's task, a not-found error, answers in turn."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError

# The seed's example task (dms-background-tasks.txt).
SEED_TASK = {
    "id": "ff80808272dcc90f0172df1e490f41b0",
    "name": "bindInstancePublicIp",
    "user_name": "dms_test",
    "user_id": "xxxxxxxx93ff484a828144c6xxxxxxxx",
    "params": "{\"public_ip_id\":\"06a13350-4305-4338-9f0e-6b322bb1413d\",\"public_ip_address\":\"xx.xx.xx.xx\","
              "\"enable_public_ip\":true}",
    "status": "SUCCESS",
    "created_at": "2020-06-23T03:00:03.471Z",
    "updated_at": "2020-06-23T03:00:08.130Z",
}


def task(task_id, status="EXECUTING", **fields):
    return dict(SEED_TASK, id=task_id, status=status, **fields)


def not_found(code="DMS.00404050", message="The background task does not exist."):
    return NotFoundError("GET ... failed", status=404, error_code=code, error_msg=message, request_id="rid")


def one(status, **fields):
    """A one-task answer of task ``t``."""
    return {"task_count": "1", "tasks": [task("t", status, **fields)]}


def sequence(*answers):
    """Answers in turn; the last one again once they run out."""
    remaining = list(answers)

    def answer(path_params, params):
        return remaining.pop(0) if len(remaining) > 1 else remaining[0]
    return answer
