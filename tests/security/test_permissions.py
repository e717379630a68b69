"""Each role can do exactly what the matrix allows, in the services and in the database."""

from __future__ import annotations

import pytest

from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import audit as audit_service
from painclinic_desktop.services import backup, bundles, community, users, writes
from painclinic_desktop.services.access import open_client_record
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.services.database import worker_store
from painclinic_desktop.store import connection, records
from painclinic_desktop.store.database import Store
from tests.factories import assessment, bundle, client, contact, referral, uid

from .conftest import NAMES, give_the_partner_their_records

AYESHA = uid("ayesha")
ROLES = ("admin", "coach", "social_prescriber", "clinician", "community_partner")


@pytest.fixture
def caseload(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store,
        bundle(
            clients=[client("ayesha")],
            referrals=[referral("r1", reason="Low back pain since a fall at work")],
            contacts=[contact("c1", note="Talked about pacing and the setback plan")],
            assessments=[assessment("a1")],
            community_services=[
                {"id": uid("choir"), "name": "Community Choir", "category": "music_choir"}
            ],
        ),
    )
    give_the_partner_their_records(service, store)
    return service


def _allowed(action) -> bool:
    try:
        action()
    except PermissionDenied:
        return False
    return True


def _new_client(name):
    return client(name, nhs_number=None)


def _module_session(name):
    return {
        "id": uid(name),
        "module": "understanding_pain",
        "held_on": "2026-10-01",
        "attendees": [AYESHA],
    }


# Worked out from the issue: partners register and take registers but never touch notes;
# the admin reads clinical records (GP summaries, data quality) but does not write them.
EXPECTED_WRITES = {
    #                    client  contact directory register referral-change
    "admin": (True, False, True, True, True),
    "coach": (True, True, True, True, True),
    "social_prescriber": (True, True, True, True, True),
    "clinician": (True, True, False, True, True),
    "community_partner": (True, False, True, True, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_writes_are_allowed_exactly_as_the_matrix_says(caseload, role):
    store = caseload.sign_in(role)
    me = NAMES[role]
    attempts = (
        lambda: writes.add(store, "clients", _new_client(f"new-{role}"), me),
        lambda: writes.add(store, "contacts", contact(f"c-{role}"), me),
        lambda: writes.add(
            store,
            "community_services",
            {"id": uid(f"s-{role}"), "name": "Walking group", "category": "physical_activity"},
            me,
        ),
        lambda: writes.add(store, "module_sessions", _module_session(f"m-{role}"), me),
        lambda: writes.change(
            store,
            "referrals",
            {**records.get(store, "referrals", uid("r1")), "outcome": "accepted"},
            me,
        ),
    )
    assert tuple(_allowed(a) for a in attempts) == EXPECTED_WRITES[role]
    store.close()


EXPECTED_ACTIONS = {
    #                    import export users  audit  backup
    "admin": (True, True, True, True, True),
    "coach": (True, True, False, False, False),
    "social_prescriber": (False, False, False, False, False),
    "clinician": (False, False, False, False, False),
    "community_partner": (False, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_imports_exports_accounts_audit_and_backups_follow_the_matrix(caseload, role, tmp_path):
    store = caseload.sign_in(role)
    attempts = (
        lambda: bundles.import_bundle(store, bundle(clients=[_new_client(f"imp-{role}")])),
        lambda: bundles.export_bundle(store),
        lambda: users.list_accounts(store),
        lambda: audit_service.trail(store),
        lambda: backup.backup_now(store, tmp_path / "b.db"),
    )
    assert tuple(_allowed(a) for a in attempts) == EXPECTED_ACTIONS[role]
    store.close()


@pytest.mark.parametrize("role", ROLES)
def test_clinical_records_are_seen_by_every_role_but_the_community_partner(caseload, role):
    store = caseload.sign_in(role)
    record = open_client_record(store, AYESHA)
    assert record.client["family_name"] == "Khan"  # contact details: everyone
    clinical = role != "community_partner"
    assert [c["note"] for c in record.records["contacts"]] == (
        ["Talked about pacing and the setback plan"] if clinical else []
    )
    assert len(record.records["assessments"]) == (1 if clinical else 0)
    assert record.records["referrals"][0]["reason"] == (
        "Low back pain since a fall at work" if clinical else None
    )
    assert record.records["referrals"][0]["received_on"] == "2026-09-03"
    store.close()


def test_the_partners_connection_itself_reads_no_notes_whatever_asks(caseload):
    store = caseload.sign_in("community_partner")
    assert store.conn.execute("SELECT note FROM contacts").fetchall() in ([], [(None,)])
    assert store.conn.execute(
        "SELECT count(*) FROM contacts WHERE client_id = ?", (AYESHA,)
    ).fetchone() == (0,)
    assert store.conn.execute("SELECT reason FROM referrals").fetchall() == [(None,)]
    # a worker thread opening its own connection by path is restricted the same way
    own = caseload.community_path  # the partner's own database
    other = Store(connection.connect(own), own)
    assert other.conn.execute("SELECT items FROM assessments").fetchall() in ([], [(None,)])
    other.close()
    with worker_store(own) as worker:
        assert [r.name for r in load_caseload(worker)] == ["Ayesha Khan"]
    store.close()


def test_the_partners_connection_refuses_to_write_notes_or_blank_a_reason(caseload):
    store = caseload.sign_in("community_partner")
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute("UPDATE referrals SET reason = NULL")
    with pytest.raises(connection.DatabaseError, match="not authorized"):
        store.conn.execute("DELETE FROM contacts")
    with pytest.raises(PermissionDenied, match="community partner"):
        writes.change(
            store,
            "referrals",
            records.get(store, "referrals", uid("r1")),
            NAMES["community_partner"],
        )
    store.close()
    coach = caseload.sign_in("coach")
    assert (
        records.get(coach, "referrals", uid("r1"))["reason"] == "Low back pain since a fall at work"
    )
    coach.close()


def test_a_partner_may_register_a_self_referral(caseload):
    store = caseload.sign_in("community_partner")
    me = NAMES["community_partner"]
    writes.add(store, "clients", _new_client("walk-in"), me)
    writes.add(
        store,
        "referrals",
        referral("self1", "walk-in", source="self", outcome="pending", outcome_on=None),
        me,
    )
    # It reaches the service's clinical database in the partner's bundle of registers.
    registers = community.partner_bundle(store)
    store.close()
    coach = caseload.sign_in("coach")
    bundles.import_bundle(coach, registers)
    referral_in = records.get(coach, "referrals", uid("self1"))
    assert (referral_in["source"], referral_in["outcome"]) == ("self", "pending")
    assert records.get(coach, "clients", uid("walk-in"))["family_name"] == "Khan"
    coach.close()
