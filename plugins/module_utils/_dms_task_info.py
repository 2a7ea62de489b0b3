# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``dms_task_info``: its options, their checks, and what it reads (the module and its action plugin)."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils import _dms, _records, _wording
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._waiter import WAIT_ARGSPEC, Waiter, check_wait_options

LIST_ONLY = ("begin_time", "end_time", "start", "limit")
# DMS lists a task as soon as it exists (no visibility delay is documented, unlike RDS jobs), so an
# unknown id is a wrong one: the wait fails at once.
VISIBILITY_TIMEOUT = 0.0

ARGUMENT_SPEC = dict(
    engine=dict(type="str", required=True, choices=list(_dms.ENGINES)),
    instance_id=dict(type="str", required=True),
    task_id=dict(type="str"),
    begin_time=dict(type="str"),
    end_time=dict(type="str"),
    start=dict(type="int"),
    limit=dict(type="int"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(WAIT_ARGSPEC["timeout"]),
    **{name: dict(WAIT_ARGSPEC[name]) for name in ("poll_interval", "max_poll_interval", "fail_on_failed")}
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("task_id", option) for option in LIST_ONLY],
    required_if=[("wait", True, ("task_id",))],
)


def check_options(params):
    """What Ansible's argument spec cannot say; returns a message, or None when all is well."""
    problem = empty_id(params, ("instance_id", "task_id")) or check_wait_options(params, timeout="wait_timeout")
    if problem:
        return problem
    if params["limit"] is not None and not 1 <= params["limit"] <= _dms.PAGE_LIMIT:
        return "limit must be from 1 to %d, got %d" % (_dms.PAGE_LIMIT, params["limit"])
    if params["start"] is not None and params["start"] < 1:
        return "start must be 1 or more (the position of the first task to read, 1 is the newest), got %d" % (
            params["start"])
    try:
        _dms.time_window(params["begin_time"], params["end_time"])
    except ConfigurationError as error:
        return str(error)
    return None


def read_task(client, params):
    task = _dms.get_task(client, params["engine"], params["instance_id"], params["task_id"])
    return dict(tasks=[task], task=task, total=1 if task["found"] else 0), None


def wait_task(client, params, on_poll=None):
    """Wait until the task is terminal (SUCCESS, FAILED, CANCELLED, DELETED), or ``wait_timeout`` seconds.

    Throttling and transient errors are retried until the deadline; other errors (an unknown
    instance) raise ``HwCloudError``.
    """
    engine, instance_id, task_id = params["engine"], params["instance_id"], params["task_id"]

    def fetch(key, deadline):
        return _dms.get_task(client, engine, instance_id, key, deadline)

    options = dict(params, timeout=params["wait_timeout"], visibility_timeout=VISIBILITY_TIMEOUT)
    outcome = Waiter.from_options(fetch, options, client, on_poll=on_poll).wait([task_id])
    record = outcome.records[0] or _records.not_found(task_id, HwCloudError("not read before the deadline"))
    result = dict(
        tasks=[record],
        task=record,
        total=1 if record.get("found") else 0,
        elapsed=round(outcome.elapsed, 1),
        polls=outcome.polls,
        requests=client.requests_sent,
        timed_out=outcome.timed_out,
        failed_tasks=[task_id] if record.get("state") == "failed" else [],
        missing_tasks=outcome.missing,
    )
    failure = _wording.wait_failure(outcome, options, "%s task" % engine, instance_id, timeout_option="wait_timeout")
    return result, failure


def list_tasks(client, params, window):
    tasks, total = _dms.list_tasks(client, params["engine"], params["instance_id"], window,
                                   params["start"], params["limit"])
    return dict(tasks=tasks, total=total), None


def run(client, params, on_poll=None):
    """List the tasks, or read one, or wait until one is finished."""
    window = _dms.time_window(params["begin_time"], params["end_time"])
    if params["task_id"] is None:
        return list_tasks(client, params, window)
    if params["wait"]:
        return wait_task(client, params, on_poll)
    return read_task(client, params)
