"""Benchmarks of hwcloud.tasks against the alternatives, on the emulator: ``make bench`` (see bench/run.py).

Importing the package puts the repository root (``emulator``, ``tests.utils``) and the collection tree
(``ansible_collections.hwcloud.tasks``, built by ``tests/utils/collection_tree.py``) on ``sys.path``.
"""

import pathlib
import sys

_REPO = pathlib.Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from tests.utils import collection_tree  # noqa: E402

COLLECTIONS = collection_tree.build()
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
