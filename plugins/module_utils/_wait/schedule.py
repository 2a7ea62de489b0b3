# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""One task's polling schedule, as pure functions of what is known about the task.

``poll_delay`` is the whole schedule; every time in it is a multiple of ``poll_interval`` (or capped
by ``max_poll_interval``), so that the schedule keeps its shape whatever the options.

- Nothing to go on: polls back off from ``poll_interval`` by ``BACKOFF_GROWTH`` to the beat, ``BEAT``
  poll intervals (10 s by default: the fixed beat the Terraform providers poll at).
- Young tasks: nobody can tell a 20 s job from a 20 min one yet, whatever its percent says (and
  percents stall), so polls are never further apart than ``AGE_SHARE`` of the task's age: a job of a
  few seconds is seen within a second of its end.
- Evidence: from ``EVIDENCE_AGE`` poll intervals of age on, the task's progress (or its planned end)
  predicts its length (``predicted_length``).  Far from that end the wait sleeps towards it, up to
  ``max_poll_interval``; it polls closely in an end window before it (as wide as the requests saved
  elsewhere allow: ``WINDOW_SHARE`` of the length, less ``WINDOW_SLACK`` poll intervals, narrower while
  the percent keeps pace with the prediction), every ``DENSE_SHARE`` of the length but at most
  ``DENSE_MAX`` poll intervals apart, and less closely the longer the percent stands still there
  (``STILL_SHARE`` of that time: the end can then be anywhere).  The evidence never buys a sleep longer
  than ``EVIDENCE_SHARE`` times the task's age.
- Jitter only shortens a sleep, so no poll is ever later than the schedule says: a task that fails
  early is seen within ``max_poll_interval``.
"""

from __future__ import annotations

import random

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times

BACKOFF_GROWTH = 1.5
BEAT = 10  # poll intervals
AGE_SHARE = 0.2
EVIDENCE_AGE = 6  # poll intervals
EVIDENCE_SHARE = 1.5
WINDOW_SHARE = 0.2
WINDOW_SLACK = 5  # poll intervals
DENSE_SHARE = 0.035
DENSE_MAX = 2.5  # poll intervals
STILL_SHARE = 0.005
STALL = 6  # percents' worth of time
JITTER = 0.1
LAG_SHARE = 0.04
# Ages beyond this (the job API keeps a month of jobs) mean the clocks disagree: not used to estimate.
MAX_PLAUSIBLE_AGE = 31 * 24 * 3600


def job_age(record, now_utc):
    """Seconds since the task was created, by its own creation time; None when the clocks disagree."""
    created = times.read((record or {}).get("created_at"))
    if created is None:
        return None
    age = (now_utc - created).total_seconds()
    return age if 0 < age < MAX_PLAUSIBLE_AGE else None


def predicted_length(record, age, now_utc):
    """How long the task should take in all, in seconds, by the evidence; None when there is none.

    A planned end (``planned_end_at``, from the task list) says it outright.  Otherwise its progress
    does: a task ``p`` percent done after ``age`` seconds takes ``age * 100 / (p + 1)`` (a whole percent
    may be almost one more, so the prediction errs early; "0%" after a while predicts a long task).
    """
    planned = times.read(record.get("planned_end_at"))
    if planned is not None:
        return age + (planned - now_utc).total_seconds()
    progress = record.get("progress")
    if progress is None or not 0 <= progress < 100:
        return None
    return age * 100.0 / (progress + 1)


def evidence_delay(age, length, hedge, poll_interval, still=None):
    """Seconds to sleep by the predicted ``length``: towards the end window, or closely inside it.

    ``still``: seconds the task's progress has not moved (None: no progress to watch).  A percent that
    moves at the pace the prediction says keeps it sharp and the window narrow; one that stands still
    for ``STALL`` percents' worth of time opens it wide (the prediction can only be early or late).
    """
    width = max(0.0, WINDOW_SHARE * length - WINDOW_SLACK * poll_interval)
    if still is not None and length > 0:
        width *= min(1.0, still / (STALL * length / 100.0))
    opens = length - width
    dense = min(DENSE_MAX * poll_interval, max(poll_interval, DENSE_SHARE * length))
    trust = max(hedge, EVIDENCE_SHARE * age)
    if age < opens:
        return min(max(opens - age, dense), trust)
    # Inside: closely, and less closely the longer the percent stands still (the end can be anywhere).
    return min(max(dense, STILL_SHARE * (still or 0.0)), trust)


def poll_delay(interval, age, length, watched, grace_left, poll_interval, max_poll_interval, rand=random.random,
               still=None):
    """The whole schedule of one task: ``(seconds until its next poll, back-off interval to keep)``.

    ``interval`` is the back-off interval kept from the last poll (None before the first); ``age`` the
    task's age by its creation time (``job_age``), None when unknown (the time ``watched`` stands in
    for it); ``length`` its ``predicted_length`` or None; ``grace_left`` the seconds left of the
    visibility grace while the task has never been seen, else None; ``still`` the seconds its progress
    has not moved, if it reports progress.
    """
    beat = min(max_poll_interval, BEAT * poll_interval)
    interval = poll_interval if interval is None else min(beat, interval * BACKOFF_GROWTH)
    age = watched if age is None else age
    hedge = max(poll_interval, AGE_SHARE * age)
    if length is not None and age >= EVIDENCE_AGE * poll_interval:
        delay = evidence_delay(age, length, hedge, poll_interval, still)
    else:
        delay = min(interval, hedge)
    delay *= 1 - JITTER * rand()
    # Late in a long wait, polls a couple of poll intervals apart are close enough.
    floor = min(2 * poll_interval, max(poll_interval, LAG_SHARE * watched)) * (1 - JITTER)
    delay = min(max(delay, floor), max_poll_interval)
    if grace_left is not None:
        delay = min(delay, grace_left)
    return delay, interval
