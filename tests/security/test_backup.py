"""Backups: checked encrypted copies, kept in generations; restore only what checks out."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from painclinic_desktop.core.errors import DatabaseDamaged
from painclinic_desktop.core.security_errors import BackupFailed, PermissionDenied
from painclinic_desktop.services import accounts, backup, bundles, writes
from painclinic_desktop.store import audit, connection, records
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, uid

from .conftest import ADMIN, NAMES, PASSWORDS


def _names(store) -> list[str]:
    return sorted(c["given_name"] for c in records.select(store, "clients"))


def _caseload(service, *names):
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client(n, nhs_number=None) for n in names]))
    store.close()


def test_backup_then_restore_brings_back_exactly_what_was_backed_up(service, tmp_path):
    _caseload(service, "ayesha", "bilal")
    store = service.sign_in()
    made = backup.backup_now(store, tmp_path / "usb" / "painclinic-backup.db")
    assert made.counts["clients"] == 2
    assert connection.keys_path(made.path).exists()  # opens on another laptop too
    assert made.path.read_bytes()[:16] != connection.SQLITE_HEADER
    assert audit.search(store, action="backup")[0]["detail"] == "on request"
    writes.change(
        store,
        "clients",
        {**records.get(store, "clients", uid("bilal")), "given_name": "Changed"},
        ADMIN,
    )
    store = backup.restore(store, made.path).store
    assert _names(store) == ["Ayesha", "Bilal"]
    kept = list((service.path.parent / "backups").glob("painclinic-before-restore-*.db"))
    assert len(kept) == 1
    store.close()


def test_the_copy_kept_before_a_restore_holds_the_replaced_records(service, tmp_path):
    _caseload(service, "ayesha")
    store = service.sign_in()
    made = backup.backup_now(store, tmp_path / "b.db")
    key = store.conn.data_key
    bundles.import_bundle(store, bundle(clients=[client("bilal", nhs_number=None)]))
    backup.restore(store, made.path).store.close()
    kept = next((service.path.parent / "backups").glob("painclinic-before-restore-*.db"))
    conn = connection.connect_read_only(kept, key)
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    conn.close()


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(service, tmp_path):
    _caseload(service, "ayesha")
    store = service.sign_in()
    made = backup.backup_now(store, tmp_path / "b.db")
    data = bytearray(made.path.read_bytes())
    data[4096 * 2 + 100] ^= 0xFF  # one byte in the third page
    made.path.write_bytes(bytes(data))
    with pytest.raises(BackupFailed, match="Nothing has been changed"):
        backup.restore(store, made.path)

    other, _ = accounts.create_service_database(
        tmp_path / "other.db", "Other Admin", "other admin phrase"
    )
    foreign = backup.backup_now(other, tmp_path / "foreign.db")
    other.close()
    store = service.sign_in()
    with pytest.raises(BackupFailed, match="not a whole PainClinic database of this service"):
        backup.restore(store, foreign.path)
    assert _names(store) == ["Ayesha"]
    store.close()


def test_a_backup_that_does_not_check_out_is_not_kept(service, tmp_path, monkeypatch):
    store = service.sign_in()
    monkeypatch.setattr(backup, "verify_copy", lambda *_: ["clients: 0 rows, expected 1"])
    with pytest.raises(BackupFailed, match="did not check out"):
        backup.backup_now(store, tmp_path / "b.db")
    assert list(tmp_path.glob("*b.db*")) == []  # neither the file nor its temporary
    store.close()


def test_only_an_admin_backs_up_or_restores_on_request(service, tmp_path):
    store = service.sign_in("coach")
    with pytest.raises(PermissionDenied):
        backup.backup_now(store, tmp_path / "b.db")
    with pytest.raises(PermissionDenied):
        backup.restore(store, tmp_path / "b.db")
    assert backup.automatic_backup(store, "on close") is not None  # automatic: everyone
    store.close()


def test_automatic_backups_are_daily_and_keep_the_newest_of_each_of_n_days(service):
    store = service.sign_in()
    store.set_setting("backup_generations", "3")
    day = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for n in range(5):
        for hour in (9, 17):  # two closes a day
            backup.automatic_backup(store, "on close", day + timedelta(days=n, hours=hour - 9))
    kept = backup.automatic_backups(service.path)
    assert [p.name[11:19] for p in kept] == ["20261103", "20261104", "20261105"]
    assert all("T17" in p.name for p in kept)  # the later backup of each day
    assert all(connection.keys_path(p).exists() for p in kept)
    newest = kept[-1]
    os.utime(newest, (newest.stat().st_mtime, datetime.now(UTC).timestamp()))
    assert backup.automatic_backup(store, "daily") is None  # made less than a day ago
    os.utime(newest, (0, (datetime.now(UTC) - timedelta(hours=25)).timestamp()))
    assert backup.automatic_backup(store, "daily") is not None
    store.close()


def test_a_backup_restores_onto_a_replacement_laptop_with_its_key_file(service, tmp_path):
    _caseload(service, "ayesha")
    store = service.sign_in()
    made = backup.backup_now(store, tmp_path / "usb" / "b.db")
    store.close()
    new_laptop = tmp_path / "new-laptop" / "painclinic.db"
    key = accounts.data_key_for(made.path, ADMIN, PASSWORDS["admin"])
    backup.restore_as_new(made.path, new_laptop, key, ADMIN)
    restored = accounts.sign_in(new_laptop, NAMES["coach"], PASSWORDS["coach"])
    assert _names(restored) == ["Ayesha"]
    restored.close()


def test_a_corrupted_page_is_detected_when_the_database_is_opened(service):
    _caseload(service, *[f"client{i}" for i in range(200)])
    data = bytearray(service.path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096 + 500
    data[middle : middle + 16] = bytes(16)
    service.path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="restore the latest backup"):
        service.sign_in()


def test_a_plain_practice_database_backs_up_unencrypted_like_it_is(tmp_path):
    store = open_store(tmp_path / "practice.db", create=True)
    bundles.import_bundle(store, bundle(clients=[client("ayesha")]))
    made = backup.backup_now(store, tmp_path / "copy.db")
    assert made.path.read_bytes()[:16] == connection.SQLITE_HEADER
    assert open_store(made.path).conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    store.close()


def test_the_copy_taken_before_a_migration_is_encrypted_with_the_same_key(service, monkeypatch):
    from painclinic_desktop.store import migrations

    def adds_a_table(conn):
        conn.execute("CREATE TABLE later_feature (id TEXT PRIMARY KEY)")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", migrations.MIGRATIONS + (("9999_later_feature", adds_a_table),)
    )
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    store = service.sign_in()
    key = store.conn.data_key
    store.close()
    [copy] = service.path.parent.glob("painclinic.before-migration-*.db")
    assert copy.read_bytes()[:16] != connection.SQLITE_HEADER
    conn = connection.connect_read_only(copy, key)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "accounts" in tables and "later_feature" not in tables
    conn.close()
