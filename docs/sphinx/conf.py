# Sphinx configuration of the hwcloud.tasks documentation site.
# Created with `antsibull-docs sphinx-init --use-current hwcloud.tasks` (antsibull-docs 2.28.0), then
# edited: the project's titles, and an offline switch.  Built by docs/build.sh (`make docs`).
#
# HWCLOUD_DOCS_OFFLINE=1 (what `make docs` sets): the machines this is built on reach no network but
# package registries, so intersphinx cannot fetch its inventories; with `sphinx-build -W` the references
# they would have resolved (into the Ansible and Python docs) would fail the build.  Offline, intersphinx
# gets no inventories and unresolved-reference warnings ('ref.ref') are not raised.  Every other warning
# still fails the build.

import os

project = 'hwcloud.tasks'
copyright = 'hwcloud.tasks contributors'  # pylint: disable=redefined-builtin

title = 'hwcloud.tasks: waiting on Huawei Cloud and Open Telekom Cloud jobs'
html_short_title = 'hwcloud.tasks'

extensions = ['sphinx.ext.autodoc', 'sphinx.ext.intersphinx', 'sphinx_antsibull_ext']

pygments_style = 'ansible'

highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False

display_version = False

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# See https://www.sphinx-doc.org/en/master/usage/extensions/intersphinx.html#confval-intersphinx_mapping for the syntax
intersphinx_mapping = {
    'python3': ('https://docs.python.org/3/', (None, '../python3.inv')),
    'jinja2': ('http://jinja.palletsprojects.com/', (None, '../jinja2.inv')),
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', (None, '../ansible_devel.inv')),
}

if os.environ.get('HWCLOUD_DOCS_OFFLINE', '') not in ('', '0'):
    intersphinx_mapping = {}
    suppress_warnings = ['ref.ref']

default_role = 'any'
