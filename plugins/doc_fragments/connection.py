# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection and credential options, shared by every module, the lookup and the CLI.

If you change DOCUMENTATION, PLUGINS (the environment variables of the lookup) probably needs the same
change, and so does CONNECTION_ARGSPEC in plugins/module_utils/_connection.py.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  region:
    description:
      - Region of the project, for example C(cn-north-4) on Huawei Cloud or C(eu-de) on Open Telekom Cloud.
      - Builds the service endpoints, and finds O(project_id) when that is not given.
      - If not set, the environment variable E(HW_REGION_NAME), then E(OS_REGION_NAME), is used.
    type: str
  project_id:
    description:
      - ID of the project the tasks belong to.
      - If not set, the environment variable E(HW_PROJECT_ID), then E(OS_PROJECT_ID), is used.
      - If still not set, IAM is asked for the project named after O(region); exactly one must exist.
    type: str
  access_key:
    description:
      - Access key ID (AK). Requests are then signed with SDK-HMAC-SHA256 using O(secret_key).
      - If not set, the environment variable E(HW_ACCESS_KEY), then E(OS_ACCESS_KEY), is used.
    type: str
  secret_key:
    description:
      - Secret access key (SK) that goes with O(access_key). Never sent, never shown.
      - If not set, the environment variable E(HW_SECRET_KEY), then E(OS_SECRET_KEY), is used.
    type: str
  security_token:
    description:
      - Security token of temporary access keys (from STS or an agency), sent with signed requests.
      - If not set, the environment variable E(HW_SECURITY_TOKEN) is used.
    type: str
  auth_token:
    description:
      - An IAM token obtained elsewhere, sent as C(X-Auth-Token). Used when no access key is given.
      - If not set, the environment variable E(HW_AUTH_TOKEN), then E(OS_AUTH_TOKEN), is used.
    type: str
  user_name:
    description:
      - IAM user name for password login (C(POST /v3/auth/tokens)). Used when neither access keys nor a token are given.
      - The token is requested once per process and reused, and renewed once if it expires during a task.
      - If not set, the environment variable E(HW_USER_NAME), then E(OS_USERNAME), is used.
    type: str
  password:
    description:
      - Password of O(user_name).
      - If not set, the environment variable E(HW_PASSWORD), then E(OS_PASSWORD), is used.
    type: str
  domain_name:
    description:
      - Account (domain) name that O(user_name) belongs to.
      - If not set, the environment variable E(HW_DOMAIN_NAME), then E(OS_USER_DOMAIN_NAME), is used.
    type: str
  cloud:
    description:
      - Domain the service endpoints are built under, C(https://<service>.<region>.<cloud>).
      - V(myhuaweicloud.com) (Huawei Cloud, the default; region C(eu-west-101) uses C(myhuaweicloud.eu)),
        V(otc.t-systems.com) (Open Telekom Cloud), or any other domain.
        The short names V(huaweicloud) and V(otc) are accepted too.
      - If not set, the environment variable E(HW_CLOUD) is used.
    type: str
  endpoints:
    description:
      - Full URLs that replace the endpoints built from O(region) and O(cloud), per service.
        Use them for the bundled emulator, a private endpoint or a proxy.
    type: dict
    suboptions:
      rds:
        description:
          - RDS endpoint, for example V(https://rds.eu-de.otc.t-systems.com).
          - If not set, the environment variable E(HW_RDS_ENDPOINT) is used.
        type: str
      dms:
        description:
          - DMS (Kafka, RabbitMQ, RocketMQ) endpoint.
          - If not set, the environment variable E(HW_DMS_ENDPOINT) is used.
        type: str
      iam:
        description:
          - IAM endpoint, for password login and for finding O(project_id).
          - If not set, the environment variable E(HW_IAM_ENDPOINT) is used.
        type: str
      kafka:
        description:
          - Endpoint of the Kafka API, when it is not the DMS one.
          - If not set, the environment variable E(HW_KAFKA_ENDPOINT), then O(endpoints.dms), is used.
        type: str
      rabbitmq:
        description:
          - Endpoint of the RabbitMQ API, when it is not the DMS one.
          - If not set, the environment variable E(HW_RABBITMQ_ENDPOINT), then O(endpoints.dms), is used.
        type: str
      rocketmq:
        description:
          - Endpoint of the RocketMQ API, when it is not the DMS one.
          - If not set, the environment variable E(HW_ROCKETMQ_ENDPOINT), then O(endpoints.dms), is used.
        type: str
  validate_certs:
    description:
      - Whether to verify the endpoints' TLS certificates. Turn off only for a test endpoint.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust instead of the system's.
      - If not set, the environment variable E(OS_CACERT) is used (the Terraform providers' name for it).
    type: path
  api_timeout:
    description:
      - Seconds one HTTP request may take. How long a wait may take is a separate option of the waiting modules.
    type: float
    default: 30
  api_retries:
    description:
      - How many times a request is retried on throttling (429), gateway errors (502, 503, 504) and
        connection failures, with jittered exponential back-off and the server's C(Retry-After).
      - Authentication errors and other client errors are never retried.
    type: int
    default: 5
notes:
  - Credentials are taken in this order, the first complete set wins
    (O(access_key) and O(secret_key), O(auth_token), O(user_name) with O(password) and O(domain_name)).
  - For each option, an explicit value wins over the E(HW_*) environment variable, which wins over the E(OS_*) one.
  - The module reads environment variables on the host it runs on.
"""

    # For the lookup: where each option is read from when not given (on the controller).
    # The endpoints sub-options are read from HW_RDS_ENDPOINT, HW_DMS_ENDPOINT, HW_IAM_ENDPOINT,
    # HW_KAFKA_ENDPOINT, HW_RABBITMQ_ENDPOINT and HW_ROCKETMQ_ENDPOINT as for modules.
    PLUGINS = r"""
options:
  region:
    env:
      - name: HW_REGION_NAME
      - name: OS_REGION_NAME
  project_id:
    env:
      - name: HW_PROJECT_ID
      - name: OS_PROJECT_ID
  access_key:
    env:
      - name: HW_ACCESS_KEY
      - name: OS_ACCESS_KEY
  secret_key:
    env:
      - name: HW_SECRET_KEY
      - name: OS_SECRET_KEY
  security_token:
    env:
      - name: HW_SECURITY_TOKEN
  auth_token:
    env:
      - name: HW_AUTH_TOKEN
      - name: OS_AUTH_TOKEN
  user_name:
    env:
      - name: HW_USER_NAME
      - name: OS_USERNAME
  password:
    env:
      - name: HW_PASSWORD
      - name: OS_PASSWORD
  domain_name:
    env:
      - name: HW_DOMAIN_NAME
      - name: OS_USER_DOMAIN_NAME
  cloud:
    env:
      - name: HW_CLOUD
  ca_path:
    env:
      - name: OS_CACERT
"""
