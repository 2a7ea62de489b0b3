# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event-Driven Ansible event source: one event per RDS or DMS task per state it is seen in.

ansible-rulebook awaits ``main(queue, args)``.  The task list is read with the collection's own
client (``plugins/module_utils``: connection options, credentials, signing, retries, records) in a
thread, so the event loop never blocks; ``plugins/plugin_utils/_task_feed.py`` decides what a read
changed, and ``plugins/plugin_utils/_checkpoint.py`` keeps what was told across restarts.
"""

from __future__ import annotations

DOCUMENTATION = r"""
---
short_description: Events when Huawei Cloud or Open Telekom Cloud tasks change state (RDS, DMS)
description:
  - An ansible-rulebook event source that reads a project's RDS task list, or the background tasks of
    a DMS (Kafka, RabbitMQ, RocketMQ) instance, every O(interval) seconds, and sends one event per
    task per state it is seen in (V(running), then V(succeeded), V(failed), ...), never the same one
    twice. It sees the tasks nobody's playbook waits on too, such as a restore or a switchover started
    from the console.
  - "Each event is C({\"hwcloud_task\": <task>, \"meta\": {\"uuid\": <uuid>}}). C(<task>) is the task as
    M(hwcloud.tasks.rds_task_info) or M(hwcloud.tasks.dms_task_info) return it: the cloud's fields
    unchanged, plus C(state), C(progress), C(created_at), C(finished_at) and C(terminal); and
    C(previous_state) (the state it was seen in before, or C(null) for a task seen for the first time),
    C(service), C(instance_id) and C(fail_reason) (C(null) unless the cloud gave one).
    C(meta.uuid) is the same for the same task in the same state, whoever reads it: use it to drop
    duplicates downstream."
  - Conditions read, for example, C(event.hwcloud_task.state == "failed").
  - Each read covers the tasks created since shortly before the newest creation time seen (and since
    the oldest task still seen unfinished), over every page. Throttling and passing errors (HTTP 429,
    408, 500, 502, 503 and 504, connection failures, answers that are not what the API documents) are
    logged and outlived with jittered back-off, capped at five minutes or O(interval); the source keeps
    running. An authentication error or another refusal stops it (and the rulebook) with the cloud's error
    code and request id; so do options that are wrong, before any request.
  - Its reads share the API gateway's rate with every wait of the same user on the machine, see
    O(api_rate_limit). A quota the playbooks' waits met slows the source's reads down too, and the other way round.
  - With O(checkpoint_file), a restart loses and repeats nothing. Without it, what changed while the
    rulebook was stopped is not told (the first read after a start is remembered silently, see O(emit_existing)).
options:
  service:
    description:
      - Which task list to read. V(rds) is the project's RDS task list; V(kafka), V(rabbitmq) and
        V(rocketmq) read the background tasks of the DMS instance O(instance_id).
    type: str
    choices: [rds, kafka, rabbitmq, rocketmq]
    default: rds
  instance_id:
    description:
      - Only the tasks of this instance. Optional for V(rds) (without it, every task of the project);
        required for the DMS services.
    type: str
  interval:
    description:
      - Seconds between two reads of the task list. An event comes at most this long (plus one read)
        after the cloud shows the change.
    type: float
    default: 30
  emit_existing:
    description:
      - Whether the tasks already listed when the source starts give events for the state they are in.
        With V(false), they are remembered silently and give events only when they change afterwards.
      - With O(checkpoint_file), this applies only to the first start, before the file exists.
    type: bool
    default: false
  checkpoint_file:
    description:
      - A file (in a folder that exists) where the source keeps what it has told, and reads it back when it
        starts. A restart then tells exactly the changes it had not told. A task that moved on while the
        rulebook was stopped gives its new state, with C(previous_state) the state it was told in before the
        stop; a task created and finished meanwhile gives one event, in the state it is found in; nothing
        told before is told again. The first read after a start reaches back as far as the checkpoint.
      - The file advances only once an event is on the rulebook's queue, and, with O(feedback), once the
        rulebook acknowledged it. It is written whole and renamed into place (a crash leaves the old or
        the new one), readable by its owner only, at most once a second while many changes go out. It holds
        the times and states of the tasks the next read covers (kilobytes), never a credential.
      - After a crash, the events not yet in the file are told again, with the same C(meta.uuid).
      - A file that cannot be read, that belongs to another source (another O(service), O(instance_id) or
        project), or that a newer version of the collection wrote stops the source with an error that
        names it. One that reaches back further than the task lists keep (a month) gives a warning
        naming the tasks whose changes may have been missed.
      - Each source needs its own file; a lock file beside it (C(<checkpoint_file>.lock)) refuses a second
        running source.
    type: path
  feedback:
    description:
      - Whether ansible-rulebook acknowledges each event to the source (it then passes its feedback queue,
        which needs C(ansible-rulebook --persistence-id), or persistence enabled for the activation in EDA
        controller). The source puts the next event, and advances O(checkpoint_file), only once the
        rulebook has acknowledged the previous one.
    type: bool
    default: false
  feedback_timeout:
    description:
      - With O(feedback), seconds to wait for the rulebook's acknowledgement of an event. Without one by then
        the source stops with an error (the rulebook with it); the event is told again at the next start.
    type: float
    default: 120
