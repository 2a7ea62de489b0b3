# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The subcommands of ``hwtasks`` and their options.  Each subcommand's ``run`` is in ``commands``."""

from __future__ import annotations

import argparse

from ansible_collections.hwcloud.tasks.cli import commands, connection, exits, terraform
from ansible_collections.hwcloud.tasks.plugins.module_utils._answers.times import ACCEPTED_FORMATS
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import closest
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms, rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_ARGSPEC

DESCRIPTION = """\
Read and wait on the asynchronous jobs of Huawei Cloud and Open Telekom Cloud (RDS jobs, the RDS
task list, DMS instance tasks) with the client and waiting engine of the hwcloud.tasks modules.
Credentials and endpoints come from the same HW_*/OS_* environment variables, or from flags."""

WAIT_HELP = {
    "timeout": "seconds to wait in all (default %g)",
    "poll_interval": "seconds before the first re-poll; polls back off from there (default %g)",
    "max_poll_interval": "most seconds between two polls of a job (default %g)",
    "visibility_timeout": "seconds a new job may stay unknown to the cloud (default %g)",
    "fail_on_failed": "exit 0 even when a job fails (its state is in the output)",
}


VERBOSE_HELP = "say on stderr where the credentials came from (never a value); before or after the command"


class Parser(argparse.ArgumentParser):
    """Reports a usage error on one line, as every other error of hwtasks, and exits 2 through ``main``.

    An argument no parser takes is refused by the subcommand it follows (``see hwtasks wait --help``),
    with the flag it most likely meant.
    """

    def error(self, message):
        raise ConfigurationError("%s (see %s --help)" % (message, self.prog))

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command_parser", self)
            flags = {flag.lstrip("-"): flag for action in command._actions for flag in action.option_strings
                     if action.help != argparse.SUPPRESS}
            guesses = [closest(extra.split("=")[0].lstrip("-"), flags) for extra in extras if extra.startswith("-")]
            meant = ", ".join(flags[guess] for guess in guesses if guess)
            command.error("unrecognized arguments: %s%s" % (" ".join(extras), "; did you mean %s?" % meant if meant
                                                            else ""))
        return parsed


def add_verbose(parser, default=False, text=VERBOSE_HELP):
    """``-v``: before the command (its default there), or after it (``argparse.SUPPRESS``: a subcommand
    that is not given it leaves what came before)."""
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help=text)


def bounded(low, high=None):
    """An argparse type: an integer from ``low`` (to ``high``)."""
    def convert(text):
        value = int(text)
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError("%s is not %s" % (
                text, "from %d to %d" % (low, high) if high is not None else "%d or more" % low))
        return value
    return convert


def add_wait_options(parser, names):
    """The wait options as flags, and ``--idle-for``; an unset one is left to the option's default
    (``WAIT_ARGSPEC``)."""
    group = parser.add_argument_group("waiting")
    group.add_argument("--idle-for", dest="idle_for", type=float, metavar="SECONDS",
                       help="an instance waited on until idle must stay so this long, poll after poll (default 0)")
    for name in names:
        spec = WAIT_ARGSPEC[name]
        if spec["type"] == "bool":
            group.add_argument("--no-" + connection.dashed(name), dest=name, action="store_false", default=None,
                               help=WAIT_HELP[name])
        else:
            group.add_argument("--" + connection.dashed(name), dest=name, type=float, metavar="SECONDS",
                               help=WAIT_HELP[name] % spec["default"])


def flags_of(parser):
    """``{option name: flag}`` of a subcommand, to say the flag where a message names the option."""
    return {action.dest: action.option_strings[0] if action.option_strings else action.metavar
            for action in parser._actions if action.dest not in (argparse.SUPPRESS, "help")}


