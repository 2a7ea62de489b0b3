# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The ``task_events`` event source's checkpoint: what its ``TaskFeed`` told, kept in a file, so that a
restart tells exactly the changes it had not told.

The file is one JSON document: the format, the source it belongs to (service, instance, project: a
checkpoint of another source is refused, not silently taken), when it was written, and the feed's
``state()`` (the newest creation time seen; per task the next window still covers, its creation time and
the states told).  No credential, no endpoint.  It is written whole and renamed into place, on disk
first, mode 0600: a crash at any instant leaves the old checkpoint or the new one.  It is as small as the
feed's memory, which the read window bounds.

The caller advances it only with what was delivered: ``advance()`` after each event (written at most
every ``SAVE_EVERY`` seconds while a read's changes go out, so a burst of thousands of changes does not
rewrite the file thousands of times), ``write()`` once a read is told, and on leaving the ``with`` block
(a stop: SIGINT, SIGTERM, an error).  A crash loses at most the events since the last write, and they
are told again, with the same ``meta.uuid``.  A lock file beside it (``<file>.lock``) keeps a second
source from using the same file at the same time.
"""

from __future__ import annotations

import datetime
import json
import os
import time

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._private_files import FileLock, load, save
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._task_feed import RETENTION, TaskFeed

FORMAT = 1
SAVE_EVERY = 1.0  # seconds, while the changes of one read are told
AFRESH = "delete it (or name another file) to start afresh, without the changes made while the source was stopped"


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def _source_text(service, instance_id, project_id=None):
    return "service %s, %s%s" % (service, "instance %s" % instance_id if instance_id else "every instance",
                                 ", project %s" % project_id if project_id else "")


class NoCheckpoint:
    """No ``checkpoint_file``: a fresh feed at each start, nothing kept."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def restore(self, emit_existing):
        return TaskFeed(emit_existing=emit_existing)

    def claim(self, project_id):
        pass

    def advance(self):
        pass

    def write(self):
        pass


class Checkpoint:
    """The checkpoint in ``path`` of the source named ``source`` that reads ``service`` (and ``instance_id``).

    ``warn(text)`` is told what may have been missed and why a write failed; ``clock`` (monotonic
    seconds) and ``utc_now`` are for the tests.  Errors are ``ConfigurationError`` with one line that
    names the file and what to do.
    """

    def __init__(self, path, source, service, instance_id, warn, clock=time.monotonic, utc_now=_utc_now):
        self.path = path
        self._source, self._service, self._instance_id = source, service, instance_id
        self._warn, self._clock, self._utc_now = warn, clock, utc_now
        self._lock = FileLock(path + ".lock", wait=False)
        self._feed = None
        self._stored_project = None  # the project of the checkpoint read at start
        self._project = None  # this source's, once a read told it and it matched
        self._written = None  # the last text written (or read): the same state is not written again
        self._written_at = None
        self._failing = False

    def _problem(self, what):
        return ConfigurationError("%s: checkpoint_file %s %s" % (self._source, self.path, what))

    def _another_sources(self, theirs, ours):
        return self._problem("belongs to another source (%s; this one reads %s): give each source its own "
                             "checkpoint_file" % (theirs, ours))

    def __enter__(self):
        folder = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(folder):
            raise self._problem("cannot be used: its folder %s does not exist" % folder)
        try:
            self._lock.__enter__()
        except BlockingIOError:
            raise self._problem("is in use by another running source (%s.lock is locked): give each source "
                                "its own checkpoint_file" % self.path) from None
        except OSError as error:
            raise self._problem("cannot be used: %s" % (error.strerror or error)) from None
        return self

    def __exit__(self, *exc_info):
        try:
            self.write()
        finally:
            self._lock.__exit__(*exc_info)

    def restore(self, emit_existing):
        """The feed to go on with: the checkpoint's, or a fresh one (``emit_existing``) when there is none yet."""
        problems = []
        document = load(self.path, on_problem=problems.append)
        if problems:
            raise self._problem("cannot be read (%s): %s" % (problems[0], AFRESH))
        if document is None:
            self._feed = TaskFeed(emit_existing=emit_existing)
            return self._feed
        self._check_owner(document)
        try:
            self._feed = TaskFeed.restored(document.get("feed"))
        except ValueError as error:
            raise self._problem("is damaged (%s): %s" % (error, AFRESH)) from None
        self._stored_project = document.get("project_id")
        self._written = json.dumps(document["feed"], sort_keys=True)
        self._warn_of_what_the_lists_no_longer_keep(document.get("saved_at"))
        return self._feed

    def _check_owner(self, document):
        if not isinstance(document, dict) or document.get("source") != self._source:
            raise self._problem("is not a checkpoint of %s: name a file of its own" % self._source)
        version = document.get("format")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self._problem("has no format this collection reads: %s" % AFRESH)
        if version > FORMAT:
            raise self._problem("was written by a newer hwcloud.tasks (checkpoint format %d; this one reads %d): "
                                "upgrade the collection, or %s" % (version, FORMAT, AFRESH))
        if (document.get("service"), document.get("instance_id")) != (self._service, self._instance_id):
            raise self._another_sources(_source_text(document.get("service"), document.get("instance_id")),
                                        _source_text(self._service, self._instance_id))

    def _warn_of_what_the_lists_no_longer_keep(self, saved_at):
        now = self._utc_now()
        window = self._feed.window(now)
        kept_from = now - RETENTION
        if window is None or window[0] >= kept_from:
            return
        self._warn("%s: checkpoint_file %s was written at %s, and the task lists keep a month: changes of the "
                   "tasks created from %s to %s may have been missed"
                   % (self._source, self.path, times.iso(times.read(saved_at)) or "an unknown time",
                      times.iso(window[0]), times.iso(kept_from)))

    def claim(self, project_id):
        """The project a read was made in: it must be the checkpoint's (a checkpoint is one project's)."""
        if self._project is not None:
            return
        if self._stored_project not in (None, project_id):
            raise self._another_sources(_source_text(self._service, self._instance_id, self._stored_project),
                                        _source_text(self._service, self._instance_id, project_id))
        self._project = project_id

    def advance(self):
        """An event was delivered: write when the last write is ``SAVE_EVERY`` seconds old."""
        if self._written_at is None or self._clock() - self._written_at >= SAVE_EVERY:
            self.write()

    def write(self):
        """Write what the feed told, if it changed since the last write (and once this source's project is known).

        A write that fails is a warning (once, until one succeeds again): the source goes on, and a
        restart would tell again what the file misses.
        """
        state = self._feed.state() if self._feed is not None and self._project is not None else None
        if state is None:
            return
        text = json.dumps(state, sort_keys=True)
        self._written_at = self._clock()
        if text == self._written:
            return
        document = dict(format=FORMAT, source=self._source, service=self._service, instance_id=self._instance_id,
                        project_id=self._project, saved_at=times.iso(self._utc_now()), feed=state)
        try:
            save(self.path, document, durable=True)
        except OSError as error:
            if not self._failing:
                self._warn("%s: checkpoint_file %s cannot be written (%s): a restart would tell again what "
                           "was told since" % (self._source, self.path, error.strerror or error))
            self._failing = True
            return
        self._written, self._failing = text, False
