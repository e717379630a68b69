"""A trail rewritten behind the app's back, with the hashes recomputed so the chain holds
again: the service's signature of the chain head no longer holds, and `audit verify` says from
which row on it cannot vouch. The app does not sign such a trail again."""

from __future__ import annotations

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.core import signed_slots
from painclinic_desktop.core.audit_chain import FIELDS, GENESIS, head_statement, row_hash
from painclinic_desktop.services import audit as audit_service
from painclinic_desktop.services import users
from painclinic_desktop.store import audit, connection

from .conftest import ADMIN, NAMES, PASSWORDS

GUARDS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END",
)


def _raw(path, key: bytes):
    """The file opened with the data key in a SQLCipher tool: no app, no guards."""
    raw = connection.driver.connect(str(path), isolation_level=None)
    raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return raw


def _rewrite(path, key: bytes, change) -> None:
    """Drop the guards, change the rows, renumber, recompute every hash, put the guards back."""
    raw = _raw(path, key)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("DROP TRIGGER audit_log_no_delete")
    rows = [
        dict(zip(FIELDS, r, strict=True))
        for r in raw.execute(f"SELECT {', '.join(FIELDS)} FROM audit_log ORDER BY seq")
    ]
    rows = change(rows)
    raw.execute("DELETE FROM audit_log")
    prev = GENESIS
    for seq, values in enumerate(rows, start=1):
        values = {**values, "seq": seq}
        digest = row_hash(prev, values)
        raw.execute(
            f"INSERT INTO audit_log ({', '.join(FIELDS)}, prev_hash, hash) "
            f"VALUES ({', '.join('?' for _ in FIELDS)}, ?, ?)",
            [values[f] for f in FIELDS] + [prev, digest],
        )
        prev = digest
    for sql in GUARDS:
        raw.execute(sql)
    raw.close()


def _signed_service(service):
    """Two admin sign-ins (two signatures) with a coach's work between them."""
    store = service.sign_in()
    store.close()
    coach = service.sign_in("coach")
    key = coach.conn.data_key
    audit_service.record_view(coach, "a-client")
    coach.close()
    store = service.sign_in()
    vouched, newest = audit_service.vouched_for(store)
    assert vouched == newest and audit_service.verify(store) == []
    first_signed = audit.signatures(store)[1][1]
    store.close()
    return key, first_signed


def _verify_cli(service, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])
    code = main(["--db", str(service.path), "audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_intact_trail_is_vouched_for_up_to_the_newest_signature(service, capsys, monkeypatch):
    _signed_service(service)
    code, said = _verify_cli(service, capsys, monkeypatch)
    assert code == 0 and "intact" in said and "vouches for rows 1 to" in said


def test_an_edit_with_recomputed_hashes_is_reported_from_the_row_it_cannot_vouch_for(
    service, capsys, monkeypatch
):
    key, first_signed = _signed_service(service)

    def hide_the_view(rows):
        for row in rows:
            if row["action"] == "view_record":
                row["actor"] = ADMIN
        return rows

    _rewrite(service.path, key, hide_the_view)
    store = service.sign_in()  # the admin's sign-in does not sign the rewritten trail
    assert audit.verify(store) == []  # the chain itself holds again
    problems = audit_service.verify(store)
    assert len(problems) == 1 and problems[0].startswith("the newest signature of the trail")
    assert problems[0].endswith(f"from row {first_signed + 1} on it cannot be vouched for")
    store.close()
    code, said = _verify_cli(service, capsys, monkeypatch)
    assert code == 1 and f"from row {first_signed + 1} on it cannot be vouched for" in said


def test_rows_deleted_and_renumbered_are_reported(service):
    key, first_signed = _signed_service(service)
    _rewrite(service.path, key, lambda rows: [r for r in rows if r["action"] != "view_record"])
    store = service.sign_in()
    assert audit.verify(store) == []
    assert any(
        f"from row {first_signed + 1} on it cannot be vouched for" in p
        for p in audit_service.verify(store)
    )
    store.close()


def test_signature_rows_removed_or_forged_are_reported(service):
    key, _ = _signed_service(service)
    own_key = signed_slots.new_signing_key()

    _rewrite(service.path, key, lambda rows: [r for r in rows if r["action"] != "chain_signed"])
    store = service.sign_in()
    assert audit_service.verify(store) == [
        "the trail carries no signature of the service: from row 1 on it cannot be vouched for"
    ]
    store.close()
    # A signature made with a key of one's own does not count either.
    raw = _raw(service.path, key)
    seq, head_hash = raw.execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    raw.close()
    forged_signature = signed_slots.sign_text(own_key, head_statement(seq, head_hash))

    def add_forged(rows):
        return rows + [
            {
                **rows[-1],
                "action": "chain_signed",
                "detail": f"head {seq} {head_hash} {forged_signature}",
            }
        ]

    _rewrite(service.path, key, add_forged)
    store = service.sign_in()
    assert any("from row 1 on it cannot be vouched for" in p for p in audit_service.verify(store))
    store.close()


def test_signatures_made_before_a_change_of_keys_still_count(service):
    _signed_service(service)
    store = service.sign_in()
    users.disable_account(store, NAMES["coach"])
    assert audit_service.verify(store) == []
    store.close()
    store = service.sign_in()
    vouched, newest = audit_service.vouched_for(store)
    assert vouched == newest and audit_service.verify(store) == []
    store.close()


@pytest.mark.parametrize("role", ["community_partner", "admin"])
def test_the_same_attack_from_a_signed_in_connection_is_refused(service, role):
    store = service.sign_in(role)
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute("DROP TRIGGER audit_log_no_update")
    store.close()


def test_an_admins_backup_signs_the_trail(service, tmp_path):
    from painclinic_desktop.services import backup

    store = service.sign_in()
    backup.backup_now(store, tmp_path / "copy.db")
    newest = audit.search(store, limit=2)
    assert [r["action"] for r in newest] == ["chain_signed", "backup"]
    vouched, claimed = audit_service.vouched_for(store)
    assert vouched == claimed == newest[1]["seq"]
    store.close()
