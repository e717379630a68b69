"""The data folder is private from the moment `painclinic init` makes it, and is checked on
every open; on Windows the profile's access control list protects it instead."""

from __future__ import annotations

import stat
import sys

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.store import location

from .conftest import ADMIN, PASSWORDS


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "profile" / "PainClinic"
    monkeypatch.setenv("PAINCLINIC_DATA_DIR", str(folder))
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize("how", [["init", "--admin", ADMIN], ["init"]])
def test_init_makes_the_data_folder_private_from_the_start(data_folder, how):
    assert main(how) == 0
    assert _mode(data_folder) == 0o700
    assert _mode(data_folder.parent) == 0o700  # made for it, so private too


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_every_open_makes_an_opened_up_data_folder_private_again(data_folder):
    assert main(["init", "--admin", ADMIN]) == 0
    data_folder.chmod(0o755)
    assert main(["check"]) == 0
    assert _mode(data_folder) == 0o700


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_folder_the_user_chose_for_a_database_is_not_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("PAINCLINIC_DATA_DIR", str(tmp_path / "elsewhere"))
    shared = tmp_path / "their-folder"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert main(["--db", str(shared / "practice.db"), "init"]) == 0
    assert main(["--db", str(shared / "practice.db"), "check"]) == 0
    assert _mode(shared) == 0o755  # theirs to decide; the database files are 0600
    assert _mode(shared / "practice.db") == 0o600


def test_on_windows_modes_are_not_relied_on_and_nothing_fails(data_folder, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(location, "_windows_remote", lambda path: False)  # no drive to ask
    for name in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(name, raising=False)
    data_folder.mkdir(parents=True)
    data_folder.chmod(0o755)
    assert main(["init", "--admin", ADMIN]) == 0
    assert main(["check"]) == 0
    assert _mode(data_folder) == 0o755  # left to the profile's access control list
