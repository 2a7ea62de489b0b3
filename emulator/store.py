"""The emulator's in-memory state: instances, RDS jobs, DMS tasks, IAM tokens and settings."""

from __future__ import annotations

import dataclasses
import math
import random
import secrets
import string
import threading
import time
import uuid

from . import records
from .clock import Clock
from .credentials import Credentials

TIME_FORMATS = ("iso", "epoch_ms")


@dataclasses.dataclass(frozen=True)
class Settings:
    token_ttl: float = 24 * 3600.0  # emulated seconds
    time_format: str = "iso"  # task-list times; "epoch_ms" answers like Open Telekom Cloud
    order_id_empty: bool = False  # task-list order ids are "", as Open Telekom Cloud answers

    def __post_init__(self):
        ttl = self.token_ttl
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not 0 < ttl < math.inf:
            raise ValueError("token_ttl must be a finite number of seconds greater than 0")
        if self.time_format not in TIME_FORMATS:
            raise ValueError("time_format must be one of %s" % ", ".join(TIME_FORMATS))
        if not isinstance(self.order_id_empty, bool):
            raise ValueError("order_id_empty must be true or false")


class Store:
    def __init__(self, credentials: Credentials, speed: float = 1.0, seed: int = 0):
        self.credentials = credentials
        self.clock = Clock(speed)
        self._initial_speed = self.clock.speed
        self._seed = seed
        self._lock = threading.RLock()  # ensure_instance() holds it around add_instance()
        self._clear()

    def _clear(self) -> None:
        self.settings = Settings()
        self._instances: dict[str, records.Instance] = {}
        self._jobs: dict[str, records.Job] = {}  # in creation order
        self._dms_tasks: dict[str, records.DmsTask] = {}  # in creation order
        self._tokens: dict[str, records.Token] = {}

    def reset(self) -> None:
        """Forget everything but the credentials; settings and speed go back to their defaults."""
        with self._lock:
            self._clear()
        self.clock.set_speed(self._initial_speed)

    def now(self) -> float:
        return self.clock.now()

    def wall(self, emulated: float) -> float:
        return self.clock.wall(emulated)

    def update_settings(self, **changes) -> Settings:
        with self._lock:
            self.settings = dataclasses.replace(self.settings, **changes)
            return self.settings

    def _rng(self, *key) -> random.Random:
        """A generator seeded by the emulator's seed and the record's id: reproducible whatever the
        order in which tests create their records."""
        return random.Random(":".join(map(str, (self._seed,) + key)))

    # Instances -----------------------------------------------------------------------------

    def add_instance(
        self, engine: str = "mysql", instance_id: str | None = None, name: str | None = None
    ) -> records.Instance:
        if engine not in records.RDS_ENGINES + records.DMS_ENGINES:
            raise ValueError("engine must be one of %s" % ", ".join(records.RDS_ENGINES + records.DMS_ENGINES))
        with self._lock:
            if instance_id is None:
                # RDS instance ids end in "in01" (one per node type); DMS ones are UUIDs.
                instance_id = uuid.uuid4().hex + "in01" if engine in records.RDS_ENGINES else str(uuid.uuid4())
            elif instance_id in self._instances:
                raise ValueError("instance %r already exists" % instance_id)
            name = name or "emulator-%s-%d" % (engine, len(self._instances) + 1)
            instance = self._instances[instance_id] = records.Instance(instance_id, name, engine)
            return instance

    def instance(self, instance_id: str, service: str | None = None) -> records.Instance | None:
        """The instance with that id (of that service, ``rds`` or ``dms``, if given), or None."""
        instance = self._instances.get(instance_id)
        return instance if instance is not None and service in (None, instance.service) else None

    def ensure_instance(self, instance_id: str | None, engine: str) -> records.Instance:
        """The instance with that id, created (with ``engine``) when there is none."""
        with self._lock:
            existing = self._instances.get(instance_id) if instance_id is not None else None
            return existing or self.add_instance(engine, instance_id)

    # RDS jobs ------------------------------------------------------------------------------

    def add_job(
        self,
        *,
        instance_id: str,
        name: str,
        duration: float,
        outcome: str,
        fail_reason: str | None,
        visible_after: float,
        entities: dict | None,
        job_id: str | None,
        workflow_id: str | None,
        order_id: str | None,
        planned_duration: float | None = None,
    ) -> records.Job:
        with self._lock:
            job_id = job_id if job_id is not None else str(uuid.uuid4())
            if job_id in self._jobs:
                raise ValueError("job %r already exists" % job_id)
            rng = self._rng("job", job_id)
            job = records.Job(
                id=job_id,
                name=name,
                instance_id=instance_id,
                created=self.now(),
                duration=duration,
                outcome=outcome,
                fail_reason=fail_reason,
                visible_after=visible_after,
                entities=entities,
                # The task center names a job's workflow by the job's own id (as its API example does).
                workflow_id=workflow_id if workflow_id is not None else job_id,
                order_id=order_id if order_id is not None else _order_id(rng),
                curve=records.progress_curve(rng),
                planned_duration=planned_duration,
            )
            self._jobs[job_id] = job
            return job

    def job(self, job_id: str) -> records.Job | None:
        return self._jobs.get(job_id)

    def jobs(self) -> list[records.Job]:
        """Every job, newest first."""
        with self._lock:
            return list(reversed(self._jobs.values()))

    # DMS background tasks -----------------------------------------------------------------

    def add_dms_task(
        self, *, instance_id: str, name: str, params: dict, duration: float, outcome: str
    ) -> records.DmsTask:
        with self._lock:
            task = records.DmsTask(
                id=uuid.uuid4().hex,
                instance_id=instance_id,
                name=name,
                params=params,
                created=self.now(),
                duration=duration,
                outcome=outcome,
            )
            self._dms_tasks[task.id] = task
            return task

    def dms_tasks(self, instance_id: str) -> list[records.DmsTask]:
        """An instance's tasks, newest first."""
        with self._lock:
            return [task for task in reversed(self._dms_tasks.values()) if task.instance_id == instance_id]

    # IAM tokens ----------------------------------------------------------------------------

    def issue_token(self) -> tuple[str, records.Token]:
        now = self.now()
        value = "MIIemulator" + secrets.token_urlsafe(48)
        with self._lock:
            token = self._tokens[value] = records.Token(issued=now, expires=now + self.settings.token_ttl)
        return value, token

    def token(self, value: str) -> records.Token | None:
        return self._tokens.get(value)

    def expire_tokens(self) -> int:
        now = self.now()
        with self._lock:
            for value, token in self._tokens.items():
                self._tokens[value] = dataclasses.replace(token, expires=min(token.expires, now))
            return len(self._tokens)


def _order_id(rng: random.Random) -> str:
    """Like ``CS2506041000FOJXC``: CS, the order's date and minute, five letters."""
    stamp = time.strftime("%y%m%d%H%M", time.gmtime())
    return "CS" + stamp + "".join(rng.choices(string.ascii_uppercase, k=5))
