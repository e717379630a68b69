"""Nothing acknowledged is ever lost: not to a killed process, not to a full disk."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from painclinic_desktop.core.security_errors import DiskFull, UnsafeLocation
from painclinic_desktop.services import writes
from painclinic_desktop.store import audit, location
from painclinic_desktop.store.database import open_store
from tests.factories import client, uid

from .conftest import killed_worker


def _run_and_kill(db: Path, delay: float) -> list[str]:
    out = killed_worker("crash_worker", db, "coach", delay, timeout=30)
    return [line.split()[1] for line in out.splitlines() if line.startswith("saved ")]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_process_killed_mid_stream_keeps_every_acknowledged_save_and_its_audit_row(service):
    acknowledged: list[str] = []
    for run in range(5):  # about half a second each
        acknowledged += _run_and_kill(service.path, random.Random(run).uniform(0.05, 0.3))
    assert len(acknowledged) > 20
    store = service.sign_in()
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = {r[0] for r in store.conn.execute("SELECT id FROM clients")}
    assert set(acknowledged) <= saved
    created = {r["record_id"] for r in audit.search(store, action="create", limit=10**6)}
    assert saved == created  # no change without its audit row, and no row without a change
    assert audit.verify(store) == []
    store.close()


def test_a_full_disk_loses_nothing_saved_and_says_so_plainly(service):
    store = service.sign_in("coach")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    saved = []
    with pytest.raises(DiskFull, match="no space left") as full:
        for n in range(500):
            writes.add(
                store,
                "clients",
                client(f"full{n}", nhs_number=None, family_name="X" * 2000),
                "Cal Coach",
            )
            saved.append(uid(f"full{n}"))
    assert "Everything saved before is safe" in str(full.value)
    assert saved  # some saves fitted before the disk filled
    store.close()

    store = service.sign_in("coach")
    ids = {r[0] for r in store.conn.execute("SELECT id FROM clients")}
    assert ids == set(saved)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert audit.verify(store) == []
    writes.add(store, "clients", client("after", nhs_number=None), "Cal Coach")  # room again
    store.close()


def test_a_cloud_synced_folder_is_refused_with_an_explanation(tmp_path):
    synced = tmp_path / "OneDrive - NHS" / "painclinic.db"
    with pytest.raises(UnsafeLocation, match="cloud-synced"):
        open_store(synced, create=True)
    assert not synced.exists()
    assert location.location_problem(tmp_path / "Dropbox" / "x.db") is not None
    assert location.location_problem(tmp_path / "Documents" / "x.db") is None


def test_a_network_file_system_is_recognised_from_the_mount_table(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/export /mnt/share nfs4 rw 0 0\n"
        "//nas/clinic /media/clinic\\040drive cifs rw 0 0\n"
    )
    assert location._mount_type(Path("/mnt/share/painclinic.db"), str(mounts)) == "nfs4"
    assert location._mount_type(Path("/media/clinic drive/a.db"), str(mounts)) == "cifs"
    assert location._mount_type(Path("/home/coach/painclinic.db"), str(mounts)) == "ext4"


def test_database_files_are_private_to_the_user(service):
    store = service.sign_in()
    for suffix in ("", "-wal", ".keys"):
        path = service.path.with_name(service.path.name + suffix)
        assert path.stat().st_mode & 0o077 == 0, path
    store.close()
