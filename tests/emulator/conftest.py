"""Fixtures of the emulator's own tests: a clean emulator per test and a client that signs its calls."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.tasks.emulator import Emulator
from tests.emulator.helpers import Api, ManualClock


@pytest.fixture
def emu(emulator):
    """The session's emulator (speed 20), emptied before each test (no jobs, faults, log or settings
    changes), and after it, so that other suites sharing it never inherit a fault or a speed."""
    emulator.control("POST", "/_emulator/reset")
    yield emulator
    emulator.control("POST", "/_emulator/reset")


@pytest.fixture
def api(emu):
    api = Api(emu)
    yield api
    api.session.close()


@pytest.fixture
def clock():
    """The emulated time of ``manual_emu``: it moves only by ``clock.advance(seconds)``."""
    return ManualClock()


@pytest.fixture
def manual_emu(clock):
    """An emulator of the test's own on ``clock``, for what changes with time: the test moves time
    itself instead of sleeping, so no answer depends on how fast the machine is."""
    emulator = Emulator()
    emulator.app.store.clock = clock
    with emulator:
        yield emulator


@pytest.fixture
def manual_api(manual_emu):
    api = Api(manual_emu)
    yield api
    api.session.close()
