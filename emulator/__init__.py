"""A local emulator of the Huawei Cloud / Open Telekom Cloud APIs that hwcloud.tasks reads.

It serves RDS jobs, the RDS task list and task-center detail, DMS (Kafka, RabbitMQ, RocketMQ)
background tasks and IAM tokens over real HTTP(S), checks tokens and SDK-HMAC-SHA256 signatures,
runs jobs on a clock that can go faster than real time, and injects faults through a control API
under ``/_emulator/``.  Standard library only (``--tls`` also uses ``cryptography``).

    from emulator import Emulator
    with Emulator(speed=20.0) as emu:
        job = emu.control("POST", "/_emulator/jobs", {"duration": 60})

From a shell: ``python -m emulator --help``.
"""

from .embedded import ControlError, Emulator

__all__ = ["ControlError", "Emulator"]
