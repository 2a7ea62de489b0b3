"""Helpers for tests that run the client against the session's emulator (see the ``emu`` fixture)."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._client import CloudClient
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import ConnectionConfig

JOBS_ROUTE = "GET /v3/{project_id}/jobs"


def client_for(emu, token_store=None, **options):
    credentials = emu.credentials
    params = dict(
        region=credentials["region"],
        project_id=credentials["project_id"],
        access_key=credentials["access_key"],
        secret_key=credentials["secret_key"],
        endpoints={"rds": emu.url, "dms": emu.url, "iam": emu.url},
        api_retries=5,
    )
    params.update(options)
    return CloudClient(ConnectionConfig(params), token_store=token_store)


def password_options(emu):
    credentials = emu.credentials
    return dict(access_key=None, secret_key=None, user_name=credentials["user_name"],
                password=credentials["password"], domain_name=credentials["domain_name"])


def new_job(emu, **spec):
    return emu.control("POST", "/_emulator/jobs", dict({"duration": 3600}, **spec))["id"]


def count(emu, route):
    return emu.control("GET", "/_emulator/requests")["counts"].get(route, 0)


def fault(emu, **spec):
    emu.control("POST", "/_emulator/faults", dict({"path": "/jobs"}, **spec))
