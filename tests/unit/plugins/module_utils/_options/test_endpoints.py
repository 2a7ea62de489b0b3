"""Service endpoints: the cloud's domain from a friendly name or a domain, regions served elsewhere, overrides."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.endpoints import (
    HUAWEI_CLOUD,
    OPEN_TELEKOM_CLOUD,
    cloud_domain,
    service_endpoint,
)


@pytest.mark.parametrize(
    "cloud, region, domain",
    [
        (None, "cn-north-4", HUAWEI_CLOUD),
        ("", "cn-north-4", HUAWEI_CLOUD),
        ("HuaweiCloud", "cn-north-4", HUAWEI_CLOUD),
        ("huawei", "eu-west-101", "myhuaweicloud.eu"),
        (None, "eu-west-101", "myhuaweicloud.eu"),
        ("TCloudPublic", "eu-de", OPEN_TELEKOM_CLOUD),
        ("opentelekomcloud", "eu-nl", OPEN_TELEKOM_CLOUD),
        ("otc", "eu-west-101", OPEN_TELEKOM_CLOUD),  # only Huawei Cloud serves that region elsewhere
        ("Example.Cloud.", "ap-1", "example.cloud"),
    ],
)
def test_cloud_domain(cloud, region, domain):
    assert cloud_domain(cloud, region) == domain


@pytest.mark.parametrize("service, host", [("rds", "rds"), ("dms", "dms"), ("iam", "iam"), ("kafka", "dms"),
                                           ("rabbitmq", "dms"), ("rocketmq", "dms")])
def test_each_service_is_built_on_its_host(service, host):
    assert service_endpoint(service, "eu-de", "otc") == "https://%s.eu-de.otc.t-systems.com" % host


def test_an_override_wins_without_its_trailing_slash_and_needs_no_region():
    assert service_endpoint("rds", "eu-de", "otc", {"rds": "http://127.0.0.1:8080/"}) == "http://127.0.0.1:8080"
    assert service_endpoint("rds", None, None, {"rds": "https://rds.example/base/"}) == "https://rds.example/base"


def test_an_engine_without_its_own_override_goes_to_the_dms_one():
    overrides = {"dms": "http://127.0.0.1:9090", "rocketmq": "http://127.0.0.1:9091"}
    assert service_endpoint("kafka", None, None, overrides) == "http://127.0.0.1:9090"
    assert service_endpoint("rocketmq", None, None, overrides) == "http://127.0.0.1:9091"
    assert service_endpoint("rds", "eu-de", None, overrides) == "https://rds.eu-de.myhuaweicloud.com"


def test_without_region_or_override_the_message_names_what_to_set_for_that_service():
    with pytest.raises(ConfigurationError) as refused:
        service_endpoint("kafka", overrides={"rds": "http://127.0.0.1:8080"})
    assert str(refused.value) == (
        "No region given to build the kafka endpoint from: set the region option (or HW_REGION_NAME / "
        "OS_REGION_NAME), or give the endpoint in endpoints.kafka (or HW_KAFKA_ENDPOINT)")
