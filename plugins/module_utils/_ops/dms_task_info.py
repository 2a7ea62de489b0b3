# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``dms_task_info``: its options, their checks, and what it reads or waits on (the module and its action plugin).

Reads an instance's tasks (every page, or one), tasks by id, or the newest task of a name.  With
``wait``, waits until every task given by id is finished (together, concurrently), until the newest
task of a name is listed and finished, or, given neither, until the instance has no unfinished task.
The ``dms_task`` lookup and the ``hwtasks`` command line run it too, so that they wait, succeed and
fail alike.  ``run`` returns a ``_ops.result.Result``.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import parallel_map
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops.result import Result, listing
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.report import WaitReport
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import (
    WAIT_ARGSPEC,
    Waiter,
    check_idle_for,
    check_wait_options,
)

ONE_PAGE = ("start", "limit")
WINDOW = ("begin_time", "end_time")
# DMS lists a task as soon as it exists, and a task id comes from an answer that named it: an unknown
# id is a wrong one, and fails the wait at once.  Only a task waited on by name may not be listed yet.
ID_VISIBILITY_TIMEOUT = 0.0

ARGUMENT_SPEC = dict(
    engine=dict(type="str", required=True, choices=list(dms.ENGINES)),
    instance_id=dict(type="str", required=True),
    task_id=dict(type="list", elements="str"),
    task_name=dict(type="str"),
    begin_time=dict(type="str"),
    end_time=dict(type="str"),
    start=dict(type="int"),
    limit=dict(type="int"),
    wait=dict(type="bool", default=False),
    idle_for=dict(type="float"),
    **dict(
        WAIT_ARGSPEC,
        timeout=dict(WAIT_ARGSPEC["timeout"], aliases=["wait_timeout"],
                     deprecated_aliases=[dict(name="wait_timeout", version="1.0.0", collection_name="hwcloud.tasks")]),
    )
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("task_id", "task_name")] + [("task_id", option) for option in ONE_PAGE + WINDOW]
    + [("task_name", option) for option in ONE_PAGE] + [("idle_for", "task_id"), ("idle_for", "task_name")],
)


def check_options(params):
    """What Ansible's argument spec cannot say; returns a message, or None when all is well."""
    problem = (empty_id(params, ("instance_id", "task_id", "task_name")) or check_wait_options(params)
               or check_idle_for(params))
    if problem:
        return problem
    if params.get("idle_for") is not None and not params["wait"]:
        return "idle_for goes with wait: true (a wait until the instance stays idle)"
    # A caller that never lists (the Terraform data source) has no start or limit.
    start, limit = params.get("start"), params.get("limit")
    if limit is not None and not 1 <= limit <= dms.PAGE_LIMIT:
        return "limit must be from 1 to %d, got %d" % (dms.PAGE_LIMIT, limit)
    if start is not None and start < 1:
        return "start must be 1 or more (the position of the first task to read, 1 is the newest), got %d" % start
    if params["wait"] and (start is not None or limit is not None):
        return "start and limit read one page, and a wait reads every page: they cannot be used with wait"
    try:
        dms.time_window(params["begin_time"], params["end_time"])
    except ConfigurationError as error:
        return str(error)
    return None


def _by_id_or_name(tasks):
    """The tasks read by id (or the one of a name): listed, with how many the cloud knows."""
    return listing(tasks, "tasks", "task", total=sum(1 for task in tasks if task.get("found")))


def read(client, params, window):
    """The tasks by id, the newest task of the name, or the listing (every page, or one)."""
    engine, instance_id = params["engine"], params["instance_id"]
    if params["task_id"]:
        tasks = parallel_map(lambda task_id: dms.get_task(client, engine, instance_id, task_id), params["task_id"])
        return Result(_by_id_or_name(tasks), tasks)
    if params["task_name"]:
        tasks = [dms.newest_task(client, engine, instance_id, params["task_name"], window)]
        return Result(_by_id_or_name(tasks), tasks)
    tasks, total = dms.list_tasks(client, engine, instance_id, window, params["start"], params["limit"])
    return Result(dict(tasks=tasks, total=total), tasks)


def wait(client, params, window, on_poll=None, **timing):
    """Wait until the tasks (or the instance) are done, or ``timeout`` seconds: a ``Result``.

    A task that ends FAILED fails the wait (``fail_on_failed``); CANCELLED and DELETED end it, and the
    result's ``msg`` says so.  Throttling and transient errors are retried until the deadline; other
    errors (an unknown instance) raise ``HwCloudError``.  ``timing`` goes to the ``Waiter`` (tests).
    """
    service, instance_id, by_name = params["engine"], params["instance_id"], bool(params["task_name"])
    noun, named_on = "%s task" % service, instance_id
    options = dict(params, visibility_timeout=params["visibility_timeout"] if by_name else ID_VISIBILITY_TIMEOUT)
    if params["task_id"]:
        keys = params["task_id"]

        def fetch(key, deadline):
            return dms.get_task(client, service, instance_id, key, deadline)
    elif by_name:
        keys = [params["task_name"]]

        def fetch(key, deadline):
            return dms.newest_task(client, service, instance_id, key, window, deadline)
    else:
        # An empty task list cannot tell an idle instance from a mistyped id: ask for the instance once.
        dms.check_instance(client, service, instance_id)
        noun, named_on, keys = "%s instance" % service, None, [instance_id]

        def fetch(key, deadline):
            return dms.idle_instance(client, service, key, window, deadline)

    outcome = Waiter.from_options(fetch, options, client, service, on_poll=on_poll,
                                  hold_for=params.get("idle_for") or 0.0, **timing).wait(keys)
    report = WaitReport(outcome, options, noun, client.requests_sent, named_on=named_on, by_name=by_name)
    values = report.values("task")
    if named_on is None:
        running = report.records[0].get("running_tasks", [])
        values.update(idle=report.idle, tasks=running, total=len(running))
        return Result(values, running, report)
    values.update(_by_id_or_name(report.records))
    return Result(values, report.records, report)


def run(client, params, on_poll=None, **timing):
    """Read, or wait (``wait``), as the options say: a ``Result``."""
    window = dms.time_window(params["begin_time"], params["end_time"])
    if params["wait"]:
        return wait(client, params, window, on_poll, **timing)
    return read(client, params, window)
