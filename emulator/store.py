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
# The task center's detail: the official SDK model's fields (status, progress, times, sub-tasks), or
# only the four the API document lists.
TASK_CENTER_ANSWERS = ("sdk", "documented")
METADATA_KEY_TTL = 24 * 3600.0  # emulated seconds an ECS agency's keys live by default


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who may get temporary keys, set through the control API: nobody until a test says so."""

    metadata_agency: str | None = None  # the agency bound to "this ECS"; None: the metadata service has none
    agencies: tuple[str, ...] = ()  # agencies of the emulator's account that its credentials may assume
    identity_providers: tuple[tuple[str, str], ...] = ()  # (IdP id, the one id token it accepts)
    # More permanent keys of the account, (access key, secret key): one per credential source a test sets
    # up, so that the request log tells which source signed each call.
    access_keys: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        if self.metadata_agency is not None and not (isinstance(self.metadata_agency, str) and self.metadata_agency):
            raise ValueError("metadata_agency must be an agency name or null")
        if not all(isinstance(name, str) and name for name in self.agencies):
            raise ValueError("agencies must be a list of agency names")
        if not all(isinstance(part, str) and part for pair in self.identity_providers for part in pair):
            raise ValueError("identity_providers must map IdP ids to id tokens (strings)")
        if not all(isinstance(part, str) and part for pair in self.access_keys for part in pair):
            raise ValueError("access_keys must map access keys to secret keys (strings)")

    def secret_key(self, access_key: str) -> str | None:
        return dict(self.access_keys).get(access_key)

    def id_token(self, idp_id: str) -> str | None:
        return dict(self.identity_providers).get(idp_id)


def _check_seconds(name: str, value, optional: bool = False) -> None:
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise ValueError("%s must be a finite number of seconds greater than 0%s" % (name, " (or null)" * optional))


@dataclasses.dataclass(frozen=True)
class Settings:
    token_ttl: float = 24 * 3600.0  # emulated seconds
    time_format: str = "iso"  # task-list times; "epoch_ms" answers like Open Telekom Cloud
    order_id_empty: bool = False  # task-list order ids are "", as Open Telekom Cloud answers
    task_center_answer: str = "sdk"  # one of TASK_CENTER_ANSWERS
    # Emulated seconds every temporary key lives, whatever was asked; None: the duration asked
    # (IAM's securitytokens), METADATA_KEY_TTL for the metadata service's.
    key_ttl: float | None = None

    def __post_init__(self):
        _check_seconds("token_ttl", self.token_ttl)
        _check_seconds("key_ttl", self.key_ttl, optional=True)
        if self.time_format not in TIME_FORMATS:
            raise ValueError("time_format must be one of %s" % ", ".join(TIME_FORMATS))
        if not isinstance(self.order_id_empty, bool):
            raise ValueError("order_id_empty must be true or false")
        if self.task_center_answer not in TASK_CENTER_ANSWERS:
            raise ValueError("task_center_answer must be one of %s" % ", ".join(TASK_CENTER_ANSWERS))


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
        self._temporary_keys: dict[str, records.TemporaryKey] = {}  # by access key
        self._metadata_tokens: dict[str, float] = {}  # metadata session token: when it expires
        self.identity = Identity()

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

    def update_identity(self, **changes) -> Identity:
        with self._lock:
            self.identity = dataclasses.replace(self.identity, **changes)
            return self.identity

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

    def instances(self, service: str) -> list[records.Instance]:
        """The instances of one service (``rds`` or ``dms``), in the order they were created."""
        with self._lock:
            return [instance for instance in self._instances.values() if instance.service == service]

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
        self, *, instance_id: str, name: str, params: dict, duration: float, outcome: str, visible_after: float = 0.0
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
                visible_after=visible_after,
            )
            self._dms_tasks[task.id] = task
            return task

    def dms_tasks(self, instance_id: str) -> list[records.DmsTask]:
        """An instance's tasks, newest first."""
        with self._lock:
            return [task for task in reversed(self._dms_tasks.values()) if task.instance_id == instance_id]

    # IAM tokens ----------------------------------------------------------------------------

    def issue_token(self, origin: str = "password login") -> tuple[str, records.Token]:
        now = self.now()
        value = "MIIemulator" + secrets.token_urlsafe(48)
        with self._lock:
            token = records.Token(issued=now, expires=now + self.settings.token_ttl, number=len(self._tokens) + 1,
                                  origin=origin)
            self._tokens[value] = token
        return value, token

    def token(self, value: str) -> records.Token | None:
        return self._tokens.get(value)

    def expire_tokens(self, after: float = 0.0) -> int:
        """Every token issued so far stops working ``after`` emulated seconds from now (now: at once);
        tokens issued later are not affected."""
        expiry = self.now() + after
        with self._lock:
            for value, token in self._tokens.items():
                self._tokens[value] = dataclasses.replace(token, expires=min(token.expires, expiry))
            return len(self._tokens)

    # Temporary access keys -----------------------------------------------------------------

    def issue_temporary_key(self, origin: str, duration: float) -> records.TemporaryKey:
        """A new key pair and security token, living ``duration`` emulated seconds (or ``key_ttl``)."""
        now = self.now()
        lifetime = self.settings.key_ttl or duration
        alphabet = string.ascii_uppercase + string.digits
        key = records.TemporaryKey(
            access_key="EMUTMP" + "".join(secrets.choice(alphabet) for _place in range(14)),
            secret_key=secrets.token_urlsafe(30),
            security_token="emulator-sts-" + secrets.token_urlsafe(96),
            issued=now,
            expires=now + lifetime,
            origin=origin,
        )
        with self._lock:
            self._temporary_keys[key.access_key] = key
        return key

    def temporary_key(self, access_key: str) -> records.TemporaryKey | None:
        return self._temporary_keys.get(access_key)

    def temporary_keys(self) -> list[records.TemporaryKey]:
        """Every temporary key issued so far (a test checks none of their secrets shows anywhere)."""
        with self._lock:
            return list(self._temporary_keys.values())

    def issue_metadata_token(self, ttl: float) -> str:
        value = secrets.token_urlsafe(32)
        with self._lock:
            self._metadata_tokens[value] = self.now() + ttl
        return value

    def metadata_token_valid(self, value: str) -> bool:
        expires = self._metadata_tokens.get(value)
        return expires is not None and self.now() < expires


def _order_id(rng: random.Random) -> str:
    """Like ``CS2506041000FOJXC``: CS, the order's date and minute, five letters."""
    stamp = time.strftime("%y%m%d%H%M", time.gmtime())
    return "CS" + stamp + "".join(rng.choices(string.ascii_uppercase, k=5))
