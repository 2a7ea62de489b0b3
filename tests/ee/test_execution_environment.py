"""The execution environment definition, meta/execution-environment.yml, through ansible-builder.

Building the image needs a container engine: `make ee` does that, and runs the demo in it through
ansible-runner (tests/ee/ee.sh).  What can run without one, runs here:

- ``ansible-builder create`` writes the build context (``Containerfile`` and ``_build/``), once from
  the checkout itself and once from a staged copy of it with a freshly built collection tarball in its
  root, as the definition's header tells users to do;
- the galaxy stage's ``RUN`` that installs the collection from that tarball is run as it is (paths
  moved from ``/build`` and ``/usr/share/ansible`` to temporary folders), offline;
- the builder stage's introspection (the context's own ``_build/scripts/introspect.py``) is run on
  the installed collection with the context's requirement files: it decides the Python and system
  packages the image gets.
"""

import json
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml
from bindep.depends import Depends
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

pytestmark = pytest.mark.slow

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent  # the venv's ansible-builder and ansible-galaxy
EE_FILE = REPO / "meta" / "execution-environment.yml"
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
TARBALL_NAME = "%s-%s-%s.tar.gz" % (GALAXY["namespace"], GALAXY["name"], GALAXY["version"])
RUNTIME_PACKAGES = {"requests", "jsonschema"}  # what the modules import besides ansible-core


def run(*command, cwd=REPO):
    process = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                             timeout=240, check=False)
    assert process.returncode == 0, "%s\nexit %s\n--- stdout\n%s\n--- stderr\n%s" % (
        shlex.join(map(str, command)), process.returncode, process.stdout[-4000:], process.stderr[-4000:])
    return process


def create_context(definition, context):
    run(BIN / "ansible-builder", "create", "-f", definition, "-c", context, "--output-filename", "Containerfile")
    return context


def requirement_names(path):
    """Package names of a pip requirements file (comments and blank lines skipped)."""
    names = []
    for line in pathlib.Path(path).read_text().splitlines():
        line = re.sub(r"(^|\s+)#.*$", "", line).strip()
        if line:
            names.append(Requirement(line).name.lower())
    return names


