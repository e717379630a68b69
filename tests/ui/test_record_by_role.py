"""The client record opens for every role, whatever parts of it the role may not read: a
community partner opening a discharged client's record (in their own community database,
filled from a partner bundle) sees the discharge date, not an error (the reason is clinical,
and never reaches their database)."""

import pytest

from painclinic_desktop.core import permissions
from painclinic_desktop.services import accounts, community, session, users
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import connection
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import bundle, client, discharge, referral, uid

PASSWORD = "a long passphrase 1"


@pytest.fixture
def service(tmp_path, monkeypatch):
    monkeypatch.setenv("PAINCLINIC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PAINCLINIC_ARGON2_MEMORY_KIB", "1024")
    path = tmp_path / "service" / "painclinic.db"
    path.parent.mkdir()
    store, _ = accounts.create_service_database(path, "Jo Admin", PASSWORD)
    for role in permissions.ROLES[1:]:
        if permissions.clinical(role):
            users.add_account(store, f"Someone {role}", role, PASSWORD)
    session.sign_out()
    import_bundle(
        store,
        bundle(
            clients=[client("ayesha")],
            referrals=[referral("r", "ayesha", received_on="2026-01-03")],
            discharges=[discharge("d", discharged_on="2026-09-01")],
        ),
    )
    session.sign_in_as("Jo Admin", permissions.ADMIN)
    doc = community.partner_bundle(store)
    store.close()
    partner = community.create_community_database(
        _where(path, permissions.COMMUNITY_PARTNER), "Someone community_partner", PASSWORD
    )
    import_bundle(partner, doc)
    partner.close()
    session.sign_out()
    yield path
    session.sign_out()
    connection._unlocked.clear()


def _where(path, role):
    """A partner works in their own community database beside the service's."""
    if permissions.clinical(role):
        return path
    return path.with_name("partner.db")


@pytest.mark.parametrize("role", permissions.ROLES[1:])
def test_a_discharged_clients_record_opens_for_every_role(qtbot, service, role):
    store = accounts.sign_in(_where(service, role), f"Someone {role}", PASSWORD)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.open_client(uid("ayesha"))
    pathway = next(s for s in window.record.sections if type(s).__name__ == "PathwaySection")
    words = pathway.where.text()
    assert words.startswith("Discharged · on ") and "2026" in words
    assert ("goals met" in words) == session.can(permissions.VIEW_CLINICAL)
    window.close()
    accounts.sign_out(store)
