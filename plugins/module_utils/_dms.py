# -*- coding: utf-8 -*-
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""DMS (Kafka, RabbitMQ, RocketMQ) instance background tasks, answered as normalised records.

The three engines serve the same paths, each from its own service endpoint (all ``dms.<region>``
today, each overridable in ``endpoints``).  Paging is what the official SDK sends: ``start``, the
1-based position of the first task (the API document's table calls it ``offset``), and ``limit``.
"""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils import _records, _schemas, _times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._parallel import parallel_map

ENGINES = ("kafka", "rabbitmq", "rocketmq")
PAGE_LIMIT = 50
TASKS_PATH = "/v2/{project_id}/instances/{instance_id}/tasks"


def task_record(task):
    """The normalised record, plus ``params_decoded``: ``params`` is a JSON document inside a string."""
    record = _records.dms_task(task)
    params = task.get("params")
    try:
        record["params_decoded"] = json.loads(params) if isinstance(params, str) and params else params
    except ValueError:
        record["params_decoded"] = None
    return record


def time_window(begin_time=None, end_time=None):
    """Query bounds as DMS takes them, ``YYYYMMDDHHmmss`` in UTC; raises ``ConfigurationError``."""
    window = {
        option: _times.compact(_times.parse_option(option, value))
        for option, value in (("begin_time", begin_time), ("end_time", end_time))
        if value is not None
    }
    if len(window) == 2 and window["begin_time"] > window["end_time"]:
        raise ConfigurationError("begin_time (%s) is after end_time (%s)." % (begin_time, end_time))
    return window


def get_task(client, engine, instance_id, task_id, deadline=None):
    """One task by id: its record, or a ``found: false`` record when the cloud does not know it."""
    try:
        answer = client.call(engine, "GET", TASKS_PATH + "/{task_id}",
                             path_params={"instance_id": instance_id, "task_id": task_id},
                             schema=_schemas.DMS_TASK_LIST, deadline=deadline)
    except HwCloudError as error:
        if error.status == 404 and error.error_code:
            return _records.not_found(task_id, error)
        raise
    matching = [task for task in answer["tasks"] if task["id"] == task_id] or answer["tasks"]
    if not matching:
        return _records.not_found(task_id, HwCloudError("no task in the answer"))
    return task_record(matching[0])


def _page(client, engine, instance_id, window, start, limit, deadline):
    params = dict(window, start=start, limit=limit)
    return client.call(engine, "GET", TASKS_PATH, path_params={"instance_id": instance_id}, params=params,
                       schema=_schemas.DMS_TASK_LIST, deadline=deadline)


def list_tasks(client, engine, instance_id, window, start=None, limit=None, deadline=None):
    """Return ``(tasks, total)``: one page with ``start``/``limit``, else every page, the rest concurrently."""
    def page(position, size=PAGE_LIMIT):
        return _page(client, engine, instance_id, window, position, size, deadline)

    if start is not None or limit is not None:
        pages = [page(start or 1, limit or PAGE_LIMIT)]
    else:
        pages = [page(1)]
        total = int(pages[0].get("task_count") or len(pages[0]["tasks"]))
        if len(pages[0]["tasks"]) >= PAGE_LIMIT:
            pages += parallel_map(page, range(1 + PAGE_LIMIT, total + 1, PAGE_LIMIT))
    tasks, seen = [], set()
    for answer in pages:
        for task in answer["tasks"]:
            if task["id"] not in seen:
                seen.add(task["id"])
                tasks.append(task_record(task))
    total = int(pages[0].get("task_count") or len(tasks))
    return tasks, total
