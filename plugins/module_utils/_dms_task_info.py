# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``dms_task_info``: its options, their checks, and what it reads (the module and its action plugin)."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils import _dms
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id, positive_seconds

LIST_ONLY = ("begin_time", "end_time", "start", "limit")
WAIT_SECONDS = ("wait_timeout", "poll_interval", "max_poll_interval")

ARGUMENT_SPEC = dict(
    engine=dict(type="str", required=True, choices=list(_dms.ENGINES)),
    instance_id=dict(type="str", required=True),
    task_id=dict(type="str"),
    begin_time=dict(type="str"),
    end_time=dict(type="str"),
    start=dict(type="int"),
    limit=dict(type="int"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="float", default=1800.0),
    poll_interval=dict(type="float", default=1.0),
    max_poll_interval=dict(type="float", default=10.0),
    fail_on_failed=dict(type="bool", default=True),
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("task_id", option) for option in LIST_ONLY],
    required_if=[("wait", True, ("task_id",))],
)


def check_options(params):
    """What Ansible's argument spec cannot say; returns a message, or None when all is well."""
    problem = empty_id(params, ("instance_id", "task_id")) or positive_seconds(params, WAIT_SECONDS)
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
    return _dms.wait_task(client, params["engine"], params["instance_id"], params["task_id"],
                          timeout=params["wait_timeout"], poll_interval=params["poll_interval"],
                          max_poll_interval=params["max_poll_interval"], fail_on_failed=params["fail_on_failed"],
                          on_poll=on_poll)


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
