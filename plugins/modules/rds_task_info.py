#!/usr/bin/python
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_task_info
short_description: Read RDS jobs, the RDS task list and task-center workflows
version_added: 0.1.0
description:
  - Reads the asynchronous tasks of RDS (creating, resizing, switching over a DB instance, ...) on
    Huawei Cloud and Open Telekom Cloud, through one of three APIs chosen by the options given.
  - With O(job_id), reads jobs by id (C(GET /v3/{project_id}/jobs?id=)), several concurrently.
    A job id the cloud does not know comes back with RV(jobs[].found=false) instead of failing the task;
    new jobs are not visible for several seconds after they are created.
  - With O(instance_id) and O(workflow_id), asks the task center which job a workflow is
    (C(POST /v3/{project_id}/instances/{instance_id}/task-center-detail)) and, with O(resolve_job), reads that job.
  - Otherwise lists tasks (C(GET /v3/{project_id}/tasklist)) with the filters given, every page
    (50 tasks a page, fetched concurrently after the first), or one page when O(offset) or O(limit) is set.
  - Every task comes back with the cloud's own fields plus the same normalised keys
    (RV(tasks[].state), RV(tasks[].progress), RV(tasks[].created_at), RV(tasks[].finished_at), RV(tasks[].terminal)),
    whichever cloud and time format answered.
author:
  - hwcloud.tasks maintainers (@hwcloud)
options:
  job_id:
    description:
      - One job id or a list of them. Ids are opaque text and may contain spaces.
      - Cannot be used with the task-list filters or O(workflow_id).
    type: list
    elements: str
  instance_id:
    description:
      - With O(workflow_id), the DB instance the workflow runs on.
      - Otherwise, lists only the tasks of this DB instance. When none is listed, the instance is looked up
        once, and an instance the project does not have fails the task (C(no RDS instance ... in project ...))
        rather than returning an empty list.
    type: str
  workflow_id:
    description:
      - Workflow id to look up in the task center of O(instance_id).
    type: str
  workflow_name:
    description:
      - Workflow name, for example C(CreateMysqlSingleHAInstance). Sent as text
        (the API reference types it as an integer, but it is a name).
    type: str
  resolve_job:
    description:
      - With O(workflow_id), also read the job the task center names, returned in RV(job).
    type: bool
    default: true
  task_id:
    description:
      - Lists only the task with this id.
    type: str
    aliases: [id]
  order_id:
    description:
      - Lists only the tasks of this order.
    type: str
  name:
    description:
      - Lists only the tasks of this name, for example C(CreateMysqlSingleHAInstance).
    type: str
  status:
    description:
      - Lists only the tasks in this status, C(Running), C(Completed) or C(Failed), in any case.
    type: str
  start_time:
    description:
      - Lists only the tasks created from this time on. Requires O(end_time).
      - ISO 8601 (C(2026-11-23T10:00:00Z), C(2026-11-23T18:00:00+08:00)), C(YYYY-MM-DD HH:MM:SS) in UTC,
        or UNIX epoch milliseconds. Sent to the cloud as epoch milliseconds.
    type: str
  end_time:
    description:
      - Lists only the tasks created up to this time. Requires O(start_time). Same formats as O(start_time).
    type: str
  offset:
    description:
      - Read one page, starting after this many tasks (C(0) is the first task).
    type: int
  limit:
    description:
      - Read one page of at most this many tasks, from C(1) to C(50).
    type: int
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.attributes
"""

EXAMPLES = r"""
# Note: these examples do not set authentication details; see the connection options,
# or set them once for the whole play with module_defaults: group/hwcloud.tasks.cloud.

- name: Read the job that creates an instance
  hwcloud.tasks.rds_task_info:
    job_id: 31b8ae23-c687-4d80-b7b4-42a66c9bb886
  register: created

- name: Show how far it is
  ansible.builtin.debug:
    msg: "{{ created.job.name }} is {{ created.job.state }} ({{ created.job.progress }}%)"

- name: Read several jobs at once
  hwcloud.tasks.rds_task_info:
    job_id:
      - 31b8ae23-c687-4d80-b7b4-42a66c9bb886
      - 0c4a3e5b-1b0e-4a57-9d3e-5b0f1f3e2a10
  register: several

