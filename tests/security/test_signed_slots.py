"""Key slots that cannot be forged, and a change of keys when someone leaves.

The attack: any account's slot opens the one data key; with it someone can make a slot of
their own for an admin's name (or edit a role) and sign in as that admin. Every slot must be
signed by the service signing key, which only admin slots hold.
"""

from __future__ import annotations

import json
import shutil

import pytest

from painclinic_desktop.core import keyslots, permissions, signed_slots
from painclinic_desktop.core.errors import DatabaseDamaged
from painclinic_desktop.core.security_errors import (
    AccountDisabled,
    PasswordResetNeeded,
    SlotNotSigned,
    WrongPassword,
)
from painclinic_desktop.services import accounts, key_change, session, users
from painclinic_desktop.store import audit, connection, keys
from painclinic_desktop.store.connection import connect

from .conftest import ADMIN, NAMES, PASSWORDS

EVIL = "an attacker's own phrase"


def _partner_data_key(service) -> bytes:
    """What any account holds: the data key, unsealed from their own slot (a social
    prescriber's; a community partner's slot is no longer in a database with clinical
    records, see test_partner_database.py)."""
    keyfile = keys.load(service.path)
    slot = keyfile.slot_for(NAMES["social_prescriber"])
    return signed_slots.open_signed(slot, PASSWORDS["social_prescriber"]).data_key


def test_a_slot_minted_with_the_data_key_alone_cannot_sign_in_as_an_admin(service):
    data_key = _partner_data_key(service)
    keyfile = keys.load(service.path)
    # The old attack: the data key wrapped for the admin's name under a password of choice.
    keyfile.put(keyslots.make_slot(data_key, EVIL, keyslots.PASSWORD, ADMIN))
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned, match="not signed by the service"):
        accounts.sign_in(service.path, ADMIN, EVIL)
    # A new-style slot with a signature of the attacker's own making is no better.
    own_key = signed_slots.new_signing_key()
    forged = signed_slots.make(
        EVIL, keyslots.PASSWORD, ADMIN, permissions.ADMIN, data_key, own_key, True
    )
    keyfile.put(forged)
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned):
        accounts.sign_in(service.path, ADMIN, EVIL)
    # Nor is replacing the key file's signing key with one's own: the database names the real
    # one, so every slot signed with another is refused.
    keyfile.service_key = signed_slots.public_of(own_key)
    keyfile.slots = [signed_slots.sign(s, own_key) for s in keyfile.slots]
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned, match="does not belong with it"):
        accounts.sign_in(service.path, ADMIN, EVIL)
    assert session.signed_in() is None


def test_a_forged_slot_is_recorded_and_the_real_admin_still_signs_in(service, tmp_path):
    real = connection.keys_path(service.path).read_bytes()
    keyfile = keys.load(service.path)
    keyfile.put(keyslots.make_slot(_partner_data_key(service), EVIL, keyslots.PASSWORD, ADMIN))
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned):
        accounts.sign_in(service.path, ADMIN, EVIL)
    pending = keys.load(service.path).pending_audit
    connection.keys_path(service.path).write_bytes(real)
    keyfile = keys.load(service.path)
    keyfile.pending_audit = pending
    keys.save(service.path, keyfile)
    store = service.sign_in()
    failed = audit.search(store, action=audit.SIGN_IN_FAILED)
    assert failed[0]["detail"] == "key slot not signed by the service"
    store.close()


def test_a_role_raised_in_the_accounts_table_behind_the_apps_back_is_refused(service):
    conn = connect(service.path, _partner_data_key(service))  # a raw connection with the key
    conn.execute("UPDATE accounts SET role = 'admin' WHERE name_key = 'sam prescriber'")
    conn.close()
    with pytest.raises(SlotNotSigned, match="role"):
        accounts.sign_in(service.path, NAMES["social_prescriber"], PASSWORDS["social_prescriber"])


def test_a_key_file_stripped_of_its_signing_key_is_refused(service):
    keyfile = keys.load(service.path)
    data_key = _partner_data_key(service)
    keyfile.service_key = None
    keyfile.slots = [keyslots.make_slot(data_key, EVIL, keyslots.PASSWORD, ADMIN)]
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned, match="does not belong with it"):
        accounts.sign_in(service.path, ADMIN, EVIL)


def test_a_non_admin_holds_no_signing_key_and_can_still_change_their_own_password(service):
    keyfile = keys.load(service.path)
    prescriber = signed_slots.open_signed(
        keyfile.slot_for(NAMES["social_prescriber"]), PASSWORDS["social_prescriber"]
    )
    admin = signed_slots.open_signed(keyfile.slot_for(ADMIN), PASSWORDS["admin"])
    assert prescriber.signing_key is None and admin.signing_key is not None
    store = service.sign_in("social_prescriber")
    users.change_own_password(store, PASSWORDS["social_prescriber"], "a prescriber's new phrase")
    store.close()
    accounts.sign_in(service.path, NAMES["social_prescriber"], "a prescriber's new phrase").close()
    # A partner's slot, in their own community database, has no signing key either.
    partner = signed_slots.open_signed(
        keys.load(service.community_path).slot_for(NAMES["community_partner"]),
        PASSWORDS["community_partner"],
    )
    assert partner.signing_key is None


def _table_counts(path, key: bytes) -> dict[str, int]:
    conn = connect(path, key)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    finally:
        conn.close()