def _subcommand(subparsers, name, run, summary, parents, usage, details=None):
    description = summary[0].upper() + summary[1:] + "." + ("\n\n" + details if details else "")
    sub = subparsers.add_parser(name, help=summary, description=description,
                                usage="hwtasks %s %s" % (name, usage), parents=parents, epilog=exits.describe(),
                                formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    sub.set_defaults(run=run, command_parser=sub)
    return sub


def build():
    cloud = Parser(add_help=False, allow_abbrev=False)
    connection.add_arguments(cloud)
    add_verbose(cloud, argparse.SUPPRESS)
    cloud.add_argument("--json", action="store_true", help="print the result as JSON (the modules' return values)")

    parser = Parser(prog="hwtasks", description=DESCRIPTION, epilog=exits.describe(), allow_abbrev=False,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    add_verbose(parser)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    job = _subcommand(subparsers, "job", commands.job, "show RDS jobs by id", [cloud],
                      "[options] JOB_ID...")
    job.add_argument("job_id", nargs="+", metavar="JOB_ID", help="job id (quote ids with spaces)")

    tasks = _subcommand(subparsers, "tasks", commands.tasks, "list RDS tasks, every page, newest first", [cloud],
                        "[--instance-id ID] [--status S] [--start-time T --end-time T] [...] [options]")
    tasks.add_argument("--instance-id", help="tasks of this DB instance")
    tasks.add_argument("--task-id", help="the task with this id")
    tasks.add_argument("--order-id", help="tasks of this order")
    tasks.add_argument("--name", help="tasks of this name, e.g. CreateMysqlSingleHAInstance")
    tasks.add_argument("--status", help="Running, Completed or Failed (any case)")
    tasks.add_argument("--start-time", help="tasks created from then on, with --end-time: " + ACCEPTED_FORMATS)
    tasks.add_argument("--end-time", help="tasks created until then, with --start-time")
    tasks.add_argument("--offset", type=bounded(0), help="read one page, after this many tasks")
    tasks.add_argument("--limit", type=bounded(1, rds.PAGE_LIMIT), help="read one page of this many tasks")

    dms_parser = _subcommand(subparsers, "dms-tasks", commands.dms_tasks,
                             "list the background tasks of a DMS instance, show some, or wait on them", [cloud],
                             "--engine {kafka,rabbitmq,rocketmq} [options] INSTANCE [TASK... | --task-name N] [--wait]")
    dms_parser.add_argument("--engine", required=True, choices=dms.ENGINES, help="the instance's engine")
    dms_parser.add_argument("instance_id", metavar="INSTANCE", help="instance id")
    dms_parser.add_argument("task_id", nargs="*", metavar="TASK", help="task ids: show (or --wait on) these tasks only")
    dms_parser.add_argument("--task-name", metavar="NAME", help="the newest task of this name, e.g. resizeInstance")
    dms_parser.add_argument("--begin-time", help="tasks from then on: " + ACCEPTED_FORMATS)
    dms_parser.add_argument("--end-time", help="tasks until then")
    dms_parser.add_argument("--wait", action="store_true",
                            help="wait until the TASKs (or the task of --task-name) are over; given neither, until "
                                 "the instance runs no task")
    add_wait_options(dms_parser, WAIT_ARGSPEC)

    wait = _subcommand(subparsers, "wait", commands.wait,
                       "wait until RDS jobs are over, until a DB instance runs no task, or on DMS tasks", [cloud],
                       "[options] (JOB_ID... | --instance ID [--workflow ID] | "
                       "--engine E --instance-id ID [TASK_ID... | --task-name N])")
    wait.add_argument("job_id", nargs="*", metavar="JOB_ID",
                      help="job ids (with --engine, DMS task ids), waited on together")
    wait.add_argument("--instance", "--instance-id", dest="instance_id", metavar="ID",
                      help="instead of job ids: wait until this DB instance runs no task; with --engine, the DMS "
                           "instance (given no task: until it runs no task)")
    wait.add_argument("--workflow", dest="workflow_id", metavar="ID",
                      help="with --instance: wait on the job of this task-center workflow")
    wait.add_argument("--workflow-name", help="with --workflow: its name, e.g. CreateMysqlSingleHAInstance")
    wait.add_argument("--engine", choices=dms.ENGINES,
                      help="wait on a Kafka, RabbitMQ or RocketMQ instance's tasks instead of RDS")
    wait.add_argument("--task-name", metavar="NAME",
                      help="with --engine: the newest task of this name (waited for until it is listed)")
    wait.add_argument("--begin-time", help="with --engine: only tasks created from then on: " + ACCEPTED_FORMATS)
    add_wait_options(wait, WAIT_ARGSPEC)

    external = _subcommand(subparsers, "terraform", terraform.run,
                           "Terraform external data source: a JSON query on stdin, a JSON object of strings on "
                           "stdout", [], "[-v] < query.json", details=terraform.describe_query())
    add_verbose(external, argparse.SUPPRESS)
    external.set_defaults(flags={name: name for name in connection.FLAT_OPTIONS})  # the query keys

    for sub in (job, tasks, dms_parser, wait):
        sub.set_defaults(flags=flags_of(sub))

    emulator = _subcommand(subparsers, "emulator", commands.emulator,
                           "serve the bundled cloud emulator until Ctrl-C", [],
                           "[--host ADDRESS] [--port N] [--speed X] [--tls] [--demo] [-v]")
    add_verbose(emulator, argparse.SUPPRESS, "log every request line to stderr")
    emulator.add_argument("--host", metavar="ADDRESS", help="address to listen on (default 127.0.0.1)")
    emulator.add_argument("--port", type=int, help="port, 0 for any free one (default 8080)")
    emulator.add_argument("--speed", type=float, help="emulated seconds per real second (default 1)")
    emulator.add_argument("--tls", action="store_true", help="serve HTTPS with a throw-away certificate authority")
    emulator.add_argument("--demo", action="store_true", help="create an instance and a few jobs to look at")
    return parser
