#!/usr/bin/python
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_job_wait
short_description: Wait until RDS jobs finish, or until a DB instance is idle
version_added: 0.1.0
description:
  - Blocks until every given RDS job is finished (C(Completed) or C(Failed)), and fails with the
    cloud's C(fail_reason) when one failed.
  - Many jobs are waited on together, concurrently, in one task, sharing one connection pool.
  - With O(instance_id) alone, waits until the instance has no C(Running) task in the task list,
    for example before the next change to it. A change started a moment ago may not be listed yet;
    to wait for it, wait on its job id.
  - With O(instance_id) and O(workflow_id), asks the task center which job runs the workflow, then waits on
    it. When the task center's answer says the job's status and progress (as the official SDK's model does),
    the task center itself is polled, sub-tasks included (see RV(workflow)); when it has only the four
    fields its API document lists, the job is polled through the job API.
  - Throttling (429) lowers the request rate of the whole wait (a C(Retry-After) pauses it), gateway
    errors and dropped connections are retried until the deadline; authentication errors end the wait
    at once.
  - "When the task runs on the controller (the usual C(connection: local) or C(delegate_to: localhost)),
    each job's progress is shown in the play output as it changes, at most one line per job every few seconds.
    Otherwise, or under C(async), the module runs on its host and reports at the end."
author:
  - hwcloud.tasks maintainers (@hwcloud)
options:
  job_id:
    description:
      - One job id or a list of them, for example the C(job_id) an RDS create or resize call returned.
    type: list
    elements: str
  instance_id:
    description:
      - Without O(workflow_id), wait until this DB instance has no running task.
      - With O(workflow_id), the instance the workflow runs on.
    type: str
  workflow_id:
    description:
      - Task-center workflow to wait on; the job it names is resolved first. Requires O(instance_id).
    type: str
  workflow_name:
    description:
      - Workflow name, sent to the task center as text.
    type: str
  idle_for:
    description:
      - With O(instance_id) alone, seconds the instance must be seen idle, poll after poll, before the wait ends;
        one finished task is often followed by another the cloud starts itself (a backup after a creation).
        A poll that sees a task running again starts the count again. The instance is looked at again when the
        time is up, and in between as its schedule says.
      - Unset or V(0), the first poll that sees the instance idle ends the wait.
    type: float
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.wait
  - hwcloud.tasks.attributes
notes:
  - The result never has top-level C(started), C(finished) or C(failed) data keys, so it is safe under C(async).
seealso:
  - module: hwcloud.tasks.rds_task_info
"""

EXAMPLES = r"""
# Note: these examples do not set authentication details; see the connection options,
# or set them once for the whole play with module_defaults: group/hwcloud.tasks.cloud.

- name: Wait until the instance is created
  hwcloud.tasks.rds_job_wait:
    job_id: "{{ create_result.job_id }}"
    timeout: 3600

- name: Then until the instance stays idle for a minute (the backup the cloud starts after a creation included)
  hwcloud.tasks.rds_job_wait:
    instance_id: "{{ create_result.instance.id }}"
    idle_for: 60

- name: Wait on several jobs at once, and decide what to do with failures later
  hwcloud.tasks.rds_job_wait:
    job_id: "{{ resize_jobs | map(attribute='job_id') }}"
    fail_on_failed: false
  register: resized

- name: Report the failures with the cloud's reasons
  ansible.builtin.debug:
    msg: "{{ item.id }}: {{ item.fail_reason }}"
  loop: "{{ resized.jobs | selectattr('state', 'equalto', 'failed') }}"

- name: Wait until nothing runs on the instance before changing it again
  hwcloud.tasks.rds_job_wait:
    instance_id: a48e43ff268f4c0e879652d65e63d0fbin01

- name: Wait on a task-center workflow
  hwcloud.tasks.rds_job_wait:
    instance_id: 1ffc4167903840cb93a3da56d28c14fdin01
    workflow_id: 102772a9-31fa-4129-b9f8-7638e2792f3b

- name: A long wait in the background
  hwcloud.tasks.rds_job_wait:
    job_id: "{{ create_result.job_id }}"
    timeout: 7200
  async: 7300
  poll: 30
"""

RETURN = r"""
jobs:
  description: The final record of each job, in the order asked. Same fields as M(hwcloud.tasks.rds_task_info) returns.
  returned: when waiting on jobs or a workflow
  type: list
  elements: dict
  sample: [{"id": "31b8ae23-c687-4d80-b7b4-42a66c9bb886", "status": "Completed", "state": "succeeded",
            "progress": 100, "terminal": true, "found": true, "name": "CreateMysqlSingleHAInstance"}]
job:
  description:
    - The one job, when a single job (or a workflow) was waited on.
    - For a workflow polled in the task center, its last answer (as RV(workflow)), with C(id) and C(name)
      the job's.
  returned: when one job id or a workflow was given
  type: dict
workflow:
  description:
    - The task center's answer for O(workflow_id), with the normalised keys; the last one when the task center
      was polled, with each of its C(sub_task_list) normalised too. See M(hwcloud.tasks.rds_task_info).
  returned: when O(workflow_id) was given
  type: dict
idle:
  description: Whether the instance had no running task when the wait ended (for O(idle_for) seconds, when given).
  returned: when waiting on an instance
  type: bool
tasks:
  description: The instance's tasks still running when the wait ended (empty once idle).
  returned: when waiting on an instance
  type: list
  elements: dict
elapsed:
  description: Seconds the wait took.
  returned: always
  type: float
  sample: 42.3
polls:
  description: Polls made of the jobs (or the instance) waited on (each one read of a job's state).
  returned: always
  type: int
  sample: 7
requests:
  description: HTTP requests sent, retries and IAM calls included.
  returned: always
  type: int
  sample: 9
failed_jobs:
  description: Ids of the jobs that ended C(Failed).
  returned: always
  type: list
  elements: str
missing_jobs:
  description: Ids the cloud never knew during O(visibility_timeout).
  returned: always
  type: list
  elements: str
timed_out:
  description: Whether O(timeout) ran out before everything finished.
  returned: always
  type: bool
msg:
  description: What happened; on failure, each failed job with its name, instance, C(fail_reason) and request id,
    or on timeout the last state and progress of every job still running.
  returned: always
  type: str
  sample: >-
    job 31b8ae23 (CreateMysqlSingleHAInstance on instance a48e43ff 'mysql-prod') failed: createVM failed.
    (request id 5b2c)
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
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait


def main():
    HwCloudModule.run_operation(rds_job_wait)


if __name__ == "__main__":
    main()
