"""The emulator's reference page (docs/docsite/rst/emulator.rst) against the emulator itself: every control
endpoint and the body fields it takes, and every cloud API it serves, walked from the running emulator."""

import pathlib
import re

import pytest

from ansible_collections.hwcloud.tasks.emulator import control
from tests.emulator.helpers import refused

pytestmark = pytest.mark.emulator

PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "docsite" / "rst" / "emulator.rst"
HEADING = re.compile(r"^``(?P<method>GET|POST|PUT|DELETE) (?P<path>/_emulator/\S*)``\n~+\n", re.M)
FIELD_ROW = re.compile(r"^   \* - ``(?P<name>[a-z_]+)``$", re.M)


def documented_endpoints():
    """``{(method, path): the text of its section}``, from the page's headings."""
    text = PAGE.read_text()
    headings = list(HEADING.finditer(text))
    ends = [heading.start() for heading in headings[1:]] + [len(text)]
    return {(heading["method"], heading["path"]): text[heading.end():end]
            for heading, end in zip(headings, ends, strict=True)}


def served_endpoints(emu):
    """What ``GET /_emulator/`` says, ``{(method, path): fields}``."""
    return {(endpoint["method"], endpoint["path"]): endpoint["fields"]
            for endpoint in emu.control("GET", "/_emulator/")["endpoints"]}


def fields_refusing_a_probe(emu, method, path):
    """The fields the endpoint names when refusing one it does not take: what it really accepts."""
    said = refused(emu, method, path, {"no_such_field": 1})
    assert said.startswith("unknown field(s) no_such_field; known: "), said
    known = said.split("; known: ", 1)[1]
    return [] if known.startswith("none") else known.split(", ")


def test_the_page_documents_every_control_endpoint_and_no_other(emu):
    served = served_endpoints(emu)
    assert set(documented_endpoints()) == set(served)
    assert set(served) == {(method, control.PREFIX + path) for method, path in control.ENDPOINTS}


def test_each_endpoint_takes_exactly_the_fields_its_section_lists(emu):
    served = served_endpoints(emu)
    for (method, path), section in documented_endpoints().items():
        accepted = fields_refusing_a_probe(emu, method, path)
        assert accepted == served[(method, path)], (method, path)
        listed = [row["name"] for row in FIELD_ROW.finditer(section)]
        assert sorted(listed) == sorted(accepted), "%s %s: the page lists %s" % (method, path, listed)
        assert listed or "No body." in section or not accepted, (method, path)


def test_the_page_lists_every_cloud_api_the_emulator_serves(emu):
    text = PAGE.read_text()
    for route in emu.app.router.routes:
        assert "``%s %s``" % (route.method, route.template) in text, route.key
