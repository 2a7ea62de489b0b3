"""Several calls in flight at once, answered in order, at most MAX_CONCURRENCY of them; errors raised."""

import threading

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import MAX_CONCURRENCY, parallel_map

# Only a stalled machine makes the barriers wait this long: a wide margin, not a time being measured.
STALL = 60


def test_nothing_or_one_item_runs_in_the_calling_thread():
    assert parallel_map(lambda item: item, []) == []
    assert parallel_map(lambda item: threading.current_thread(), ["only"]) == [threading.current_thread()]


def test_items_run_together_and_come_back_in_order():
    everyone_in = threading.Barrier(5, timeout=STALL)  # passes only when all five calls are in flight at once

    def call(item):
        everyone_in.wait()
        return item * 2

    assert parallel_map(call, range(5)) == [0, 2, 4, 6, 8]


def test_no_more_than_max_concurrency_are_in_flight():
    in_flight, most, lock = [0], [0], threading.Lock()
    batch = threading.Barrier(MAX_CONCURRENCY, timeout=STALL)

    def call(item):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        batch.wait()
        with lock:
            in_flight[0] -= 1
        return item

    assert parallel_map(call, range(2 * MAX_CONCURRENCY)) == list(range(2 * MAX_CONCURRENCY))
    assert most[0] == MAX_CONCURRENCY


def test_the_error_of_the_first_failing_item_is_raised():
    def call(item):
        if item in (1, 3):
            raise ValueError("item %d" % item)
        return item

    with pytest.raises(ValueError, match="item 1"):
        parallel_map(call, range(4))