- name: List the jobs that failed, with the cloud's reason
  ansible.builtin.debug:
    msg: "{{ item.id }}: {{ item.fail_reason }}"
  loop: "{{ several.jobs | selectattr('state', 'equalto', 'failed') }}"

- name: Running tasks of one instance, across all pages
  hwcloud.tasks.rds_task_info:
    instance_id: a48e43ff268f4c0e879652d65e63d0fbin01
    status: running
  register: running

- name: Tasks created in a time window
  hwcloud.tasks.rds_task_info:
    start_time: "2026-11-23 00:00:00"
    end_time: "2026-11-23T12:00:00Z"
  register: window

- name: The job behind a task-center workflow
  hwcloud.tasks.rds_task_info:
    instance_id: 1ffc4167903840cb93a3da56d28c14fdin01
    workflow_id: 102772a9-31fa-4129-b9f8-7638e2792f3b
    workflow_name: CreateMysqlSingleHAInstance
  register: workflow

- name: Against the bundled emulator (bin/hwtasks emulator)
  hwcloud.tasks.rds_task_info:
    job_id: "{{ demo_job_id }}"
    endpoints:
      rds: http://127.0.0.1:8080
      iam: http://127.0.0.1:8080
"""

RETURN = r"""
jobs:
  description: The jobs, in the order their ids were given.
  returned: when O(job_id) is given
  type: list
  elements: dict
  contains:
    id:
      description: Job id.
      type: str
      sample: 31b8ae23-c687-4d80-b7b4-42a66c9bb886
    name:
      description: Job name, as the cloud gives it.
      type: str
      sample: CreateMysqlSingleHAInstance
    status:
      description: The cloud's status, C(Running), C(Completed) or C(Failed).
      type: str
      sample: Running
    created:
      description: Creation time as the cloud gives it.
      type: str
      sample: "2018-08-06T10:41:14+0000"
    ended:
      description: End time as the cloud gives it, once the job is over.
      type: str
      sample: "2018-08-06T10:52:31+0000"
    process:
      description: Progress text as the cloud gives it (C(60%) while running, empty when done).
      type: str
      sample: "60%"
    instance:
      description: The DB instance the job works on, C(id) and C(name).
      type: dict
      sample: {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "mysql-prod"}
    entities:
      description: Details that depend on the kind of job (see the RDS API reference).
      type: dict
    fail_reason:
      description: Why the job failed, as the cloud says it. Only on failed jobs.
      type: str
      sample: createVM failed.
    state:
      description:
        - Normalised state, C(running), C(succeeded) or C(failed) (C(unknown) for a status no document lists).
        - V(null) when the job was not found.
      type: str
      sample: running
    progress:
      description: Percent done, an integer; 100 once succeeded, V(null) when unknown.
      type: int
      sample: 60
    created_at:
      description: Creation time in ISO 8601 UTC.
      type: str
      sample: "2018-08-06T10:41:14Z"
    finished_at:
      description:
        - End time in ISO 8601 UTC, from the job's C(ended), once the job is over; V(null) while it runs.
        - C(ended) is not in the API document, but the cloud and the official SDK's model have it; an answer
          without it leaves this V(null).
      type: str
      sample: "2018-08-06T10:52:31Z"
    terminal:
      description: Whether the job can no longer change.
      type: bool
      sample: false
    found:
      description: Whether the cloud knows the job. A job is not visible for several seconds after it is created.
      type: bool
      sample: true
    error_code:
      description: The cloud's error code for a job that was not found.
      type: str
      sample: DBS.280238
    error_msg:
      description: The cloud's error message for a job that was not found.
      type: str
    request_id:
      description: Request id of the answer for a job that was not found.
      type: str
job:
  description:
    - The one job, when a single O(job_id) was given, or the job a workflow names (with O(resolve_job)).
    - Same fields as RV(jobs[]).
  returned: when one job id, or a workflow with O(resolve_job), is given
  type: dict
  sample: {"id": "31b8ae23-c687-4d80-b7b4-42a66c9bb886", "status": "Running", "state": "running", "progress": 60}
