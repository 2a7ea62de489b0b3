"""Emulated time: how far jobs have got, running ``speed`` times faster than real time.

Everything the emulator schedules (job durations, visibility delays, token lifetimes) is in
emulated seconds since the emulator started.  Timestamps it *reports* are real wall-clock UTC
(``wall()``), so a client can compare them with its own clock and filter on them.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from typing import NamedTuple


class _Anchor(NamedTuple):
    emulated: float
    wall: float
    monotonic: float
    speed: float


def check_speed(speed) -> float:
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0 < speed < math.inf:
        raise ValueError("speed must be a finite number greater than 0")
    return float(speed)


class Clock:
    def __init__(self, speed: float = 1.0):
        self._lock = threading.Lock()
        # One anchor per speed change, so that instants before a change keep their wall time.
        self._anchors = [_Anchor(0.0, time.time(), time.monotonic(), check_speed(speed))]

    @property
    def speed(self) -> float:
        return self._anchors[-1].speed

    def now(self) -> float:
        anchor = self._anchors[-1]
        return anchor.emulated + (time.monotonic() - anchor.monotonic) * anchor.speed

    def set_speed(self, speed: float) -> None:
        speed = check_speed(speed)
        with self._lock:
            now = self.now()
            self._anchors.append(_Anchor(now, self.wall(now), time.monotonic(), speed))

    def wall(self, emulated: float) -> float:
        """The real UNIX time at which the emulated instant happens (or happened)."""
        anchors = self._anchors
        index = max(bisect.bisect_right([anchor.emulated for anchor in anchors], emulated) - 1, 0)
        anchor = anchors[index]
        return anchor.wall + (emulated - anchor.emulated) / anchor.speed
