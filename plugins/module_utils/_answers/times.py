# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Times in every format these APIs use, read into aware UTC datetimes and written back out.

Seen in the documents: ``2018-08-06T10:41:14+0000`` (RDS), ``2020-06-23T03:00:03.471Z`` (DMS),
UNIX milliseconds (Open Telekom Cloud, RDS task-list queries), ``YYYYMMDDHHmmss`` (DMS queries);
users also write ``YYYY-MM-DD HH:MM:SS``.  Written for Python 3.8, where ``fromisoformat`` knows
neither ``Z`` nor ``+0000``.

``parse`` is the one reader.  Whatever it is given (a 20-digit number, a year 0, non-ASCII digits, a
list), it answers an instant, None for an empty value, or ``NotATime``: never a Python error.  The
times in the cloud's answers only ever inform (a job's age, its planned end), so their readers use
``read``, for which what is not a time is None.  A poll reads the same texts again and again: a text
is parsed once and remembered.
"""

from __future__ import annotations

import datetime
import functools
import re

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError

UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$",
    re.IGNORECASE | re.ASCII,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$", re.ASCII)
_DIGITS = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)

# Epoch values at or above this are milliseconds (seconds would mean the year 5138).
_MILLISECONDS_FROM = 10 ** 11

ACCEPTED_FORMATS = "ISO 8601 (2026-11-23T10:00:00Z), 'YYYY-MM-DD HH:MM:SS' (UTC) or UNIX epoch milliseconds"


class NotATime(HwCloudError):
    """A value that should be a time and is none of the formats above (or no instant a datetime holds)."""


def parse(value):
    """An aware UTC datetime; None for an empty value; ``NotATime`` for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _guarded(_in_utc, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _guarded(_from_epoch, value)
    if not isinstance(value, str):
        raise NotATime("not a time: %r" % (value,))
    return _parse_text(value.strip())


def read(value):
    """``parse`` for a time the cloud sent: None when it is not one."""
    try:
        return parse(value)
    except NotATime:
        return None


def parse_option(option, value):
    """``parse`` for a user's option: a ``ConfigurationError`` naming it and the accepted formats."""
    try:
        moment = parse(value)
    except NotATime:
        moment = None
    if moment is None:
        raise ConfigurationError("%s: %r is not a time; use %s." % (option, value, ACCEPTED_FORMATS))
    return moment


@functools.lru_cache(maxsize=4096)
def _parse_text(text):
    if not text:
        return None
    compact = _COMPACT.match(text)
    if compact:
        try:
            return datetime.datetime(*(int(part) for part in compact.groups()), tzinfo=UTC)
        except ValueError:
            pass  # fourteen digits that are no date: epoch milliseconds after the year 2286
    if _DIGITS.match(text):
        return _guarded(_from_epoch, float(text))
    match = _ISO.match(text)
    if not match:
        raise NotATime("not a time: %r" % (text,))
    return _guarded(_from_parts, *match.groups())


def _guarded(convert, *parts):
    """``convert(*parts)``, with the errors datetime raises out of its range said as ``NotATime``."""
    try:
        return convert(*parts)
    except (ValueError, OverflowError) as error:
        raise NotATime("not a time: %s (%s)" % (" ".join(str(part) for part in parts if part is not None),
                                                error)) from None


def _in_utc(moment):
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _offset(text):
    if not text or text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def _from_parts(year, month, day, hour, minute, second, fraction, zone):
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    local = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
                              tzinfo=_offset(zone))
    return local.astimezone(UTC)


def _from_epoch(number):
    seconds = number / 1000.0 if abs(number) >= _MILLISECONDS_FROM else float(number)
    return _EPOCH + datetime.timedelta(seconds=seconds)


def iso(moment):
    """``2026-11-23T10:00:00Z``, with milliseconds only when there are some."""
    if moment is None:
        return None
    if moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_milliseconds(moment):
    return int((moment - _EPOCH).total_seconds() * 1000)


def compact(moment):
    """``YYYYMMDDHHmmss``, as DMS queries take it."""
    return moment.strftime("%Y%m%d%H%M%S")


def normalise(value):
    """ISO 8601 UTC text for any time an API returned; an unreadable one is left as the cloud sent it."""
    try:
        return iso(parse(value))
    except NotATime:
        return value
