"""A local emulator of the Huawei Cloud / Open Telekom Cloud APIs that hwcloud.tasks reads.

It serves RDS jobs, the RDS task list and task-center detail, DMS (Kafka, RabbitMQ, RocketMQ)
background tasks, IAM tokens and temporary keys (the ECS metadata service, agencies, OpenID Connect
federation) over real HTTP(S), checks tokens and SDK-HMAC-SHA256 signatures,
runs jobs on a clock that can go faster than real time, and injects faults through a control API
under ``/_emulator/``.  Standard library only (``--tls`` also uses ``cryptography``), plus the
collection's own request signing (``plugins/module_utils/_auth/signing.py``).

It is a part of the collection, imported by the collection's package name like the rest of it:

    from ansible_collections.hwcloud.tasks.emulator import Emulator
    with Emulator(speed=20.0) as emu:
        job = emu.control("POST", "/_emulator/jobs", {"duration": 60})

From a shell: ``bin/hwtasks emulator --help``, or, with the folder that holds ``ansible_collections/``
on ``PYTHONPATH``, ``python -m ansible_collections.hwcloud.tasks.emulator --help`` (every option).
"""

from .embedded import ControlError, Emulator

__all__ = ["ControlError", "Emulator"]
