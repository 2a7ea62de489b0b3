#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_task_info
short_description: Read RDS jobs of Huawei Cloud and Open Telekom Cloud
version_added: 0.1.0
description:
  - Reads asynchronous RDS jobs (creating, resizing, switching over a DB instance, ...) by their ids
    with C(GET /v3/{project_id}/jobs?id=).
  - Every job comes back with the cloud's own fields plus the same normalised keys
    (RV(jobs[].state), RV(jobs[].progress), RV(jobs[].created_at), RV(jobs[].finished_at), RV(jobs[].terminal)).
  - A job id the cloud does not know comes back with RV(jobs[].found=false) instead of failing the task.
    New jobs are not visible for several seconds after they are created.
  - Several ids are read concurrently.
author:
  - hwcloud.tasks contributors
options:
  job_id:
    description:
      - One job id or a list of them. Ids are opaque text and may contain spaces.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.attributes
"""

EXAMPLES = r"""
# Note: these examples do not set authentication details; see the connection options,
# or set them once for the whole play with module_defaults: group/hwcloud.tasks.cloud.

- name: Read the job that created an instance
  hwcloud.tasks.rds_task_info:
    job_id: 31b8ae23-c687-4d80-b7b4-42a66c9bb886
  register: created

- name: Show how far it is
  ansible.builtin.debug:
    msg: "{{ created.job.name }} is {{ created.job.state }} ({{ created.job.progress }}%)"

- name: Read several jobs at once, against the bundled emulator
  hwcloud.tasks.rds_task_info:
    job_id:
      - 31b8ae23-c687-4d80-b7b4-42a66c9bb886
      - 0c4a3e5b-1b0e-4a57-9d3e-5b0f1f3e2a10
    endpoints:
      rds: http://127.0.0.1:8080
      iam: http://127.0.0.1:8080
  register: several

- name: List the jobs that failed, with the cloud's reason
  ansible.builtin.debug:
    msg: "{{ item.id }}: {{ item.fail_reason }}"
  loop: "{{ several.jobs | selectattr('state', 'equalto', 'failed') }}"
"""

RETURN = r"""
jobs:
  description: The jobs, in the order their ids were given.
  returned: always
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
      description: End time in ISO 8601 UTC; this API does not give it, so always V(null) here.
      type: str
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
  description: The one job, when a single id was given. Same fields as RV(jobs[]).
  returned: when one job id was given
  type: dict
  sample: {"id": "31b8ae23-c687-4d80-b7b4-42a66c9bb886", "status": "Running", "state": "running", "progress": 60}
"""

from ansible_collections.hwcloud.tasks.plugins.module_utils import _rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._module import HwCloudModule


def main():
    module = HwCloudModule(argument_spec=dict(job_id=dict(type="list", elements="str", required=True)))
    job_ids = module.params["job_id"]
    if not job_ids or not all(job_id and job_id.strip() for job_id in job_ids):
        module.fail_json(msg="job_id must name at least one job, and no id may be empty: got %r" % (job_ids,))
    client = module.client()
    try:
        jobs = _rds.get_jobs(client, job_ids)
    except HwCloudError as error:
        module.fail_from_error(error)
    result = dict(changed=False, jobs=jobs)
    if len(jobs) == 1:
        result["job"] = jobs[0]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
