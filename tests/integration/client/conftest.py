"""The emulator, clean of faults, request counts and cached tokens for each test that asks for it."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import strategies


@pytest.fixture
def emu(emulator):
    emulator.control("DELETE", "/_emulator/faults")
    emulator.control("DELETE", "/_emulator/requests")
    strategies._token_cache.clear()
    yield emulator
    emulator.control("DELETE", "/_emulator/faults")
