"""Sign-in under attack: parallel guesses, unknown names, switched-off accounts.

Guesses made at the same moment from several processes must meet the same back-off as guesses
made one after another (three reach the password check, the rest wait), and every one of them
must reach the audit trail. An unknown name must cost a guesser the same time as a known one
and behave the same way, so that trying names does not reveal which accounts exist.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time

import pytest

from painclinic_desktop.core import keyslots
from painclinic_desktop.core.security_errors import AccountDisabled, SignInDelayed, WrongPassword
from painclinic_desktop.services import accounts, users
from painclinic_desktop.store import audit, keys

from . import sign_in_worker
from .conftest import NAMES, PASSWORDS

# Slow enough (tens of milliseconds) that parallel attempts overlap inside the password check.
SLOWER_ARGON2 = {"PAINCLINIC_ARGON2_TIME_COST": "2", "PAINCLINIC_ARGON2_MEMORY_KIB": "32768"}


def _in_parallel(path, tries: list[tuple[str, str]]) -> list[str]:
    ctx = multiprocessing.get_context("spawn")  # as on Windows; no state shared by forking
    barrier, results = ctx.Barrier(len(tries)), ctx.Queue()
    workers = [
        ctx.Process(target=sign_in_worker.attempt, args=(str(path), name, pw, barrier, results))
        for name, pw in tries
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return sorted(outcomes)


def _slower_slot(service, monkeypatch, role: str) -> None:
    store = service.sign_in()
    for name, value in SLOWER_ARGON2.items():
        monkeypatch.setenv(name, value)
    users.reset_password(store, NAMES[role], PASSWORDS[role])
    store.close()


def test_twelve_parallel_wrong_passwords_meet_the_back_off_and_all_are_audited(
    service, monkeypatch
):
    _slower_slot(service, monkeypatch, "coach")
    outcomes = _in_parallel(service.path, [(NAMES["coach"], f"guess {n}") for n in range(12)])
    assert outcomes == ["delayed"] * 9 + ["wrong password"] * 3
    assert keys.load(service.path).failure_count("cal coach")[0] == 3
    store = service.sign_in()
    failed = audit.search(store, action=audit.SIGN_IN_FAILED, actor="cal coach")
    assert [r["detail"] for r in failed] == ["wrong password"] * 3
    store.close()


def test_parallel_failures_for_different_names_all_reach_the_audit_trail(service):
    names = [NAMES[r] for r in ("coach", "clinician", "social_prescriber", "community_partner")]
    tries = [(name, "not it at all") for name in names] + [
        (f"Nobody {n}", "not it at all") for n in range(4)
    ]
    assert _in_parallel(service.path, tries) == ["wrong password"] * 8
    store = service.sign_in()
    failed = audit.search(store, action=audit.SIGN_IN_FAILED)
    assert sorted(r["actor"] for r in failed) == sorted(
        [keyslots.account_key(n) for n in names] + [keys.UNKNOWN_NAME] * 4
    )
    assert keys.load(service.path).pending_audit == []
    store.close()


def test_a_right_password_in_parallel_with_guesses_is_not_counted_as_a_failure(service):
    tries = [(NAMES["coach"], PASSWORDS["coach"]), (NAMES["coach"], "one guess")]
    assert _in_parallel(service.path, tries) == ["signed in", "wrong password"]
    store = service.sign_in()
    failed = audit.search(store, action=audit.SIGN_IN_FAILED, actor="cal coach")
    assert len(failed) == 1
    store.close()


def _median_seconds(path, name: str, tries: int = 5) -> float:
    times = []
    for n in range(tries):
        start = time.perf_counter()
        with pytest.raises(WrongPassword):
            accounts.sign_in(path, name, f"wrong {n}")
        times.append(time.perf_counter() - start)
        keyfile = keys.load(path)  # keep the back-off out of the measurement
        keyfile.failures.clear()
        keys.save(path, keyfile)
    return statistics.median(times)


def test_an_unknown_name_costs_the_same_time_as_a_known_one(tmp_path, monkeypatch):
    # Slots made at a higher cost than the current setting (as after a settings change, or in
    # a command-line process that has never made a slot): the decoy must cost what the
    # service's slots cost, not what the setting says.
    for name, value in SLOWER_ARGON2.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "slow.db"
    store, _ = accounts.create_service_database(path, "Jo Admin", PASSWORDS["admin"])
    users.add_account(store, NAMES["coach"], "coach", PASSWORDS["coach"])
    store.close()
    monkeypatch.setattr(accounts, "_decoy", None)
    monkeypatch.setenv("PAINCLINIC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PAINCLINIC_ARGON2_MEMORY_KIB", "8")
    known = _median_seconds(path, NAMES["coach"])
    unknown = _median_seconds(path, "Nobody Here")
    # Wide enough for a busy machine, far from the old decoy (about 0.05 of a known name).
    assert 0.3 < unknown / known < 3, (known, unknown)


def test_unknown_names_do_not_share_one_back_off(service):
    for _ in range(3):
        with pytest.raises(WrongPassword):
            accounts.sign_in(service.path, "Nobody One", "guess")
    with pytest.raises(SignInDelayed):  # the same answer a known name gets
        accounts.sign_in(service.path, "Nobody One", "guess")
    with pytest.raises(WrongPassword):  # another unknown name is not held up by the first
        accounts.sign_in(service.path, "Nobody Two", "guess")
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["coach"], "guess")
    assert "nobody one" not in keys.keys_path(service.path).read_text(encoding="utf-8")


def test_a_switched_off_account_is_told_so_only_after_the_right_password(service):
    store = service.sign_in()
    users.disable_account(store, NAMES["coach"])
    store.close()
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["coach"], "a guess at it")
    with pytest.raises(AccountDisabled, match="switched off"):
        accounts.sign_in(service.path, NAMES["coach"], PASSWORDS["coach"])
    store = service.sign_in()
    details = [r["detail"] for r in audit.search(store, action=audit.SIGN_IN_FAILED)]
    assert details == ["account switched off", "wrong password"]
    store.close()
