#!/usr/bin/python
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dms_task_info
short_description: Read, and wait on, the background tasks of Kafka, RabbitMQ and RocketMQ instances
version_added: 0.1.0
description:
  - Reads the background tasks of a Distributed Message Service (DMS) instance, Kafka, RabbitMQ or
    RocketMQ (binding a public IP, resizing, restarting, ...), on Huawei Cloud and Open Telekom Cloud,
    and waits on them. Each engine is asked at its own service endpoint (see O(endpoints)).
  - With O(task_id), reads those tasks (C(GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}),
    several concurrently). A task the cloud does not know comes back with RV(tasks[].found=false) instead
    of failing the task.
  - With O(task_name), reads the newest task of that name (created from O(begin_time) on, when given),
    for operations whose answer carries no task id.
  - Otherwise lists the instance's tasks (C(GET /v2/{project_id}/instances/{instance_id}/tasks)),
    optionally created between O(begin_time) and O(end_time), every page (50 tasks a page, fetched
    concurrently after the first), or one page when O(start) or O(limit) is set.
  - With O(wait), blocks until every task of O(task_id) is finished (C(SUCCESS), C(FAILED), C(CANCELLED)
    or C(DELETED)), all of them together, concurrently; or until the newest task of O(task_name) is listed
    and finished (a name not listed yet is waited for up to O(visibility_timeout)); or, given neither,
    until the instance has no unfinished task (C(CREATED) or C(EXECUTING)), see RV(idle).
  - A wait fails when a task ends C(FAILED) (see O(fail_on_failed)), when O(timeout) runs out, or at once
    when the cloud does not know a task id (DMS lists a task as soon as it exists, so an unknown id is a
    wrong one, not a task that is not visible yet). A task that ends C(CANCELLED) or C(DELETED) ends the
    wait without failing it, and RV(msg) says so. Throttling and gateway errors are retried until the
    deadline.
  - A wait until the instance is idle first makes sure the instance exists
    (C(GET /v2/{project_id}/instances/{instance_id})), since an empty task list cannot tell an idle
    instance from a mistyped id.
  - "When the task runs on the controller (the usual C(connection: local) or C(delegate_to: localhost)),
    each task's progress is shown in the play output as it changes, at most one line per task every few
    seconds."
  - Every task comes back with the cloud's own fields plus the same normalised keys as the other modules
    of this collection (RV(tasks[].state), RV(tasks[].progress), RV(tasks[].created_at),
    RV(tasks[].finished_at), RV(tasks[].terminal)), and its C(params) decoded in RV(tasks[].params_decoded).
author:
  - hwcloud.tasks maintainers (@hwcloud)
options:
  engine:
    description:
      - The instance's engine; each engine's API has its own endpoint.
    type: str
    required: true
    choices: [kafka, rabbitmq, rocketmq]
  instance_id:
    description:
      - Id of the Kafka, RabbitMQ or RocketMQ instance.
    type: str
    required: true
  task_id:
    description:
      - Read (or with O(wait), wait on) only these tasks; one id or a list of them, returned in the order given.
      - Cannot be used with O(task_name), O(begin_time), O(end_time), O(start) or O(limit).
    type: list
    elements: str
  task_name:
    description:
      - Read (or with O(wait), wait on) the newest task of this name, for example V(bindInstancePublicIp),
        for an operation whose answer carries no task id.
      - Give O(begin_time) (a moment before the operation started) so that an older task of the same name
        is not taken for it.
      - Cannot be used with O(task_id), O(start) or O(limit).
    type: str
  begin_time:
    description:
      - Only the tasks created from this time on.
      - ISO 8601 (C(2026-11-23T10:00:00Z), C(2026-11-23T18:00:00+08:00)), C(YYYY-MM-DD HH:MM:SS) in UTC,
        or UNIX epoch milliseconds. Sent to the cloud as C(YYYYMMDDHHmmss) in UTC.
    type: str
  end_time:
    description:
      - Only the tasks created up to this time. Same formats as O(begin_time).
    type: str
  start:
    description:
      - Read one page, from the task at this position (C(1) is the newest task). Not with O(wait).
      - The API document's table calls this parameter C(offset); C(start) is what its example request
        and the official SDK send.
    type: int
  limit:
    description:
      - Read one page of at most this many tasks, from C(1) to C(50). Not with O(wait).
    type: int
  wait:
    description:
      - Wait until the tasks of O(task_id), the task of O(task_name), or (given neither) the instance are done.
    type: bool
    default: false
  idle_for:
    description:
      - With O(wait) and neither O(task_id) nor O(task_name), seconds the instance must be seen without an
        unfinished task, poll after poll, before the wait ends; a poll that sees a task again starts the count
        again. Unset or V(0), the first poll that sees the instance idle ends the wait.
    type: float
  timeout:
    description:
      - With O(wait), seconds to wait in all. The wait ends within one poll of it, and fails with the last
        state of every task (or of the instance) still unfinished.
      - The alias O(wait_timeout) is deprecated and will be removed in release 1.0.0.
    type: float
    default: 1800
    aliases: [wait_timeout]
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.wait
  - hwcloud.tasks.attributes
