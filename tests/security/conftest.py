"""Service databases for the security tests: cheap Argon2, accounts for every role, and no
signed-in session or remembered key leaking from one test into the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from painclinic_desktop.core import permissions
from painclinic_desktop.services import accounts, session, users
from painclinic_desktop.store import connection

# Documented test-only setting (core/keyslots.py): production slots take about half a second.
FAST_ARGON2 = {"PAINCLINIC_ARGON2_TIME_COST": "1", "PAINCLINIC_ARGON2_MEMORY_KIB": "1024"}
ADMIN = "Jo Admin"
PASSWORDS = {
    permissions.ADMIN: "admin passphrase 1",
    permissions.COACH: "coach passphrase 2",
    permissions.SOCIAL_PRESCRIBER: "prescriber phrase 3",
    permissions.CLINICIAN: "clinician phrase 4",
    permissions.COMMUNITY_PARTNER: "partner passphrase 5",
}
NAMES = {
    permissions.ADMIN: ADMIN,
    permissions.COACH: "Cal Coach",
    permissions.SOCIAL_PRESCRIBER: "Sam Prescriber",
    permissions.CLINICIAN: "Dr Cleo",
    permissions.COMMUNITY_PARTNER: "Pat Partner",
}


ROOT = Path(__file__).parents[2]


def signed_in_worker(worker: str, role: str, *args: str | Path) -> subprocess.Popen:
    """``tests.security.<worker> <args>`` in a process of its own, signed in with ``role``'s
    account from the environment, its output read line by line."""
    return subprocess.Popen(
        [sys.executable, "-m", f"tests.security.{worker}", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PAINCLINIC_USER": NAMES[role], "PAINCLINIC_PASSWORD": PASSWORDS[role]},
        cwd=ROOT,
    )


def killed_worker(worker: str, db: Path, role: str, delay: float, timeout: float) -> str:
    """Run ``tests.security.<worker>`` on ``db`` signed in with ``role``'s account; once it
    says "ready", wait ``delay`` seconds and kill it (SIGKILL, as a power cut would). What
    it printed until then."""
    process = signed_in_worker(worker, role, db)
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate(timeout=timeout)
    return out


@pytest.fixture(autouse=True)
def _fast_and_forgetful(monkeypatch):
    for name, value in FAST_ARGON2.items():
        monkeypatch.setenv(name, value)
    yield
    session.sign_out()
    connection._unlocked.clear()


@dataclass
class Service:
    path: Path
    recovery_key: str

    @property
    def community_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}-community{self.path.suffix}")

    def sign_in(self, role: str = permissions.ADMIN):
        """As ``role``; a partner whose account an admin's sign-in has moved out to a
        community database signs in there."""
        if role == permissions.COMMUNITY_PARTNER and self.community_path.exists():
            return accounts.sign_in(self.community_path, NAMES[role], PASSWORDS[role])
        return accounts.sign_in(self.path, NAMES[role], PASSWORDS[role])


def give_the_partner_their_records(service: Service, store) -> None:
    """What a coach does for a partner: a partner bundle of ``store`` (closed here),
    imported by the partner into their own community database."""
    from painclinic_desktop.services import bundles, community

    doc = community.partner_bundle(store)
    store.close()
    partner = service.sign_in(permissions.COMMUNITY_PARTNER)
    bundles.import_bundle(partner, doc)
    partner.close()


def add_partner_as_before(store, name: str, password: str) -> None:
    """A community partner's account as versions before partners had their own database
    made it: a slot for the data key of the database holding the clinical records. The
    next admin sign-in moves it out (``services/community.py``)."""
    from painclinic_desktop.store import accounts as accounts_store
    from painclinic_desktop.store.accounts import Account
    from painclinic_desktop.store.audit import now

    with store.atomic():
        accounts_store.insert(store, Account(name, permissions.COMMUNITY_PARTNER), now(), ADMIN)
    accounts.save_slot(
        store.path, store.conn.data_key, name, password, permissions.COMMUNITY_PARTNER
    )


@pytest.fixture
def service(tmp_path) -> Service:
    """An encrypted service database with one account per role; nobody signed in."""
    path = tmp_path / "service" / "painclinic.db"
    path.parent.mkdir()
    store, recovery_key = accounts.create_service_database(path, ADMIN, PASSWORDS["admin"])
    for role in permissions.ROLES[1:]:
        if role == permissions.COMMUNITY_PARTNER:
            add_partner_as_before(store, NAMES[role], PASSWORDS[role])
        else:
            users.add_account(store, NAMES[role], role, PASSWORDS[role])
    store.close()
    session.sign_out()
    connection._unlocked.clear()
    # As a service upgrading finds it: the admin's next sign-in moves the partner out to a
    # community database beside this one, which holds no clinical record.
    accounts.sign_in(path, ADMIN, PASSWORDS[permissions.ADMIN]).close()
    session.sign_out()
    connection._unlocked.clear()
    return Service(path, recovery_key)
