"""The command line: `init --admin`, signing in from the environment, backup and restore."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from painclinic_desktop.cli import main
from tests.factories import bundle, client

from .conftest import ADMIN, FAST_ARGON2, NAMES, PASSWORDS


@pytest.fixture
def as_admin(monkeypatch):
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])


def test_init_admin_creates_an_encrypted_database_and_shows_the_recovery_key_once(
    tmp_path, capsys, monkeypatch
):
    db = tmp_path / "service.db"
    monkeypatch.setenv("PAINCLINIC_PASSWORD", "first admin phrase")
    assert main(["--db", str(db), "init", "--admin", "Jo Admin"]) == 0
    out = capsys.readouterr().out
    assert "RECOVERY KEY" in out and "shown only this once" in out
    key_line = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    assert len(key_line.replace("-", "")) == 32
    assert (tmp_path / "service.db.keys").exists()
    assert db.read_bytes()[:6] != b"SQLite"
    monkeypatch.setenv("PAINCLINIC_USER", "jo admin")
    assert main(["--db", str(db), "check"]) == 0
    assert "intact" in capsys.readouterr().out


def test_commands_sign_in_from_the_environment_and_refuse_a_wrong_password(
    service, tmp_path, capsys, monkeypatch
):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(bundle(clients=[client("ayesha")])), encoding="utf-8")
    monkeypatch.setenv("PAINCLINIC_USER", NAMES["coach"])
    monkeypatch.setenv("PAINCLINIC_PASSWORD", "not the password")
    assert main(["--db", str(service.path), "import", str(source)]) == 2
    assert "name or password is not right" in capsys.readouterr().err
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["coach"])
    assert main(["--db", str(service.path), "import", str(source)]) == 0
    monkeypatch.setenv("PAINCLINIC_USER", NAMES["clinician"])
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["clinician"])
    assert main(["--db", str(service.path), "export-bundle", str(tmp_path / "o.json")]) == 2
    assert "not allowed to export bundles" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_without_a_terminal_or_environment_it_explains_how_to_sign_in(service):
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if not k.startswith("PAINCLINIC_USER") and k != "PAINCLINIC_PASSWORD"
    }
    result = subprocess.run(
        [sys.executable, "-m", "painclinic_desktop.cli", "--db", str(service.path), "check"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**env, **FAST_ARGON2},
        timeout=60,
    )
    assert result.returncode == 2
    assert "PAINCLINIC_USER" in result.stderr


def test_backup_and_restore_from_the_command_line(service, tmp_path, capsys, as_admin):
    out = tmp_path / "usb" / "copy.db"
    assert main(["--db", str(service.path), "backup", "--out", str(out)]) == 0
    assert "checked" in capsys.readouterr().out
    assert out.exists() and (tmp_path / "usb" / "copy.db.keys").exists()
    assert main(["--db", str(service.path), "restore", str(out)]) == 0
    assert "kept, checked, as" in capsys.readouterr().out
    assert main(["--db", str(service.path), "backup"]) == 0
    assert len(list((service.path.parent / "backups").glob("painclinic-2*.db"))) == 1
    new = tmp_path / "replacement" / "painclinic.db"
    assert main(["--db", str(new), "restore", str(out)]) == 0
    assert main(["--db", str(new), "audit", "verify"]) == 0


def test_users_are_managed_from_the_command_line(service, capsys, as_admin, monkeypatch):
    monkeypatch.setenv("PAINCLINIC_NEW_PASSWORD", "newcomer phrase 9")
    assert main(["--db", str(service.path), "users", "add", "Nia New", "coach"]) == 0
    assert main(["--db", str(service.path), "users", "disable", "Cal Coach"]) == 0
    capsys.readouterr()
    assert main(["--db", str(service.path), "users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Nia New: health coach" in listing
    assert "Cal Coach: health coach  (switched off" in listing
    monkeypatch.setenv("PAINCLINIC_USER", "Cal Coach")
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["coach"])
    assert main(["--db", str(service.path), "check"]) == 2


def test_the_demo_is_never_loaded_into_a_service_database(service, capsys):
    before = service.path.read_bytes()
    assert main(["--db", str(service.path), "demo", "--clients", "3"]) == 2
    assert "never added" in capsys.readouterr().err
    assert service.path.read_bytes() == before


def test_plain_init_warns_that_it_is_not_encrypted(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "practice.db"), "init"]) == 0
    assert "NOT encrypted" in capsys.readouterr().err
