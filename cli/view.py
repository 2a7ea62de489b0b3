# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a normalised task record reads to a person: its state, its progress, a table of records."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.cli.console import one_line


def instance_of(record):
    """``(id, name)`` of the instance: a job nests it under ``instance``, a task list entry does not."""
    nested = record.get("instance") or {}
    return record.get("instance_id") or nested.get("id"), record.get("instance_name") or nested.get("name")


def state(record):
    return record.get("state") or ("" if record.get("found") else "not found")


def progress(record):
    return "" if record.get("progress") is None else "%d%%" % record["progress"]


def status(record):
    """``running 40%``, ``succeeded``, ``not visible yet``: one job in a progress line."""
    if not record.get("found"):
        return "not visible yet"
    return state(record) + ("" if record.get("terminal") or not progress(record) else " " + progress(record))


def reason(record):
    """Why it failed, or what the cloud said of an id it does not know."""
    if record.get("found") is False and record.get("error_code"):
        return "%s %s" % (record["error_code"], record.get("error_msg") or "")
    return record.get("fail_reason") or ""


COLUMNS = (
    ("ID", lambda record: record.get("id")),
    ("NAME", lambda record: record.get("name")),
    ("STATE", state),
    ("PROGRESS", progress),
    ("CREATED_AT", lambda record: record.get("created_at")),
    ("FINISHED_AT", lambda record: record.get("finished_at")),
    ("INSTANCE", lambda record: instance_of(record)[0]),
    ("REASON", reason),
)
ALWAYS = ("ID", "STATE")


def table(records):
    """Aligned columns, one record a line; a column with nothing in it is left out."""
    rows = [[one_line(get(record) or "") for _title, get in COLUMNS] for record in records]
    keep = [index for index, (title, _get) in enumerate(COLUMNS) if title in ALWAYS or any(row[index] for row in rows)]
    lines = [[COLUMNS[index][0] for index in keep]] + [[row[index] for index in keep] for row in rows]
    widths = [max(len(line[column]) for line in lines) for column in range(len(keep))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                     for line in lines)
