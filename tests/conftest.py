"""Shared pytest set-up: the collection tree on ``sys.path``, a private HOME, and the emulator."""

import os
import sys
import tempfile

import pytest

from tests.utils import collection_tree

# The collection, its emulator included, is imported as ansible_collections.hwcloud.tasks from here.
COLLECTIONS_ROOT = collection_tree.build()
sys.path.insert(0, str(COLLECTIONS_ROOT))

# The official SDK writes ~/.huaweicloud/application_id when imported: keep it out of the real HOME.
os.environ["HOME"] = tempfile.mkdtemp(prefix="hwcloud-tasks-home-")
# No test may ask the real ECS metadata service (169.254.169.254), the credential chain's last source:
# where a test gives no credentials, it finds a closed port instead.
NO_METADATA = "http://127.0.0.1:9"
os.environ["HW_METADATA_ENDPOINT"] = NO_METADATA


@pytest.fixture(scope="session")
def emulator():
    """One emulator for the whole session, fast clock; tests create their own jobs in it."""
    from ansible_collections.hwcloud.tasks.emulator import Emulator

    with Emulator(speed=20.0) as emu:
        yield emu


@pytest.fixture
def no_cloud_environment(monkeypatch):
    """No HW_* / OS_* variable of the machine running the tests, but the metadata service's address (above:
    a port where nothing answers); the event source's tests read the environment as the source does."""
    for name in list(os.environ):
        if name.startswith(("HW_", "OS_")) and name != "HW_METADATA_ENDPOINT":
            monkeypatch.delenv(name)
