"""The connection options are defined once (``CONNECTION_ARGSPEC``) and documented once (the doc fragment
``hwcloud.tasks.connection``): both must say the same.

``DOCUMENTATION`` documents every option, for the modules and the lookup; ``PLUGINS`` adds the ``env:``
entries from which ansible-core's plugin configuration fills the lookup's options, because it does not
know the argument spec's fallbacks, and the lookups' ``connection`` (all of them as one dictionary).
The ``endpoints`` sub-options have no ``env:`` entries (plugin configuration has none for sub-options):
the lookup fills them from the same fallbacks itself.
"""

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.hwcloud.tasks.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import CONNECTION_ARGSPEC
from tests.conftest import COLLECTIONS_ROOT

DOCUMENTATION = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
PLUGINS = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
LOOKUP = "hwcloud.tasks.rds_job"
VARIABLE = re.compile(r"E\(([A-Za-z0-9_]+)\)")


def fallback_names(spec):
    """The environment variables an option falls back to, in the order they are tried."""
    return list(spec["fallback"][1]) if "fallback" in spec else []


def env_names(doc):
    return [entry["name"] for entry in doc.get("env") or []]


def documented_pairs(specs, docs, prefix=""):
    """``(dotted name, spec, doc)`` for every option and sub-option; the documented names must be the spec's."""
    assert set(docs) == set(specs), "%sdocumented: %s, in the spec: %s" % (prefix, sorted(docs), sorted(specs))
    for name, spec in sorted(specs.items()):
        yield prefix + name, spec, docs[name]
        if "options" in spec:
            yield from documented_pairs(spec["options"], docs[name].get("suboptions") or {}, prefix + name + ".")


OPTIONS = list(documented_pairs(CONNECTION_ARGSPEC, DOCUMENTATION))


@pytest.mark.parametrize("name, spec, doc", OPTIONS, ids=[name for name, _spec, _doc in OPTIONS])
def test_documentation_has_the_type_and_default_of_the_spec(name, spec, doc):
    assert doc["type"] == spec["type"]
    assert doc.get("default") == spec.get("default")


@pytest.mark.parametrize("name, spec, doc", OPTIONS, ids=[name for name, _spec, _doc in OPTIONS])
def test_each_description_names_the_fallbacks_in_order(name, spec, doc):
    """Every fallback variable, in order; a description may also name variables of other credential
    sources (the SDK's, clouds.yaml's), which are not the option's fallbacks."""
    description = " ".join(doc["description"]) if isinstance(doc["description"], list) else doc["description"]
    named = VARIABLE.findall(description)
    assert [variable for variable in named if variable in fallback_names(spec)] == fallback_names(spec)


@pytest.mark.parametrize("name", sorted(CONNECTION_ARGSPEC))
def test_the_lookup_env_entries_are_the_fallbacks_in_order(name):
    assert env_names(PLUGINS.get(name, {})) == fallback_names(CONNECTION_ARGSPEC[name])


def test_plugins_only_adds_env_entries_to_options_of_the_spec_and_the_connection_as_one():
    """So the lookup's type and default of an option are those of DOCUMENTATION, checked above; its one
    option of its own is all of them as one dictionary, from a play's variable (``module_defaults`` never
    reach a lookup)."""
    spec_options = {name: doc for name, doc in PLUGINS.items() if name != "connection"}
    assert set(spec_options) <= set(CONNECTION_ARGSPEC)
    assert {name: sorted(doc) for name, doc in spec_options.items()} == {name: ["env"] for name in spec_options}
    shared = PLUGINS["connection"]
    assert shared["type"] == "dict" and shared["vars"] == [{"name": "hwcloud_tasks_connection"}]


def test_the_lookup_as_ansible_doc_merges_it_reads_the_spec_options():
    """The fragments as ansible-core merges them for the lookup: what its configuration is built from."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT))
    ansible_doc = pathlib.Path(sys.executable).parent / "ansible-doc"
    process = subprocess.run([str(ansible_doc), "-t", "lookup", "--json", LOOKUP], env=env, capture_output=True,
                             text=True, timeout=120, check=False)
    assert process.returncode == 0, process.stderr
    options = json.loads(process.stdout)[LOOKUP]["doc"]["options"]
    for name, spec in CONNECTION_ARGSPEC.items():
        assert (options[name]["type"], options[name].get("default")) == (spec["type"], spec.get("default")), name
        assert env_names(options[name]) == fallback_names(spec), name
