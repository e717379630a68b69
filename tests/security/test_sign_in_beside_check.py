"""Signing in to a large service database with the damage check running beside the caseload:
the sign-in is still the first thing the audit trail records, and nothing reaches a damaged
file."""

import pytest

from painclinic_desktop.core.errors import DatabaseDamaged
from painclinic_desktop.services import accounts, audit
from painclinic_desktop.services.integrity import wait_for_opening_check
from painclinic_desktop.store import audit as trail
from painclinic_desktop.store import opening_check

from .conftest import ADMIN, NAMES, PASSWORDS


def _slow_check(monkeypatch):
    """Hold the check until the test lets it go, as a big file would."""
    import threading

    release = threading.Event()
    real = opening_check.quick_check

    def held(conn, full=False):
        release.wait(10)
        return real(conn, full)

    monkeypatch.setattr(opening_check, "quick_check", held)
    return release


def test_the_sign_in_is_recorded_before_any_write_made_while_the_check_runs(service, monkeypatch):
    release = _slow_check(monkeypatch)
    store = accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"], check_beside=True)
    assert not opening_check.running(service.path).finished  # the caseload can appear now
    release.set()
    audit.record_view(store, "a-client")  # waits for the check, then goes
    rows = list(reversed(trail.search(store)))
    assert [r["action"] for r in rows[-2:]] == ["sign_in", "view_record"]
    assert rows[-2]["actor"] == NAMES["coach"]
    assert audit.verify(store) == []
    store.close()


def test_a_damaged_file_found_after_sign_in_takes_no_write_not_even_the_sign_in(
    service, monkeypatch
):
    store = accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"])
    entries = len(trail.search(store))
    store.close()
    import threading

    real = opening_check.quick_check
    release = threading.Event()

    def damaged(conn, full=False):
        release.wait(10)
        return ["page 7"]

    monkeypatch.setattr(opening_check, "quick_check", damaged)
    store = accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"], check_beside=True)
    release.set()
    with pytest.raises(DatabaseDamaged):
        wait_for_opening_check(store)
    with pytest.raises(DatabaseDamaged):
        audit.record_view(store, "a-client")
    store.close()
    monkeypatch.setattr(opening_check, "quick_check", real)
    store = accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"])  # checked in full
    # Only this last sign-in and the admin's signature of the trail were added.
    assert len(trail.search(store)) == entries + 2
    store.close()


def test_damage_found_before_the_sign_in_is_handed_over_refuses_the_sign_in(service, monkeypatch):
    """The check may finish first on a small file: then the sign-in itself is refused."""
    import threading

    finished = threading.Event()
    real_start = opening_check.start

    def start_and_finish(path, key):
        check = real_start(path, key)
        check._done.wait(10)
        finished.set()
        return check

    monkeypatch.setattr(opening_check, "quick_check", lambda conn, full=False: ["page 7"])
    monkeypatch.setattr(opening_check, "start", start_and_finish)
    with pytest.raises(DatabaseDamaged):
        accounts.sign_in(service.path, ADMIN, PASSWORDS["admin"], check_beside=True)
    assert finished.is_set()
