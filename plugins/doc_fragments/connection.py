# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection and credential options, shared by every module, the lookup and the CLI, and where the
credential chain (plugins/module_utils/_credentials/chain.py) looks for credentials, in order.

If you change DOCUMENTATION, PLUGINS (the environment variables of the lookup) probably needs the same
change, and so does CONNECTION_ARGSPEC in plugins/module_utils/_options/connection.py (ansible-test sanity
compares the modules' documentation with it).
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  region:
    description:
      - Region of the project, for example C(cn-north-4) on Huawei Cloud or C(eu-de) on Open Telekom Cloud.
      - Builds the service endpoints, and finds O(project_id) when that is not given.
      - If not set, the environment variable E(HW_REGION_NAME), then E(OS_REGION_NAME), is used; then the region of
        the KooCLI profile or C(clouds.yaml) cloud the credentials come from; then the first part of an
        Open Telekom Cloud O(project_name) such as C(eu-de_myproject).
    type: str
  project_id:
    description:
      - ID of the project the tasks belong to.
      - If not set, the environment variable E(HW_PROJECT_ID), then E(OS_PROJECT_ID), then E(OS_TENANT_ID), is used;
        then the project of the source the credentials come from (E(HUAWEICLOUD_SDK_PROJECT_ID), a KooCLI
        profile's C(projectId), the SDK file's C(project_id), a C(clouds.yaml) cloud's C(auth.project_id)).
      - If still not set, IAM is asked for the project named O(project_name), else after O(region); exactly one must
        exist.
    type: str
  project_name:
    description:
      - Name of the project, when it is not the region's default project (Open Telekom Cloud's C(eu-de_myproject)).
        Scopes password login and finds O(project_id).
      - If not set, the environment variable E(HW_PROJECT_NAME), then E(OS_PROJECT_NAME), then E(OS_TENANT_NAME), is
        used.
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
      - If not set, the environment variable E(HW_SECURITY_TOKEN), then E(OS_SECURITY_TOKEN), is used.
    type: str
  auth_token:
    description:
      - An IAM token obtained elsewhere, sent as C(X-Auth-Token). Used when no access key is given.
      - If not set, the environment variable E(HW_AUTH_TOKEN), then E(OS_AUTH_TOKEN), then E(OS_TOKEN), is used.
    type: str
  user_name:
    description:
      - IAM user name for password login (C(POST /v3/auth/tokens)). Used when neither access keys nor a token are given.
      - The token is requested once per process (once per C(ansible-playbook) run on the controller) and reused,
        renewed before it expires, and renewed once if the cloud says it has expired.
      - If not set, the environment variable E(HW_USER_NAME), then E(OS_USERNAME), is used.
    type: str
  password:
    description:
      - Password of O(user_name).
      - If not set, the environment variable E(HW_USER_PASSWORD) (the Terraform provider's name), then
        E(HW_PASSWORD), then E(OS_PASSWORD), is used.
    type: str
  domain_name:
    description:
      - Account (domain) name that O(user_name) belongs to. O(domain_id) can be given instead.
      - If not set, the environment variable E(HW_DOMAIN_NAME), then E(OS_DOMAIN_NAME), E(OS_USER_DOMAIN_NAME),
        E(OS_PROJECT_DOMAIN_NAME), is used.
    type: str
  domain_id:
    description:
      - Account (domain) ID that O(user_name) belongs to, instead of O(domain_name).
      - If not set, the environment variable E(HW_DOMAIN_ID), then E(OS_DOMAIN_ID), E(OS_USER_DOMAIN_ID),
        E(OS_PROJECT_DOMAIN_ID), is used.
    type: str
  idp_id:
    description:
      - OpenID Connect federation (GitHub Actions, GitLab CI, ...) - the IAM identity provider that trusts the id
        token in O(id_token) or O(id_token_file). The id token is exchanged for a token, and that for temporary
        access keys, which are renewed before they expire (the id token file is read again then).
      - With O(assume_role) too, the federated keys then assume the agency.
      - If not set, the environment variable E(HW_ASSUME_ROLE_IDP_ID) is used.
    type: str
  id_token:
    description:
      - OpenID Connect - the id token (a JWT) itself. Never shown.
      - If not set, the environment variable E(HW_ASSUME_ROLE_ID_TOKEN) is used.
    type: str
  id_token_file:
    description:
      - OpenID Connect - a file holding the id token, read each time new keys are needed.
      - If not set, the environment variable E(HW_ASSUME_ROLE_ID_TOKEN_FILE) is used.
    type: path
  assume_role:
    description:
      - An IAM agency to act as - the credentials (from wherever they come) are exchanged for the agency's
        temporary access keys (C(POST /v3.0/OS-CREDENTIAL/securitytokens)), renewed before they expire.
      - A KooCLI profile's C(agencyName) and C(agencyDomainName) fill in what is not set here.
    type: dict
    suboptions:
      agency_name:
        description:
          - Name of the agency.
          - If not set, the environment variable E(HW_ASSUME_ROLE_AGENCY_NAME) is used.
        type: str
      domain_name:
        description:
          - Name of the account (domain) that created the agency.
          - If not set, the environment variable E(HW_ASSUME_ROLE_DOMAIN_NAME) is used.
        type: str
      domain_id:
        description:
          - ID of the account (domain) that created the agency, instead of O(assume_role.domain_name).
          - If not set, the environment variable E(HW_ASSUME_ROLE_DOMAIN_ID) is used.
        type: str
      duration:
        description:
          - Seconds the agency's keys are asked to live, from 900 to 86400; 43200 when not set (the Terraform
            provider's default). They are renewed before they expire whatever their lifetime.
          - If not set, the environment variable E(HW_ASSUME_ROLE_DURATION) is used.
        type: int
  profile:
    description:
      - A KooCLI (C(hcloud)) profile to take the credentials from, in O(shared_config_file) or
        C(~/.hcloud/config.json). Modes C(AKSK), C(SSO) and C(ecsAgency) are read; the keys must be stored
        unencrypted (C(hcloud configure set --cli-auth-encrypt=false)).
      - If not set, the environment variable E(HW_PROFILE) is used.
    type: str
  shared_config_file:
    description:
      - The KooCLI config file to read a profile from (its C(current) one unless O(profile) is set).
      - If not set, the environment variable E(HW_SHARED_CONFIG_FILE) is used.
    type: path
  os_cloud:
    description:
      - A cloud of an OpenStack C(clouds.yaml) to take the credentials from, searched in E(OS_CLIENT_CONFIG_FILE),
        the current folder, C(~/.config/openstack/) and C(/etc/openstack/); C(secure.yaml) is merged in.
        Reading YAML needs PyYAML where the module runs (C(clouds.json) does not).
      - If not set, the environment variable E(OS_CLOUD) is used.
    type: str
  auth_url:
    description:
      - IAM endpoint in the OpenStack style, for example C(https://iam.eu-de.otc.t-systems.com/v3). O(endpoints.iam)
        wins over it. When O(cloud) is not set, the domain of an C(iam.<region>.<domain>) address sets it.
      - If not set, the environment variable E(HW_AUTH_URL), then E(OS_AUTH_URL), is used.
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
          - IAM endpoint, for password login, temporary keys and finding O(project_id).
          - If not set, the environment variable E(HW_IAM_ENDPOINT) is used; then O(auth_url).
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
      metadata:
        description:
          - The ECS metadata service, where an ECS with an agency gets its temporary keys;
            V(http://169.254.169.254) when not set. Only asked when no other source has credentials, with a
            connection timeout of one second.
          - If not set, the environment variable E(HW_METADATA_ENDPOINT) is used.
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
      - How many times a request is retried on throttling (429), server and gateway errors (408, 500, 502,
        503, 504) and connection failures, with jittered exponential back-off and the server's C(Retry-After).
      - Authentication errors and other client errors are never retried.
    type: int
    default: 5
  api_rate_limit:
    description:
      - Requests per second the API gateway allows these credentials on an endpoint (its quota), if you know it.
        Waits never poll faster than that, all together. Every task, fork, lookup and C(hwtasks) process on this
        controller that waits through the same endpoint with the same account shares one rate.
      - Without it, the rate is learnt from the gateway's 429 answers, and shared the same way.
      - If not set, the environment variable E(HW_API_RATE_LIMIT) is used.
    type: float
notes:
  - "Where the credentials come from, in this order - the first source that has credentials gives all of them,
    and fills in the settings (region, project, IAM endpoint, agency) the options leave unset:"
  - "1. The options, each falling back to its E(HW_*) then E(OS_*) environment variables; within them O(idp_id)
    with an id token, then O(access_key) and O(secret_key), then O(auth_token), then O(user_name) with O(password)."
  - "2. The official SDK's variables E(HUAWEICLOUD_SDK_AK), E(HUAWEICLOUD_SDK_SK), E(HUAWEICLOUD_SDK_SECURITY_TOKEN),
    E(HUAWEICLOUD_SDK_PROJECT_ID), or E(HUAWEICLOUD_SDK_IDP_ID) with E(HUAWEICLOUD_SDK_ID_TOKEN_FILE)
    (E(HUAWEICLOUD_SDK_IAM_ENDPOINT) sets the IAM endpoint)."
  - "3. A KooCLI profile, only when O(profile) or O(shared_config_file) is set."
  - "4. The SDK's credentials file, E(HUAWEICLOUD_SDK_CREDENTIALS_FILE) or C(~/.huaweicloud/credentials), section
    C([basic])."
  - "5. A C(clouds.yaml) cloud, only when O(os_cloud) is set."
  - "6. The ECS metadata service: the keys of the agency bound to the ECS the task runs on."
  - On top of any of them, O(assume_role) exchanges the credentials for an agency's temporary keys.
  - A source that is set up but broken (an unreadable file, an unknown profile or cloud, half a key pair, an ECS
    without an agency) fails the task with a message naming it; the next source is not tried.
  - Temporary keys (the metadata service's, an agency's, OpenID Connect's, a KooCLI SSO profile's) are renewed
    before they expire - when under 40 minutes, or half their lifetime, are left - also during a long wait.
  - A client's first request is sent alone, and the others only once it was accepted - a wrong credential costs
    one rejected request, however many jobs are waited on (five bad signatures lock an access key for five minutes).
    On the controller a refused credential is not sent again for the rest of the C(ansible-playbook) run.
  - At C(-v) the task says where its credentials came from (never a value).
  - For each option, an explicit value wins over the E(HW_*) environment variable, which wins over the E(OS_*) one.
  - The module reads environment variables and files on the host it runs on.
"""

    # For the lookups: where each option is read from when not given (on the controller), and all of them
    # as one dictionary (connection), from the play's variable hwcloud_tasks_connection.
    # The sub-options of endpoints (HW_RDS_ENDPOINT, ..., HW_METADATA_ENDPOINT) and assume_role
    # (HW_ASSUME_ROLE_AGENCY_NAME, ...) are read from their variables as for modules.
    PLUGINS = r"""
options:
  connection:
    description:
      - The connection options above as one dictionary, for example the one a play also hands to C(module_defaults)
        for C(group/hwcloud.tasks.cloud) (Ansible gives C(module_defaults) to modules and their action plugins,
        never to lookups).
      - An option given to the lookup itself wins over the same option here, which wins over its environment
        variables.
    type: dict
    vars:
      - name: hwcloud_tasks_connection
  region:
    env:
      - name: HW_REGION_NAME
      - name: OS_REGION_NAME
  project_id:
    env:
      - name: HW_PROJECT_ID
      - name: OS_PROJECT_ID
      - name: OS_TENANT_ID
  project_name:
    env:
      - name: HW_PROJECT_NAME
      - name: OS_PROJECT_NAME
      - name: OS_TENANT_NAME
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
      - name: OS_SECURITY_TOKEN
  auth_token:
    env:
      - name: HW_AUTH_TOKEN
      - name: OS_AUTH_TOKEN
      - name: OS_TOKEN
  user_name:
    env:
      - name: HW_USER_NAME
      - name: OS_USERNAME
  password:
    env:
      - name: HW_USER_PASSWORD
      - name: HW_PASSWORD
      - name: OS_PASSWORD
  domain_name:
    env:
      - name: HW_DOMAIN_NAME
      - name: OS_DOMAIN_NAME
      - name: OS_USER_DOMAIN_NAME
      - name: OS_PROJECT_DOMAIN_NAME
  domain_id:
    env:
      - name: HW_DOMAIN_ID
      - name: OS_DOMAIN_ID
      - name: OS_USER_DOMAIN_ID
      - name: OS_PROJECT_DOMAIN_ID
  idp_id:
    env:
      - name: HW_ASSUME_ROLE_IDP_ID
  id_token:
    env:
      - name: HW_ASSUME_ROLE_ID_TOKEN
  id_token_file:
    env:
      - name: HW_ASSUME_ROLE_ID_TOKEN_FILE
  profile:
    env:
      - name: HW_PROFILE
  shared_config_file:
    env:
      - name: HW_SHARED_CONFIG_FILE
  os_cloud:
    env:
      - name: OS_CLOUD
  api_rate_limit:
    env:
      - name: HW_API_RATE_LIMIT
  auth_url:
    env:
      - name: HW_AUTH_URL
      - name: OS_AUTH_URL
  cloud:
    env:
      - name: HW_CLOUD
  ca_path:
    env:
      - name: OS_CACERT
"""
