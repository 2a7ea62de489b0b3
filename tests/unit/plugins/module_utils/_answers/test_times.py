"""Every time format the APIs and users write is read into the same UTC instant."""

import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times

UTC = datetime.UTC
SAME_INSTANT = datetime.datetime(2018, 8, 6, 10, 41, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "2018-08-06T10:41:14+0000",  # RDS jobs and task lists
        "2018-08-06T10:41:14Z",
        "2018-08-06T18:41:14+0800",  # Beijing offset, as the RDS document describes
        "2018-08-06T12:41:14+02:00",
        "2018-08-06T05:41:14-05",
        "2018-08-06 10:41:14",  # what users write, read as UTC
        "2018-08-06t10:41:14z",
        "1533552074000",  # Open Telekom Cloud: epoch milliseconds as text
        1533552074000,
        1533552074,  # epoch seconds
        "20180806104114",  # DMS query format
        SAME_INSTANT.replace(tzinfo=None),
    ],
)
def test_formats_read_to_the_same_instant(value):
    assert times.parse(value) == SAME_INSTANT


def test_fourteen_digits_that_are_no_date_are_epoch_milliseconds():
    assert times.parse("32503680000000") == datetime.datetime(3000, 1, 1, tzinfo=UTC)


def test_milliseconds_are_kept():
    moment = times.parse("2020-06-23T03:00:03.471Z")
    assert moment.microsecond == 471000
    assert times.iso(moment) == "2020-06-23T03:00:03.471Z"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_none(value):
    assert times.parse(value) is None
    assert times.normalise(value) is None


@pytest.mark.parametrize("value", [
    "yesterday", "2018-13-45T10:00:00Z", "12:00", True, "2018-08-06T10:41:14+99", "0000-01-01T00:00:00Z",
    "12345678901234567890", 12345678901234567890, "-99999999999999999999", 1e300, float("inf"),
    "\u0662\u0660\u0662\u0666", "２０２６-１１-２３T１０:００:００Z", "2026-11-23T10:00:00Z\u00e9", ["2026"], {"at": 1},
    datetime.datetime.min.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
])
def test_what_is_not_a_time_is_the_collections_own_error_and_kept_as_sent_when_normalising(value):
    with pytest.raises(times.NotATime):
        times.parse(value)
    assert times.read(value) is None
    assert times.normalise(value) == value


def test_writers():
    assert times.iso(SAME_INSTANT) == "2018-08-06T10:41:14Z"
    assert times.epoch_milliseconds(SAME_INSTANT) == 1533552074000
    assert times.compact(SAME_INSTANT) == "20180806104114"
