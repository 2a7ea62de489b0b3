"""A stand-in for an operation (a module's module_utils file) in tests of what runs operations."""

import types


def operation(run=None, problem=None):
    """One required option ``name`` (``other`` excludes it); ``check_options`` says ``problem``;
    ``run(client, params)`` gives ``({"read": name}, None)`` unless another ``run`` is given."""
    return types.SimpleNamespace(
        ARGUMENT_SPEC={"name": dict(type="str", required=True), "other": dict(type="str")},
        ARGUMENT_RULES={"mutually_exclusive": [("name", "other")]},
        check_options=lambda params: problem,
        run=run or (lambda client, params: ({"read": params["name"]}, None)),
    )
