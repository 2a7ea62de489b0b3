# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Checks of user input, shared by the action plugins, the lookups and the CLI: Ansible's own argument
validation with messages a user reads, and the checks an argument spec cannot express."""

from __future__ import annotations

import difflib
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError


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


_TYPE_ERROR = re.compile(r"^argument '(?P<name>[^']+)' is of type .*? and we were unable to convert to (?P<wanted>\w+)")
_FOUND_IN = re.compile(r" found in '(?P<parent>[^']+)'")
_WANTED = {"float": "a number", "int": "a whole number", "bool": "true or false", "list": "a list",
           "dict": "a mapping", "str": "text", "path": "a path"}


def closest(name, known):
    """The one of ``known`` that ``name`` most likely misspells (``timeot``: ``timeout``), or None: what
    "did you mean" offers."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.7)
    return matches[0] if matches else None


def _guessed(unknown, known):
    """``unknown`` names, each with the known one it most likely misspells: ``(text, whether each had one)``."""
    guesses = [closest(name, known) for name in unknown]
    text = ", ".join(name + (" (did you mean %s?)" % guess if guess else "") for name, guess in zip(unknown, guesses))
    return text, all(guesses)


def _known_names(spec):
    """Every name an argument spec takes: options, their aliases, and ``parent.sub`` for sub-options."""
    for name, option in spec.items():
        yield name
        yield from option.get("aliases") or ()
        for sub in option.get("options") or ():
            yield "%s.%s" % (name, sub)


def unknown_options(given, known, plugin):
    """A message for options ``plugin`` does not take, with the one each most likely misspells; naming the
    ones it does unless each had one.  None when all are known."""
    unknown = sorted(set(given) - set(known))
    if not unknown:
        return None
    text, guessed = _guessed(unknown, known)
    listed = "" if guessed else "; the options are: %s" % ", ".join(sorted(known))
    return "%s: unknown option%s %s%s" % (plugin, "s" if len(unknown) > 1 else "", text, listed)


def _unsupported(error, spec, plugin):
    """Ansible's "Unsupported parameters" with the option each most likely misspells; its list of the
    supported ones only when a name has no likely match."""
    unknown, _sep, supported = error.msg.partition(". Supported parameters include: ")
    text, guessed = _guessed(unknown.split(", "), list(_known_names(spec)))
    listed = "" if guessed else ". Supported parameters include: " + supported
    return "Unsupported parameters for (%s) module: %s%s" % (plugin, text, listed)


def _readable(error, params, plugin, spec):
    """One validation error as a user reads it: the option, what it must be, what it got; no Python types."""
    if isinstance(error, UnsupportedError):
        return _unsupported(error, spec, plugin)
    match = _TYPE_ERROR.match(error.msg)
    if not match:
        return error.msg
    found_in = _FOUND_IN.search(error.msg)
    where = (params.get(found_in.group("parent")) or {}) if found_in else params
    name = "%s.%s" % (found_in.group("parent"), match.group("name")) if found_in else match.group("name")
    value = where.get(match.group("name")) if isinstance(where, dict) else None
    shown = repr(str(value)) if isinstance(value, str) else repr(value)
    return "%s must be %s, got %s" % (name, _WANTED.get(match.group("wanted"), match.group("wanted")), shown)


def validate(spec, rules, params, plugin, check=None):
    """``params`` checked as Ansible checks a module's options, then by ``check(validated)``.

    Returns ``(validated params with defaults, problem or None, deprecations)``: the problem is one
    readable line that names ``plugin`` (``hwcloud.tasks.rds_job_wait``) where Ansible would name its own
    code; the deprecations (a deprecated alias used) are as a module's result carries them.
    """
    result = ArgumentSpecValidator(spec, **rules).validate(params)
    problems = [_readable(error, params, plugin, spec) for error in result.errors]
    if not problems and check is not None:
        problems = [problem for problem in (check(result.validated_parameters),) if problem]
    deprecations = [{key: value for key, value in deprecation.items() if value is not None}
                    for deprecation in result._deprecations]
    return result.validated_parameters, "; ".join(problems) or None, deprecations
