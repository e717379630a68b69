"""A community partner's laptop never holds a clinical record (issue 14).

The proof reads the partner's database with the data key the partner's own slot opens, and
decrypts every page of the file, its write-ahead log and its backups: no clinical row, no
clinical column value, no note text, anywhere. A database made before the rule (partners'
accounts beside clinical records) is split at the admin's next sign-in; an export of each side
before and after shows nothing was lost or changed.
"""

from __future__ import annotations

import json

import pytest

from painclinic_desktop import cli
from painclinic_desktop.core import permissions
from painclinic_desktop.core.errors import InvalidBundle, InvalidInput
from painclinic_desktop.core.permissions import CLINICAL_COLUMNS, CLINICAL_TABLES
from painclinic_desktop.core.security_errors import AccountDisabled, PermissionDenied
from painclinic_desktop.services import accounts, backup, bundles, community, session, users
from painclinic_desktop.store import accounts as accounts_store
from painclinic_desktop.store import connection, keys, records
from painclinic_desktop.store.accounts import Account
from painclinic_desktop.store.audit import now
from painclinic_desktop.store.database import reopen
from tests.factories import assessment, bundle, client, contact, referral, uid

from .conftest import ADMIN, PASSWORDS
from .sqlcipher_pages import every_byte

PARTNER, PARTNER_PASSWORD = "Pat Partner", "partner passphrase 5"
COACH, COACH_PASSWORD = "Cal Coach", "coach passphrase 2"
# Clinical words, each found nowhere in the partner's file.
NOTE = "Spoke about the loss of her son and the pacing diary"
PLAN = "Walk to the mosque without stopping"
REASON = "Low back pain since a fall at the warehouse"
REFERRER = "Dr Zubair Rahman"
FLAG_NOTE = "Husband not to be told of visits"
TIER_REASON = "Low mood after bereavement"
DISCHARGE_REASON = "goals_met"
CLINICAL_WORDS = (NOTE, PLAN, REASON, REFERRER, FLAG_NOTE, TIER_REASON)
AYESHA = uid("ayesha")


def _caseload() -> dict:
    return bundle(
        clients=[client("ayesha"), client("bilal", nhs_number=None, family_name="Qureshi")],
        referrals=[referral("r1", reason=REASON, referrer_name=REFERRER)],
        contacts=[contact("c1", note=NOTE)],
        assessments=[assessment("a1")],
        plans=[{"id": uid("plan"), "client_id": AYESHA, "what_matters": PLAN}],
        flags=[
            {
                "id": uid("flag"),
                "client_id": AYESHA,
                "kind": "carer_involved",
                "raised_on": "2026-10-01",
                "note": FLAG_NOTE,
            }
        ],  # fmt: skip
        tier_changes=[
            {
                "id": uid("tier"),
                "client_id": AYESHA,
                "tier": 2,
                "changed_on": "2026-10-02",
                "reason": TIER_REASON,
            }
        ],  # fmt: skip
        discharges=[
            {
                "id": uid("out"),
                "client_id": uid("bilal"),
                "discharged_on": "2026-10-20",
                "reason": DISCHARGE_REASON,
            }
        ],  # fmt: skip
        community_services=[
            {"id": uid("choir"), "name": "Faith Centre Choir", "category": "music_choir"}
        ],  # fmt: skip
        module_sessions=[
            {
                "id": uid("module"),
                "module": "understanding_pain",
                "held_on": "2026-10-05",
                "venue": "Girlington Centre",
                "attendees": [AYESHA],
            }
        ],  # fmt: skip
    )


def _service(tmp_path):
    """A clinical service database with an admin, a coach and the caseload above."""
    path = tmp_path / "service" / "painclinic.db"
    path.parent.mkdir()
    store, _recovery = accounts.create_service_database(path, ADMIN, PASSWORDS["admin"])
    users.add_account(store, COACH, permissions.COACH, COACH_PASSWORD)
    bundles.import_bundle(store, _caseload())
    return path, store


def _partner_as_before(store, name=PARTNER, password=PARTNER_PASSWORD):
    """A partner's account as versions before the rule made it: a slot for the one data
    key, in the database that holds the clinical records."""
    with store.atomic():
        accounts_store.insert(store, Account(name, permissions.COMMUNITY_PARTNER), now(), ADMIN)
    accounts.save_slot(
        store.path, store.conn.data_key, name, password, permissions.COMMUNITY_PARTNER
    )


def _trail(store) -> list[str]:
    return [r[0] or "" for r in store.conn.execute("SELECT detail FROM audit_log")]