extends_documentation_fragment:
  - hwcloud.tasks.connection
notes:
  - Connection options not given fall back to the environment variables of the ansible-rulebook process,
    as they do for the modules (E(HW_REGION_NAME), E(HW_ACCESS_KEY), E(HW_SECRET_KEY), E(HW_RDS_ENDPOINT), ...).
  - The task lists keep a month of tasks; a task that becomes visible more than ten minutes after newer
    tasks were already listed is not seen.
  - Needs the collection's Python requirements (C(requests), C(jsonschema)) next to ansible-rulebook,
    for example in the decision environment.
"""

EXAMPLES = r"""
# Print every failed RDS task of the project, read every 30 seconds.
- name: React to failed RDS tasks
  hosts: all
  sources:
    - name: RDS tasks
      hwcloud.tasks.task_events:
        region: eu-de
        cloud: otc.t-systems.com
        interval: 30
  rules:
    - name: An RDS task failed
      condition: event.hwcloud_task.state == "failed"
      action:
        debug:
          msg: >-
            {{ event.hwcloud_task.name }} failed on {{ event.hwcloud_task.instance_id }}:
            {{ event.hwcloud_task.fail_reason }}

# Run a playbook when a Kafka instance's task fails; credentials come from HW_ACCESS_KEY / HW_SECRET_KEY.
- name: React to a Kafka instance's tasks
  hosts: all
  sources:
    - hwcloud.tasks.task_events:
        service: kafka
        instance_id: 7fd44ff0-80de-449d-bfcc-c88f01dbc476
        region: cn-north-4
        interval: 60
  rules:
    - name: A Kafka task failed
      condition: event.hwcloud_task.state == "failed"
      action:
        run_playbook:
          name: playbooks/open_ticket.yml

# Open a ticket for each failed restore, across restarts: what was told is kept in a file that advances once
# the rulebook has acknowledged each event (feedback: true needs ansible-rulebook --persistence-id).
- name: Open a ticket for each failed restore
  hosts: all
  sources:
    - name: RDS restores
      hwcloud.tasks.task_events:
        region: eu-de
        checkpoint_file: /var/lib/eda/rds-tasks.checkpoint.json
        feedback: true
  rules:
    - name: A restore failed
      condition: event.hwcloud_task.state == "failed" and event.hwcloud_task.name is search("Restore")
      action:
        run_job_template:
          name: Open a ticket
          organization: Default
