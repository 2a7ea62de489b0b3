# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by the collection's modules: all of them only read, and all are in one action group."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return the same results, since it only reads.
    support: full
  diff_mode:
    description: Nothing is changed, so there is no diff.
    support: none
  action_group:
    description: Use C(group/hwcloud.tasks.cloud) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - hwcloud.tasks.cloud
"""
