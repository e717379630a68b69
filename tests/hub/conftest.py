"""The hub tests run against a private PostgreSQL cluster started once per session."""

from __future__ import annotations

import pytest

from painclinic_desktop import cli

from . import cluster as pg


@pytest.fixture(scope="session")
def cluster():
    if pg.bin_dir() is None:
        pytest.fail("PostgreSQL is not installed: run scripts/setup.sh test")
    started = pg.start_cluster()
    yield started
    pg.remove(started)


@pytest.fixture
def hub_db(cluster, monkeypatch):
    """A fresh service database on the hub, set up by `painclinic hub init` as its owner."""
    name = cluster.new_database()
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    url = cluster.url(name, pg.OWNER)
    assert cli.main(["hub", "init", "--hub", url]) == 0
    monkeypatch.delenv("PGPASSWORD")
    return Hub(cluster, name, url)


class Hub:
    def __init__(self, cluster, name, owner_url):
        self.cluster, self.name, self.owner_url = cluster, name, owner_url

    def login_url(self, user):
        return self.cluster.url(self.name, user)

    def add_user(self, monkeypatch, login, role, password="hub-password-1"):
        monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
        monkeypatch.setenv("PAINCLINIC_HUB_NEW_PASSWORD", password)
        try:
            assert cli.main(["hub", "user", "add", login, role, "--hub", self.owner_url]) == 0
        finally:
            monkeypatch.delenv("PGPASSWORD")
            monkeypatch.delenv("PAINCLINIC_HUB_NEW_PASSWORD")
        return password

    def owner(self, sql, params=()):
        """Rows read as the database's superuser (no row security), for checking."""
        with self.cluster.admin(self.name) as conn:
            return conn.execute(sql, params).fetchall()


FAST_ARGON2 = {"PAINCLINIC_ARGON2_TIME_COST": "1", "PAINCLINIC_ARGON2_MEMORY_KIB": "1024"}


@pytest.fixture
def team(hub_db, tmp_path, monkeypatch):
    """Make laptops on one hub: ``team("ann", "coach")`` adds the login and joins."""
    from painclinic_desktop.services import session
    from painclinic_desktop.store import connection

    from .laptops import Laptop

    for name, value in FAST_ARGON2.items():
        monkeypatch.setenv(name, value)
    made = []

    def make(person: str, role: str = "coach", join: bool = True):
        login = f"{hub_db.name}_{person}"
        password = hub_db.add_user(monkeypatch, login, role)
        laptop = Laptop(tmp_path, hub_db, login, role, password)
        if join:
            laptop.join()
        made.append(laptop)
        return laptop

    make.hub = hub_db
    yield make
    for laptop in made:
        laptop.close()
    session.sign_out()
    connection._unlocked.clear()
