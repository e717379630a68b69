"""Named accounts: own passwords, back-off after wrong ones, leavers, recovery."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from painclinic_desktop.core import keyslots, permissions
from painclinic_desktop.core.errors import DatabaseDamaged, InvalidInput
from painclinic_desktop.core.security_errors import (
    AccountDisabled,
    PermissionDenied,
    SignInDelayed,
    WrongPassword,
)
from painclinic_desktop.services import accounts, session, users
from painclinic_desktop.store import audit, connection, keys

from .conftest import ADMIN, NAMES, PASSWORDS

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_each_person_signs_in_with_their_own_password_and_gets_their_role(service):
    store = accounts.sign_in(service.path, "  sam PRESCRIBER ", PASSWORDS["social_prescriber"])
    assert session.signed_in() == session.SignedIn("Sam Prescriber", "social_prescriber")
    assert session.current_staff() == "Sam Prescriber"
    store.close()
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, "Sam Prescriber", PASSWORDS["admin"])
    # A partner, in their own community database beside the clinical one.
    store = accounts.sign_in(service.community_path, " pat PARTNER", PASSWORDS["community_partner"])
    assert session.signed_in() == session.SignedIn("Pat Partner", "community_partner")
    store.close()


def test_three_wrong_passwords_then_a_wait_that_doubles_and_survives_a_restart(service):
    for minute in range(3):
        with pytest.raises(WrongPassword):
            accounts.sign_in(service.path, NAMES["coach"], "guess", T0 + timedelta(minutes=minute))
    # The count lives in the key file, so a new process sees it; even the right password waits.
    assert keys.load(service.path).failure_count("cal coach")[0] == 3
    soon = T0 + timedelta(minutes=2, seconds=10)
    with pytest.raises(SignInDelayed, match="wait 20 seconds") as delayed:
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"], soon)
    assert delayed.value.seconds == 20  # 30 s after the third failure at 09:02:00
    after_wait = T0 + timedelta(minutes=2, seconds=31)
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["coach"], "guess again", after_wait)
    with pytest.raises(SignInDelayed) as delayed:  # the fourth failure: 60 s
        accounts.sign_in(
            service.path, NAMES["coach"], PASSWORDS["coach"], after_wait + timedelta(seconds=59)
        )
    assert delayed.value.seconds == 1
    store = accounts.sign_in(
        service.path, NAMES["coach"], PASSWORDS["coach"], after_wait + timedelta(seconds=61)
    )
    assert keys.load(service.path).failure_count("cal coach")[0] == 0
    store.close()


def test_back_off_for_one_name_does_not_lock_out_another(service):
    for _ in range(3):
        with pytest.raises(WrongPassword):
            accounts.sign_in(service.path, NAMES["coach"], "guess", T0)
    with pytest.raises(SignInDelayed):
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"], T0)
    accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"], T0).close()


def test_wait_times_follow_the_policy():
    assert [keyslots.wait_after(n) for n in range(0, 10)] == [
        0,
        0,
        0,
        30,
        60,
        120,
        240,
        480,
        900,
        900,
    ]


def test_failed_sign_ins_reach_the_audit_trail_at_the_next_sign_in(service):
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["clinician"], "wrong", T0)
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, "Someone Unknown", "wrong", T0)
    store = service.sign_in()
    rows = audit.search(store, action=audit.SIGN_IN_FAILED)
    assert sorted(r["actor"] for r in rows) == ["(unknown name)", "dr cleo"]
    assert keys.load(service.path).pending_audit == []
    store.close()


def test_changing_a_password_rewraps_the_key_and_leaves_the_database_alone(service):
    store = service.sign_in("coach")
    store.close()  # let the sign-in row settle into the file
    store = service.sign_in("coach")
    users.change_own_password(store, PASSWORDS["coach"], "a brand new phrase")
    store.close()
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"])
    accounts.sign_in(service.path, NAMES["coach"], "a brand new phrase").close()
    with pytest.raises(WrongPassword):
        users.change_own_password(service.sign_in(), "not my password", "whatever phrase")


def test_a_switched_off_leaver_cannot_sign_in_even_with_an_old_key_file(service, tmp_path):
    old_keys = tmp_path / "old.keys"
    shutil.copy(connection.keys_path(service.path), old_keys)
    store = service.sign_in()
    users.disable_account(store, NAMES["coach"])
    store.close()
    with pytest.raises(AccountDisabled):  # the slot no longer holds the key
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"])
    current_keys = connection.keys_path(service.path).read_bytes()
    shutil.copy(old_keys, connection.keys_path(service.path))
    with pytest.raises(DatabaseDamaged):  # the old slot opens the old key: the file has a new one
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"])
    connection.keys_path(service.path).write_bytes(current_keys)
    store = service.sign_in()
    assert audit.search(store, action=audit.SIGN_IN_FAILED)[0]["detail"] == "account switched off"
    users.reset_password(store, NAMES["coach"], "welcome back phrase")
    store.close()
    accounts.sign_in(service.path, NAMES["coach"], "welcome back phrase").close()


def test_only_an_admin_manages_accounts_and_one_admin_always_remains(service):
    store = service.sign_in("coach")
    with pytest.raises(PermissionDenied, match="manage user accounts"):
        users.add_account(store, "New Person", "coach", "long enough phrase")
    store.close()
    store = service.sign_in()
    with pytest.raises(InvalidInput, match="own account"):
        users.disable_account(store, ADMIN)
    with pytest.raises(InvalidInput, match="at least one active admin"):
        users.change_role(store, ADMIN, "coach")
    with pytest.raises(InvalidInput, match="at least 10"):
        users.add_account(store, "New Person", "coach", "short")
    with pytest.raises(InvalidInput, match="already an account"):
        users.add_account(store, "cal coach", "coach", "long enough phrase")
    users.change_role(store, NAMES["coach"], permissions.CLINICIAN)
    store.close()
    accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"]).close()
    assert session.current_role() == permissions.CLINICIAN


def test_the_recovery_key_sets_a_new_admin_password(service):
    with pytest.raises(WrongPassword):
        accounts.recover(service.path, keyslots.new_recovery_key(), ADMIN, "forgotten no more")
    typed = service.recovery_key.lower().replace("-", " ")  # as someone might type it
    accounts.recover(service.path, typed, ADMIN, "forgotten no more").close()
    accounts.sign_in(service.path, ADMIN, "forgotten no more").close()
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"])


def test_a_new_recovery_key_replaces_the_old_one(service):
    store = service.sign_in()
    fresh = users.replace_recovery_key(store)
    store.close()
    with pytest.raises(WrongPassword):
        accounts.recover(service.path, service.recovery_key, ADMIN, "another new phrase")
    accounts.recover(service.path, fresh, ADMIN, "another new phrase").close()


def test_a_second_database_is_not_created_over_an_existing_one(service):
    before = service.path.read_bytes()
    with pytest.raises(InvalidInput, match="already exists"):
        accounts.create_service_database(service.path, "Someone", "long enough phrase")
    assert service.path.read_bytes() == before
