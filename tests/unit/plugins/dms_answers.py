"""DMS answers for tests of the code that reads them: the seed's task, a not-found error, answers in turn,
and a simulated DMS whose tasks run on a simulated clock."""

import datetime

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError
from tests.unit.plugins.fake_client import ClientHooks
from tests.unit.plugins.simulated_time import EPOCH, SimulatedTime

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


class SimulatedDms(ClientHooks, SimulatedTime):
    """A client of a DMS whose tasks run on a simulated clock that sleeps instantly (``clock``, ``sleep``).

    ``add(name, duration, outcome, visible_after)`` starts a task now: CREATED, EXECUTING, then its
    outcome; listed newest first from ``visible_after`` seconds on.  Answers as the cloud does:
    ShowInstance, the task list (``start``/``limit`` paging) and one task; an unknown instance is
    DMS.00404022.  ``timing()`` are the waiter's clock options.
    """

    def __init__(self, instances=("inst",)):
        SimulatedTime.__init__(self)
        self.instances = set(instances)
        self.tasks = []  # oldest first
        self.calls = []
        self.requests_sent = 0

    def timing(self):
        return dict(clock=self.clock, sleep=self.sleep, now_utc=self.now_utc, rand=lambda: 0.5)

    def add(self, name="bindInstancePublicIp", duration=10.0, outcome="SUCCESS", visible_after=0.0,
            instance_id="inst"):
        task = dict(id="task-%d" % (len(self.tasks) + 1), name=name, instance_id=instance_id, created=self.now,
                    duration=duration, outcome=outcome, visible_after=visible_after)
        self.tasks.append(task)
        return task["id"]

    def _when(self, seconds):
        return (EPOCH + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def _answer(self, task):
        ends = task["created"] + task["duration"]
        if self.now >= ends:
            status, updated = task["outcome"], ends
        elif self.now < task["created"] + task["duration"] / 10:
            status, updated = "CREATED", task["created"]
        else:
            status, updated = "EXECUTING", task["created"] + task["duration"] / 10
        return {"id": task["id"], "name": task["name"], "params": "{}", "status": status,
                "created_at": self._when(task["created"]), "updated_at": self._when(updated)}

    def visible(self, instance_id):
        return [task for task in reversed(self.tasks)
                if task["instance_id"] == instance_id and self.now >= task["created"] + task["visible_after"]]

    # the client
    def project_id(self, deadline=None):
        return "proj"

    def last_request_id(self):
        return "req-%d" % self.requests_sent

    def call(self, service, method, path, path_params=None, params=None, schema=None, deadline=None, **_):
        self.requests_sent += 1
        self.calls.append(dict(service=service, path=path, path_params=path_params, params=params, at=self.now))
        instance_id = path_params["instance_id"]
        if instance_id not in self.instances:
            raise not_found("DMS.00404022", "The instance does not exist.")
        if path.endswith("/tasks/{task_id}"):
            matching = [task for task in self.visible(instance_id) if task["id"] == path_params["task_id"]]
            if not matching:
                raise not_found()
            return {"task_count": "1", "tasks": [self._answer(matching[0])]}
        if path.endswith("/tasks"):
            listed = [task for task in self.visible(instance_id)
                      if self._when(task["created"])[:19].replace("-", "").replace("T", "").replace(":", "")
                      >= params.get("begin_time", "")]
            page = listed[params["start"] - 1:params["start"] - 1 + params["limit"]]
            return {"task_count": str(len(listed)), "tasks": [self._answer(task) for task in page]}
        return {"instance_id": instance_id, "name": "mq", "status": "RUNNING"}
