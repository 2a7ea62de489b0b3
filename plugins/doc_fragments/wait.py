# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How long and how often to poll while waiting; shared by the waiting module and the lookup.

Keep in step with WAIT_ARGSPEC in plugins/module_utils/_waiter.py (ansible-test sanity compares them).
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  timeout:
    description:
      - Seconds to wait in all. The wait ends within one poll of it, and fails with the last state
        and progress of everything still running.
    type: float
    default: 1800
  poll_interval:
    description:
      - Seconds before the second poll. Polls then back off with jitter up to O(max_poll_interval);
        when a job reports progress, the next poll is aimed at about half the time it should still take,
        so polls thin out during a long job and gather near its end.
    type: float
    default: 1
  max_poll_interval:
    description:
      - Longest pause between two polls of the same job, in seconds. The default is the fixed beat the
        Terraform providers poll at; the wait never polls less often than they do, and far more often
        when a job is young or about to end.
    type: float
    default: 10
  visibility_timeout:
    description:
      - Seconds a job the cloud does not know yet is still waited for. RDS jobs cannot be queried for
        several seconds after they are created; after this, an id that never appeared fails the wait.
      - For DMS tasks, only a task waited on by name is waited for until it is listed; an unknown DMS task
        id fails the wait at once (DMS lists a task as soon as it exists).
    type: float
    default: 60
  fail_on_failed:
    description:
      - Fail the task when a job ends C(Failed) (a DMS task C(FAILED)), with the cloud's reason in the message.
      - With V(false), the task succeeds; the failed jobs come back with their C(state) and C(fail_reason)
        (and the modules list them in C(failed_jobs), or C(failed_tasks) for DMS).
    type: bool
    default: true
"""
