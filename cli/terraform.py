# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``hwtasks terraform``: the program of a Terraform ``external`` data source.

The protocol, as hashicorp/external runs a program: the ``query`` map arrives on stdin as one JSON
object whose values are all strings (keys set to null are left out); the program writes one flat
JSON object whose values are all strings on stdout, or a message on stderr and a non-zero exit
status, which Terraform shows as the error.  The program inherits Terraform's environment: the
credentials come from the same ``HW_*`` / ``OS_*`` variables as the providers'.  A query never holds
a secret (Terraform keeps the query in its plan and state).

The query: ``job_id``, or ``instance_id`` (with ``workflow_id`` for a task-center workflow);
``wait`` (default true) and the waiting options of ``rds_job_wait``; the non-secret connection
options (``region``, ``rds_endpoint``, ...).  It is checked with Ansible's own argument-spec
validator, so "yes", "true" and "1" mean what they mean to the modules.  The result has the same
keys in every mode, empty when they do not apply, so that a configuration can name any of them.
"""

from __future__ import annotations

import json

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.tasks.cli import commands, connection, exits, view
from ansible_collections.hwcloud.tasks.plugins.module_utils import _job_wait, _rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._connection import SECRET_OPTIONS
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

QUERY_SPEC = dict(
    _job_wait.ARGUMENT_SPEC,
    job_id=dict(type="str"),  # one job: a Terraform value is one string
    wait=dict(type="bool", default=True),
    **connection.query_spec()
)
RESULT_KEYS = ("id", "name", "status", "state", "progress", "terminal", "found", "fail_reason", "instance_id",
               "instance_name", "created_at", "finished_at", "idle", "running_tasks", "elapsed", "polls",
               "timed_out")


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
    unknown = sorted(set(query) - set(QUERY_SPEC))
    if unknown:
        raise ConfigurationError("unknown query key(s) %s; known: %s" % (", ".join(unknown), ", ".join(QUERY_SPEC)))
    validated = ArgumentSpecValidator(QUERY_SPEC, **_job_wait.ARGUMENT_RULES).validate(query)
    if validated.error_messages:
        raise ConfigurationError("; ".join(validated.error_messages))
    params = validated.validated_parameters
    params["job_id"] = [params["job_id"]] if params["job_id"] is not None else None
    problem = _job_wait.check_options(params)
    if problem:
        raise ConfigurationError(problem)
    return params


def read_once(client, params):
    """The record as it is now (``wait`` false): the job, the workflow's job, or the instance's idleness."""
    if params["job_id"]:
        return _rds.get_job(client, params["job_id"][0])
    if params["workflow_id"]:
        workflow = _rds.task_center_detail(client, params["instance_id"], params["workflow_id"],
                                           params["workflow_name"])
        return _rds.get_job(client, workflow["job_id"])
    running = _rds.list_tasks(client, {"instance_id": params["instance_id"], "status": "Running"})[0]
    return _job_wait.idle_record(params["instance_id"], running)


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(record, waited, instance_id):
    """The result object: every key of ``RESULT_KEYS``, every value a string."""
    found_id, found_name = view.instance_of(record)
    idle_mode = "running_tasks" in record
    values = dict(record, instance_id=found_id or instance_id, instance_name=found_name,
                  idle=record["terminal"] if idle_mode else None,
                  running_tasks=len(record["running_tasks"]) if idle_mode else None)
    values.update((key, waited.get(key)) for key in ("elapsed", "polls", "timed_out"))
    return {key: text(values.get(key)) for key in RESULT_KEYS}


def run(console, args):
    params = parse_query(console.stdin.read())
    client = connection.build_client(console, {name: params[name] for name in connection.FLAT_OPTIONS})
    if not params["wait"]:
        record, waited = read_once(client, params), {}
    else:
        waited, failure = _job_wait.run(client, params)
        if failure:
            return commands.finish_job_wait(console, waited, failure, params["fail_on_failed"])
        record = waited.get("job") or _job_wait.idle_record(params["instance_id"], waited["tasks"])
    console.out(json.dumps(flatten(record, waited, params["instance_id"])))
    return exits.SUCCESS
