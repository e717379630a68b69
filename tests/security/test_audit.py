"""The audit trail: every audited action leaves a row, rows cannot be changed, tampering shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import accounts, backup, bundles, writes
from painclinic_desktop.services import audit as audit_service
from painclinic_desktop.services.access import open_client_record
from painclinic_desktop.services.client_reports import log_export
from painclinic_desktop.store import audit, connection
from tests.factories import bundle, client, contact, uid

from .conftest import ADMIN, NAMES, PASSWORDS

AYESHA = uid("ayesha")


def _actions(store) -> list[str]:
    return [r["action"] for r in reversed(audit.search(store))]


def test_each_audited_action_leaves_one_row_with_who_what_and_which_record(service, tmp_path):
    coach = NAMES["coach"]
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("ayesha")]))
    saved = writes.add(store, "contacts", contact("c1"), coach)
    writes.change(store, "contacts", {**saved, "duration_minutes": 45}, coach)
    open_client_record(store, AYESHA)
    bundles.export_bundle_to(store, tmp_path / "out.json")
    log_export(store, "gp_summary", AYESHA, Path("summary.pdf"), coach)
    store.close()
    store = service.sign_in()
    log_export(store, "monthly_return", "2026-10", Path("return.xlsx"), ADMIN)
    store = backup.restore(store, backup.backup_now(store, tmp_path / "b.db").path).store
    accounts.lock(store)
    accounts.unlock(store, ADMIN, PASSWORDS["admin"])
    accounts.sign_out(store)

    store = service.sign_in()
    # After the set-up: 1 database, its signature, 4 accounts, and the admin's first sign-in
    # that moved the partner's account out to a community database (sign-in, signature, the
    # change of keys and its new signing key, the summary).
    assert _actions(store)[11:] == [
        "sign_in",
        "import",
        "create",
        "update",
        "view_record",
        "export",
        "print",
        "sign_in",
        "chain_signed",  # an admin's sign-in signs the trail
        "export",
        "restore",
        "lock",
        "sign_in",
        "chain_signed",
        "sign_out",
        "sign_in",
        "chain_signed",
    ]
    # The backup rows went into the database that the restore replaced (kept in backups/).
    assert "before-restore" in audit.search(store, action="restore")[0]["detail"]
    rows = {r["action"]: r for r in audit.search(store)}
    assert rows["update"]["collection"] == "contacts"
    assert rows["update"]["record_id"] == uid("c1") and rows["update"]["client_id"] == AYESHA
    assert rows["view_record"]["client_id"] == AYESHA
    assert rows["print"]["client_id"] == AYESHA
    assert rows["import"]["actor"] == coach and rows["restore"]["actor"] == ADMIN
    assert audit.verify(store) == []
    store.close()


def test_audit_rows_hold_ids_never_names_numbers_or_notes(service):
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("ayesha", family_name="Zanzibarova")]))
    writes.add(store, "contacts", contact("c1", note="Zanzibarova felt better"), "Cal Coach")
    open_client_record(store, AYESHA)
    text = repr(audit.search(store))
    assert "Zanzibarova" not in text and "9434765919" not in text
    store.close()


def test_a_change_never_commits_without_its_audit_row(service, monkeypatch):
    store = service.sign_in()

    def broken(*_args, **_kwargs):
        raise RuntimeError("audit write failed")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        writes.add(store, "clients", client("ayesha"), ADMIN)
    monkeypatch.undo()
    assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    store.close()


def test_the_trail_refuses_update_and_delete(service):
    store = service.sign_in()
    # Refused by the connection itself, and behind that by the triggers.
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute("DELETE FROM audit_log WHERE seq = 1")
    raw = _raw(store)
    with pytest.raises(connection.IntegrityError, match="cannot be changed"):
        raw.execute("UPDATE audit_log SET actor = 'someone else'")
    raw.close()
    store.close()


def _raw(store):
    """A connection made behind the app's back: the key and a SQLCipher shell, no guards."""
    raw = connection.driver.connect(str(store.path), isolation_level=None)
    raw.execute(f"PRAGMA key = \"x'{store.conn.data_key.hex()}'\"")
    return raw


def _tamper(store, sql: str) -> None:
    """What someone with the key and a SQLCipher shell could do: drop a guard, change, put
    the guard back."""
    conn = _raw(store)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(sql)
    conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END"
    )
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END"
    )
    conn.close()


def test_a_changed_row_breaks_the_chain_and_audit_verify_says_so(service, capsys, monkeypatch):
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])
    assert main(["--db", str(service.path), "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    store = service.sign_in()
    _tamper(store, "UPDATE audit_log SET actor = 'Nobody' WHERE seq = 2")
    assert audit.verify(store) == ["row 2 has been changed since it was written"]
    store.close()
    assert main(["--db", str(service.path), "audit", "verify"]) == 1
    assert "row 2 has been changed" in capsys.readouterr().err


def test_a_removed_row_or_a_missing_guard_is_reported(service):
    store = service.sign_in()
    _tamper(store, "DELETE FROM audit_log WHERE seq = 3")
    assert audit.verify(store) == [
        "rows 3 to 3 are missing",
        "row 4 does not follow on from the row before it",
    ]
    raw = _raw(store)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.close()
    assert "the guard audit_log_no_delete that refuses changes is missing" in audit.verify(store)
    store.close()


def test_only_an_admin_reads_the_trail_filtered_by_user_client_and_date(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store, bundle(clients=[client("ayesha"), client("bilal", nhs_number=None)])
    )
    open_client_record(store, AYESHA)
    open_client_record(store, uid("bilal"))
    with pytest.raises(PermissionDenied):
        audit_service.trail(store)
    store.close()
    store = service.sign_in()
    coach_rows = audit_service.trail(store, actor=NAMES["coach"])
    assert {r["action"] for r in coach_rows} == {"sign_in", "import", "view_record"}
    assert [r["client_id"] for r in audit_service.trail(store, client_id=AYESHA)] == [AYESHA]
    today = coach_rows[0]["at"][:10]
    assert audit_service.trail(store, since=today, until=today) == audit_service.trail(store)
    assert audit_service.trail(store, until="2000-01-01") == []
    store.close()
