# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Service endpoints: built from the region and the cloud's domain, or given outright."""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

HUAWEI_CLOUD = "myhuaweicloud.com"
OPEN_TELEKOM_CLOUD = "otc.t-systems.com"

# Friendly names accepted for ``cloud``; anything else is taken as a domain.
CLOUD_ALIASES = {
    "huaweicloud": HUAWEI_CLOUD,
    "huawei": HUAWEI_CLOUD,
    "otc": OPEN_TELEKOM_CLOUD,
    "opentelekomcloud": OPEN_TELEKOM_CLOUD,
    "tcloudpublic": OPEN_TELEKOM_CLOUD,
}

# Huawei Cloud regions served under another domain than the default one.
REGION_DOMAINS = {"eu-west-101": "myhuaweicloud.eu"}

# Services whose API is reached through another service's endpoint unless overridden.
SERVICE_HOSTS = {"rds": "rds", "dms": "dms", "iam": "iam", "kafka": "dms", "rabbitmq": "dms", "rocketmq": "dms"}

# Endpoints at the same address everywhere: the ECS metadata service (HW_METADATA_ENDPOINT overrides it).
FIXED_ENDPOINTS = {"metadata": "http://169.254.169.254"}


def cloud_domain(cloud, region):
    domain = CLOUD_ALIASES.get(cloud.lower(), cloud.lower().strip(".")) if cloud else HUAWEI_CLOUD
    if domain == HUAWEI_CLOUD:
        domain = REGION_DOMAINS.get(region, HUAWEI_CLOUD)
    return domain


def service_endpoint(service, region=None, cloud=None, overrides=None):
    """The base URL (no trailing slash) of ``service``: an override wins, else ``https://<host>.<region>.<domain>``."""
    overrides = overrides or {}
    explicit = overrides.get(service) or overrides.get(SERVICE_HOSTS.get(service, service))
    if explicit:
        return explicit.rstrip("/")
    if service in FIXED_ENDPOINTS:
        return FIXED_ENDPOINTS[service]
    if not region:
        raise ConfigurationError(
            "No region given to build the %s endpoint from: set the region option "
            "(or HW_REGION_NAME / OS_REGION_NAME), or give the endpoint in endpoints.%s "
            "(or HW_%s_ENDPOINT)" % (service, service, service.upper())
        )
    return "https://%s.%s.%s" % (SERVICE_HOSTS[service], region, cloud_domain(cloud, region))


def iam_endpoint_of(auth_url):
    """The IAM endpoint an ``auth_url`` (OpenStack style, ``https://iam.<region>.<domain>/v3``) names."""
    url = auth_url.rstrip("/")
    for suffix in ("/v3", "/v3.0"):
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url


def cloud_of(auth_url):
    """The cloud's domain in an ``auth_url`` like ``https://iam.eu-de.otc.t-systems.com/v3`` (or
    ``https://iam.myhuaweicloud.com/v3``); None for any other host (a proxy, the emulator)."""
    host = urlsplit(auth_url).hostname or ""
    labels = host.split(".")
    if labels[0] != "iam" or len(labels) < 3:
        return None
    rest = labels[2:] if "-" in labels[1] else labels[1:]  # iam.<region>.<domain> or iam.<domain>
    return ".".join(rest) if len(rest) >= 2 else None
