"""The community directory, signposting through its statuses, and personal-budget spend."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import directory, session
from painclinic_desktop.services.bundles import export_bundle
from tests.factories import client, new_store, uid

TODAY = date(2026, 11, 5)
WALKS = {
    "name": "Lister Park Gentle Walks",
    "category": "physical_activity",
    "venue": "Lister Park main gate",
    "schedule": "Tuesdays 10:00",
    "cost": "Free",
    "languages": "English, Urdu, english",
    "contact": "Sam 01632 960123",
    "accessibility": "Flat paths; benches",
}


@pytest.fixture
def store(tmp_path):
    store = new_store(tmp_path / "directory.db", clients=[client("ayesha")])
    yield store
    store.close()


@pytest.fixture
def walks(store):
    return directory.save_service(store, WALKS, "Prescriber One")


def test_a_service_is_listed_with_every_detail_and_languages_once_each(walks, store):
    assert walks["languages"] == ["English", "Urdu"]
    assert (walks["venue"], walks["cost"], walks["accessibility"]) == (
        "Lister Park main gate",
        "Free",
        "Flat paths; benches",
    )
    assert directory.languages(store) == ["English", "Urdu"]
    exported = export_bundle(store)["community_services"]
    assert [s["name"] for s in exported] == ["Lister Park Gentle Walks"]


def test_a_service_needs_a_name_and_a_kind(store):
    with pytest.raises(InvalidInput) as error:
        directory.save_service(store, {**WALKS, "name": " "}, "Prescriber One")
    assert error.value.field == "name"
    with pytest.raises(InvalidInput) as error:
        directory.save_service(store, {**WALKS, "category": "bingo"}, "Prescriber One")
    assert error.value.field == "category"
    assert directory.services(store) == []


def test_the_same_service_at_the_same_venue_is_not_listed_twice(walks, store):
    with pytest.raises(InvalidInput, match="already in the directory"):
        directory.save_service(
            store,
            {**WALKS, "name": "lister park  gentle walks", "venue": "LISTER PARK MAIN GATE"},
            "Partner One",
        )
    directory.save_service(store, {**WALKS, "venue": "Peel Park"}, "Partner One")
    assert len(directory.services(store)) == 2


def test_editing_a_service_keeps_its_id_and_creator(walks, store):
    changed = directory.save_service(
        store, {**WALKS, "schedule": "Wednesdays 11:00"}, "Partner One", service_id=walks["id"]
    )
    assert changed["id"] == walks["id"] and changed["schedule"] == "Wednesdays 11:00"
    assert changed["author"] == "Prescriber One"
    assert len(directory.services(store)) == 1


def test_a_signposting_moves_through_its_statuses_keeping_every_dated_step(walks, store):
    first = directory.signpost(
        store, uid("ayesha"), walks["id"], "suggested", "2026-10-01", "Coach One", TODAY
    )
    directory.move_signposting(store, first["id"], "referred", "2026-10-03", "Coach One", TODAY)
    directory.move_signposting(store, first["id"], "waiting_list", "2026-10-03", "Coach One", TODAY)
    done = directory.move_signposting(
        store, first["id"], "attended", "2026-10-20", "Coach One", TODAY
    )
    assert done["history"] == [
        {"status": "suggested", "on": "2026-10-01"},
        {"status": "referred", "on": "2026-10-03"},
        {"status": "waiting_list", "on": "2026-10-03"},
        {"status": "attended", "on": "2026-10-20"},
    ]
    [row] = directory.client_signposting(store, uid("ayesha"))
    assert (row.service_name, row.status, row.since, row.is_open) == (
        "Lister Park Gentle Walks",
        "attended",
        "2026-10-20",
        False,
    )


@pytest.mark.parametrize(
    ("steps", "status", "on", "field"),
    [
        ([], "attended", "2026-10-01", "status"),  # a signposting cannot start as attended
        (["suggested"], "suggested", "2026-10-02", "status"),
        (["suggested", "declined"], "referred", "2026-10-02", "status"),  # ended
        (["suggested"], "referred", "2026-09-30", "on"),  # before the last step
        (["suggested"], "referred", "2026-11-06", "on"),  # in the future
        (["suggested"], "referred", "03/10/2026", "on"),
    ],
)
def test_a_step_that_does_not_follow_is_refused(walks, store, steps, status, on, field):
    record = None
    if steps:
        record = directory.signpost(
            store, uid("ayesha"), walks["id"], steps[0], "2026-10-01", "Coach One", TODAY
        )
        for step in steps[1:]:
            record = directory.move_signposting(
                store, record["id"], step, "2026-10-01", "Coach One", TODAY
            )
    with pytest.raises(InvalidInput) as error:
        if record is None:
            directory.signpost(store, uid("ayesha"), walks["id"], status, on, "Coach One", TODAY)
        else:
            directory.move_signposting(store, record["id"], status, on, "Coach One", TODAY)
    assert error.value.field == field
    history = [r.record["history"] for r in directory.client_signposting(store, uid("ayesha"))]
    assert history == ([] if record is None else [record["history"]])


def test_one_open_signposting_per_service_but_a_new_try_after_it_ended(walks, store):
    first = directory.signpost(
        store, uid("ayesha"), walks["id"], "suggested", "2026-09-01", "Coach One", TODAY
    )
    with pytest.raises(InvalidInput, match="already signposted"):
        directory.signpost(
            store, uid("ayesha"), walks["id"], "referred", "2026-09-02", "Coach One", TODAY
        )
    directory.move_signposting(
        store, first["id"], "not_available", "2026-09-10", "Coach One", TODAY
    )
    again = directory.signpost(
        store, uid("ayesha"), walks["id"], "referred", "2026-11-01", "Coach One", TODAY
    )
    rows = directory.client_signposting(store, uid("ayesha"))
    assert [r.record["id"] for r in rows] == [again["id"], first["id"]]  # open first


def test_personal_budget_spend_is_kept_in_pence_with_a_running_total(store):
    directory.record_spend(
        store,
        uid("ayesha"),
        {"amount": "£12.50", "purpose": "Swim pass", "spent_on": "2026-10-01"},
        "Coach One",
        TODAY,
    )
    later = directory.record_spend(
        store,
        uid("ayesha"),
        {"amount": "1,200", "purpose": "Adapted chair", "spent_on": "2026-10-20"},
        "Coach One",
        TODAY,
    )
    spend = directory.client_spend(store, uid("ayesha"))
    assert [r["amount_pence"] for r in spend.records] == [120000, 1250]
    assert spend.total_pence == 121250
    directory.correct_spend(
        store,
        later["id"],
        {"amount": "120.00", "purpose": "Adapted chair", "spent_on": "2026-10-20"},
        "Coach One",
        TODAY,
    )
    assert directory.client_spend(store, uid("ayesha")).total_pence == 13250


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "twelve"}, "amount"),
        ({"amount": "20000"}, "amount"),
        ({"purpose": " "}, "purpose"),
        ({"spent_on": "2026-11-06"}, "spent_on"),
    ],
)
def test_a_spend_that_cannot_be_right_is_refused(store, values, field):
    good = {"amount": "10", "purpose": "Bus fares", "spent_on": "2026-10-01"}
    with pytest.raises(InvalidInput) as error:
        directory.record_spend(store, uid("ayesha"), {**good, **values}, "Coach One", TODAY)
    assert error.value.field == field
    assert directory.client_spend(store, uid("ayesha")).total_pence == 0


def test_a_community_partner_edits_the_directory_but_cannot_signpost(walks, store):
    session.sign_in_as("Partner One", "community_partner")
    try:
        directory.save_service(
            store, {**WALKS, "name": "Stitch and Natter", "category": "arts_crafts"}, "Partner One"
        )
        with pytest.raises(PermissionDenied):
            directory.signpost(
                store, uid("ayesha"), walks["id"], "suggested", "2026-10-01", "Partner One", TODAY
            )
    finally:
        session.sign_out()
    assert len(directory.services(store)) == 2
    assert directory.client_signposting(store, uid("ayesha")) == []
