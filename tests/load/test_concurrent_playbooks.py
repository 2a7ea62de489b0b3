"""Load: many ansible-playbook runs wait on their jobs against one emulator at once; none may fail.

``make test`` runs 5 playbooks; ``make soak`` sets HWCLOUD_LOAD_PLAYBOOKS=50 (issue 8's figure).
The request rate the emulator saw is printed for the record.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integration.conftest import Ansible, explain

PLAYBOOKS = int(os.environ.get("HWCLOUD_LOAD_PLAYBOOKS", "5"))
JOBS_PER_PLAYBOOK = 10


@pytest.mark.integration
def test_concurrent_playbooks_all_succeed(emulator, tmp_path_factory):
    emulator.control("DELETE", "/_emulator/requests")
    runs = []
    for _playbook in range(PLAYBOOKS):
        jobs = emulator.control("POST", "/_emulator/jobs", {"duration": 100, "count": JOBS_PER_PLAYBOOK})
        runs.append((Ansible(emulator, tmp_path_factory.mktemp("load")), [job["id"] for job in jobs]))
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PLAYBOOKS) as pool:
        processes = list(pool.map(
            lambda run: run[0].playbook([{"hwcloud.tasks.rds_job_wait": {"job_id": run[1], "poll_interval": 0.5}}]),
            runs,
        ))
    elapsed = time.monotonic() - started
    for process in processes:
        assert process.returncode == 0 and "failed=0" in process.stdout, explain(process)
    requests = sum(emulator.control("GET", "/_emulator/requests")["counts"].values())
    print("%d playbooks x %d jobs: %d requests in %.1f s, %.1f requests/s"
          % (PLAYBOOKS, JOBS_PER_PLAYBOOK, requests, elapsed, requests / elapsed))
