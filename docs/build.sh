#!/usr/bin/env bash
# Build the hwcloud.tasks documentation site: collection docs (antsibull-docs) + the guides in
# docs/docsite, rendered by Sphinx with warnings as errors.
#
#   docs/build.sh [DEST]      (`make docs`: DEST=.cache/docs, site in DEST/build/html)
#
# Needs on PATH: antsibull-docs, sphinx-build (with sphinx-ansible-theme), ansible-doc, and a python3
# with antsibull-docs-parser and PyYAML, all from tests/requirements.txt; and ANSIBLE_COLLECTIONS_PATH
# naming a folder that holds ansible_collections/hwcloud/tasks (make sets both).  HWCLOUD_DOCS_OFFLINE=1
# builds without network (see docs/sphinx/conf.py).
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
dest=${1:-$here/../.cache/docs}

# antsibull-docs refuses a destination that others can write to: make it exist, owner-writable only.
rm -rf "$dest"
mkdir -p "$dest"
chmod 0755 "$dest"
chmod go-w "$dest"
cp "$here/sphinx/conf.py" "$here/sphinx/antsibull-docs.cfg" "$dest/"
mkdir -m 0755 "$dest/rst"

antsibull-docs \
    --config-file "$dest/antsibull-docs.cfg" \
    collection \
    --cleanup everything \
    --fail-on-error \
    --use-current \
    --dest-dir "$dest/rst" \
    hwcloud.tasks
# Event-Driven Ansible event sources, which antsibull-docs does not render: their pages go beside the plugins'.
python3 "$here/event_source_docs.py" "$dest/rst/collections/hwcloud/tasks"
cp "$here/sphinx/index.rst" "$dest/rst/index.rst"

sphinx-build -M html "$dest/rst" "$dest/build" -c "$dest" -W --keep-going -q
echo "docs: site built in $dest/build/html (start at index.html)"
