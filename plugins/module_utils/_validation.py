# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Checks of user input that Ansible's argument spec cannot express, shared by modules, lookup and CLI."""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


def empty_id(params, names):
    """A message for the first id option given empty (or a list with an empty item), or None."""
    for name in names:
        value = params.get(name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(item, str) and item.strip() for item in values):
            return "%s must not be empty: got %r" % (name, value)
    return None


def positive_seconds(params, names):
    """A message for the first of ``names`` that is not a positive number of seconds, or None."""
    for name in names:
        if params.get(name) is not None and params[name] <= 0:
            return "%s must be a positive number of seconds, got %s" % (name, params[name])
    return None


def validated_options(operation, params, spec=None):
    """``params`` checked as Ansible checks the module's, then by the operation's ``check_options``.

    For the callers that are not the module (the lookups, the command line): ``operation`` is a
    module_utils operation (``ARGUMENT_SPEC``, ``ARGUMENT_RULES``, ``check_options``); ``spec`` replaces its
    spec.  Options set to None count as not given.  Returns ``(params with defaults, problems)``.
    """
    given = {name: value for name, value in params.items() if value is not None}
    checked = ArgumentSpecValidator(spec or operation.ARGUMENT_SPEC, **operation.ARGUMENT_RULES).validate(given)
    problems = list(checked.error_messages)
    if not problems:
        problem = operation.check_options(checked.validated_parameters)
        problems = [problem] if problem else []
    return checked.validated_parameters, problems
