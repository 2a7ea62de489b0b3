"""The emulator in a process of its own, for the benchmarks (``bench.common.EmulatorProcess`` starts it).

A process of its own so that the emulator's Python work never competes for the benchmark's GIL, with
TCP_NODELAY on its connections (see below).  It
listens on 127.0.0.1 only and stops by itself: when its standard input closes (the benchmark ended,
or died) or after ``lifetime`` seconds, whichever comes first.

Its first output line is ``{"url": ..., "credentials": {...}}``.  Then each line read on standard
input is a query answered by one JSON line, reading the emulator's own records (exact instants the
HTTP API only gives to the second):

    job <id>   ->  {"created", "ends", "now": emulated s; "created_wall", "ends_wall", "wall": UNIX s}
    now        ->  {"now": emulated s, "wall": UNIX s}
    cpu        ->  {"cpu": CPU seconds this process has used}
"""

from __future__ import annotations

import json
import sys
import threading
import time

from ansible_collections.hwcloud.tasks.emulator import Emulator, server

# The emulator answers with two writes (headers, then body); with Nagle's algorithm on, the second waits
# for the client's delayed ACK: ~40 ms on every request sent within ~40 ms of the previous one on the
# same keep-alive connection.  A real API gateway has no such stall, and it would swamp what is measured
# here (at speed x50 it is 2 emulated seconds a request).  The emulator turns it off itself since
# 08581c5; older ones get the standard library's switch here.
if not getattr(server.RequestHandler, "disable_nagle_algorithm", False):
    server.RequestHandler.disable_nagle_algorithm = True


def _answer(emu: Emulator, line: str) -> dict:
    store = emu.app.store
    word, _sep, rest = line.strip().partition(" ")
    if word == "job":
        job = store.job(rest)
        if job is None:
            return {"error": "no job %r" % rest}
        return {"created": job.created, "created_wall": store.wall(job.created), "ends": job.ends,
                "ends_wall": store.wall(job.ends), "now": store.now(), "wall": time.time()}
    if word == "now":
        return {"now": store.now(), "wall": time.time()}
    if word == "cpu":
        return {"cpu": time.process_time()}
    return {"error": "unknown query %r" % line}


def main(argv: list[str]) -> int:
    speed, lifetime, seed = float(argv[0]), float(argv[1]), int(argv[2])
    done = threading.Event()
    with Emulator(speed=speed, host="127.0.0.1", port=0, seed=seed) as emu:
        print(json.dumps({"url": emu.url, "credentials": emu.credentials}), flush=True)

        def serve_queries():
            for line in sys.stdin:
                print(json.dumps(_answer(emu, line)), flush=True)
            done.set()  # standard input closed: the benchmark is over

        threading.Thread(target=serve_queries, daemon=True).start()
        done.wait(lifetime)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
