"""Checks of user input: Ansible's validation with readable messages, unknown options, and what the
argument spec cannot express (empty ids, seconds that must be positive)."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import (
    empty_id,
    positive_seconds,
    unknown_options,
    validate,
)

SPEC = dict(
    job_id=dict(type="list", elements="str"),
    timeout=dict(type="float", default=1800.0),
    retries=dict(type="int"),
    wait=dict(type="bool", default=False),
    endpoints=dict(type="dict", options=dict(rds=dict(type="str"), port=dict(type="int"))),
)
RULES = dict(mutually_exclusive=[("job_id", "retries")])


def test_valid_options_come_back_converted_with_defaults():
    params, problem, deprecations = validate(SPEC, RULES, {"job_id": "a", "timeout": "30"}, "hwcloud.tasks.x")
    assert deprecations == []
    assert problem is None
    assert (params["job_id"], params["timeout"], params["wait"]) == (["a"], 30.0, False)


@pytest.mark.parametrize(
    "given, says",
    [({"timeout": "abc"}, "timeout must be a number, got 'abc'"),
     ({"retries": "many"}, "retries must be a whole number, got 'many'"),
     ({"wait": "perhaps"}, "wait must be true or false, got 'perhaps'"),
     ({"endpoints": {"port": "x"}}, "endpoints.port must be a whole number, got 'x'"),
     ({"timeot": 3}, "Unsupported parameters for (hwcloud.tasks.x) module: timeot (did you mean timeout?)"),
     ({"zzz": 3}, "Unsupported parameters for (hwcloud.tasks.x) module: zzz. Supported parameters include: endpoints,"),
     ({"endpoints": {"prot": 1}}, "Unsupported parameters for (hwcloud.tasks.x) module: endpoints.prot (did you mean "
                                  "endpoints.port?)"),
     ({"job_id": "a", "retries": 1}, "parameters are mutually exclusive: job_id|retries")],
)
def test_problems_are_one_readable_line_naming_the_plugin_never_a_python_type(given, says):
    _params, problem, _deprecations = validate(SPEC, RULES, given, "hwcloud.tasks.x")
    assert problem.startswith(says), problem
    assert "<class" not in problem and "ansible_collections" not in problem


def test_the_extra_check_runs_only_on_valid_options():
    seen = []

    def check(params):
        seen.append(params)
        return "timeout is too long"

    assert validate(SPEC, RULES, {"timeout": 5}, "x", check)[1] == "timeout is too long"
    assert validate(SPEC, RULES, {"timeout": "x"}, "x", check)[1] == "timeout must be a number, got 'x'"
    assert len(seen) == 1


def test_unknown_options_name_the_one_meant_or_the_known_ones():
    assert unknown_options({"wait": 1}, {"wait", "timeout"}, "hwcloud.tasks.rds_job") is None
    assert unknown_options({"wiat": 1, "bogus": 2}, {"wait", "timeout"}, "hwcloud.tasks.rds_job") == (
        "hwcloud.tasks.rds_job: unknown options bogus, wiat (did you mean wait?); the options are: timeout, wait")
    assert unknown_options({"timout": 1}, {"wait", "timeout"}, "hwcloud.tasks.rds_job") == (
        "hwcloud.tasks.rds_job: unknown option timout (did you mean timeout?)")


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
