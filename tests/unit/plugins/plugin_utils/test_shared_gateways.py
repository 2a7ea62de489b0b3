"""What a gateway allows, shared by the controller's processes through a file, on a simulated clock.

Each "process" here is what a fork of a play or an ``hwtasks`` process has: its own ``SharedGateways``
on the user's folder, its own ``GatewayRate`` and its own wait's ``Pacer``.
"""

import collections
import json
import os

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import (
    STALE_AFTER,
    GatewayRate,
    LocalState,
    Pacer,
)
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import FileState, SharedGateways

KEY = "0123456789abcdef" * 4


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Every test's folders are relative: in its own temporary folder."""
    monkeypatch.chdir(tmp_path)


class Process:
    """One process of the controller: its view of the shared state, and the warnings it gave."""

    def __init__(self, folder, cap=None):
        self.warnings = []
        self.gateway = GatewayRate(SharedGateways(str(folder), self.warnings.append).state_for(KEY), cap)


def test_processes_share_one_bucket():
    first, second = Process("tmp"), Process("tmp")
    assert first.gateway.take(0.0, 100, 1.0) == 16, "the first burst"
    assert second.gateway.take(0.0, 100, 1.0) == 0, "taken by the other process already"
    assert second.gateway.next_free(0.0, 1.0) == pytest.approx(1 / 16)


def test_a_429_one_process_met_slows_the_others():
    first, second = Process("tmp"), Process("tmp")
    for index in range(20):
        first.gateway.on_accepted(index * 0.04)
    first.gateway.on_429(now=0.85, sent_at=0.8)
    assert second.gateway.rate == pytest.approx(16.0)
    assert second.gateway.take(0.9, 10, 1.0) == 0, "paused until the window has room again"
    assert second.gateway.take(1.0, 10, 1.0) >= 1


class Quota:
    """A gateway that accepts ``limit`` requests in any sliding second (the emulator's ``quota`` fault)."""

    def __init__(self, limit):
        self.limit = limit
        self.accepted = collections.deque()
        self.throttled = 0

    def answer(self, now):
        while self.accepted and self.accepted[0] <= now - 1.0:
            self.accepted.popleft()
        if len(self.accepted) < self.limit:
            self.accepted.append(now)
            return True
        self.throttled += 1
        return False


def share_throttled(processes, seconds=10.0, step=0.02, demand=4):
    """Every process wants ``demand`` polls a second (4 jobs each); the share of requests throttled."""
    quota, sent = Quota(20), 0
    pacers = [Pacer(demand / 0.25, process.gateway, 0.0, 1.0) for process in processes]
    owed = [0.0] * len(processes)
    for tick in range(int(seconds / step)):
        now = tick * step
        for index, (process, pacer) in enumerate(zip(processes, pacers, strict=True)):
            owed[index] += demand * step
            for _poll in range(pacer.take(now, int(owed[index]))):
                owed[index] -= 1
                sent += 1
                if quota.answer(now):
                    process.gateway.on_accepted(now)
                else:
                    process.gateway.on_429(now, now)
    return quota.throttled / sent


def test_25_processes_sharing_the_state_learn_one_quota_together():
    shared = share_throttled([Process("tmp") for _index in range(25)])
    alone = share_throttled([type("Alone", (), {"gateway": GatewayRate(LocalState())})() for _index in range(25)])
    assert shared <= 0.05, "shared: %.1f %% throttled" % (100 * shared)
    assert alone > 0.3, "each alone: %.1f %% throttled" % (100 * alone)


def test_a_cap_is_never_exceeded_by_all_processes_together():
    quota = Quota(1000)
    processes = [Process("tmp", cap=10.0) for _index in range(5)]
    sent = collections.Counter()
    for tick in range(500):
        now = tick * 0.01
        for process in processes:
            for _poll in range(process.gateway.take(now, 5, 1.0)):
                sent[int(now)] += 1
                quota.answer(now)
    assert max(sent.values()) <= 10 + 16, "the cap a second, after the first burst"
    assert all(count <= 10 for second, count in sent.items() if second >= 1)


def test_a_process_that_died_mid_wait_leaves_nothing_that_slows_the_next_one():
    dead = Process("tmp")
    dead.gateway.take(0.0, 100, 1.0)  # took the whole first burst, then died (its lock went with it)
    for index in range(20):
        dead.gateway.on_accepted(index * 0.01)
    dead.gateway.on_429(now=0.3, sent_at=0.3)
    with open(os.path.join("tmp", "gateway-%s.json.4242.tmp" % KEY[:32]), "w") as half_written:
        half_written.write('{"rate": 3')  # what a process killed mid-write leaves beside the state
    later = Process("tmp")
    assert later.gateway.take(1.3, 10, 1.0) >= 1, "the bucket refills as it would have for the dead one"
    assert later.gateway.take(1.3 + STALE_AFTER + 1, 16, 1.0) == 16, "a minute later it is forgotten"
    assert later.gateway.rate is None and not later.warnings


@pytest.mark.parametrize("content", ["{not json", '{"rate": "fast"}', "[]", ""])
def test_a_corrupt_state_is_a_warning_and_the_wait_goes_on(content):
    os.makedirs("tmp", mode=0o700)
    path = os.path.join("tmp", "gateway-%s.json" % KEY[:32])
    with open(path, "w") as corrupt:
        corrupt.write(content)
    process = Process("tmp")
    assert process.gateway.take(0.0, 100, 1.0) == 16
    assert len(process.warnings) == 1 and path in process.warnings[0] and "learnt afresh" in process.warnings[0]
    with open(path) as rewritten:
        assert json.load(rewritten)["tokens"] == 0


def test_a_folder_others_can_write_is_not_used():
    os.makedirs("shared", mode=0o777)
    os.chmod("shared", 0o777)
    process = Process("shared")
    assert process.gateway.take(0.0, 100, 1.0) == 16
    assert not os.listdir("shared"), "nothing written where others could have planted a file"
    assert "is not shared with other processes" in process.warnings[0]


def test_a_state_that_cannot_be_written_falls_back_to_this_process_alone():
    warnings = []
    state = FileState(os.path.join("missing-folder", "gateway.json"), warnings.append)
    gateway = GatewayRate(state)
    assert gateway.take(0.0, 100, 1.0) == 16 and gateway.take(0.0, 100, 1.0) == 0
    assert len(warnings) == 1 and "learns the gateway's rate alone" in warnings[0]
