"""Stand-in for the ``get-pip`` bootstrap script that ansible-test downloads to build its virtual environments.

ansible-test (``--venv``) bootstraps pip in every venv it creates by running
``~/.ansible/test/cache/get_pip_<pip version>.py``, which it downloads from a file server the first
time.  That server is not reachable from CI here, so ``make`` installs this file at that path first
(``get_pip_24_2.py`` for ansible-core 2.18 and 2.19).  ansible-test runs it as
``python get_pip.py --disable-pip-version-check pip==X setuptools==Y ... [--no-setuptools] [--no-wheel]``.

It (1) runs ``python -m ensurepip --default-pip`` in a *subprocess* -- run in-process, ensurepip sets
``PIP_CONFIG_FILE=/dev/null`` for the whole process, which would hide this machine's pip configuration
(local wheel folders, CA bundle) from the next step -- and then (2) runs ``python -m pip install
--upgrade`` with the arguments it was given, minus the get-pip-only ``--no-setuptools``/``--no-wheel``,
so the exact pip (and setuptools/wheel) versions ansible-test asks for come from the package registry.
"""

import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}


def main(argv):
    subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True)
    args = [arg for arg in argv if arg not in GET_PIP_ONLY]
    subprocess.run([sys.executable, "-m", "pip", "install", "--upgrade", *args], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
