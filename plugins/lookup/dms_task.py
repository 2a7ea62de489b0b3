# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: dms_task
author:
  - hwcloud.tasks maintainers (@hwcloud)
version_added: 0.1.0
short_description: Read Kafka, RabbitMQ and RocketMQ instance tasks, or wait until they finish, from a template
description:
  - Returns the normalised record of each DMS task id given, as M(hwcloud.tasks.dms_task_info) does; with
    O(task_name) instead, the newest task of that name; with neither, every task of the instance.
  - With O(wait), first waits as M(hwcloud.tasks.dms_task_info) does, on the same engine and with the same
    options, until every task given is finished, until the task of O(task_name) is listed and finished, or,
    given neither, until the instance has no unfinished task; it then returns the tasks still unfinished
    (none once the instance is idle).
  - A task that ends C(FAILED) raises an error with its name, id, instance and the request id, unless
    O(fail_on_failed=false); so do a timeout and a task id the cloud does not know.
  - Ansible gives C(module_defaults) to modules, never to lookups. To share a play's connection, put it in
    the variable C(hwcloud_tasks_connection), which this lookup reads (O(connection)), and hand the same
    variable to C(module_defaults) for C(group/hwcloud.tasks.cloud).
  - Runs on the controller and reads the environment variables there. With password login, the IAM token
    is requested once per C(ansible-playbook) run and shared by every later lookup with the same credentials.
  - Use C(query) or C(wantlist=true) to get a list back.
options:
  _terms:
    description: DMS task ids; none to read (or wait on) the instance, or with O(task_name).
    required: false
    type: list
    elements: str
  engine:
    description: The instance's engine; each engine's API has its own endpoint.
    type: str
    required: true
    choices: [kafka, rabbitmq, rocketmq]
  instance_id:
    description: Id of the Kafka, RabbitMQ or RocketMQ instance.
    type: str
    required: true
  task_name:
    description:
      - The newest task of this name instead of task ids, for an operation whose answer carries no task id.
      - Give O(begin_time) (a moment before the operation started) so that an older task of the same name is
        not taken for it.
    type: str
  begin_time:
    description:
      - Only tasks created from this time on. ISO 8601, C(YYYY-MM-DD HH:MM:SS) in UTC, or UNIX epoch
        milliseconds.
    type: str
  end_time:
    description: Only tasks created up to this time. Same formats as O(begin_time).
    type: str
  wait:
    description: Wait until the tasks (or the instance) are done before returning.
    type: bool
    default: false
  idle_for:
    description:
      - With O(wait) and no task given, seconds the instance must be seen idle, poll after poll, before the wait
        ends, as M(hwcloud.tasks.dms_task_info)'s O(hwcloud.tasks.dms_task_info#module:idle_for).
    type: float
extends_documentation_fragment:
  - hwcloud.tasks.connection
  - hwcloud.tasks.connection.plugins
  - hwcloud.tasks.wait
"""

EXAMPLES = r"""
- name: Show where a Kafka task is
  ansible.builtin.debug:
    msg: "{{ task.name }}: {{ task.state }}"
  vars:
    task: "{{ lookup('hwcloud.tasks.dms_task', task_id, engine='kafka', instance_id=kafka_id) }}"

- name: Wait for two RabbitMQ tasks inside a template
  ansible.builtin.set_fact:
    done: "{{ query('hwcloud.tasks.dms_task', task_a, task_b, engine='rabbitmq', instance_id=mq_id, wait=true) }}"

- name: Wait for the task of an operation that returned no task id, by its name
  ansible.builtin.set_fact:
    resized: >-
      {{ query('hwcloud.tasks.dms_task', engine='kafka', instance_id=kafka_id, task_name='resizeInstance',
               begin_time=resize_started, wait=true, timeout=3600) | first }}

- name: Go on once nothing runs on the RocketMQ instance (the list of unfinished tasks is empty)
  ansible.builtin.assert:
    that:
      - query('hwcloud.tasks.dms_task', engine='rocketmq', instance_id=rocketmq_id, wait=true) == []
"""

RETURN = r"""
_raw:
  description:
    - One record per task id, in the order given; with O(task_name), the one task of that name; with
      neither, the instance's tasks (with O(wait), those still unfinished when the wait ended).
    - Each has the cloud's fields and the normalised C(state), C(progress), C(created_at), C(finished_at),
      C(terminal), C(found) and C(params_decoded), as M(hwcloud.tasks.dms_task_info) returns them.
  type: list
  elements: dict
"""

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._lookup import OperationLookup

OPTIONS = ("engine", "instance_id", "task_name", "begin_time", "end_time", "wait", "idle_for") + tuple(WAIT_ARGSPEC)


class LookupModule(OperationLookup):
    NAME = "hwcloud.tasks.dms_task"
    OPERATION = dms_task_info

    def operation_params(self, terms):
        return dict({name: self.get_option(name) for name in OPTIONS}, task_id=[str(term) for term in terms] or None)
