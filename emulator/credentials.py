"""The one account the emulator knows: its keys, its IAM user and its single project."""

from __future__ import annotations

import dataclasses
import uuid


@dataclasses.dataclass(frozen=True)
class Credentials:
    access_key: str = "EMULATORACCESSKEY0001"
    secret_key: str = "emulator-secret-key-do-not-use"
    user_name: str = "emulator-user"
    password: str = "emulator-password"
    domain_name: str = "emulator-domain"
    project_id: str = "0483b6b16e954cb88930a360d2c4e663"
    region: str = "cn-north-4"
    # A temporary key pair (as STS issues): only valid together with the security token.
    temp_access_key: str = "EMULATORTEMPACCESSKEY"
    temp_secret_key: str = "emulator-temp-secret"
    security_token: str = "emulator-security-token"

    @property
    def project_name(self) -> str:
        """IAM names a region's default project after the region."""
        return self.region

    @property
    def domain_id(self) -> str:
        return _stable_id("domain", self.domain_name)

    @property
    def user_id(self) -> str:
        return _stable_id("user", self.user_name)

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def _stable_id(kind: str, name: str) -> str:
    """A 32-hex-digit id, the same on every run for the same name."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "hwcloud-tasks-emulator:%s:%s" % (kind, name)).hex
