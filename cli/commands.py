# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each subcommand does: check the input, call ``module_utils``, show the result, return the exit code.

Input is checked before the client is built, so bad input never costs a request.  A subcommand raises
``HwCloudError`` for what it cannot do (``main`` turns it into an exit code); a wait that ends badly
is not an exception but a failure message, as for the modules.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.cli import connection, exits, progress, view
from ansible_collections.hwcloud.tasks.plugins.module_utils import _dms, _job_wait, _rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id, positive_seconds

# The filters of ``_rds.task_list_query``, under the names the ``tasks`` options are stored as.
TASK_FILTERS = ("id", "instance_id", "order_id", "name", "status", "start_time", "end_time")
DMS_WAIT_SECONDS = ("timeout", "poll_interval", "max_poll_interval")


def check(problem):
    if problem:
        raise ConfigurationError(problem)


def show(console, args, result, records):
    if args.json:
        console.json(result)
    else:
        console.out(view.table(records))


def finish(console, failure, failed=False, missing=False):
    """Report how a wait ended: the failure (if any) on stderr, and its exit code."""
    if failure:
        console.error(failure)
    return exits.of_wait(failure, failed, missing)


def finish_job_wait(console, result, failure, fail_on_failed):
    """``finish`` for the result of ``_job_wait.run``."""
    return finish(console, failure, failed=fail_on_failed and bool(result["failed_jobs"]),
                  missing=bool(result["missing_jobs"]))


def job(console, args):
    check(empty_id(vars(args), ("job_id",)))
    jobs = _rds.get_jobs(connection.client(console, args), args.job_id)
    show(console, args, dict(jobs=jobs), jobs)
    return exits.SUCCESS


def tasks(console, args):
    check(empty_id(vars(args), TASK_FILTERS[:4]))
    query = _rds.task_list_query(**{name: getattr(args, name) for name in TASK_FILTERS})
    found, total, actions = _rds.list_tasks(connection.client(console, args), query, args.offset, args.limit)
    show(console, args, dict(tasks=found, total=total, actions=actions), found)
    if not args.json and total > len(found):
        console.out("(%d of %d tasks; see --offset and --limit)" % (len(found), total))
    return exits.SUCCESS


def dms_tasks(console, args):
    if args.task_id is None and args.wait:
        raise ConfigurationError("--wait needs a TASK id to wait on")
    if args.task_id is not None and (args.begin_time or args.end_time):
        raise ConfigurationError("--begin-time and --end-time filter the list: they do not go with a TASK id")
    check(empty_id(vars(args), ("instance_id", "task_id")) or positive_seconds(vars(args), DMS_WAIT_SECONDS))
    window = _dms.time_window(args.begin_time, args.end_time)
    client = connection.client(console, args)
    failure = None
    if args.task_id is None:
        found, total = _dms.list_tasks(client, args.engine, args.instance_id, window)
        result = dict(tasks=found, total=total)
    elif args.wait:
        result, failure = _dms.wait_task(client, args.engine, args.instance_id, args.task_id, args.timeout,
                                         args.poll_interval, args.max_poll_interval, args.fail_on_failed,
                                         on_poll=progress.for_console(console))
    else:
        task = _dms.get_task(client, args.engine, args.instance_id, args.task_id)
        result = dict(tasks=[task], task=task)
    show(console, args, result, result["tasks"])
    task = result.get("task") or {}
    return finish(console, failure, failed=args.fail_on_failed and task.get("state") == "failed",
                  missing=not task.get("found") and not result.get("timed_out"))


def wait(console, args):
    if args.workflow_id is not None and args.instance_id is None:
        raise ConfigurationError("--workflow needs --instance, the DB instance the workflow runs on")
    if bool(args.job_id) == bool(args.instance_id):
        raise ConfigurationError("give job ids or --instance, one of the two (see hwtasks wait --help)")
    if args.workflow_name is not None and args.workflow_id is None:
        raise ConfigurationError("--workflow-name goes with --workflow")
    params = {name: getattr(args, name) or None for name in ("job_id", "instance_id", "workflow_id", "workflow_name")}
    params.update((name, getattr(args, name)) for name in _job_wait.WAIT_ARGSPEC)
    check(_job_wait.check_options(params))
    client = connection.client(console, args)
    result, failure = _job_wait.run(client, params, progress.for_console(console, args.job_id))
    if args.json:
        console.json(result)
    else:
        shown = result.get("jobs", result.get("tasks"))
        console.out(view.table(shown) if shown else "instance %s runs no task" % params["instance_id"])
        if failure is None:
            console.out(result["msg"])
    return finish_job_wait(console, result, failure, params["fail_on_failed"])


def emulator(console, args):
    """Serve the emulator that ships in the collection's ``emulator/`` folder, with its own command line."""
    from ansible_collections.hwcloud.tasks.emulator.__main__ import main as serve

    argv = [flag for name in ("host", "port", "speed") if getattr(args, name) is not None
            for flag in ("--" + name, str(getattr(args, name)))]
    argv += ["--" + name for name in ("tls", "demo") if getattr(args, name)]
    return serve(argv)
