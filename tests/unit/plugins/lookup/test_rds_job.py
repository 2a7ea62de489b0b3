"""The rds_job lookup: reads jobs, or waits on them with ``wait=true``; problems as AnsibleError with the
cloud's own words."""

import types

import pytest
import yaml
from ansible import constants
from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.template import Templar
from ansible.utils.plugin_docs import add_fragments

from ansible_collections.hwcloud.tasks.plugins.doc_fragments import connection, wait
from ansible_collections.hwcloud.tasks.plugins.lookup import rds_job
from ansible_collections.hwcloud.tasks.plugins.module_utils import _client
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.rds_answers import JOBS, job, jobs_running
from tests.unit.plugins.simulated_time import simulate

NAME = "hwcloud.tasks.rds_job"
CREDENTIALS = {"access_key": "AK", "secret_key": "SK", "region": "eu-de"}
JOB_NAME = "CreateMysqlSingleHAInstance on instance inst 'mysql-prod'"


class Fragments:
    """The doc fragments, found as ansible-core's fragment loader finds them in the collection."""

    known = {"hwcloud.tasks.connection": connection.ModuleDocFragment, "hwcloud.tasks.wait": wait.ModuleDocFragment}

    def get(self, name):
        fragment = self.known.get(name)
        return fragment and type("ModuleDocFragment", (fragment,), {"ansible_name": name})


def lookup():
    """The lookup as the plugin loader makes it: its options are those of its documentation and fragments."""
    if not constants.config.has_configuration_definition("lookup", NAME):
        doc = yaml.load(rds_job.DOCUMENTATION, Loader=AnsibleLoader)
        add_fragments(doc, rds_job.__file__, fragment_loader=Fragments())
        constants.config.initialize_plugin_configuration_definitions("lookup", NAME, doc["options"])
    plugin = rds_job.LookupModule(templar=Templar(loader=DataLoader()))
    plugin._load_name = NAME
    return plugin


@pytest.fixture
def clients(monkeypatch):
    """The lookup's client is ``clients.client`` (set it); ``clients.made`` lists each ``(config, token_store)``."""
    clients = types.SimpleNamespace(client=None, made=[])

    def cloud_client(config, token_store=None, trace=None, gateways=None):
        clients.made.append((config, token_store))
        clients.client.config = config
        return clients.client

    monkeypatch.setattr(_client, "CloudClient", cloud_client)
    return clients


def test_reads_each_job_in_the_order_given_without_waiting(clients):
    clients.client = FakeClient(routes={JOBS: lambda _path, params: {"job": job(params["id"], "Running", "40%")}})
    records = lookup().run(["j2", "j1"], variables={}, **CREDENTIALS)
    assert [(record["id"], record["state"], record["progress"]) for record in records] == [
        ("j2", "running", 40), ("j1", "running", 40)]
    assert len(clients.client.calls) == 2
    (config, token_store), = clients.made
    assert config.region == "eu-de" and isinstance(token_store, SharedTokens)


def test_options_not_given_come_from_the_controllers_environment(monkeypatch, clients):
    monkeypatch.setenv("HW_REGION_NAME", "eu-nl")
    monkeypatch.setenv("HW_RDS_ENDPOINT", "http://127.0.0.1:8080")
    clients.client = FakeClient(lambda *_: {"job": job("j1")})
    lookup().run(["j1"], variables={}, access_key="AK", secret_key="SK")
    (config, _token_store), = clients.made
    assert (config.region, config.endpoint("rds")) == ("eu-nl", "http://127.0.0.1:8080")