notes:
  - The result never has top-level C(started), C(finished) or C(failed) data keys, so it is safe under C(async).
seealso:
  - module: hwcloud.tasks.rds_task_info
  - module: hwcloud.tasks.rds_job_wait
"""

EXAMPLES = r"""
# Note: these examples do not set authentication details; see the connection options,
# or set them once for the whole play with module_defaults: group/hwcloud.tasks.cloud.

- name: Every background task of a Kafka instance, across all pages
  hwcloud.tasks.dms_task_info:
    engine: kafka
    instance_id: 6f4b1e0c-8a9d-4c3e-b2a1-0d5e7f9a1b2c
  register: kafka_tasks

- name: Show the ones still running
  ansible.builtin.debug:
    msg: "{{ item.name }} since {{ item.created_at }}: {{ item.params_decoded }}"
  loop: "{{ kafka_tasks.tasks | rejectattr('terminal') }}"

- name: RabbitMQ tasks created in a time window
  hwcloud.tasks.dms_task_info:
    engine: rabbitmq
    instance_id: 0b3c8e1d-2f4a-4b6c-9d8e-7a6b5c4d3e2f
    begin_time: "2026-11-23 00:00:00"
    end_time: "2026-11-23T12:00:00Z"
  register: window

- name: The ten newest tasks of a RocketMQ instance
  hwcloud.tasks.dms_task_info:
    engine: rocketmq
    instance_id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
    limit: 10

- name: Read one task
  hwcloud.tasks.dms_task_info:
    engine: kafka
    instance_id: 6f4b1e0c-8a9d-4c3e-b2a1-0d5e7f9a1b2c
    task_id: ff80808272dcc90f0172df1e490f41b0
  register: one

- name: Wait until binding the public IP is done; fails if the task ends FAILED
  hwcloud.tasks.dms_task_info:
    engine: kafka
    instance_id: 6f4b1e0c-8a9d-4c3e-b2a1-0d5e7f9a1b2c
    task_id: ff80808272dcc90f0172df1e490f41b0
    wait: true
    timeout: 600
  register: bound

- name: Note when the operation starts
  ansible.builtin.set_fact:
    resize_started: "{{ now(utc=true).strftime('%Y-%m-%dT%H:%M:%SZ') }}"

- name: Wait on two tasks together
  hwcloud.tasks.dms_task_info:
    engine: rabbitmq
    instance_id: 0b3c8e1d-2f4a-4b6c-9d8e-7a6b5c4d3e2f
    task_id: [ff80808272dcc90f0172df1e490f41b0, ff80808272dcc90f0172df1e490f41b1]
    wait: true
  register: both

- name: Wait on the task of an operation that returned no task id, by its name
  hwcloud.tasks.dms_task_info:
    engine: kafka
    instance_id: 6f4b1e0c-8a9d-4c3e-b2a1-0d5e7f9a1b2c
    task_name: resizeInstance
    begin_time: "{{ resize_started }}"
    wait: true
    timeout: 3600

- name: Wait until nothing runs on the RocketMQ instance any more
  hwcloud.tasks.dms_task_info:
    engine: rocketmq
    instance_id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
    wait: true
  register: quiet

- name: Against the bundled emulator (bin/hwtasks emulator)
  hwcloud.tasks.dms_task_info:
    engine: kafka
    instance_id: "{{ demo_instance_id }}"
    endpoints:
      dms: http://127.0.0.1:8080
      iam: http://127.0.0.1:8080
