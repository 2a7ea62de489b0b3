"""Checks the argument spec cannot express: empty ids, seconds that must be positive."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id, positive_seconds


@pytest.mark.parametrize("value", [None, "j1", ["j1"], ["j1", "j 2"]])
def test_ids_given_or_not_given_are_fine(value):
    assert empty_id({"job_id": value}, ("job_id",)) is None


@pytest.mark.parametrize("value", ["", "  ", [], [""], ["j1", " "], ["j1", None]])
def test_an_empty_id_or_list_item_is_named_with_what_was_given(value):
    assert empty_id({"job_id": value}, ("job_id",)) == "job_id must not be empty: got %r" % (value,)


def test_the_first_empty_id_in_the_order_given_is_named():
    params = {"instance_id": "", "task_id": ""}
    assert empty_id(params, ("task_id", "instance_id")).startswith("task_id ")
    assert empty_id(params, ("job_id",)) is None  # not in params: not given


@pytest.mark.parametrize("value", [None, 0.1, 1, 3600.0])
def test_positive_seconds_or_unset_are_fine(value):
    assert positive_seconds({"timeout": value}, ("timeout",)) is None


@pytest.mark.parametrize("value", [0, 0.0, -5])
def test_zero_or_negative_seconds_are_named(value):
    params = {"timeout": 10, "poll_interval": value}
    assert positive_seconds(params, ("timeout", "poll_interval")) == (
        "poll_interval must be a positive number of seconds, got %s" % value)
