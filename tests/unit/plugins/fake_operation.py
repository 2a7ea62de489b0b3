"""A stand-in for an operation (a module's module_utils file) in tests of what runs operations."""

import types

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops.result import Result


def operation(run=None, problem=None):
    """One required option ``name`` (``other`` excludes it); ``check_options`` says ``problem``;
    ``run(client, params)`` gives ``({"read": name}, None)`` unless another ``run`` is given: the
    operation's ``Result`` has those return values and that failure message."""
    read = run or (lambda client, params: ({"read": params["name"]}, None))

    def run_operation(client, params, on_poll=None):
        values, failure = read(client, params)
        return Result(values, [], types.SimpleNamespace(failure=failure) if failure else None)

    return types.SimpleNamespace(
        ARGUMENT_SPEC={"name": dict(type="str", required=True), "other": dict(type="str")},
        ARGUMENT_RULES={"mutually_exclusive": [("name", "other")]},
        check_options=lambda params: problem,
        run=run_operation,
    )
