"""What the emulator holds, and how each record's state follows from the emulated time.

Records are immutable: a job's whole life (when it becomes visible, how its progress climbs, how
it ends) is fixed when it is created, and every answer is computed from it and the clock.  So
concurrent readers need no lock and the same clock reading always gives the same answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

RDS_ENGINES = ("mysql", "postgresql", "sqlserver")
DMS_ENGINES = ("kafka", "rabbitmq", "rocketmq")

RUNNING, COMPLETED, FAILED = "Running", "Completed", "Failed"
JOB_OUTCOMES = (COMPLETED, FAILED)

DMS_CREATED, DMS_EXECUTING = "CREATED", "EXECUTING"
DMS_OUTCOMES = ("SUCCESS", "FAILED", "CANCELLED")
# Share of a DMS task's duration it spends CREATED before it starts EXECUTING.
DMS_CREATED_SHARE = 0.1


@dataclass(frozen=True)
class Instance:
    id: str
    name: str
    engine: str

    @property
    def service(self) -> str:
        return "rds" if self.engine in RDS_ENGINES else "dms"


def progress_curve(rng: random.Random) -> tuple[tuple[float, int], ...]:
    """Uneven, monotonic progress: at each (share of the duration, percent) step the value jumps.

    Steps land at random moments with random heights, and never reach 100: a running job reports
    100 only by completing.
    """
    steps = rng.randint(4, 9)
    moments = sorted(rng.uniform(0.02, 0.98) for _step in range(steps))
    values = sorted(rng.randint(1, 99) for _step in range(steps))
    return tuple(zip(moments, values, strict=True))


@dataclass(frozen=True)
class Job:
    """An RDS job; the same record is a task-list entry and a task-center workflow."""

    id: str
    name: str
    instance_id: str
    created: float
    duration: float
    outcome: str
    fail_reason: str | None
    visible_after: float
    entities: dict | None  # None: the default for the job's kind
    workflow_id: str
    order_id: str
    curve: tuple[tuple[float, int], ...]
    # What the job is planned to take: its progress and the task list's planned end follow this, so a job
    # whose duration is shorter (a failure) or longer (a delay) ends off plan.  None: as long as it runs.
    planned_duration: float | None = None

    @property
    def ends(self) -> float:
        return self.created + self.duration

    @property
    def planned_end(self) -> float:
        return self.created + (self.duration if self.planned_duration is None else self.planned_duration)

    def visible(self, now: float) -> bool:
        """RDS only shows a new job some seconds after creating it."""
        return now >= self.created + self.visible_after

    def status(self, now: float) -> str:
        return RUNNING if now < self.ends else self.outcome

    def percent(self, now: float) -> int:
        """Progress while running (0-99)."""
        planned = self.planned_end - self.created
        share = (now - self.created) / planned if planned else 1.0
        reached = [value for moment, value in self.curve if share >= moment]
        return reached[-1] if reached else 0


@dataclass(frozen=True)
class DmsTask:
    """A Kafka / RabbitMQ / RocketMQ background task: CREATED, then EXECUTING, then its outcome."""

    id: str
    instance_id: str
    name: str
    params: dict
    created: float
    duration: float
    outcome: str
    visible_after: float = 0.0

    def visible(self, now: float) -> bool:
        """Listed (and shown by id) from this moment on: an operation whose task appears late."""
        return now >= self.created + self.visible_after

    @property
    def _executing_from(self) -> float:
        return self.created + self.duration * DMS_CREATED_SHARE

    def status(self, now: float) -> str:
        if now >= self.created + self.duration:
            return self.outcome
        return DMS_CREATED if now < self._executing_from else DMS_EXECUTING

    def updated(self, now: float) -> float:
        """When the status last changed."""
        if now >= self.created + self.duration:
            return self.created + self.duration
        return self.created if now < self._executing_from else self._executing_from


@dataclass(frozen=True)
class Token:
    """An IAM token: scoped to the emulator's one project (password login), or unscoped (federated)."""

    issued: float
    expires: float
    number: int = 0  # the request log names a token by its number, never by its value
    origin: str = "password login"


@dataclass(frozen=True)
class TemporaryKey:
    """Temporary access keys (as the metadata service and IAM's securitytokens issue them): the key pair
    only signs together with its security token, until it expires."""

    access_key: str
    secret_key: str
    security_token: str
    issued: float
    expires: float
    origin: str  # how it was obtained, for the request log: "ECS metadata (agency x)", "agency x", ...