workflow:
  description: The task center's answer for O(workflow_id), with the normalised keys.
  returned: when O(workflow_id) is given
  type: dict
  contains:
    instance_id:
      description: DB instance id.
      type: str
    instance_name:
      description: DB instance name.
      type: str
    job_id:
      description: Id of the job that runs the workflow.
      type: str
      sample: 102772a9-31fa-4129-b9f8-7638e2792f3b
    job_name:
      description: Name of that job.
      type: str
      sample: CreateMysqlSingleHAInstance
    id:
      description: RV(workflow.job_id) again, under the name every record of this collection has.
      type: str
    name:
      description: RV(workflow.job_name) again, under the name every record of this collection has.
      type: str
    status:
      description:
        - The job's status, C(Running), C(Completed) or C(Failed). The API document lists only the four
          fields above; the official SDK's model, and the cloud, also answer with this and the next fields.
      type: str
    process:
      description: The job's progress as the cloud gives it, for example C(60%).
      type: str
    created_at:
      description: When the job was created, in ISO 8601 UTC (the cloud's own value, normalised).
      type: str
    update_at:
      description: When the job last changed, as the cloud gives it.
      type: str
    sub_task_list:
      description: The job's sub-tasks as the cloud gives them, each with the same normalised keys.
      type: list
      elements: dict
      contains:
        sub_task_name:
          description: Name of the sub-task.
          type: str
        percent:
          description: Its progress, as the cloud gives it.
          type: str
        status:
          description: Its status.
          type: str
        executed_time:
          description: How long it has run, as the cloud gives it.
          type: str
        remaining_time:
          description: How long it should still take, as the cloud gives it.
          type: str
        state:
          description: Normalised state, as for RV(workflow.state).
          type: str
        progress:
          description: RV(workflow.sub_task_list[].percent) as an integer percent, or V(null).
          type: int
        terminal:
          description: Whether the sub-task can no longer change.
          type: bool
    state:
      description: Normalised state when the answer carries a status, else C(unknown).
      type: str
    progress:
      description: RV(workflow.process) as an integer percent, V(null) when the answer does not say.
      type: int
    terminal:
      description: Whether the job can no longer change; V(false) when the answer carries no status.
      type: bool
tasks:
  description: The listed tasks, newest first, as the cloud orders them.
  returned: when listing (neither O(job_id) nor O(workflow_id) given)
  type: list
  elements: dict
  contains:
    id:
      description: Task id.
      type: str
      sample: 676e9f17f9b74289883a44a47b8101f5
    name:
      description: Task name.
      type: str
      sample: RestoreSqlserverInInstance
    instance_id:
      description: DB instance id.
      type: str
    instance_name:
      description: DB instance name.
      type: str
    instance_status:
      description: The instance's status, for example C(BUILD), C(ACTIVE), C(FAILED).
      type: str
    order_id:
      description: Order id; empty on Open Telekom Cloud.
      type: str
    process:
      description: Progress, C(0) to C(100), empty once the task is over.
      type: str
    fail_reason:
      description: Why the task failed.
      type: str
    create_time:
      description: Creation time as the cloud gives it (Open Telekom Cloud may give epoch milliseconds).
      type: str
    end_time:
      description: Planned or actual end time as the cloud gives it.
      type: str
    status:
      description: The cloud's status, C(Running), C(Completed) or C(Failed).
      type: str
    state:
      description: Normalised state, as for RV(jobs[].state).
      type: str
    progress:
      description: Percent done, an integer, or V(null).
      type: int
    created_at:
      description: Creation time in ISO 8601 UTC.
      type: str
    finished_at:
      description: End time in ISO 8601 UTC once the task is over, else V(null).
      type: str
    terminal:
      description: Whether the task can no longer change.
      type: bool
total:
  description: How many tasks match the filters, as the cloud counts them (not only the page read).
  returned: when listing
  type: int
  sample: 120
actions:
  description: The task names the cloud lists with the tasks.
  returned: when listing
  type: list
  elements: str
  sample: [CreateMysqlSingleHAInstance, RestoreSqlserverInInstance]
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
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_task_info


def main():
    HwCloudModule.run_operation(rds_task_info)


if __name__ == "__main__":
    main()
