# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event-Driven Ansible event source: one event per RDS or DMS task per state it is seen in.

ansible-rulebook awaits ``main(queue, args)``.  The task list is read with the collection's own
client (``plugins/module_utils``: connection options, credentials, signing, retries, records) in a
thread, so the event loop never blocks; ``plugins/plugin_utils/_task_feed.py`` decides what a read
changed.
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
    type: bool
    default: false
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
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import SharedGateways
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._task_feed import TaskFeed, as_event

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
        problem = empty_id(params, ("instance_id",)) or positive_seconds(params, ("interval",))
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


async def poll(queue, client, params):
    """Read, tell the changes, sleep; forever, or until a read fails for good (``HwCloudError`` raised)."""
    service, instance_id, interval = params["service"], params["instance_id"], params["interval"]
    feed = TaskFeed(emit_existing=params["emit_existing"])
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
        for record, previous_state in feed.update(records):
            await queue.put(as_event(record, previous_state, service, project_id, instance_id))
            feed.told(record)
        await asyncio.sleep(interval)


async def main(queue, args):
    """Entry point ansible-rulebook awaits: check ``args``, build the client, poll until stopped."""
    try:
        params = options(args)
        client = client_from_options(params, gateways=SharedGateways.for_user(os.environ, log.warning))
        await poll(queue, client, params)
    except HwCloudError as error:
        # ansible-rulebook logs the error's text and then each frame of its traceback: only this one.
        raise error.with_traceback(None) from None
