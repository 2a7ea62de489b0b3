# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``hwtasks`` command line (``bin/hwtasks`` starts it): jobs and tasks from a shell, CI or Terraform.

It lives in the collection, beside ``plugins/`` and ``emulator/``, so that every installed copy
carries it, and it imports only the collection's ``module_utils`` for everything that talks to the
cloud: the same client, credentials, retries and waiting engine as the modules.  It is controller
code (Python 3.11), not a plugin: Ansible never loads it.

- ``main``: arguments in, exit code out, errors in one line.
- ``parser``: the subcommands and their flags, stored under the options' names of the module each
  subcommand runs; ``connection``: the connection options and secrets.
- ``commands``: each subcommand, a thin shell over a module's operation in ``module_utils``;
  ``terraform``: the ``external`` data source protocol.
- ``console``, ``view``, ``progress``: what a person or a program reads.
- ``exits``: the exit codes.
"""
