"""Credentials kept where users keep them, for the credential chain's and the auth selection's tests (the
``home`` fixture, in conftest.py, holds a file of each kind)."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (
    ConnectionConfig,
    with_environment,
)

SECRETS = ("option-secret", "hw-secret", "sdk-secret", "koocli-secret", "file-secret", "clouds-secret", "jwt-value")


def environment(home, **variables):
    return dict({"HOME": str(home)}, **variables)


def config(environ, **options):
    """As the lookup and the CLI build it: the options, their variables filling in the rest."""
    return ConnectionConfig(with_environment(options, environ), environ=environ)
