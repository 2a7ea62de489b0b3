# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each subcommand does: run a module's operation with the flags as its options, show the result.

A subcommand is a thin shell over the ``module_utils`` operation of a module (``rds_task_info``,
``rds_job_wait``, ``dms_task_info``): its flags are stored under the operation's option names,
checked with the operation's own argument spec and rules (Ansible's validator, as for the module),
then given to the operation's ``run``.  Input is checked before the client is built, so bad input
never costs a request.  A subcommand raises ``HwCloudError`` for what it cannot do (``main`` turns it
into an exit code); a wait that ends badly is not an exception but a failure message, as for the modules.
"""

from __future__ import annotations

import re

from ansible_collections.hwcloud.tasks.cli import connection, exits, progress, view
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info, rds_job_wait, rds_task_info
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import validate as validate_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import not_known


def in_flags(message, flags):
    """``message`` with each option name replaced by its flag (``instance_id`` -> ``--instance``)."""
    for name in sorted(flags, key=len, reverse=True):
        message = re.sub(r"\b%s\b" % re.escape(name), flags[name], message)
    return message


def validate(operation, params, flags=None, spec=None):
    """``params`` checked as Ansible checks the module's (``spec`` replaces the operation's own), with defaults.

    Only options that were given count (an empty list is not given); raises ``ConfigurationError``.
    """
    given = {name: value for name, value in params.items() if value is not None and value != []}
    checked, problem, _deprecations = validate_options(spec or operation.ARGUMENT_SPEC, operation.ARGUMENT_RULES,
                                                       given, "hwtasks", operation.check_options)
    if problem:
        raise ConfigurationError(in_flags(problem, flags or {}))
    return checked


def options_of(operation, args):
    """The operation's options as the flags set them (the parser stores each flag under its option name)."""
    return {name: getattr(args, name) for name in operation.ARGUMENT_SPEC if hasattr(args, name)}


def show(console, args, result):
    """The operation's return values as JSON (``--json``), else its records as a table."""
    if args.json:
        console.json(result.values)
    else:
        console.out(view.table(result.records))


def finish(console, report):
    """Report how a wait ended: the failure (if any) on stderr, and its exit code."""
    if report.failure:
        console.error(report.failure)
    return exits.of_wait(report)


def job(console, args):
    """Show the jobs; an id the cloud does not know is an error (exit 4) after the table."""
    params = validate(rds_task_info, options_of(rds_task_info, args), args.flags)
    result = rds_task_info.run(connection.client(console, args), params)
    show(console, args, result)
    unknown = not_known("job", result.records)
    if unknown:
        console.error(unknown)
        return exits.CLOUD_ERROR
    return exits.SUCCESS


def tasks(console, args):
    params = validate(rds_task_info, options_of(rds_task_info, args), args.flags)
    result = rds_task_info.run(connection.client(console, args), params)
    show(console, args, result)
    if not args.json and result.values["total"] > len(result.records):
        console.out("(%d of %d tasks; see --offset and --limit)" % (len(result.records), result.values["total"]))
    return exits.SUCCESS


def dms_progress_keys(params):
    """What a DMS wait's progress lines are about, in order: the task ids, the name, or the instance."""
    return params["task_id"] or [params["task_name"] or params["instance_id"]]


def dms_tasks(console, args):
    params = validate(dms_task_info, options_of(dms_task_info, args), args.flags)
    client = connection.client(console, args)
    if params["wait"]:
        return run_wait(console, args, dms_task_info, params, client, dms_progress_keys(params))
    show(console, args, dms_task_info.run(client, params))
    return exits.SUCCESS


def refuse(args, names, why):
    """Flags of the other kind of wait: refused by name rather than ignored."""
    given = [args.flags[name] for name in names if getattr(args, name) is not None]
    if given:
        raise ConfigurationError("%s: %s" % (", ".join(given), why))


def wait(console, args):
    if args.engine is None:
        refuse(args, ("task_name", "begin_time"), "only with --engine, for DMS tasks")
        operation, params = rds_job_wait, validate(rds_job_wait, options_of(rds_job_wait, args), args.flags)
        keys = params["job_id"] or ()
    else:
        refuse(args, ("workflow_id", "workflow_name"), "task-center workflows are RDS's: not with --engine")
        given = dict(options_of(dms_task_info, args), task_id=args.job_id, wait=True)
        operation = dms_task_info
        params = validate(dms_task_info, given, dict(args.flags, task_id="TASK_ID"))
        keys = dms_progress_keys(params)
    return run_wait(console, args, operation, params, connection.client(console, args), keys)


def run_wait(console, args, operation, params, client, keys):
    """Run a waiting operation with progress lines for ``keys``, show how it ended, return the exit code."""
    result = operation.run(client, params, progress.for_console(console, keys))
    if args.json:
        console.json(result.values)
    else:
        shown = result.records
        console.out(view.table(shown) if shown else "instance %s runs no task" % params["instance_id"])
        if result.failure is None:
            console.out(result.report.message)
    return finish(console, result.report)


def emulator(console, args):
    """Serve the emulator that ships in the collection's ``emulator/`` folder, with its own command line."""
    from ansible_collections.hwcloud.tasks.emulator.__main__ import main as serve

    argv = [flag for name in ("host", "port", "speed") if getattr(args, name) is not None
            for flag in ("--" + name, str(getattr(args, name)))]
    argv += ["--" + name for name in ("tls", "demo", "verbose") if getattr(args, name)]
    return serve(argv)
