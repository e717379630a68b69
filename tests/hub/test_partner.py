"""A community partner's login: never a clinical row or column, on the laptop or the hub."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.types.json import Jsonb

from painclinic_desktop.core.permissions import CLINICAL_COLUMNS
from painclinic_desktop.core.sync_rules import CLINICAL_COLLECTIONS
from tests import factories as f

from .laptops import clinical_values_held

HUB_TABLES = ("records", "clinical_fields", "versions", "conflicts", "people", "held",
              "mutations", "audit_rows", "service")  # fmt: skip


def _caseload(ann):
    ann.add("clients", f.client("ayesha"))
    ann.add("referrals", f.referral("ref", reason="Back pain", referrer_name="Dr A"))
    ann.add("contacts", f.contact("visit"))
    ann.add("assessments", f.assessment("phq"))
    ann.add("plans", {"client_id": f.uid("ayesha"), "what_matters": "Family"})
    ann.add("flags", {"client_id": f.uid("ayesha"), "kind": "carer_involved",
                      "raised_on": "2026-10-01", "note": "Daughter helps"})  # fmt: skip
    ann.add("tier_changes", {"client_id": f.uid("ayesha"), "tier": 2,
                             "changed_on": "2026-10-02", "reason": "Low mood"})  # fmt: skip
    ann.add("community_services", {"name": "Walking group", "category": "physical_activity"})
    ann.sync()


def test_a_partner_laptop_holds_no_clinical_row_or_column(team):
    ann = team("ann")
    _caseload(ann)
    pat = team("pat", "community_partner")
    assert clinical_values_held(pat) == []
    assert pat.raw("SELECT count(*) FROM clients") == [(1,)]
    assert pat.raw("SELECT outcome FROM referrals") == [("accepted",)]
    assert pat.raw("SELECT kind FROM flags") == [("carer_involved",)]
    assert pat.raw("SELECT name FROM community_services") == [("Walking group",)]


def test_the_partners_own_login_reads_no_table_and_pulls_nothing_clinical(team):
    ann = team("ann")
    _caseload(ann)
    pat = team("pat", "community_partner")
    with psycopg.connect(pat.hub.login_url(pat.login), password=pat.hub_password) as conn:
        for table in HUB_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM painclinic.{table}")
            conn.rollback()
        page = conn.execute("SELECT painclinic.pull_v1(0, 1000)").fetchone()[0]
    pulled = {c["collection"] for c in page["changes"]}
    assert pulled == {"clients", "referrals", "flags", "tier_changes", "community_services"}
    assert not pulled & CLINICAL_COLLECTIONS
    for change in page["changes"]:
        for collection, column in CLINICAL_COLUMNS:
            if change["collection"] == collection:
                assert column not in change["data"], (collection, column)


def test_a_partners_clinical_push_is_rejected_and_listed_for_the_admin(team):
    ann = team("ann")
    _caseload(ann)
    pat = team("pat", "community_partner")
    contact = {**f.contact("sneaky"), "note": "written by a partner"}
    entry = {
        "mutation_id": "0b9e3c55-5a1e-4f7e-9a57-1b2f3c4d5e6f",
        "collection": "contacts",
        "record_id": contact["id"],
        "op": "upsert",
        "before": None,
        "after": contact,
    }
    batch = {"protocol": 1, "device": "pat", "schema_version": 9, "entries": [entry]}
    with psycopg.connect(pat.hub.login_url(pat.login), password=pat.hub_password) as conn:
        answer = conn.execute("SELECT painclinic.push_v1(%s)", (Jsonb(batch),)).fetchone()[0]
    assert answer["answers"][0]["status"] == "rejected"
    assert "clinical" in answer["answers"][0]["reason"]
    held = pat.hub.owner("SELECT kind, login, entry->>'collection' FROM painclinic.held")
    assert held == [("rejected", pat.login, "contacts")]
    assert pat.hub.owner("SELECT count(*) FROM painclinic.records WHERE collection = 'contacts'"
                         ) == [(1,)]  # fmt: skip


def test_a_partners_directory_entry_reaches_the_coaches(team):
    ann, pat = team("ann"), team("pat", "community_partner")
    pat.add("community_services", {"name": "Faith centre choir", "category": "music_choir"})
    assert pat.sync().rejected == 0
    ann.sync()
    assert ann.raw("SELECT name FROM community_services") == [("Faith centre choir",)]


# --- issue 14: the partner's laptop itself holds no clinical record ------------------------

CLINICAL_WORDS = ("Back pain", "Dr A", "Talked about pacing", "Family", "Daughter helps",
                  "Low mood", "moved_away")  # fmt: skip


def test_a_joined_partners_laptop_holds_no_clinical_record_in_its_bytes(team):
    from painclinic_desktop.services import accounts
    from tests.security.sqlcipher_pages import every_byte

    from .laptops import LOCAL_PASSWORD

    ann = team("ann")
    _caseload(ann)
    ann.add("discharges", {"client_id": f.uid("ayesha"), "discharged_on": "2026-10-20",
                           "reason": "moved_away"})  # fmt: skip
    ann.sync()
    pat = team("pat", "community_partner")
    # The laptop's one account has the role the hub gives; its database is a community one.
    assert pat.raw("SELECT role FROM accounts") == [("community_partner",)]
    assert pat.raw("SELECT value FROM settings WHERE key = 'database_kind'") == [("community",)]
    assert pat.raw("SELECT discharged_on, reason FROM discharges") == [("2026-10-20", None)]
    pat.close()
    # Read with the data key the partner's own slot opens: every page, the log, the backups.
    key = accounts.data_key_for(pat.path, pat.login, LOCAL_PASSWORD)
    text = every_byte(pat.path, key)
    assert b"Khan" in text and b"Walking group" in text  # what a partner may hold is there
    for words in CLINICAL_WORDS:
        assert words.encode() not in text, words


def test_a_joined_laptops_account_has_the_hubs_role_not_admin(team):
    from painclinic_desktop.services import accounts, session
    from painclinic_desktop.store import keys

    from .laptops import LOCAL_PASSWORD

    ann = team("ann", "clinician")
    assert ann.raw("SELECT role FROM accounts") == [("clinician",)]
    ann.close()
    store = accounts.sign_in(ann.path, ann.login, LOCAL_PASSWORD)
    assert session.current_role() == "clinician"
    store.close()
    keyfile = keys.load(ann.path)
    assert [s.role for s in keyfile.slots] == ["clinician"]  # no recovery slot, no admin


def test_a_programme_reaches_the_team_and_a_partner_without_the_reasons_for_leaving(team):
    ann = team("ann")
    _caseload(ann)
    session = ann.add("module_sessions", {"module": "t2_01", "held_on": "2026-10-05",
                                          "venue": "Girlington Centre", "facilitator": "Ann",
                                          "attendees": [f.uid("ayesha")]})  # fmt: skip
    programme = ann.add("programmes", {"name": "Girlington autumn", "planned_sessions": 6,
                                       "attendance_rule_percent": 75, "starts_on": "2026-10-05",
                                       "session_ids": [session["id"]]})  # fmt: skip
    ann.add("programme_enrolments", {"programme_id": programme["id"], "client_id": f.uid("ayesha"),
                                     "enrolled_on": "2026-10-01", "status": "dropped_out",
                                     "ended_on": "2026-10-20", "dropout_reason": "health_or_pain",
                                     "dropout_note": "Flare-up after surgery"})  # fmt: skip
    assert ann.sync().rejected == 0
    bob = team("bob")
    assert bob.raw("SELECT name, session_ids FROM programmes") == [
        ("Girlington autumn", f'["{session["id"]}"]')
    ]
    assert bob.raw("SELECT status, dropout_reason, dropout_note FROM programme_enrolments") == [
        ("dropped_out", "health_or_pain", "Flare-up after surgery")
    ]
    pat = team("pat", "community_partner")
    assert pat.raw("SELECT status, dropout_reason, dropout_note FROM programme_enrolments") == [
        ("dropped_out", None, None)
    ]
    assert clinical_values_held(pat) == []
