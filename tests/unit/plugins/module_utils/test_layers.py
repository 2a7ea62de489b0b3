"""The layers of module_utils: each package imports only from the ones below it, never from above.

From the bottom: the error type and the libraries; the answers (times, schemas, records); HTTP (the
transport, the retry rule, the one door); where credentials are found; how requests are authenticated;
the options; the client; the task APIs; the waiting engine; the operations; the module.  Controller
code (plugin_utils, the plugins, the command line, the event source) sits above all of it, and nothing
in module_utils imports controller code.
"""

import ast
import pathlib

import pytest

PACKAGE = "ansible_collections.hwcloud.tasks"
ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULE_UTILS = ROOT / "plugins" / "module_utils"
LAYERS = ["_errors", "_libraries", "_answers", "_http", "_credentials", "_auth", "_options", "_client", "_services",
          "_wait", "_ops", "_module"]
# Layers that share a level: neither imports the other.
SAME_LEVEL = {"_libraries": "_errors"}


def level(name):
    name = SAME_LEVEL.get(name, name)
    return LAYERS.index(name)


def layer_of(path):
    """``_http`` for ``plugins/module_utils/_http/transport.py``, ``_client`` for ``_client.py``."""
    return path.relative_to(MODULE_UTILS).parts[0].removesuffix(".py")


def imported_modules(path):
    """Every module ``path`` imports from this collection, as a dotted name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            found += [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith(PACKAGE)]
    return found


def module_utils_layers(imports):
    """The module_utils layers among dotted module names."""
    prefix = PACKAGE + ".plugins.module_utils."
    return {name[len(prefix):].split(".")[0] for name in imports if name.startswith(prefix)}


FILES = sorted(path for path in MODULE_UTILS.rglob("*.py") if path.name != "__init__.py")


def test_every_file_belongs_to_a_layer():
    assert {layer_of(path) for path in FILES} == set(LAYERS)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(MODULE_UTILS)))
def test_imports_run_down_the_layers(path):
    own = layer_of(path)
    imports = imported_modules(path)
    above = sorted(layer for layer in module_utils_layers(imports) if layer != own and level(layer) >= level(own))
    assert not above, "%s (layer %s) imports from %s, which is not below it" % (path.name, own, ", ".join(above))
    controller = [name for name in imports if not name.startswith(PACKAGE + ".plugins.module_utils")]
    assert not controller, "module_utils runs on managed hosts: %s imports %s" % (path.name, controller)


def test_the_package_folders_are_empty_inits():
    inits = list(MODULE_UTILS.rglob("__init__.py"))
    assert inits and all(init.read_text() == "" for init in inits)
