# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of ``dms_task_info``: on the controller, the module's code runs in-process (no Python
start-up per task) and a wait shows the task's progress in the play output; elsewhere the module runs
on its host.  See ``plugin_utils._controller_action``."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._controller_action import ControllerAction


class ActionModule(ControllerAction):
    MODULE = "hwcloud.tasks.dms_task_info"
    OPERATION = dms_task_info
