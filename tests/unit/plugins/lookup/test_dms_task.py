"""The dms_task lookup's own part: terms and options to the operation's options, reading or waiting,
failures as one AnsibleError.  Ansible's configuration of plugin options is stood in for by the
documented defaults; the playbook tests (tests/integration/targets/lookup_dms_task) run the real one."""

import re
import types

import pytest
import yaml
from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.hwcloud.tasks.plugins.lookup import dms_task
from ansible_collections.hwcloud.tasks.plugins.module_utils import _client
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import CONNECTION_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_DEFAULTS
from tests.unit.plugins.dms_answers import SimulatedDms, one, sequence
from tests.unit.plugins.fake_client import FakeClient

OWN_DEFAULTS = {name: spec.get("default") for name, spec in yaml.safe_load(dms_task.DOCUMENTATION)["options"].items()
                if name != "_terms"}


@pytest.fixture
def lookup(monkeypatch):
    """``lookup(client, *terms, **options)``: the lookup's result, with ``client`` standing in for the cloud."""
    def run(client, *terms, **options):
        plugin = dms_task.LookupModule(templar=Templar(loader=DataLoader()))

        def set_options(var_options=None, direct=None):
            plugin._options = {**dict.fromkeys(CONNECTION_ARGSPEC), "connection": None, **WAIT_DEFAULTS,
                               **OWN_DEFAULTS, **direct}

        monkeypatch.setattr(plugin, "set_options", set_options)
        monkeypatch.setattr(_client, "ConnectionConfig", lambda params, environ: types.SimpleNamespace(
            credential_source="test", api_rate_limit=None))

        def cloud_client(config, token_store, trace=None, gateways=None):
            client.config = config
            return client

        monkeypatch.setattr(_client, "CloudClient", cloud_client)
        return plugin.run(list(terms), variables={}, **options)
    return run


def test_task_ids_are_read_in_the_order_given(lookup):
    cloud = SimulatedDms()
    first, second = cloud.add(duration=0), cloud.add(duration=100)
    records = lookup(cloud, second, first, engine="kafka", instance_id="inst")
    assert [(record["id"], record["state"]) for record in records] == [(second, "pending"), (first, "succeeded")]
    assert {call["service"] for call in cloud.calls} == {"kafka"}


def test_without_terms_the_instance_is_listed_or_waited_on_until_idle(lookup):
    cloud = SimulatedDms()
    cloud.add(duration=0, name="restartInstance")
    assert [record["name"] for record in lookup(cloud, engine="rocketmq", instance_id="inst")] == ["restartInstance"]
    assert lookup(cloud, engine="rocketmq", instance_id="inst", wait=True) == []
    assert cloud.calls[-2]["path"] == "/v2/{project_id}/instances/{instance_id}", "the instance is checked first"


def test_a_name_gives_the_newest_task_of_that_name(lookup):
    cloud = SimulatedDms()
    cloud.add(duration=0, name="resizeInstance")
    newest = cloud.add(duration=0, name="resizeInstance")
    (record,) = lookup(cloud, engine="rabbitmq", instance_id="inst", task_name="resizeInstance", wait=True)
    assert (record["id"], record["state"]) == (newest, "succeeded")


def test_a_wait_returns_the_finished_tasks(lookup):
    client = FakeClient(sequence(one("EXECUTING"), one("SUCCESS")))
    (record,) = lookup(client, "t", engine="kafka", instance_id="inst", wait=True, poll_interval=0.01)
    assert record["state"] == "succeeded" and client.requests_sent == 2


def test_a_failed_task_raises_with_its_name_id_and_instance_unless_kept(lookup):
    with pytest.raises(AnsibleError) as caught:
        lookup(FakeClient(sequence(one("FAILED", name="resizeInstance"))), "t", engine="kafka", instance_id="inst",
               wait=True)
    assert str(caught.value).startswith("hwcloud.tasks.dms_task: kafka task t (resizeInstance on instance inst) "
                                        "failed at ")
    (record,) = lookup(FakeClient(sequence(one("FAILED"))), "t", engine="kafka", instance_id="inst", wait=True,
                       fail_on_failed=False)
    assert record["state"] == "failed"


def test_cloud_errors_and_bad_options_are_one_line_errors_naming_the_lookup(lookup):
    cloud = SimulatedDms()
    with pytest.raises(AnsibleError, match=r"^hwcloud.tasks.dms_task: no kafka instance typo in project proj: "):
        lookup(cloud, engine="kafka", instance_id="typo", wait=True)
    with pytest.raises(AnsibleError, match=re.escape("parameters are mutually exclusive: task_id|task_name")):
        lookup(cloud, "t", engine="kafka", instance_id="inst", task_name="n")
    with pytest.raises(AnsibleError, match="timeout must be a positive number of seconds"):
        lookup(cloud, "t", engine="kafka", instance_id="inst", wait=True, timeout=0)
    with pytest.raises(AnsibleError, match="begin_time: 'yesterday' is not a time"):
        lookup(cloud, engine="kafka", instance_id="inst", begin_time="yesterday")
    assert len(cloud.calls) == 1, "bad options cost no request"
