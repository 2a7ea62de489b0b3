"""pytest plugin: what the unit tests use from the newest ansible-core, on the oldest one the collection supports.

Loaded by pyproject.toml (``-p tests.utils.core_compat``) before any test module is imported.  The
suites run on requires_ansible's floor as well as on the newest release (``make pytest``,
``make pytest-newest``); this fills in, for an older core only, the test helpers that appeared later,
with the same behaviour, so each test reads as it would on the newest core:

- ``ansible.module_utils.testing.patch_module_args`` (ansible-core 2.19): expose arguments to the
  ``AnsibleModule`` instances created inside the ``with`` block.  Before 2.19 a module reads them from
  ``ansible.module_utils.basic._ANSIBLE_ARGS``, as JSON under ``ANSIBLE_MODULE_ARGS``.

Nothing is changed where the core has the helper itself.
"""

import contextlib
import importlib
import json
import sys
import types


def _patch_module_args_backport():
    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose the given module args to AnsibleModule instances created within this context."""
        if not isinstance(args, (dict, type(None))):
            raise TypeError("The `args` arg must be a dict or None.")
        from ansible.module_utils import basic

        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

    return patch_module_args


def install():
    try:
        importlib.import_module("ansible.module_utils.testing")
    except ImportError:
        import ansible.module_utils

        module = types.ModuleType("ansible.module_utils.testing", "patch_module_args, as ansible-core 2.19 has it")
        module.patch_module_args = _patch_module_args_backport()
        sys.modules[module.__name__] = module
        ansible.module_utils.testing = module


install()
