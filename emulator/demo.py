"""``--demo``: instances, jobs and a task to look at as soon as the emulator is up."""

from __future__ import annotations

from .embedded import Emulator

# The "failed" job of the RDS API document, whose id holds spaces: ids are opaque text, and the demo
# shows that such an id is read and waited on as any other.
FAILED_JOB_ID = "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886"


def populate(emulator: Emulator) -> tuple[list[str], dict[str, str]]:
    """Create the demo records through the control API.

    Returns one line describing each, and the variables ``examples/demo.yml`` reads (their ids).
    """

    def control(path: str, body: dict) -> dict:
        return emulator.control("POST", "/_emulator/" + path, body)

    mysql = control("instances", {"engine": "mysql", "name": "demo-mysql"})
    running = control("jobs", {"instance_id": mysql["id"], "duration": 10})
    failing = control(
        "jobs",
        {"id": FAILED_JOB_ID, "duration": 5, "outcome": "Failed", "fail_reason": "createVM failed."},
    )
    restart = control("jobs", {"instance_id": mysql["id"], "name": "RestartMysqlInstance", "duration": 0})
    kafka = control("instances", {"engine": "kafka", "name": "demo-kafka"})
    task = control(
        "dms-tasks",
        {"instance_id": kafka["id"], "name": "modifyAutoTopic", "duration": 10, "params": {"new_auto_status": False}},
    )
    return [
        "RDS instance %s (%s)" % (mysql["id"], mysql["name"]),
        "job %s %s: running for 10 emulated seconds, then Completed" % (running["id"], running["name"]),
        "job %r %s: fails after 5 emulated seconds (%s); the API document's own example id, spaces included"
        % (failing["id"], failing["name"], failing["fail_reason"]),
        "job %s %s: already Completed" % (restart["id"], restart["name"]),
        "Kafka instance %s (%s), background task %s %s: 10 emulated seconds"
        % (kafka["id"], kafka["name"], task["id"], task["name"]),
    ], {"HWCLOUD_DEMO_JOB_ID": running["id"], "HWCLOUD_DEMO_FAILED_JOB_ID": failing["id"]}
