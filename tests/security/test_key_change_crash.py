"""A change of keys killed at random moments: afterwards the database opens with the remaining
accounts' passwords, every row is there, and the leaver's old slot, password and an old copy of
the key file open nothing."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from painclinic_desktop.core import signed_slots
from painclinic_desktop.core.errors import DatabaseDamaged
from painclinic_desktop.core.security_errors import AccountDisabled
from painclinic_desktop.services import accounts, writes
from painclinic_desktop.store import connection, keys
from painclinic_desktop.store.connection import connect
from tests.factories import client

from .conftest import ADMIN, NAMES, PASSWORDS, killed_worker

REMAINING = ("admin", "clinician", "social_prescriber")


def _counts(path: Path, key: bytes) -> dict[str, int]:
    conn = connect(path, key)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counts["padding"] = len(
            conn.execute("SELECT value FROM settings WHERE key='padding'").fetchone()[0]
        )
        return counts
    finally:
        conn.close()


def _kill_during_change(db: Path, delay: float) -> list[str]:
    return killed_worker("rekey_worker", db, "admin", delay, timeout=60).splitlines()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_change_of_keys_killed_at_any_moment_loses_nothing_and_locks_the_leaver_out(
    service, tmp_path
):
    store = service.sign_in()
    for n in range(50):
        writes.add(store, "clients", client(f"kept-{n}", nhs_number=None), ADMIN)
    store.set_setting("padding", "p" * 8_000_000)  # a file big enough to be killed mid-rekey
    store.close()
    old_keyfile = keys.load(service.path)
    coach = signed_slots.open_signed(old_keyfile.slot_for(NAMES["coach"]), PASSWORDS["coach"])
    before = _counts(service.path, coach.data_key)
    seen = {"changed": 0, "unchanged": 0}
    steps_reached: set[str] = set()
    for run in range(8):
        db = tmp_path / f"run{run}" / "painclinic.db"
        db.parent.mkdir()
        shutil.copy(service.path, db)
        shutil.copy(connection.keys_path(service.path), connection.keys_path(db))
        said = _kill_during_change(db, random.Random(run).uniform(0.0, 0.6))
        steps_reached.update(line[:6] for line in said if line[:1].isdigit())
        # A remaining account (not an admin) signs in first: it finishes whatever was begun.
        store = accounts.sign_in(db, NAMES["clinician"], PASSWORDS["clinician"])
        key = store.conn.data_key
        store.close()
        for role in REMAINING:
            accounts.sign_in(db, NAMES[role], PASSWORDS[role]).close()
        after = _counts(db, key)
        assert after["clients"] == before["clients"] and after["padding"] == before["padding"]
        assert keys.load(db).pending is None
        if key == coach.data_key:  # killed before the change began: nothing changed
            seen["unchanged"] += 1
            accounts.sign_in(db, NAMES["coach"], PASSWORDS["coach"]).close()
            continue
        seen["changed"] += 1
        with pytest.raises(AccountDisabled):
            accounts.sign_in(db, NAMES["coach"], PASSWORDS["coach"])
        with pytest.raises(DatabaseDamaged):  # the leaver's old slot + password + old key file
            connect(db, coach.data_key)
        keys.save(db, old_keyfile)
        with pytest.raises(DatabaseDamaged):
            accounts.sign_in(db, NAMES["coach"], PASSWORDS["coach"])
    assert seen["changed"] >= 2, (seen, steps_reached)
    assert steps_reached & {"2 of 4", "3 of 4"}, steps_reached  # some kills landed mid-change
