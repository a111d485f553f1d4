"""The install is reproducible: the lock files satisfy pyproject's ranges, every pin carries
hashes, the installer is pinned, and the system check names what is missing."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """package -> (version, hashes) of a lock file; a pin with a marker may appear twice."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins.setdefault(current, (match.group(2), []))
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current][1].append(line.strip())
    return pins


def _requirements(extra: str | None) -> list[Requirement]:
    project = PYPROJECT["project"]
    declared = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(r) for r in declared]


@pytest.mark.parametrize(("lock", "extra"), [("runtime.txt", None), ("dev.txt", "dev")])
def test_the_lock_satisfies_every_declared_range(lock: str, extra: str | None) -> None:
    pins = _lock(lock)
    for requirement in _requirements(extra):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is in pyproject.toml but not in {lock}: `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside pyproject's {requirement}: `make lock`"
        )


@pytest.mark.parametrize("lock", ["runtime.txt", "dev.txt"])
def test_every_pin_has_hashes_and_no_sdist_only_package_is_locked(lock: str) -> None:
    pins = _lock(lock)
    assert len(pins) > 50
    for name, (_version, hashes) in pins.items():
        assert hashes, f"{name} in {lock} has no --hash"
    # Its only release is an sdist; docopt-ng stands in (see pyproject.toml).
    assert "docopt" not in pins
    assert "xstatic-bootstrap" not in pins


def test_the_dev_lock_holds_the_runtime_lock() -> None:
    runtime, dev = _lock("runtime.txt"), _lock("dev.txt")
    drift = {n: (v, dev.get(n, ("missing",))[0]) for n, (v, _) in runtime.items()}
    assert {n: d for n, d in drift.items() if d[0] != d[1]} == {}


def test_make_install_pins_pip_and_installs_the_lock_without_building() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PIP_VERSION := \d+\.\d+", makefile, re.M)
    assert '"pip==$(PIP_VERSION)"' in makefile
    install = re.search(r"^\$\(STAMP\):.*?(?=^\S)", makefile, re.M | re.S)
    assert install is not None
    recipe = install.group(0)
    assert "--require-hashes --only-binary :all: --no-deps -r requirements/dev.txt" in recipe
    assert "--no-build-isolation -e ." in recipe


def test_the_system_check_passes_here_and_names_an_unsupported_python() -> None:
    script = ROOT / "scripts" / "check_system.py"
    ok = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    probe = (
        "import runpy, sys; sys.version_info = (3, 9, 1, 'final', 0); "
        f"sys.argv = [{str(script)!r}]; runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    old = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert old.returncode == 1
    assert "Python 3.9.1" in old.stderr
    assert "needs Python 3.11 to 3.13" in old.stderr
