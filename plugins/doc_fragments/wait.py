# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How long and how often to poll while waiting; shared by the waiting module and the lookup.

Keep in step with WAIT_ARGSPEC in plugins/module_utils/_wait/waiter.py (ansible-test sanity compares them).
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
      - Seconds before the second poll, and the unit of the whole schedule. A young job is polled at
        least every fifth of its age (a job of a few seconds is seen within a second of its end); with
        nothing else to go on, polls back off with jitter to ten times this (10 s by default).
      - Once a job is a few seconds old, its progress (or, for an instance, its tasks' planned end)
        predicts its end. Far from it, polls are up to O(max_poll_interval) apart; in a window before
        it, at most 2.5 times this apart.
      - Polls of many jobs in one wait share one budget (the last jobs running are polled as often as
        every quarter of this) and one request rate, which the gateway's throttling (429) lowers.
    type: float
    default: 1
  max_poll_interval:
    description:
      - Longest pause between two polls of the same job, in seconds, when its progress says its end is
        far; a job that fails early is still seen within this. Only a throttling gateway (429) puts
        polls off longer.
    type: float
    default: 30
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