def stage(containerfile, name):
    """The lines of one stage (``FROM ... AS name``) of a Containerfile."""
    text = containerfile.read_text()
    match = re.search(r"^FROM \S+ AS %s$(.*?)(?=^FROM |\Z)" % re.escape(name), text, re.M | re.S)
    assert match, "no stage %r in\n%s" % (name, text)
    return [line for line in match.group(1).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def definition():
    return yaml.safe_load(EE_FILE.read_text())


@pytest.fixture(scope="module")
def staged_checkout(tmp_path_factory, definition):
    """The EE definition and the files it names, in the checkout's layout, plus a collection tarball
    built from this checkout in its root (``ansible-galaxy collection build``, as users do)."""
    root = tmp_path_factory.mktemp("checkout")
    (root / "meta").mkdir()
    shutil.copy(EE_FILE, root / "meta")
    for entry in ("python", "system"):
        source = (EE_FILE.parent / definition["dependencies"][entry]).resolve()
        target = (root / "meta" / definition["dependencies"][entry]).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    run(BIN / "ansible-galaxy", "collection", "build", "--output-path", root, REPO)
    assert (root / TARBALL_NAME).is_file(), sorted(path.name for path in root.iterdir())
    return root


@pytest.fixture(scope="module")
def context(staged_checkout, tmp_path_factory):
    return create_context(staged_checkout / "meta" / "execution-environment.yml",
                          tmp_path_factory.mktemp("ee") / "context")


# --- the definition and the files it names ---------------------------------------------------------------


def test_definition_is_version_3_with_core_runner_and_interpreter(definition):
    assert definition["version"] == 3
    assert definition["images"]["base_image"]["name"].rpartition(":")[2], "the base image needs a tag"
    dependencies = definition["dependencies"]
    assert dependencies["python_interpreter"]["python_path"].endswith("python3.13")
    assert Requirement(dependencies["ansible_runner"]["package_pip"]).name == "ansible-runner"


def test_ansible_core_is_the_newest_tested_one_and_meets_requires_ansible(definition):
    """The image runs the newest core the suites ran (tests/requirements-py313.txt), one the collection supports."""
    core = Requirement(definition["dependencies"]["ansible_core"]["package_pip"])
    assert core.name == "ansible-core"
    pinned = [Requirement(re.sub(r"\s+#.*$", "", line)) for line in
              (REPO / "tests" / "requirements-py313.txt").read_text().splitlines() if line.startswith("ansible-core==")]
    assert [str(core.specifier)] == [str(pin.specifier) for pin in pinned], (
        "bump dependencies.ansible_core in meta/execution-environment.yml with tests/requirements-py313.txt")
    version = str(core.specifier).removeprefix("==")
    requires = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["requires_ansible"]
    assert SpecifierSet(requires).contains(version, prereleases=True), (version, requires)


def test_ee_python_requirements_are_the_runtime_ones_without_ansible_core(definition):
    ee_requirements = (EE_FILE.parent / definition["dependencies"]["python"]).resolve()
    runtime = [name for name in requirement_names(REPO / "requirements.txt") if name != "ansible-core"]
    assert requirement_names(ee_requirements) == runtime
    assert set(runtime) == RUNTIME_PACKAGES


def test_bindep_profiles():
    """Runtime: the CA store, on RPM and Debian images alike; `compile` (builder stage only) adds the toolchain."""
    depends = Depends((REPO / "bindep.txt").read_text())
    for platform in ("platform:rpm", "platform:dpkg"):
        assert [rule[0] for rule in depends.active_rules([platform])] == ["ca-certificates"]
        assert {rule[0] for rule in depends.active_rules([platform, "compile"])} == {"ca-certificates", "gcc", "cargo"}


def test_definition_stays_out_of_the_collection_tarball(staged_checkout):
    """An installed collection's meta/execution-environment.yml would be read with collection-root paths."""
    with tarfile.open(staged_checkout / TARBALL_NAME) as tar:
        names = set(tar.getnames())
    assert "meta/execution-environment.yml" not in names
    assert "meta/ee-requirements.txt" not in names
    assert {"requirements.txt", "bindep.txt", "MANIFEST.json"} <= names
    assert {"roles/wait_for_rds/tasks/main.yml", "roles/wait_for_rds/meta/argument_specs.yml",
            "plugins/modules/rds_job_wait.py"} <= names


# --- ansible-builder create ------------------------------------------------------------------------------


def test_create_from_the_checkout(tmp_path):
    """`-f meta/execution-environment.yml` from the repository root: every path the definition names resolves."""
    context = create_context("meta/execution-environment.yml", tmp_path / "context")
    assert (context / "Containerfile").is_file()
    assert set(requirement_names(context / "_build" / "requirements.txt")) == RUNTIME_PACKAGES
    assert (context / "_build" / "bindep.txt").read_text() == (REPO / "bindep.txt").read_text()


def test_context_holds_the_requirements_bindep_and_the_collection(context):
    build = context / "_build"
    assert (context / "Containerfile").is_file()
    names = requirement_names(build / "requirements.txt")
    assert set(names) == RUNTIME_PACKAGES and "ansible-core" not in names
    assert (build / "bindep.txt").read_text() == (REPO / "bindep.txt").read_text()
    assert yaml.safe_load((build / "requirements.yml").read_text()) == {"collections": []}, (
        "nothing may come from the network")
    assert sorted(path.name for path in (build / "collections").iterdir()) == [TARBALL_NAME]


def test_containerfile_installs_core_collection_python_and_system_packages(context, definition):
    containerfile = context / "Containerfile"
    text = containerfile.read_text()
    core = definition["dependencies"]["ansible_core"]["package_pip"]
    assert re.search(r'^ARG ANSIBLE_INSTALL_REFS=".*%s.*"$' % re.escape(core), text, re.M)
    assert 'ARG PYCMD="/usr/bin/python3.13"' in text

    base = stage(containerfile, "base")
    assert "RUN $PYCMD -m pip install --no-cache-dir $ANSIBLE_INSTALL_REFS" in base

    galaxy = stage(containerfile, "galaxy")
    assert "COPY _build /build" in galaxy
    install = [line for line in galaxy if "--offline" in line]
    assert install == ["RUN ansible-galaxy collection install --offline --collections-path "
                       "/usr/share/ansible/collections /build/collections/hwcloud-tasks-*.tar.gz"]
    # The collection is installed before the builder stage copies /usr/share/ansible and introspects it.
    assert galaxy.index(install[0]) > galaxy.index("COPY _build /build")

    builder = stage(containerfile, "builder")
    assert "COPY --from=galaxy /usr/share/ansible /usr/share/ansible" in builder
    assert "COPY _build/requirements.txt requirements.txt" in builder
    assert "COPY _build/bindep.txt bindep.txt" in builder
    introspect = [line for line in builder if "introspect.py introspect" in line]
    assert len(introspect) == 1
    assert "--user-pip=requirements.txt" in introspect[0] and "--user-bindep=bindep.txt" in introspect[0]
    assert builder.index(introspect[0]) < builder.index("RUN /output/scripts/assemble")

    final = stage(containerfile, "final")
    assert "COPY --from=galaxy /usr/share/ansible /usr/share/ansible" in final
    assert "RUN /output/scripts/install-from-bindep && rm -rf /output/wheels" in final


def test_galaxy_stage_installs_the_collection_and_introspection_finds_its_packages(context, tmp_path):
    """Runs the galaxy stage's install line (offline), then the builder stage's introspection on the result."""
    build = context / "_build"
    collections = tmp_path / "usr-share-ansible" / "collections"
    (line,) = [line for line in stage(context / "Containerfile", "galaxy") if "--offline" in line]
    command = line.removeprefix("RUN ").replace("/usr/share/ansible/collections", str(collections))
    command = command.replace("/build/", str(build) + "/")
    # As in the image: no ANSIBLE_COLLECTIONS_PATH (make sets one holding this checkout, and
    # ansible-galaxy would then find the collection "already installed" and install nothing).
    run("env", "-u", "ANSIBLE_COLLECTIONS_PATH", "bash", "-c", "PATH=%s:$PATH %s" % (shlex.quote(str(BIN)), command),
        cwd=build)

    installed = collections / "ansible_collections" / "hwcloud" / "tasks"
    manifest = json.loads((installed / "MANIFEST.json").read_text())["collection_info"]
    assert (manifest["namespace"], manifest["name"], manifest["version"]) == (
        GALAXY["namespace"], GALAXY["name"], GALAXY["version"])
    assert (installed / "roles" / "wait_for_rds" / "meta" / "argument_specs.yml").is_file()
    assert not (installed / "meta" / "execution-environment.yml").exists()

    out = tmp_path / "introspected"
    run(sys.executable, build / "scripts" / "introspect.py", "introspect", collections,
        "--user-pip", build / "requirements.txt", "--user-bindep", build / "bindep.txt",
        "--write-pip", out / "requirements.txt", "--write-bindep", out / "bindep.txt")
    pip_lines = (out / "requirements.txt").read_text().splitlines()
    bindep_lines = (out / "bindep.txt").read_text().splitlines()
    for package in sorted(RUNTIME_PACKAGES):
        # From the installed collection's own requirements.txt, and from the definition's file.
        assert "%s  # from collection hwcloud.tasks" % package in pip_lines, pip_lines
        assert "%s  # from collection user" % package in pip_lines, pip_lines
    assert not [line for line in pip_lines if line.startswith("ansible-core")], pip_lines
    assert "ca-certificates [platform:rpm platform:dpkg]  # from collection hwcloud.tasks" in bindep_lines, bindep_lines
