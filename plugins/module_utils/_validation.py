# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Checks of user input that Ansible's argument spec cannot express, shared by modules, lookup and CLI."""

from __future__ import annotations


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
