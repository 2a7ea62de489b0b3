"""Benchmarks of hwcloud.tasks against the alternatives, on the emulator: ``make bench`` (see bench/run.py).

Importing the package puts the collection tree (``ansible_collections.hwcloud.tasks``, built by
``tests/utils/collection_tree.py``) on ``sys.path``: the collection and its emulator are imported by
that name only.  ``bench`` and ``tests.utils`` come from the repository root, which ``python -m bench``
(run from it) or ``bench/run.py`` (run as a script) puts on the path.
"""

import sys

from tests.utils import collection_tree

COLLECTIONS = collection_tree.build()
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
