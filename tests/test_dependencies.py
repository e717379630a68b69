"""One pinned dependency set for Linux and Windows: the lock agrees with pyproject.toml, and
every pinned package can be installed on 64-bit Windows from wheels alone."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[1]
LOCKS = {"app": ROOT / "requirements" / "app.txt", "test": ROOT / "requirements" / "test.txt"}


def _declared(with_test: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    if with_test:
        names += project["optional-dependencies"]["test"]
    return [Requirement(n) for n in names]


def _pins(lock: Path, environment: dict[str, str]) -> dict[str, str]:
    """{normalised name: version} pinned for ``environment`` (lines whose marker applies)."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(environment):
            (spec,) = req.specifier
            pins[_normal(req.name)] = spec.version
    return pins


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _windows() -> dict[str, str]:
    return {
        **default_environment(),
        "sys_platform": "win32",
        "platform_system": "Windows",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "python_version": "3.11",
        "python_full_version": "3.11.9",
        "implementation_name": "cpython",
    }


@pytest.mark.parametrize("kind", ["app", "test"])
@pytest.mark.parametrize("platform", ["this machine", "windows"])
def test_every_declared_dependency_is_pinned_in_the_lock_within_its_range(kind, platform):
    environment = default_environment() if platform == "this machine" else _windows()
    pins = _pins(LOCKS[kind], environment)
    wrong = []
    for req in _declared(with_test=kind == "test"):
        pinned = pins.get(_normal(req.name))
        if pinned is None or not req.specifier.contains(pinned, prereleases=True):
            wrong.append(f"{req} (locked: {pinned})")
    assert wrong == [], "run scripts/lock.sh after changing pyproject.toml: " + ", ".join(wrong)


def test_the_installed_packages_are_the_locked_versions():
    from importlib.metadata import distributions

    installed = {_normal(d.metadata["Name"]): d.version for d in distributions()}
    pins = _pins(LOCKS["test"], default_environment())
    differ = {n: (v, installed.get(n)) for n, v in pins.items() if installed.get(n) != v}
    assert differ == {}, "run scripts/setup.sh test to install the locked versions"


@pytest.mark.skipif(
    os.environ.get("PAINCLINIC_OFFLINE") == "1", reason="PAINCLINIC_OFFLINE=1: no package index"
)
def test_the_locked_app_installs_on_64_bit_windows_from_wheels(tmp_path):
    """What the Windows installer installs, resolved as pip would for Windows, wheels only: a
    dependency without a Windows wheel fails here before it fails on a laptop."""
    done = subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
            "--quiet", "--only-binary=:all:", "--platform", "win_amd64",
            "--python-version", "3.11", "--implementation", "cp",
            "--target", str(tmp_path / "target"), "-r", str(LOCKS["app"]),
        ],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