def _records(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def _forget_keys():
    session.sign_out()
    connection._unlocked.clear()


def assert_no_clinical_record(path, key):
    """The partner's database read with the key its own slot opens: through SQL (every
    clinical table empty, every clinical column blank) and byte by byte."""
    with reopen(path, key) as own:
        for table in sorted(CLINICAL_TABLES):
            assert own.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        for table, column in sorted(CLINICAL_COLUMNS):
            held = own.conn.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL")
            assert held.fetchone() == (0,), (table, column)
    text = every_byte(path, key)
    assert b"Khan" in text  # the decryption works: a contact detail the partner may hold
    assert b"Girlington Centre" in text
    for words in CLINICAL_WORDS:
        assert words.encode() not in text, words


# --- the split of a database made before the rule --------------------------------------------


def test_a_mixed_database_is_split_at_the_admins_sign_in_and_nothing_is_lost(tmp_path):
    path, store = _service(tmp_path)
    _partner_as_before(store)
    clinical_before = _records(bundles.export_bundle(store))
    partner_before = _records(community.partner_bundle(store))
    store.close()
    _forget_keys()
    # Before the split, the partner's password opens the clinical database (the old hole).
    old_key = accounts.data_key_for(path, PARTNER, PARTNER_PASSWORD)
    assert connection.opens_with(path, old_key)

    admin = accounts.sign_in(path, ADMIN, PASSWORDS["admin"])
    target = path.with_name("painclinic-community.db")
    assert any(str(target) in n and PARTNER in n for n in admin.notices)
    assert _records(bundles.export_bundle(admin)) == clinical_before
    assert any(
        "moved to the community database painclinic-community.db" in d for d in _trail(admin)
    )
    admin.close()
    _forget_keys()

    # The partner's password no longer opens the clinical database, and says where to go.
    with pytest.raises(AccountDisabled, match="painclinic-community.db"):
        accounts.sign_in(path, PARTNER, PARTNER_PASSWORD)
    assert keys.load(path).slot_for(PARTNER).sealed is None  # holds nothing now
    assert not connection.opens_with(path, old_key)  # a key the partner kept opens nothing

    partner = accounts.sign_in(target, PARTNER, PARTNER_PASSWORD)
    assert community.is_community(partner)
    assert _records(community.partner_bundle(partner)) == partner_before
    assert any("community database made from painclinic.db" in d for d in _trail(partner))
    partner.close()
    _forget_keys()
    assert_no_clinical_record(target, accounts.data_key_for(target, PARTNER, PARTNER_PASSWORD))
    # The community database holds only the partner's slot, and no recovery key.
    assert [s.user for s in keys.load(target).slots] == [keys.load(path).slot_for(PARTNER).user]

    # Signing in again does nothing more.
    again = accounts.sign_in(path, ADMIN, PASSWORDS["admin"])
    assert again.notices == []
    assert not path.with_name("painclinic-community-2.db").exists()
    again.close()


def test_a_partners_backups_and_write_ahead_log_hold_no_clinical_record(tmp_path):
    path, store = _service(tmp_path)
    _partner_as_before(store)
    store.close()
    _forget_keys()
    accounts.sign_in(path, ADMIN, PASSWORDS["admin"]).close()
    _forget_keys()
    target = path.with_name("painclinic-community.db")
    partner = accounts.sign_in(target, PARTNER, PARTNER_PASSWORD)
    backup.automatic_backup(partner, "daily")
    assert list((target.parent / "backups").glob("painclinic-community*.db"))
    key = partner.conn.data_key
    # Left open: the write-ahead log is read as it stands too.
    assert_no_clinical_record(target, key)
    partner.close()


# --- no partner account beside clinical records -------------------------------------------


def test_adding_a_partner_to_a_clinical_database_explains_and_offers_the_partner_bundle(
    tmp_path,
):
    path, store = _service(tmp_path)
    slots_before = keys.load(path).slots
    with pytest.raises(community.PartnerNeedsOwnDatabase, match="partner bundle"):
        users.add_account(store, PARTNER, permissions.COMMUNITY_PARTNER, PARTNER_PASSWORD)
    with pytest.raises(community.PartnerNeedsOwnDatabase, match="partner bundle"):
        users.change_role(store, COACH, permissions.COMMUNITY_PARTNER)
    assert keys.load(path).slots == slots_before
    assert [a.name for a in users.list_accounts(store)] == [COACH, ADMIN]
    store.close()


def test_the_command_line_refuses_a_partner_account_and_names_the_partner_bundle(
    tmp_path, monkeypatch, capsys
):
    path, store = _service(tmp_path)
    store.close()
    _forget_keys()
    monkeypatch.setenv("PAINCLINIC_USER", ADMIN)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["admin"])
    monkeypatch.setenv("PAINCLINIC_NEW_PASSWORD", PARTNER_PASSWORD)
    code = cli.main(["users", "add", PARTNER, "community_partner", "--db", str(path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "export-bundle --partner" in err and "Nothing was changed" in err
    assert keys.load(path).slot_for(PARTNER) is None


# --- the partner bundle, there and back --------------------------------------------------


def test_a_partner_bundle_goes_out_without_clinical_records_and_registers_come_back(
    tmp_path, monkeypatch, capsys
):
    path, store = _service(tmp_path)
    store.close()
    _forget_keys()
    out = tmp_path / "for-pat.json"
    monkeypatch.setenv("PAINCLINIC_USER", COACH)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", COACH_PASSWORD)
    assert cli.main(["export-bundle", "--partner", str(out), "--db", str(path)]) == 0
    text = out.read_text(encoding="utf-8")
    for words in CLINICAL_WORDS + (DISCHARGE_REASON,):
        assert words not in text
    doc = json.loads(text)
    assert doc["scope"] == "community"
    assert not set(doc) & CLINICAL_TABLES
    assert [d["id"] for d in doc["discharges"]] == [uid("out")]  # shown as discharged

    # The partner's own database, filled from it.
    laptop = tmp_path / "pat" / "pat.db"
    laptop.parent.mkdir()
    _forget_keys()
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PARTNER_PASSWORD)
    assert cli.main(["init", "--partner", PARTNER, "--db", str(laptop)]) == 0
    monkeypatch.setenv("PAINCLINIC_USER", PARTNER)
    assert cli.main(["import", str(out), "--db", str(laptop)]) == 0
    _forget_keys()

    # A register the partner took, and a self-referral they registered.
    from painclinic_desktop.services import writes

    partner = accounts.sign_in(laptop, PARTNER, PARTNER_PASSWORD)
    writes.add(partner, "clients", client("chidi", nhs_number=None, family_name="Okafor"), PARTNER)
    session_doc = {"id": uid("module2"), "module": "t2_01", "held_on": "2026-11-02",
                   "venue": "Girlington Centre", "attendees": [AYESHA, uid("chidi")]}  # fmt: skip
    writes.add(partner, "module_sessions", session_doc, PARTNER)
    key = partner.conn.data_key
    partner.close()
    _forget_keys()
    assert_no_clinical_record(laptop, key)
    back = tmp_path / "from-pat.json"
    capsys.readouterr()
    assert cli.main(["export-bundle", str(back), "--db", str(laptop)]) == 0
    assert "partner bundle" in capsys.readouterr().out
    _forget_keys()

    monkeypatch.setenv("PAINCLINIC_USER", COACH)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", COACH_PASSWORD)
    assert cli.main(["import", str(back), "--db", str(path)]) == 0
    _forget_keys()
    coach = accounts.sign_in(path, COACH, COACH_PASSWORD)
    assert records.get(coach, "module_sessions", uid("module2"))["attendees"] == [
        AYESHA,
        uid("chidi"),
    ]
    assert records.get(coach, "clients", uid("chidi"))["family_name"] == "Okafor"
    came_back = records.get(coach, "referrals", uid("r1"))
    assert (came_back["reason"], came_back["referrer_name"]) == (REASON, REFERRER)
    assert records.get(coach, "discharges", uid("out"))["reason"] == DISCHARGE_REASON
    assert records.get(coach, "contacts", uid("c1"))["note"] == NOTE
    coach.close()


def test_a_community_database_takes_no_full_bundle_and_no_clinical_content(tmp_path):
    laptop = tmp_path / "pat.db"
    partner = community.create_community_database(laptop, PARTNER, PARTNER_PASSWORD)
    with pytest.raises(PermissionDenied):
        bundles.import_bundle(partner, _caseload())
    session.sign_in_as("Someone Unrestricted", None)  # whoever asked, never a full bundle
    with pytest.raises(InvalidInput, match="only a partner bundle"):
        bundles.import_bundle(partner, _caseload())
    session.sign_in_as(PARTNER, permissions.COMMUNITY_PARTNER)
    sneaky = {**_caseload(), "scope": "community"}
    with pytest.raises(InvalidBundle) as refused:
        bundles.import_bundle(partner, sneaky)
    fields = {(p.collection, p.field) for p in refused.value.problems}
    assert ("contacts", "(collection)") in fields
    assert ("referrals", "reason") in fields
    assert ("flags", "note") in fields
    with pytest.raises(PermissionDenied):  # nobody can add an account to it
        users.add_account(partner, "Dr Who", permissions.CLINICIAN, "clinician phrase 4")
    assert list(records.select(partner, "clients")) == []
    partner.close()
