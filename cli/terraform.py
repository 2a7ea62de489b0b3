# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``hwtasks terraform``: the program of a Terraform ``external`` data source.

The protocol, as hashicorp/external runs a program: the ``query`` map arrives on stdin as one JSON
object whose values are all strings (keys set to null are left out); the program writes one flat
JSON object whose values are all strings on stdout, or a message on stderr and a non-zero exit
status, which Terraform shows as the error.  The program inherits Terraform's environment: the
credentials come from the same ``HW_*`` / ``OS_*`` variables as the providers'.  A query never holds
a secret (Terraform keeps the query in its plan and state).

The query: ``job_id``, or ``instance_id`` (with ``workflow_id`` for a task-center workflow); or, with
``engine`` (kafka, rabbitmq, rocketmq), a DMS ``instance_id`` with ``task_id`` or ``task_name`` (and
``begin_time``, ``end_time``), or neither (until the instance runs no task); ``wait`` (default true)
and the waiting options; the non-secret connection options (``region``, ``rds_endpoint``, ...).
It is checked with Ansible's own argument-spec validator, so "yes", "true" and "1" mean what they
mean to the modules.  The result has the same keys in every mode, empty when they do not apply, so
that a configuration can name any of them.
"""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.cli import commands, connection, exits
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info, rds_job_wait, rds_task_info
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import SECRET_OPTIONS
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import unknown_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms, rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import instance_of

QUERY_SPEC = dict(
    rds_job_wait.ARGUMENT_SPEC,
    job_id=dict(type="str"),  # one job: a Terraform value is one string
    wait=dict(type="bool", default=True),
    **connection.query_spec()
)
# With ``engine``: a DMS wait (or read), on one task, the newest task of a name, or the instance.
DMS_QUERY_SPEC = dict(
    {name: spec for name, spec in dms_task_info.ARGUMENT_SPEC.items() if name not in dms_task_info.ONE_PAGE},
    task_id=dict(type="str"),
    timeout=WAIT_ARGSPEC["timeout"],  # without the module's deprecated alias
    wait=dict(type="bool", default=True),
    **connection.query_spec()
)
RESULT_KEYS = ("id", "name", "status", "state", "progress", "terminal", "found", "fail_reason", "instance_id",
               "instance_name", "created_at", "finished_at", "idle", "running_tasks", "elapsed", "polls",
               "requests", "timed_out")


def describe_query():
    """The query keys for ``hwtasks terraform --help``: each with its type and default."""
    def described(specs):
        return ["  %-20s %s%s" % (name, spec["type"], "" if spec.get("default") is None
                                  else ", default %s" % text(spec["default"])) for name, spec in specs]

    dms_only = [(name, spec) for name, spec in DMS_QUERY_SPEC.items() if name not in QUERY_SPEC]
    lines = ["query keys (every value a string; secrets only from the environment):"]
    lines += described(QUERY_SPEC.items())
    lines += ["with engine, for a DMS instance's tasks (job_id, workflow_id and workflow_name do not apply):"]
    lines += described(dms_only)
    lines.append("result keys: " + ", ".join(RESULT_KEYS))
    return "\n".join(lines)


def parse_query(text):
    """The validated query, with defaults; raises ``ConfigurationError`` naming what is wrong."""
    try:
        query = json.loads(text)
    except ValueError as error:
        raise ConfigurationError("stdin must be the query as a JSON object: %s" % error) from None
    if not isinstance(query, dict):
        raise ConfigurationError("stdin must be the query as a JSON object, not %s" % type(query).__name__)
    not_strings = sorted(key for key, value in query.items() if not isinstance(value, str))
    if not_strings:
        raise ConfigurationError("query values must be strings (the external protocol): %s" % ", ".join(not_strings))
    secrets = sorted(set(query) & SECRET_OPTIONS)
    if secrets:
        raise ConfigurationError("%s: a secret is never read from the query (Terraform keeps it in its state); "
                                 "set it in the environment" % ", ".join(secrets))
    known = list(QUERY_SPEC) + [name for name in DMS_QUERY_SPEC if name not in QUERY_SPEC]
    unknown = unknown_options(query, known, "the query")
    if unknown:
        raise ConfigurationError(unknown)
    if "engine" in query:
        operation, spec, one, other = dms_task_info, DMS_QUERY_SPEC, "task_id", "RDS: not with engine"
    else:
        operation, spec, one, other = rds_job_wait, QUERY_SPEC, "job_id", "only with engine, for DMS"
    elsewhere = sorted(set(query) - set(spec))
    if elsewhere:
        raise ConfigurationError("%s: %s" % (", ".join(elsewhere), other))
    params = commands.validate(operation, query, spec=spec)
    params[one] = [params[one]] if params[one] is not None else None
    return params


def read_dms_once(client, params):
    """A DMS task (by id or name) as it is now, or the instance's idleness (once it is known to exist)."""
    if params["task_id"] or params["task_name"]:
        return dms_task_info.run(client, dict(params, wait=False)).records[0]
    dms.check_instance(client, params["engine"], params["instance_id"])
    window = dms.time_window(params["begin_time"], params["end_time"])
    return dms.idle_instance(client, params["engine"], params["instance_id"], window)


def read_once(client, params):
    """The record as it is now (``wait`` false): the job, the workflow's job, or the instance's idleness."""
    if params.get("engine"):
        return read_dms_once(client, params)
    if not (params["job_id"] or params["workflow_id"]):
        return rds.idle_instance(client, params["instance_id"])
    return rds_task_info.run(client, dict(params, resolve_job=True)).records[0]


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(record, waited, instance_id):
    """The result object: every key of ``RESULT_KEYS``, every value a string; ``waited``: the wait's
    ``WaitReport``, None for a read."""
    found_id, found_name = instance_of(record)
    idle_mode = "running_tasks" in record
    values = dict(record, instance_id=found_id or instance_id, instance_name=found_name,
                  idle=record["terminal"] if idle_mode else None,
                  running_tasks=len(record["running_tasks"]) if idle_mode else None)
    values.update((key, getattr(waited, key, None)) for key in ("elapsed", "polls", "requests", "timed_out"))
    return {key: text(values.get(key)) for key in RESULT_KEYS}


def run(console, args):
    params = parse_query(console.stdin.read())
    client = connection.build_client(console, {name: params[name] for name in connection.FLAT_OPTIONS}, args.verbose)
    if not params["wait"]:
        record, waited = read_once(client, params), None
    else:
        waited = (dms_task_info if params.get("engine") else rds_job_wait).run(client, params).report
        if waited.failure:
            return commands.finish(console, waited)
        record = waited.records[0]
    console.out(json.dumps(flatten(record, waited, params["instance_id"])))
    return exits.SUCCESS
