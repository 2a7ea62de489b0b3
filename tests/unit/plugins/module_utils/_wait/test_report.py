"""How a wait ended, said once for RDS and DMS: its records, its counts, its ending and the module's keys."""

import types

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import report
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.report import WaitReport

OPTIONS = {"fail_on_failed": True, "timeout": 60.0, "visibility_timeout": 10.0}


def item(key, record, missing=False):
    done = missing or bool(record and record.get("terminal"))
    return types.SimpleNamespace(key=key, record=record, missing=missing, done=done, last_error=None,
                                 request_id=None, cite=lambda text: text, held=None, hold_for=0.0)


def outcome(*items, timed_out=False):
    return types.SimpleNamespace(tracked=list(items), elapsed=12.34, timed_out=timed_out, polls=7,
                                 missing=[one.key for one in items if one.missing],
                                 unfinished=[one for one in items if not one.done])


def job(key, state, terminal=True):
    return {"id": key, "found": True, "state": state, "terminal": terminal, "progress": None}


@pytest.mark.parametrize("items, timed_out, options, ending", [
    ([item("a", job("a", "succeeded"))], False, OPTIONS, None),
    ([item("a", job("a", "failed"))], False, dict(OPTIONS, fail_on_failed=False), None),
    ([item("a", job("a", "failed")), item("b", None, missing=True)], False, OPTIONS, report.FAILED),
    ([item("a", None, missing=True), item("b", job("b", "running", False))], True, OPTIONS, report.MISSING),
    ([item("a", job("a", "running", False))], True, OPTIONS, report.TIMED_OUT),
])
def test_the_ending_is_the_worst_of_what_happened(items, timed_out, options, ending):
    waited = WaitReport(outcome(*items, timed_out=timed_out), options, "job", requests=9)
    assert waited.ending == ending and (waited.failure is None) == (ending is None)


def test_the_modules_keys_are_named_after_what_was_waited_on():
    waited = WaitReport(outcome(item("a", job("a", "failed"))), dict(OPTIONS, fail_on_failed=False), "kafka task",
                        requests=9, spent=1.0, polls=2)
    values = waited.values("task")
    assert (values["elapsed"], values["polls"], values["requests"], values["timed_out"]) == (13.3, 9, 9, False)
    assert (values["failed_tasks"], values["missing_tasks"]) == (["a"], [])
    assert values["msg"] == "1 of 1 finished in 13.3 s; kafka task a failed"


def test_a_task_never_read_has_a_record_that_says_nothing_is_known():
    (record,) = WaitReport(outcome(item("resizeInstance", None), timed_out=True), OPTIONS, "kafka task", 3,
                           by_name=True).records
    assert (record["id"], record["name"], record["found"], record["state"]) == (None, "resizeInstance", False, None)
