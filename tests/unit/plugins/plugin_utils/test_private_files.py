"""Private files: a save that fails leaves the old file, a lock that need not wait says it is held."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.plugin_utils._private_files import FileLock, load, save


@pytest.mark.parametrize("durable", [False, True])
def test_a_save_replaces_the_file_whole(tmp_path, durable):
    path = tmp_path / "state.json"
    save(str(path), {"n": 1}, durable=durable)
    save(str(path), {"n": 2}, durable=durable)
    assert load(str(path)) == {"n": 2} and [entry.name for entry in tmp_path.iterdir()] == ["state.json"]


def test_a_save_that_fails_midway_leaves_the_old_file_and_no_partial_one(tmp_path):
    path = tmp_path / "state.json"
    save(str(path), {"n": 1}, durable=True)
    with pytest.raises(TypeError):
        save(str(path), {"n": 2, "not json": object()}, durable=True)  # fails after part of it was written
    assert json.loads(path.read_text()) == {"n": 1}
    assert [entry.name for entry in tmp_path.iterdir()] == ["state.json"]


def test_a_lock_that_need_not_wait_says_it_is_held(tmp_path):
    path = str(tmp_path / "state.lock")
    with FileLock(path):
        with pytest.raises(BlockingIOError):
            FileLock(path, wait=False).__enter__()
    with FileLock(path, wait=False):
        pass
