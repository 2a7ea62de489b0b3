# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalised task records as a table a person reads; how a state is said is ``module_utils._wait.wording``'s."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.cli.console import one_line
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import instance_of


def state(record):
    return record.get("state") or ("" if record.get("found") else "not found")


def progress(record):
    return "" if record.get("progress") is None else "%d%%" % record["progress"]


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