def test_the_shared_connection_wins_over_the_environment_and_an_option_given_wins_over_it(monkeypatch, clients):
    monkeypatch.setenv("HW_REGION_NAME", "eu-nl")
    monkeypatch.setenv("HW_RDS_ENDPOINT", "http://127.0.0.1:8080")
    clients.client = FakeClient(lambda *_: {"job": job("j1")})
    shared = dict(CREDENTIALS, region="eu-de", cloud="otc", api_timeout="7")  # as a play's variable holds it
    lookup().run(["j1"], variables={"hwcloud_tasks_connection": shared}, cloud="myhuaweicloud.com")
    (config, _token_store), = clients.made
    assert (config.region, config.cloud, config.api_timeout) == ("eu-de", "myhuaweicloud.com", 7.0)
    assert config.endpoint("rds") == "http://127.0.0.1:8080"  # not in the shared connection: the environment's


def test_with_wait_returns_once_every_job_is_finished(monkeypatch, clients):
    time = simulate(monkeypatch)
    clients.client = FakeClient(routes={JOBS: jobs_running(time, {"j1": 30, "j2": 90})})
    records = lookup().run(["j1", "j2"], variables={}, wait=True, **CREDENTIALS)
    assert [(record["id"], record["state"]) for record in records] == [("j1", "succeeded"), ("j2", "succeeded")]
    assert time.now >= 90


def test_a_failed_job_is_an_error_with_its_reason_unless_told_not_to(monkeypatch, clients):
    time = simulate(monkeypatch)
    clients.client = FakeClient(routes={JOBS: jobs_running(time, {"j1": 10}, failed=("j1",))})
    with pytest.raises(AnsibleError) as raised:
        lookup().run(["j1"], variables={}, wait=True, **CREDENTIALS)
    assert raised.value.message.startswith("hwcloud.tasks.rds_job: job j1 (%s) failed: createVM failed. "
                                           "(request id req-" % JOB_NAME)
    records = lookup().run(["j1"], variables={}, wait=True, fail_on_failed=False, **CREDENTIALS)
    assert records[0]["state"] == "failed" and records[0]["fail_reason"] == "createVM failed."


def test_a_timeout_is_an_error_with_the_last_state(monkeypatch, clients):
    time = simulate(monkeypatch)
    clients.client = FakeClient(routes={JOBS: jobs_running(time, {"j1": 600})})
    with pytest.raises(AnsibleError) as raised:
        lookup().run(["j1"], variables={}, wait=True, timeout=60, **CREDENTIALS)
    assert raised.value.message == ("hwcloud.tasks.rds_job: timed out after 60.0 s (timeout) with 1 still unfinished: "
                                    "job j1 (%s) running 10%%" % JOB_NAME)


@pytest.mark.parametrize("wait_for_it", [False, True])
def test_a_cloud_error_is_an_error_with_the_clouds_code_and_request_id(monkeypatch, clients, wait_for_it):
    simulate(monkeypatch)
    refused = AuthenticationError("GET u failed", status=401, error_code="APIGW.0301",
                                  error_msg="Incorrect IAM authentication information", request_id="rid")
    clients.client = FakeClient(lambda *_: refused)
    with pytest.raises(AnsibleError) as raised:
        lookup().run(["j1"], variables={}, wait=wait_for_it, **CREDENTIALS)
    assert raised.value.message == ("hwcloud.tasks.rds_job: GET u failed: HTTP 401 APIGW.0301 Incorrect IAM "
                                    "authentication information (request id rid)")


@pytest.mark.parametrize(
    "terms, options, says",
    [
        ([""], {}, "job_id must not be empty: got ['']"),
        (["j1"], {"wait": True, "timeout": 0}, "timeout must be a positive number of seconds, got 0"),
        (["j1"], {"api_timeout": 0}, "api_timeout must be a positive number of seconds, got 0"),
    ],
)
def test_bad_options_are_an_error_before_any_request(clients, terms, options, says):
    clients.client = FakeClient()
    with pytest.raises(AnsibleError) as raised:
        lookup().run(terms, variables={}, **dict(CREDENTIALS, **options))
    assert raised.value.message.startswith("hwcloud.tasks.rds_job: " + says)
    assert clients.client.calls == []
