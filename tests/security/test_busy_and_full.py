"""A database kept busy by another program's long save, and a full disk: plain messages,
never a traceback; reading goes on when it can, and nothing saved is lost."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.services import bundles, writes
from painclinic_desktop.store import audit, connection, database
from tests.factories import bundle, client

from .attack import export_of
from .conftest import NAMES, PASSWORDS, signed_in_worker

ROOT = Path(__file__).parents[2]


@pytest.fixture
def as_coach(monkeypatch):
    monkeypatch.setenv("PAINCLINIC_USER", NAMES["coach"])
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["coach"])


def _busy(db: Path, seconds: float) -> subprocess.Popen:
    worker = signed_in_worker("busy_worker", "admin", db, seconds)
    assert worker.stdout.readline().strip() == "saving", worker.stderr.read()
    return worker


def _bundle_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(bundle(clients=[client("zara", nhs_number=None)])))
    return path


def test_a_save_waits_for_another_programs_long_save_and_says_what_holds_it(
    service, tmp_path, capsys, as_coach
):
    worker = _busy(service.path, 7)
    try:
        assert main(["--db", str(service.path), "import", str(_bundle_file(tmp_path))]) == 0
    finally:
        worker.communicate(timeout=60)
    err = capsys.readouterr().err
    assert "Waiting for the database: PainClinic Desktop or a painclinic command" in err
    assert f"process {worker.pid}" in err and "Traceback" not in err
    assert [c["given_name"] for c in export_of(service.path)["clients"]] == ["Zara"]


def test_a_database_busy_too_long_gets_a_plain_message_and_nothing_is_saved(
    service, tmp_path, capsys, as_coach, monkeypatch
):
    monkeypatch.setattr(database, "BUSY_PATIENCE", 1.0)
    before = export_of(service.path)
    worker = _busy(service.path, 12)
    try:
        assert main(["--db", str(service.path), "import", str(_bundle_file(tmp_path))]) == 2
    finally:
        worker.communicate(timeout=60)
    err = capsys.readouterr().err
    assert "has been busy" in err and f"process {worker.pid}" in err
    assert "Nothing was saved" in err and "Traceback" not in err
    assert export_of(service.path) == before


@pytest.fixture
def full_disk(monkeypatch):
    """SQLite's own full-disk error for every audit row while ``full["on"]``."""
    full = {"on": False}
    real = audit.append

    def append(store, entry):
        if full["on"]:
            raise connection.DatabaseError("database or disk is full")
        return real(store, entry)

    monkeypatch.setattr(audit, "append", append)
    return full


def test_on_a_full_disk_reading_goes_on(service, tmp_path, capsys, as_coach, full_disk):
    full_disk["on"] = True
    assert main(["--db", str(service.path), "check"]) == 0
    assert main(["--db", str(service.path), "audit", "verify"]) == 0
    assert main(["--db", str(service.path), "export-bundle", str(tmp_path / "out.json")]) == 0
    out = capsys.readouterr()
    assert "The database is intact" in out.out and "audit trail is intact" in out.out
    assert "Traceback" not in out.err
    assert json.loads((tmp_path / "out.json").read_text())["clients"] == []


def test_rows_kept_on_a_full_disk_are_written_first_at_the_next_save(service, tmp_path, full_disk):
    full_disk["on"] = True
    store = service.sign_in("coach")
    bundles.export_bundle_to(store, tmp_path / "out.json")
    full_disk["on"] = False
    writes.add(store, "clients", client("after", nhs_number=None), NAMES["coach"])
    actions = [r["action"] for r in audit.search(store, actor=NAMES["coach"])]
    store.close()
    assert sorted(actions) == sorted(["sign_in", "export", "create"])
    store = service.sign_in()
    assert audit.verify(store) == []
    rows = audit.search(store, actor=NAMES["coach"])
    store.close()
    seqs = {r["action"]: r["seq"] for r in rows}
    assert seqs["sign_in"] < seqs["export"] < seqs["create"]  # in the order they happened
