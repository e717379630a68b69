"""Writing an export, report or backup where it cannot go: a full or read-only folder, or a
target that is not an ordinary file (a folder, /dev/null). Each ends in a plain message, with
no traceback; nothing is left behind, nothing is replaced, no export is recorded, and an
export of the database is unchanged."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.services import bundles
from painclinic_desktop.store import audit
from tests.factories import bundle, client, uid

from .attack import export_of
from .conftest import ADMIN, PASSWORDS

COMMANDS = {
    "export-bundle": lambda out: ["export-bundle", str(out)],
    "gp-summary": lambda out: ["gp-summary", "--client", uid("ayesha"), "--out", str(out)],
    "plan-pdf": lambda out: ["plan-pdf", "--client", uid("ayesha"), "--out", str(out)],
    "backup --out": lambda out: ["backup", "--out", str(out)],
    "monthly-return": lambda out: ["monthly-return", "--month", "2026-10", "--out", str(out)],
    "evaluation": lambda out: (
        ["evaluation", "--from", "2026-01-01", "--to", "2026-10-31"] + ["--out", str(out)]
    ),
}
SUFFIX = {
    "export-bundle": ".json",
    "gp-summary": ".pdf",
    "plan-pdf": ".pdf",
    "backup --out": ".db",
    "monthly-return": ".xlsx",
    "evaluation": ".xlsx",
}


@pytest.fixture
def caseload(service, monkeypatch):
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("ayesha", nhs_number=None)]))
    store.close()
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])
    return service


def _exports_recorded(path: Path) -> int:
    from painclinic_desktop.services import accounts

    store = accounts.sign_in(path, ADMIN, PASSWORDS["admin"])
    try:
        rows = store.conn.execute("SELECT count(*) FROM exports").fetchone()[0]
        return rows + len(audit.search(store, action=audit.EXPORT))
    finally:
        store.close()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_folder_gets_a_plain_message_and_nothing_is_recorded(
    caseload, tmp_path, capsys, monkeypatch, command, failure
):
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / f"out{SUFFIX[command]}"
    before, recorded = export_of(caseload.path), _exports_recorded(caseload.path)
    real = tempfile.mkstemp

    def no_room(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == folder:
            raise OSError(failure, os.strerror(failure))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", no_room)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), *COMMANDS[command](out)]) == 2
    err = capsys.readouterr().err
    words = "the disk is full" if failure == errno.ENOSPC else "the drive is read-only"
    assert words in err and "Traceback" not in err
    monkeypatch.setattr(tempfile, "mkstemp", real)
    assert list(folder.iterdir()) == []
    assert _exports_recorded(caseload.path) == recorded  # audited only once in place
    assert export_of(caseload.path) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_where_the_file_should_go_is_refused_and_left_alone(
    caseload, tmp_path, capsys, command
):
    out = tmp_path / f"out{SUFFIX[command]}"
    out.mkdir()
    (out / "kept.txt").write_text("mine")
    capsys.readouterr()
    assert main(["--db", str(caseload.path), *COMMANDS[command](out)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "Traceback" not in err
    assert out.is_dir() and (out / "kept.txt").read_text() == "mine"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
@pytest.mark.parametrize("command", ["export-bundle", "backup --out"])
def test_dev_null_is_never_replaced(caseload, capsys, command):
    before = export_of(caseload.path)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), *COMMANDS[command]("/dev/null")]) == 2
    err = capsys.readouterr().err
    assert "not an ordinary file" in err and "Traceback" not in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert export_of(caseload.path) == before


def test_each_command_writes_its_file_and_records_it_when_it_can(caseload, tmp_path):
    for command in COMMANDS:
        recorded = _exports_recorded(caseload.path)
        out = tmp_path / f"{command.split()[0]}{SUFFIX[command]}"
        assert main(["--db", str(caseload.path), *COMMANDS[command](out)]) == 0, command
        assert out.is_file() and out.stat().st_size > 0
        if command != "backup --out":  # audited as a backup, not an export
            assert _exports_recorded(caseload.path) > recorded, command
