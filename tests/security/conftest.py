"""Service databases for the security tests: cheap Argon2, accounts for every role, and no
signed-in session or remembered key leaking from one test into the next."""

from __future__ import annotations

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

    def sign_in(self, role: str = permissions.ADMIN):
        return accounts.sign_in(self.path, NAMES[role], PASSWORDS[role])


@pytest.fixture
def service(tmp_path) -> Service:
    """An encrypted service database with one account per role; nobody signed in."""
    path = tmp_path / "service" / "painclinic.db"
    path.parent.mkdir()
    store, recovery_key = accounts.create_service_database(path, ADMIN, PASSWORDS["admin"])
    for role in permissions.ROLES[1:]:
        users.add_account(store, NAMES[role], role, PASSWORDS[role])
    store.close()
    session.sign_out()
    connection._unlocked.clear()
    return Service(path, recovery_key)
