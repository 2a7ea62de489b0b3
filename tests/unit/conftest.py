"""Unit tests: each starts with this process's gateway rates fresh (a 429 one test met never slows another)."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import budget


@pytest.fixture(autouse=True)
def fresh_gateway_rate(monkeypatch):
    monkeypatch.setattr(budget, "_LOCAL_STATES", {})
