"""Referral intake and triage: duplicates found before a client is created; decisions recorded."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import referrals
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "r.db", create=True)
    yield s
    s.close()


def _values(**changes):
    values = {
        "nhs_number": "943 476 5919",
        "given_name": "Ayesha",
        "family_name": "Khan",
        "date_of_birth": "12/04/1961",
        "received_on": "03/11/2026",
        "source": "gp",
        "referrer_name": "Dr A. Shah",
        "reason": "Low back pain for 4 years",
    }
    values.update(changes)
    return values


def _add(store, **changes):
    return referrals.add_referral(store, _values(**changes), "Admin One", today=TODAY)


def _count(store, table):
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_new_referral_creates_the_client_and_waits_for_triage(store):
    saved = _add(store)
    client = records.get(store, "clients", saved["client_id"])
    assert client["nhs_number"] == "9434765919"  # spaces typed are not stored
    assert client["date_of_birth"] == "1961-04-12"  # read day first, as written in the UK
    assert saved["received_on"] == "2026-11-03"
    assert saved["outcome"] == "pending" and saved["author"] == "Admin One"
    [row] = load_caseload(store, TODAY)
    assert row.status == "awaiting_triage"


def test_same_nhs_number_is_never_a_second_client_even_when_confirmed(store):
    _add(store)
    with pytest.raises(referrals.DuplicateClient) as caught:
        referrals.add_referral(
            store, _values(given_name="Aisha"), "Admin One", not_a_duplicate=True, today=TODAY
        )
    assert [m.reason for m in caught.value.matches] == ["nhs_number"]
    assert _count(store, "clients") == 1 and _count(store, "referrals") == 1


def test_same_name_and_birth_date_is_caught_whatever_the_spelling_of_spaces_and_case(store):
    _add(store, nhs_number="", family_name="Al-Khan")
    with pytest.raises(referrals.DuplicateClient) as caught:
        _add(store, nhs_number="", given_name="AYESHA", family_name="al khan")
    assert [m.reason for m in caught.value.matches] == ["name_and_birth"]
    # a person who has checked and knows it is someone else may go ahead
    referrals.add_referral(
        store,
        _values(nhs_number="", family_name="Al Khan"),
        "Admin One",
        not_a_duplicate=True,
        today=TODAY,
    )
    assert _count(store, "clients") == 2


def test_a_different_birth_date_is_a_different_person(store):
    _add(store, nhs_number="")
    _add(store, nhs_number="", date_of_birth="13/04/1961")
    assert _count(store, "clients") == 2


def test_similar_names_are_offered_to_the_person_but_do_not_block(store):
    first = _add(store, nhs_number="")
    found = referrals.find_duplicates(store, None, "Aisha", "Khan", "1961-04-12")
    assert [(m.client["id"], m.reason) for m in found] == [(first["client_id"], "similar")]
    assert referrals.find_duplicates(store, None, "Bushra", "Khan", "1961-04-12") == []
    _add(store, nhs_number="", given_name="Aisha")  # not an exact match: no refusal
    assert _count(store, "clients") == 2


def test_a_wrong_check_digit_is_refused_and_nothing_is_saved(store):
    with pytest.raises(InvalidInput) as caught:
        _add(store, nhs_number="943 476 5918")
    assert caught.value.field == "nhs_number"
    assert "check digit" in str(caught.value)
    assert _count(store, "clients") == 0


def test_a_referral_for_an_existing_client_adds_no_client(store):
    first = _add(store)
    again = referrals.add_referral(
        store,
        {"received_on": "20/11/2026", "source": "self"},
        "Admin One",
        client_id=first["client_id"],
        today=TODAY,
    )
    assert again["client_id"] == first["client_id"] and again["source"] == "self"
    assert _count(store, "clients") == 1


def test_pending_referrals_longest_waiting_first(store):
    _add(store, received_on="10/11/2026")
    _add(store, nhs_number="", given_name="Grace", family_name="Okafor", received_on="01/11/2026")
    pending = referrals.pending_referrals(store, TODAY)
    assert [(p.name, p.days_waiting) for p in pending] == [
        ("Grace Okafor", 21),
        ("Ayesha Khan", 12),
    ]
    assert pending[1].nhs_number == "943 476 5919"


def test_accepting_opens_the_client_and_assigns_the_coach(store):
    saved = _add(store)
    referrals.triage(
        store, saved["id"], "accepted", "Admin One", on="2026-11-05", coach="Coach One", today=TODAY
    )
    [row] = load_caseload(store, TODAY)
    assert (row.status, row.tier, row.staff) == ("open", 1, "Coach One")
    assert referrals.pending_referrals(store, TODAY) == []
    assert referrals.staff_names(store) == ["Coach One"]


def test_declining_needs_a_reason_and_signposting_says_where(store):
    first = _add(store)
    with pytest.raises(InvalidInput, match="why"):
        referrals.triage(store, first["id"], "declined", "Admin One", today=TODAY)
    with pytest.raises(InvalidInput, match="where"):
        referrals.triage(
            store, first["id"], "signposted_elsewhere", "Admin One", note=" ", today=TODAY
        )
    decided = referrals.triage(
        store,
        first["id"],
        "signposted_elsewhere",
        "Admin One",
        note="Hospital pain clinic",
        today=TODAY,
    )
    assert (decided["outcome"], decided["decline_reason"]) == (
        "signposted_elsewhere",
        "Hospital pain clinic",
    )
    assert decided["outcome_on"] == "2026-11-22"
    [row] = load_caseload(store, TODAY)
    assert row.status == "signposted_elsewhere"


def test_a_referral_is_triaged_once_and_not_before_it_arrived(store):
    first = _add(store)
    with pytest.raises(InvalidInput, match="before the referral was received"):
        referrals.triage(store, first["id"], "accepted", "Admin One", on="2026-11-02", today=TODAY)
    referrals.triage(store, first["id"], "accepted", "Admin One", today=TODAY)
    with pytest.raises(InvalidInput, match="already been triaged"):
        referrals.triage(store, first["id"], "declined", "Admin One", note="x", today=TODAY)


def test_a_held_file_row_corrected_in_the_form_is_marked_done_with_its_referral(store):
    held_id = "held-1"
    records.insert_many(
        store,
        "referral_rows_held",
        [
            {
                "id": held_id,
                "file_name": "pcn.csv",
                "row_number": 7,
                "values_json": '{"given_name": "Ayesha"}',
                "problems_json": "[]",
            }
        ],
    )
    assert [h.row_number for h in referrals.held_rows(store)] == [7]
    saved = referrals.add_referral(
        store, _values(), "Admin One", resolves_held=held_id, today=TODAY
    )
    row = records.get(store, "referral_rows_held", held_id)
    assert (row["resolution"], row["referral_id"], row["resolved_by"]) == (
        "imported",
        saved["id"],
        "Admin One",
    )
    assert referrals.held_rows(store) == []
