"""Restore cannot destroy: only a proved backup replaces the database, never while another
program has it open, never half-way; the replaced one can always be put back in one command.
Each attack ends in a plain message, and an export of the database is unchanged."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.core.security_errors import DatabaseReplaced
from painclinic_desktop.services import backup, bundles, writes
from painclinic_desktop.store import in_use
from tests.factories import bundle, client

from .attack import export_of
from .conftest import ADMIN, FAST_ARGON2, NAMES, PASSWORDS

ROOT = Path(__file__).parents[2]


@pytest.fixture
def as_admin(monkeypatch):
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])


@pytest.fixture
def caseload(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store, bundle(clients=[client(n, nhs_number=None) for n in ("ayesha", "bilal")])
    )
    store.close()
    return service


def _env(role: str = "admin") -> dict[str, str]:
    return {
        **os.environ,
        **FAST_ARGON2,
        "PAINCLINIC_USER": NAMES[role],
        "PAINCLINIC_PASSWORD": PASSWORDS[role],
    }


def _backup(service, tmp_path) -> Path:
    assert main(["--db", str(service.path), "backup", "--out", str(tmp_path / "b.db")]) == 0
    return tmp_path / "b.db"


def _not_a_backup(kind: str, tmp_path: Path, service) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("not a database\n")
    elif kind == "other-sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif kind == "truncated":
        whole = _backup(service, tmp_path).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    return path


@pytest.mark.parametrize("kind", ["empty", "text", "other-sqlite", "truncated"])
def test_a_file_that_is_not_a_backup_of_this_service_is_refused_and_nothing_changes(
    caseload, tmp_path, capsys, as_admin, kind
):
    before = export_of(caseload.path)
    bad = _not_a_backup(kind, tmp_path, caseload)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "was not restored" in err and "Nothing has been changed" in err
    assert "Traceback" not in err
    assert export_of(caseload.path) == before
    assert not list((caseload.path.parent / "backups").glob("*before-restore*"))
    assert not list(caseload.path.parent.glob(".*.restoring"))


def test_a_backup_without_accounts_is_refused(caseload, tmp_path, capsys, as_admin):
    made = _backup(caseload, tmp_path)
    key = backup.accounts.data_key_for(caseload.path, ADMIN, PASSWORDS["admin"])
    from painclinic_desktop.store.connection import connect

    conn = connect(made, key)
    conn.execute("DROP TRIGGER IF EXISTS accounts_no_delete")
    conn.execute("DELETE FROM accounts")
    conn.close()
    before = export_of(caseload.path)
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 2
    assert "no accounts" in capsys.readouterr().err
    assert export_of(caseload.path) == before


def test_the_replaced_database_is_kept_and_the_message_gives_the_one_command_to_restore_it(
    caseload, tmp_path, capsys, as_admin
):
    made = _backup(caseload, tmp_path)
    store = caseload.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("chen", nhs_number=None)]))
    store.close()
    with_chen = export_of(caseload.path)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert export_of(caseload.path) != with_chen
    command = shlex.split(out.splitlines()[-1].strip())
    assert command[0] == "painclinic" and "before-restore" in command[-1]
    assert main(command[1:]) == 0  # the one command, exactly as printed
    assert export_of(caseload.path) == with_chen


def test_a_database_that_cannot_be_opened_is_restored_over_and_kept_as_it_was(
    caseload, tmp_path, capsys, as_admin
):
    before = export_of(caseload.path)
    made = _backup(caseload, tmp_path)
    caseload.path.write_bytes(b"")  # what the old restore of an empty file left behind
    assert main(["--db", str(caseload.path), "check"]) != 0
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert "could not be opened" in out and "kept as it was" in out
    assert export_of(caseload.path) == before


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_restore_is_refused_while_another_program_has_the_database_open(
    caseload, tmp_path, capsys, as_admin
):
    made = _backup(caseload, tmp_path)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.security.holding_worker", str(caseload.path), "30"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env("coach"),
        cwd=ROOT,
    )
    assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 2
    err = capsys.readouterr().err
    assert "is open in PainClinic Desktop or another painclinic command" in err
    assert f"process {writer.pid}" in err and "Nothing has been changed" in err
    out, problems = writer.communicate("\n", timeout=120)
    saved = [line.split()[1] for line in out.splitlines() if line.startswith("saved ")]
    assert len(saved) == 30, problems  # the writer's saves all went on through the refusal
    ids = {c["id"] for c in export_of(caseload.path)["clients"]}
    assert set(saved) <= ids  # every acknowledged save is still there
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 0  # now it may


def test_an_open_database_replaced_behind_its_back_stops_writing(caseload, tmp_path, as_admin):
    made = _backup(caseload, tmp_path)
    store = caseload.sign_in("coach")
    os.replace(made, caseload.path)  # by hand, past every lock
    with pytest.raises(DatabaseReplaced, match="was replaced"):
        writes.add(store, "clients", client("lost", nhs_number=None), NAMES["coach"])
    store.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("into", ["existing", "new place"])
def test_a_restore_killed_at_the_last_moment_changes_nothing_and_the_next_try_works(
    caseload, tmp_path, as_admin, into
):
    made = _backup(caseload, tmp_path)
    target = caseload.path if into == "existing" else tmp_path / "new-laptop" / "painclinic.db"
    before = export_of(caseload.path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.security.restore_worker", "--db", str(target)]
        + ["restore", str(made)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert worker.stdout.readline().strip() == "about to swap", worker.stderr.read()
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    if into == "existing":
        assert export_of(target) == before
    else:
        assert not target.exists()  # nothing half-made in the way
    assert main(["--db", str(target), "restore", str(made)]) == 0
    assert export_of(target) == before
    assert not list(target.parent.glob(".*.restoring"))  # the killed one's copy is gone


def test_the_in_use_marks_are_released_when_the_database_is_closed(caseload):
    store = caseload.sign_in()
    assert len(list(in_use.folder(caseload.path).glob("*-*.lock"))) == 1
    store.close()
    assert list(in_use.folder(caseload.path).glob("*-*.lock")) == []


def test_a_backup_from_before_a_change_of_keys_is_pointed_to_a_new_place(
    caseload, tmp_path, capsys, as_admin
):
    from painclinic_desktop.services import users

    made = _backup(caseload, tmp_path)
    store = caseload.sign_in()
    users.disable_account(store, NAMES["clinician"])  # a new data key from here on
    store.close()
    before = export_of(caseload.path)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "restore", str(made)]) == 2
    err = capsys.readouterr().err
    assert "restore it into a new place" in err and "Nothing has been changed" in err
    assert export_of(caseload.path) == before
    elsewhere = tmp_path / "older" / "painclinic.db"
    assert main(["--db", str(elsewhere), "restore", str(made)]) == 0
    assert len(export_of(elsewhere)["clients"]) == 2
