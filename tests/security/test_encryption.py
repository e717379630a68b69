"""Encryption at rest: a lost laptop's files show no client's name anywhere."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from painclinic_desktop.core.errors import NotADatabase
from painclinic_desktop.core.security_errors import SignInRequired, WrongPassword
from painclinic_desktop.services import accounts, backup, bundles, writes
from painclinic_desktop.store import connection
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, contact

from .conftest import ADMIN, FAST_ARGON2, PASSWORDS

CANARY = "Quixotewhistle"


def _files_containing(folder, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def _canary_caseload(store, extra=0):
    bundles.import_bundle(
        store,
        bundle(
            clients=[client("ayesha", family_name=CANARY)]
            + [client(f"c{i}", nhs_number=None, family_name=f"{CANARY}{i}") for i in range(extra)],
            contacts=[contact("pacing-talk", note=f"{CANARY} said the pacing helped")],
        ),
    )


def test_no_client_name_in_the_database_its_wal_backups_or_logs(service, tmp_path):
    log_file = tmp_path / "logs" / "painclinic.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root, level = logging.getLogger(), logging.getLogger().level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        store = service.sign_in()
        _canary_caseload(store, extra=300)
        wal = service.path.with_name(service.path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # still open: the log holds changes
        assert CANARY.encode() not in wal.read_bytes()
        backup.automatic_backup(store, "on close")
        backup.backup_now(store, tmp_path / "portable" / "copy.db")
        with pytest.raises(WrongPassword):
            accounts.sign_in(service.path, CANARY, "not the password")
        store.close()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()

    needle = CANARY.encode()
    # The database, a backup, and the partner's community database made beside it.
    assert len(list(service.path.parent.rglob("*.db"))) == 3
    assert _files_containing(service.path.parent, needle) == []  # db, keys, backups
    assert _files_containing(tmp_path / "portable", needle) == []
    assert needle not in log_file.read_bytes()
    assert CANARY.encode("utf-16-le") not in service.path.read_bytes()


def _worker(service, tmp_path, mode):
    watched = tmp_path / "watched-tmp"
    watched.mkdir(exist_ok=True)
    env = {
        **os.environ,
        **FAST_ARGON2,
        "TMPDIR": str(watched),
        "SQLITE_TMPDIR": str(watched),
        "PAINCLINIC_USER": ADMIN,
        "PAINCLINIC_PASSWORD": PASSWORDS["admin"],
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.canary_worker", str(service.path), mode, CANARY],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), watched


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sorting_temp_tables_and_vacuum_write_no_plaintext_temporary_files(service, tmp_path):
    leaks, watched = _worker(service, tmp_path, "normal")
    assert leaks == []
    assert _files_containing(watched, CANARY.encode()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_temporary_file_watch_does_catch_temp_files_on_disk(service, tmp_path):
    """The watch above can fail: with temp_store=FILE the canary shows in TMPDIR."""
    leaks, watched = _worker(service, tmp_path, "file-temp")
    assert any(leak.startswith(str(watched)) for leak in leaks)


def test_a_wrong_password_opens_nothing_and_leaves_the_database_file_unchanged(service):
    before = service.path.read_bytes()
    with pytest.raises(WrongPassword, match="name or password is not right"):
        accounts.sign_in(service.path, ADMIN, PASSWORDS["coach"])
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, "Nobody Here", PASSWORDS["admin"])
    assert service.path.read_bytes() == before


def test_an_encrypted_database_is_never_opened_without_signing_in(service):
    with pytest.raises(SignInRequired, match="sign in"):
        open_store(service.path)
    with pytest.raises(SignInRequired):
        connection.connect(service.path)


def test_a_plain_file_beside_a_key_file_is_refused_not_opened_as_plain_sqlite(service, tmp_path):
    fake = service.path.with_name("painclinic.db")
    fake.unlink()
    open_store(fake, create=True).close()  # a plain database where the encrypted one was
    with pytest.raises(NotADatabase, match="should be encrypted"):
        open_store(fake)


def test_the_key_is_raw_256_bit_sqlcipher_4_and_never_written_in_the_clear(service):
    store = service.sign_in()
    key = store.conn.data_key
    assert len(key) == 32
    assert store.conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    store.close()
    keys_text = connection.keys_path(service.path).read_bytes()
    assert key.hex().encode() not in keys_text and key not in keys_text
    assert service.path.read_bytes()[:16] != connection.SQLITE_HEADER


def test_attach_is_refused_so_no_plaintext_copy_can_be_made(service, tmp_path):
    store = service.sign_in()
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute(f"ATTACH '{tmp_path / 'plain.db'}' AS plain KEY ''")
    store.close()
    assert not (tmp_path / "plain.db").exists()


def test_plain_sqlite_outside_the_app_cannot_read_it(service):
    import sqlite3

    plain = sqlite3.connect(service.path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM clients").fetchall()
    plain.close()


def test_demo_and_practice_databases_stay_unencrypted_and_open_without_a_key(tmp_path):
    store = open_store(tmp_path / "demo.db", create=True)
    writes.add(store, "clients", client("ayesha", family_name=CANARY), "Coach One")
    store.close()
    assert (tmp_path / "demo.db").read_bytes()[:16] == connection.SQLITE_HEADER
    assert open_store(tmp_path / "demo.db").conn.data_key is None
