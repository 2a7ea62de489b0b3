# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of ``rds_job_wait``: shows each job's progress in the play output while it waits.

A module cannot print until it ends.  When the task would run on the controller anyway, the same
waiting code (``module_utils._ops.rds_job_wait``) runs in-process (see ``plugin_utils._controller_action``)
and prints a line per job as it moves, at most one every few seconds.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._controller_action import ControllerAction


class ActionModule(ControllerAction):
    MODULE = "hwcloud.tasks.rds_job_wait"
    OPERATION = rds_job_wait
