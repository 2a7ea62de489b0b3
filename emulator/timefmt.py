"""The timestamp formats the emulated APIs answer with (all UTC), and the one DMS queries use."""

from __future__ import annotations

import datetime

_UTC = datetime.UTC
DMS_QUERY_FORMAT = "%Y%m%d%H%M%S"


def _utc(epoch: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, _UTC)


def rds(epoch: float) -> str:
    """``2018-08-06T10:41:14+0000``, as RDS jobs and task lists show it."""
    return _utc(epoch).strftime("%Y-%m-%dT%H:%M:%S+0000")


def epoch_ms(epoch: float) -> str:
    """``1747919701390``: UNIX milliseconds as a string, as Open Telekom Cloud's task list shows it."""
    return str(int(round(epoch * 1000)))


def iso_millis(epoch: float) -> str:
    """``2020-06-23T03:00:03.471Z``, as DMS background tasks show it."""
    moment = _utc(epoch)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def iam(epoch: float) -> str:
    """``2020-01-04T09:05:22.701000Z``, as IAM shows a token's expiry."""
    return _utc(epoch).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_dms_query(text: str) -> float:
    """``YYYYMMDDHHmmss`` (UTC) to UNIX seconds; ValueError when malformed."""
    if len(text) != 14 or not text.isdigit():
        raise ValueError("expected YYYYMMDDHHmmss")
    return datetime.datetime.strptime(text, DMS_QUERY_FORMAT).replace(tzinfo=_UTC).timestamp()
