"""Fixtures of the emulator's own tests: a clean emulator per test and a client that signs its calls."""

from __future__ import annotations

import pytest

from tests.emulator.helpers import Api


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