def test_switching_off_changes_the_data_key_and_an_old_key_file_opens_nothing(service, tmp_path):
    old_keyfile = keys.load(service.path)
    old_coach = signed_slots.open_signed(old_keyfile.slot_for(NAMES["coach"]), PASSWORDS["coach"])
    store = service.sign_in()
    said: list[str] = []
    users.disable_account(store, NAMES["coach"], progress=said.append)
    assert [line[:6] for line in said] == ["1 of 4", "2 of 4", "3 of 4", "4 of 4"]
    store.close()
    # The leaver's old slot, their password and an old copy of the key file: the old data key.
    with pytest.raises(DatabaseDamaged):
        connect(service.path, old_coach.data_key)
    for role in ("admin", "clinician", "social_prescriber"):
        accounts.sign_in(service.path, NAMES[role], PASSWORDS[role]).close()
    with pytest.raises(AccountDisabled, match="switched off"):
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"])
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["coach"], "a guess")
    # The recovery key still works: its slot was given the new key too.
    accounts.recover(service.path, service.recovery_key, ADMIN, "after the change phrase").close()


def test_changing_a_role_changes_the_keys_and_takes_the_signing_key_away(service):
    store = service.sign_in()
    users.add_account(store, "Second Admin", permissions.ADMIN, "second admin phrase")
    before = keys.load(service.path).service_key
    users.change_role(store, "Second Admin", permissions.COACH)
    store.close()
    keyfile = keys.load(service.path)
    assert keyfile.service_key != before
    opened = signed_slots.open_signed(keyfile.slot_for("Second Admin"), "second admin phrase")
    assert opened.signing_key is None
    accounts.sign_in(service.path, "Second Admin", "second admin phrase").close()
    assert session.current_role() == permissions.COACH


def _legacy_database(service) -> None:
    """Turn the service's key file into one made before signing (every slot wraps the data
    key itself) and forget the signing key in the database, as an older version left it."""
    keyfile = keys.load(service.path)
    data_key = _partner_data_key(service)
    keyfile.slots = [
        keyslots.make_slot(data_key, PASSWORDS[role], keyslots.PASSWORD, NAMES[role])
        for role in NAMES
        if role != permissions.COMMUNITY_PARTNER  # moved out to a community database
    ] + [
        keyslots.make_slot(
            data_key,
            keyslots.normalise_recovery_key(service.recovery_key),
            keyslots.RECOVERY,
            None,
        )
    ]
    keyfile.service_key = None
    keys.save(service.path, keyfile)
    conn = connect(service.path, data_key)
    conn.execute("DELETE FROM settings WHERE key = 'service_signing_key'")
    conn.close()


def test_an_older_database_is_signed_at_the_next_admin_sign_in(service):
    _legacy_database(service)
    # A non-admin first: signs in as before and changes nothing in the key file.
    before = connection.keys_path(service.path).read_bytes()
    accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"]).close()
    assert (
        json.loads(before)["slots"]
        == json.loads(connection.keys_path(service.path).read_bytes())["slots"]
    )
    store = service.sign_in()  # the admin: signs every slot
    assert audit.search(store, action=audit.USER_MANAGEMENT)[0]["detail"].startswith(
        "key slots signed"
    )
    store.close()
    keyfile = keys.load(service.path)
    assert keyfile.service_key is not None
    assert all(signed_slots.verifies(s, keyfile.service_key) for s in keyfile.slots)
    accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"]).close()
    # From now on a slot minted with the data key is refused.
    keyfile.put(keyslots.make_slot(_legacy_key(service), EVIL, keyslots.PASSWORD, ADMIN))
    keys.save(service.path, keyfile)
    with pytest.raises(SlotNotSigned):
        accounts.sign_in(service.path, ADMIN, EVIL)


def _legacy_key(service) -> bytes:
    slot = keys.load(service.path).slot_for(NAMES["clinician"])
    return keyslots.open_slot(slot, PASSWORDS["clinician"])


def test_after_a_change_of_keys_an_old_style_slot_needs_a_new_password(service):
    _legacy_database(service)
    store = service.sign_in()
    notes = users.disable_account(store, NAMES["coach"])
    assert "dr cleo needs a new password from an admin" in notes
    assert "the recovery key no longer works: make a new one now" in notes
    with pytest.raises(PasswordResetNeeded):
        accounts.sign_in(service.path, NAMES["clinician"], PASSWORDS["clinician"])
    users.reset_password(store, NAMES["clinician"], "a fresh clinician phrase")
    store.close()
    accounts.sign_in(service.path, NAMES["clinician"], "a fresh clinician phrase").close()


def test_the_old_key_file_of_a_backup_still_opens_that_backup_only(service, tmp_path):
    shutil.copy(service.path, tmp_path / "copy.db")
    old_key = _partner_data_key(service)
    store = service.sign_in()
    users.disable_account(store, NAMES["coach"])
    store.close()
    assert _table_counts(tmp_path / "copy.db", old_key)["accounts"] == 5
    with pytest.raises(DatabaseDamaged):
        _table_counts(service.path, old_key)
    assert key_change.is_signed(service.path)


def test_a_backup_from_before_a_change_of_keys_opens_with_its_own_key_file(service, tmp_path):
    from painclinic_desktop.core.security_errors import BackupFailed
    from painclinic_desktop.services import backup

    store = service.sign_in()
    made = backup.backup_now(store, tmp_path / "before.db")
    users.disable_account(store, NAMES["coach"])
    with pytest.raises(BackupFailed, match="was not restored"):
        backup.restore(store, made.path)  # nothing replaced: it does not open with today's key
    store.close()
    elsewhere = tmp_path / "elsewhere" / "painclinic.db"
    old_key = accounts.data_key_for(made.path, ADMIN, PASSWORDS["admin"])  # its own key file
    backup.restore_as_new(made.path, elsewhere, old_key, ADMIN)
    accounts.sign_in(elsewhere, ADMIN, PASSWORDS["admin"]).close()
    accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"]).close()
