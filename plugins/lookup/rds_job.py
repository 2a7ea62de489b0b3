# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: rds_job
author:
  - hwcloud.tasks maintainers (@hwcloud)
version_added: 0.1.0
short_description: Read RDS jobs, or wait until they finish, from a template
description:
  - Returns the normalised record of each RDS job id given, as M(hwcloud.tasks.rds_task_info) does;
    with O(wait), first waits until every job is finished, as M(hwcloud.tasks.rds_job_wait) does.
  - Ansible gives C(module_defaults) to modules, never to lookups. To share a play's connection, put it in
    the variable C(hwcloud_tasks_connection), which this lookup reads (O(connection)), and hand the same
    variable to C(module_defaults) for C(group/hwcloud.tasks.cloud).
  - Runs on the controller and reads the environment variables there.
  - With password login, the IAM token is requested once per C(ansible-playbook) run and shared by every
    later lookup with the same credentials.
  - Use C(query) or C(wantlist=true) to get a list back.
options:
  _terms:
    description: RDS job ids.
    required: true
    type: list
    elements: str
  wait:
    description:
      - Wait until every job is finished before returning. A job that fails raises an error with the
        cloud's C(fail_reason), unless O(fail_on_failed=false).
    type: bool
    default: false
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.connection.plugins
  - hwcloud.tasks.wait
"""

EXAMPLES = r"""
- name: Show where a job is
  ansible.builtin.debug:
    msg: "{{ job.name }}: {{ job.state }} {{ job.progress }}%"
  vars:
    job: "{{ query('hwcloud.tasks.rds_job', create_result.job_id) | first }}"

- name: Wait for two jobs inside a template, then use the instance they created
  ansible.builtin.set_fact:
    created: "{{ query('hwcloud.tasks.rds_job', job_a, job_b, wait=true, timeout=3600) }}"

- name: One connection for the modules and this lookup (a lookup never sees module_defaults)
  module_defaults:
    group/hwcloud.tasks.cloud: "{{ hwcloud_tasks_connection }}"  # the variable the lookup reads by itself
  vars:
    hwcloud_tasks_connection:
      cloud: otc
      region: eu-de
  block:
    - name: Wait with the module
      hwcloud.tasks.rds_job_wait:
        job_id: "{{ create_result.job_id }}"

    - name: Read with the lookup
      ansible.builtin.debug:
        msg: "{{ lookup('hwcloud.tasks.rds_job', create_result.job_id) }}"

- name: Against the bundled emulator
  ansible.builtin.debug:
    msg: "{{ lookup('hwcloud.tasks.rds_job', demo_job_id, endpoints={'rds': 'http://127.0.0.1:8080'}) }}"
"""

RETURN = r"""
_raw:
  description:
    - One record per job id, in the order given, with the cloud's fields and the normalised
      C(state), C(progress), C(created_at), C(finished_at), C(terminal) and C(found).
  type: list
  elements: dict
"""

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._lookup import OperationLookup


class LookupModule(OperationLookup):
    NAME = "hwcloud.tasks.rds_job"
    OPERATION = rds_job_wait

    def operation_params(self, terms):
        return dict({name: self.get_option(name) for name in WAIT_ARGSPEC}, job_id=[str(term) for term in terms])

    def execute(self, client, params):
        if not self.get_option("wait"):
            return rds.get_jobs(client, params["job_id"]), None
        return super().execute(client, params)
