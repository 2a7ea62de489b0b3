"""Fixtures of the module_utils tests."""

import json

import pytest


@pytest.fixture
def home(tmp_path):
    """A HOME holding every kind of file the chain reads, each with its own keys."""
    (tmp_path / ".hcloud").mkdir()
    (tmp_path / ".hcloud" / "config.json").write_text(json.dumps({"current": "ci", "profiles": [
        {"name": "ci", "mode": "AKSK", "accessKeyId": "KOOCLIAK", "secretAccessKey": "koocli-secret",
         "region": "ap-southeast-1", "projectId": "koocli-project", "agencyName": "deployer",
         "agencyDomainName": "owner"}]}))
    (tmp_path / ".huaweicloud").mkdir()
    (tmp_path / ".huaweicloud" / "credentials").write_text(
        "[basic]\nak = FILEAK\nsk = file-secret\nproject_id = file-project\niam_endpoint = https://iam.file\n")
    (tmp_path / ".config" / "openstack").mkdir(parents=True)
    (tmp_path / ".config" / "openstack" / "clouds.yaml").write_text(
        "clouds:\n  otc:\n    profile: otc\n    auth:\n      ak: CLOUDSAK\n      sk: clouds-secret\n"
        "      project_name: eu-de_team\n")
    return tmp_path