"""

RETURN = r"""
tasks:
  description:
    - The listed tasks, newest first, as the cloud orders them; with O(task_id), those tasks in the order
      given; with O(task_name), the one task of that name.
    - With O(wait) and neither O(task_id) nor O(task_name), the instance's tasks still unfinished when the
      wait ended (empty once RV(idle)).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Task id.
      type: str
      sample: ff80808272dcc90f0172df1e490f41b0
    name:
      description: Task name.
      type: str
      sample: bindInstancePublicIp
    user_name:
      description: Name of the user who started the task.
      type: str
      sample: dms_test
    user_id:
      description: Id of the user who started the task.
      type: str
    params:
      description: The task's parameters, as the cloud gives them (a JSON document inside a string).
      type: str
      sample: '{"public_ip_id":"06a13350-4305-4338-9f0e-6b322bb1413d","enable_public_ip":true}'
    params_decoded:
      description: RV(tasks[].params) decoded; V(null) when it is empty or not JSON.
      type: raw
      sample: {"public_ip_id": "06a13350-4305-4338-9f0e-6b322bb1413d", "enable_public_ip": true}
    status:
      description: The cloud's status, C(CREATED), C(EXECUTING), C(SUCCESS), C(FAILED), C(CANCELLED) or C(DELETED).
      type: str
      sample: SUCCESS
    updated_at:
      description: When the task last changed (its end, once it is over), as the cloud gives it.
      type: str
      sample: "2020-06-23T03:00:08.130Z"
    state:
      description:
        - Normalised state, C(pending) (CREATED), C(running) (EXECUTING), C(succeeded) (SUCCESS), C(failed),
          C(cancelled) or C(deleted); C(unknown) for a status no document lists.
        - V(null) when the task was not found.
      type: str
      sample: succeeded
    progress:
      description: Percent done; DMS does not give it, so V(100) once succeeded and V(null) otherwise.
      type: int
      sample: 100
    created_at:
      description: Creation time in ISO 8601 UTC (the cloud's own C(created_at), normalised).
      type: str
      sample: "2020-06-23T03:00:03.471Z"
    finished_at:
      description: End time in ISO 8601 UTC once the task is over, else V(null).
      type: str
      sample: "2020-06-23T03:00:08.130Z"
    terminal:
      description: Whether the task can no longer change.
      type: bool
      sample: true
    found:
      description: Whether the cloud knows the task (for O(task_name), whether a task of that name is listed);
        always V(true) in a listing.
      type: bool
      sample: true
    error_code:
      description: The cloud's error code for a task that was not found.
      type: str
      sample: DMS.00404050
    error_msg:
      description: The cloud's error message for a task that was not found.
      type: str
    request_id:
      description: Request id of the answer for a task that was not found.
      type: str
task:
  description: The one task, when O(task_id) names one task, or with O(task_name). Same fields as RV(tasks[]).
  returned: when O(task_id) names one task, or O(task_name) is given
  type: dict
  sample: {"id": "ff80808272dcc90f0172df1e490f41b0", "name": "bindInstancePublicIp", "status": "EXECUTING",
           "state": "running", "terminal": false, "found": true}
total:
  description:
    - How many tasks match, as the cloud counts them (not only the page read); an integer, although the cloud
      sends C(task_count) as a string.
    - With O(task_id) or O(task_name), how many of the tasks were found.
    - With O(wait) and neither O(task_id) nor O(task_name), how many tasks are still unfinished.
  returned: always
  type: int
  sample: 120
idle:
  description:
    - Whether the instance had no unfinished task (C(CREATED) or C(EXECUTING)) when the wait ended (for
      O(idle_for) seconds, when given).
  returned: when O(wait) is true and neither O(task_id) nor O(task_name) is given
  type: bool
  sample: true
elapsed:
  description: Seconds the wait took.
  returned: when O(wait) is true
  type: float
  sample: 42.3
polls:
  description: Polls made of the tasks (or the instance) waited on (each one read of their state).
  returned: when O(wait) is true
  type: int
  sample: 7
requests:
  description: HTTP requests sent, retries and IAM calls included.
  returned: when O(wait) is true
  type: int
  sample: 9
timed_out:
  description: Whether O(timeout) ran out before everything finished.
  returned: when O(wait) is true
  type: bool
  sample: false
failed_tasks:
  description: Ids of the tasks waited on that ended C(FAILED).
  returned: when O(wait) is true
  type: list
  elements: str
  sample: []
missing_tasks:
  description: Ids (or the O(task_name)) the cloud did not know; a name is waited for up to O(visibility_timeout).
  returned: when O(wait) is true
  type: list
  elements: str
  sample: []
msg:
  description:
    - How the wait ended; on failure, each failed task with its name, id, instance and request id, or on
      timeout the last state of everything unfinished. A task that ended C(CANCELLED) or C(DELETED) is named.
  returned: when O(wait) is true
  type: str
  sample: >-
    2 of 2 finished in 41.7 s; kafka task ff80808272dcc90f0172df1e490f41b1 (restartInstance on instance
    6f4b1e0c) cancelled
request_trace:
  description:
    - One line per HTTP request and retry (method, URL, status, request id, milliseconds), never a credential.
    - Only at verbosity 4 (C(-vvvv)) and when the module runs on its host; on the controller the lines are
      shown in the play output as they happen instead.
  returned: at -vvvv, on the module path
  type: list
  elements: str
  sample:
    - "GET https://rds.eu-de.otc.t-systems.com/v3/0483b6b1/jobs?id=31b8ae23 -> HTTP 200 (request id 5b2c) after 84 ms"
"""

from ansible_collections.hwcloud.tasks.plugins.module_utils._module import HwCloudModule
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info


def main():
    HwCloudModule.run_operation(dms_task_info)


if __name__ == "__main__":
    main()