"""

import asyncio
import datetime
import importlib.util
import logging
import os
import sys
import time

# ansible-rulebook runs this file with runpy.run_path, which puts nothing on sys.path: the collection
# it belongs to is importable only if the folder holding its ansible_collections/ is there already.
_LAYOUT = ("ansible_collections", "hwcloud", "tasks", "extensions", "eda", "plugins", "event_source")


def _collections_root(path):
    """The folder holding ``ansible_collections/`` for this file at ``path``, or None if it is not in a collection."""
    folders = os.path.dirname(os.path.abspath(path)).split(os.sep)
    if tuple(folders[-len(_LAYOUT):]) != _LAYOUT:
        return None
    return os.sep.join(folders[: -len(_LAYOUT)]) or os.sep


def _importable(package):
    try:
        return importlib.util.find_spec(package) is not None
    except ImportError:
        return False


if not _importable("ansible_collections.hwcloud.tasks.plugins"):
    _ROOT = _collections_root(__file__)
    if _ROOT is None:
        raise ImportError("hwcloud.tasks.task_events must be run from the installed hwcloud.tasks collection "
                          "(ansible_collections/hwcloud/tasks/extensions/eda/plugins/event_source), not from %s"
                          % __file__)
    sys.path.append(_ROOT)

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._http import transport
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transient import is_transient
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (
    CONNECTION_ARGSPEC,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import empty_id, positive_seconds
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms, rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import gateway_for
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._checkpoint import Checkpoint, NoCheckpoint
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import SharedGateways
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._task_feed import as_event

NAME = "hwcloud.tasks.task_events"
SERVICES = ("rds",) + dms.ENGINES
BACKOFF_CEILING = 300.0  # seconds; or the interval, when that is longer
READ_PACE = 1.0  # seconds: the poll interval the gateway's slow start doubles at, for the source's reads
# Arguments ansible-rulebook adds itself (`feedback: true`), which are not the user's options.
RULEBOOK_ARGUMENTS = ("eda_feedback_queue",)

log = logging.getLogger(NAME)


def _without_fallbacks(spec):
    """The spec as a check of what was given: the environment is read once, by ``client_from_options``."""
    return {
        name: {key: _without_fallbacks(value) if key == "options" else value
               for key, value in option.items() if key != "fallback"}
        for name, option in spec.items()
    }


ARGUMENT_SPEC = dict(
    service=dict(type="str", default="rds", choices=list(SERVICES)),
    instance_id=dict(type="str"),
    interval=dict(type="float", default=30.0),
    emit_existing=dict(type="bool", default=False),
    checkpoint_file=dict(type="path"),
    feedback=dict(type="bool", default=False),
    feedback_timeout=dict(type="float", default=120.0),
    **_without_fallbacks(CONNECTION_ARGSPEC)
)
ARGUMENT_RULES = dict(required_if=[("service", engine, ("instance_id",)) for engine in dms.ENGINES])


def options(args):
    """The source's arguments checked as Ansible checks a module's, with defaults and the environment
    filled in; raises ``ConfigurationError`` with one line when they are wrong."""
    given = {name: value for name, value in args.items() if name not in RULEBOOK_ARGUMENTS and value is not None}
    checked = ArgumentSpecValidator(ARGUMENT_SPEC, **ARGUMENT_RULES).validate(given)
    problems = ["unknown option(s) %s" % error.msg if isinstance(error, UnsupportedError) else error.msg
                for error in checked.errors.errors]
    params = checked.validated_parameters
    if not problems:
        problem = (empty_id(params, ("instance_id", "checkpoint_file"))
                   or positive_seconds(params, ("interval", "feedback_timeout")))
        if problem is None and params["feedback"] and args.get("eda_feedback_queue") is None:
            problem = ("feedback is true but no feedback queue was given: ansible-rulebook gives one with "
                       "--persistence-id")
        problems = [problem] if problem else []
    if problems:
        raise ConfigurationError("%s: %s" % (NAME, "; ".join(problems)))
    return params


def read_tasks(client, service, instance_id, window):
    """Every task of the list created within ``window`` (``(start, end)``, or None for all), every page.

    Blocking: runs in a thread.  Returns ``(records, project_id)``.
    """
    start, end = window or (None, None)
    if service == "rds":
        query = rds.task_list_query(instance_id=instance_id, start_time=start, end_time=end)
        tasks = rds.list_tasks(client, query)[0]
    else:
        tasks = dms.list_tasks(client, service, instance_id, dms.time_window(start, end))[0]
    return tasks, client.project_id()


def paced_read(gateway, client, service, instance_id, window):
    """``read_tasks`` once the gateway the source shares with the controller's waits lets a read go, and
    what its answers taught the gateway (a 429, retried or not, lowers everyone's rate).  Blocking."""
    while True:
        now = time.monotonic()
        if gateway.take(now, 1, READ_PACE):
            break
        time.sleep(max(0.0, gateway.next_free(now, READ_PACE) - now))
    sent_at, throttled_before = time.monotonic(), client.throttled_answers
    try:
        return read_tasks(client, service, instance_id, window)
    finally:
        if client.throttled_answers > throttled_before:
            gateway.on_429(time.monotonic(), sent_at)
        else:
            gateway.on_accepted(time.monotonic())


def retry_delay(failures, interval):
    """Seconds before the next read after ``failures`` failed reads in a row: jittered, capped."""
    return transport.backoff_delay(failures, first=interval, ceiling=max(interval, BACKOFF_CEILING))


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


async def deliver(queue, event, acknowledgements, timeout):
    """Put ``event`` on the rulebook's queue; given the rulebook's feedback queue (``acknowledgements``), wait
    until it gives the event back (by its ``meta.uuid``): the rulebook has it.  ``HwCloudError`` when
    ``timeout`` seconds pass first."""
    await queue.put(event)
    if acknowledgements is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            acknowledged = await asyncio.wait_for(acknowledgements.get(), max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            task = event["hwcloud_task"]
            raise HwCloudError("%s: the rulebook did not acknowledge the event of task %s (%s) within %g s "
                               "(feedback_timeout): stopping; the next start tells it again"
                               % (NAME, task["id"], task["state"], timeout)) from None
        if isinstance(acknowledged, dict) and (acknowledged.get("meta") or {}).get("uuid") == event["meta"]["uuid"]:
            return
        log.debug("%s: an acknowledgement of another event: still waiting for %s", NAME, event["meta"]["uuid"])


def checkpoint_for(params):
    """Where what the source told is kept across restarts: the ``checkpoint_file``, or nowhere."""
    if params["checkpoint_file"] is None:
        return NoCheckpoint()
    return Checkpoint(params["checkpoint_file"], NAME, params["service"], params["instance_id"], log.warning)


async def poll(queue, client, params, checkpoint, acknowledgements=None):
    """Read, tell the changes, sleep; forever, or until a read fails for good (``HwCloudError`` raised).

    A change counts as told once ``deliver`` is done with it: then, and not before, the checkpoint
    may advance past it.
    """
    service, instance_id, interval = params["service"], params["instance_id"], params["interval"]
    feed = checkpoint.restore(params["emit_existing"])
    gateway = gateway_for(client.gateway_key(service), client.gateways, client.config.api_rate_limit)
    failures = 0
    while True:
        try:
            records, project_id = await asyncio.to_thread(paced_read, gateway, client, service, instance_id,
                                                          feed.window(_utc_now()))
        except HwCloudError as error:
            if not is_transient(error):
                raise
            failures += 1
            delay = retry_delay(failures, interval)
            log.warning("%s: %s; reading again in %.1f s", NAME, error, delay)
            await asyncio.sleep(delay)
            continue
        if failures:
            log.info("%s: reading again after %d failed reads", NAME, failures)
            failures = 0
        checkpoint.claim(project_id)
        for record, previous_state in feed.update(records):
            await deliver(queue, as_event(record, previous_state, service, project_id, instance_id),
                          acknowledgements, params["feedback_timeout"])
            feed.told(record)
            checkpoint.advance()
        checkpoint.write()
        await asyncio.sleep(interval)


async def main(queue, args):
    """Entry point ansible-rulebook awaits: check ``args``, build the client, poll until stopped."""
    try:
        params = options(args)
        client = client_from_options(params, gateways=SharedGateways.for_user(os.environ, log.warning))
        with checkpoint_for(params) as checkpoint:
            await poll(queue, client, params, checkpoint, args.get("eda_feedback_queue"))
    except HwCloudError as error:
        # ansible-rulebook logs the error's text and then each frame of its traceback: only this one.
        raise error.with_traceback(None) from None
