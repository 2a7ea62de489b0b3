# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Every page of a task list: the first tells how many tasks there are, the others are read concurrently,
and a task listed twice (the list moved while it was read) is kept once.  RDS and DMS page alike; only
where a page starts (an offset from 0, a position from 1) and where the total is differ."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers.records import listed
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import parallel_map


def every_page(read_page, first, limit, total_of):
    """The pages of a list, in order: ``read_page(position)`` reads the ``limit`` tasks from ``position`` on,
    ``first`` is the position of the first task, ``total_of(page)`` the total a page tells."""
    head = read_page(first)
    rest = ()
    if len(listed(head)) >= limit:
        rest = range(first + limit, first + total_of(head), limit)
    return [head] + parallel_map(read_page, rest)


def unique_tasks(pages, record_of):
    """The tasks of ``pages`` in order, each once, as ``record_of(task)`` normalises them."""
    tasks, seen = [], set()
    for page in pages:
        for task in listed(page):
            if task["id"] not in seen:
                seen.add(task["id"])
                tasks.append(record_of(task))
    return tasks
