"""Play progress lines: the host and the module first, then the task's line; the play's display by default."""

import inspect

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import Tracked
from ansible_collections.hwcloud.tasks.plugins.plugin_utils import _progress
from tests.unit.plugins.rds_answers import job
from tests.unit.plugins.simulated_time import simulate


def test_a_line_names_the_host_and_the_module():
    written = []
    on_poll = _progress.play_progress("db1", "rds_job_wait", write=written.append)
    item = Tracked("j1")
    item.record = records.rds_job(job("j1", "Running", "40% "))
    on_poll(item, 12.3)
    assert written == ["[db1] rds_job_wait: j1: running 40% after 12 s (CreateMysqlSingleHAInstance)"]


def test_lines_are_throttled_as_progress_lines_are(monkeypatch):
    time = simulate(monkeypatch)
    written = []
    on_poll = _progress.play_progress("db1", "dms_task_info", write=written.append)
    item = Tracked("t1")
    for at in (0, 1, 9, 10):  # nothing new: a heartbeat after ten seconds
        time.now = at
        on_poll(item, at)
    assert written == ["[db1] dms_task_info: t1: not visible yet after 0 s",
                       "[db1] dms_task_info: t1: not visible yet after 10 s"]


def test_lines_go_to_the_play_output_by_default():
    assert inspect.signature(_progress.play_progress).parameters["write"].default == _progress.display.display
