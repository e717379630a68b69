"""What the monthly return reads from the store, for October 2026 (1st to 31st; the 60 days
ending at month end start on 2026-09-02), against values worked out by hand."""

from __future__ import annotations

import pytest

from painclinic_desktop.core.monthly_return.common import month_period, year_ending
from painclinic_desktop.core.outcomes import ASSESSMENT_FIELDS
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.store.return_queries import (
    contact_facts,
    outcome_assessments,
    return_caseload,
)

OCTOBER = month_period("2026-10")


def person(name: str, pcn: str | None) -> dict:
    return {
        "id": name,
        "given_name": name.title(),
        "family_name": "Test",
        "date_of_birth": "1960-01-01",
        "pcn": pcn,
    }


def seen(
    cid: str, client: str, starts_at: str, kind: str = "face_to_face", outcome: str = "attended"
) -> dict:
    return {
        "id": cid,
        "client_id": client,
        "starts_at": starts_at,
        "type": kind,
        "outcome": outcome,
    }


def given(aid: str, client: str, point: str, day: str, instrument: str = "phq9") -> dict:
    return {
        "id": aid,
        "client_id": client,
        "instrument": instrument,
        "time_point": point,
        "administered_on": day,
        "items": [1] * 9,
    }


def put(store, **collections: list[dict]) -> None:
    with store.atomic():
        for name, found in collections.items():
            records.insert_many(store, name, found)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "r.db", create=True)
    put(
        s,
        clients=[
            person("ann", "North"),
            person("ben", "North"),
            person("cat", "South"),
            person("dev", "South"),
            person("eve", None),
            person("fay", "South"),
        ],
    )
    yield s
    s.close()


@pytest.fixture
def contacts(store):
    put(
        store,
        contacts=[
            # ann: first attended in September, so not a first contact in October.
            seen("a1", "ann", "2026-09-15T10:00:00+01:00"),
            seen("a2", "ann", "2026-10-05T10:00:00+01:00", "home_visit"),
            # ben: first attended on the 31st as written (late evening), and one missed.
            seen("b1", "ben", "2026-10-31T23:30:00+00:00", "telephone"),
            seen("b2", "ben", "2026-10-10T10:00:00+01:00", outcome="dna"),
            # cat: missed in October; attended on 1 November as written (31 October in UTC).
            seen("c1", "cat", "2026-10-03T10:00:00+01:00", outcome="dna"),
            seen("c2", "cat", "2026-11-01T00:30:00+01:00"),
            # dev: attended exactly 59 days before month end; eve: 60 days before.
            seen("d1", "dev", "2026-09-02T09:00:00+01:00"),
            seen("e1", "eve", "2026-09-01T09:00:00+01:00"),
            seen("e2", "eve", "2026-10-12T09:00:00+01:00", outcome="cancelled_by_client"),
            # fay: a contact with no start is ignored, so her first is in October.
            seen("f1", "fay", ""),
            seen("f2", "fay", "2026-10-20T14:00:00+01:00", "group"),
        ],
    )


def test_first_contacts_are_clients_whose_first_attended_day_ever_is_in_the_month(store, contacts):
    facts = contact_facts(store, OCTOBER)
    assert facts.first_attended == {"ben": "2026-10-31", "fay": "2026-10-20"}


def test_contacts_in_the_month_by_type_and_missed(store, contacts):
    facts = contact_facts(store, OCTOBER)
    # Attended in October: ann's home visit, ben's call, fay's group (cat's is 1 November).
    assert dict(facts.attended_in_month) == {"home_visit": 1, "telephone": 1, "group": 1}
    assert facts.dna_in_month == 2  # ben and cat; eve's cancellation is neither


def test_recently_attended_covers_the_60_days_ending_at_month_end(store, contacts):
    facts = contact_facts(store, OCTOBER)
    assert facts.recently_attended == {"ann", "ben", "dev", "fay"}


def test_contact_facts_for_one_pcn(store, contacts):
    facts = contact_facts(store, OCTOBER, "North")
    assert facts.first_attended == {"ben": "2026-10-31"}
    assert dict(facts.attended_in_month) == {"home_visit": 1, "telephone": 1}
    assert facts.dna_in_month == 1
    assert facts.recently_attended == {"ann", "ben"}


def test_a_month_with_no_contacts(store):
    facts = contact_facts(store, OCTOBER)
    assert (
        facts.first_attended,
        dict(facts.attended_in_month),
        facts.dna_in_month,
        facts.recently_attended,
    ) == ({}, {}, 0, set())


def test_assessments_read_are_baselines_to_month_end_and_follow_ups_in_the_window(store):
    # The outcomes window for October 2026 runs from 2025-11-01 to 2026-10-31.
    put(
        store,
        assessments=[
            given("base-old", "ann", "baseline", "2025-06-01"),
            given("mid-first-day", "ann", "mid", "2025-11-01"),
            given("end-last-day", "ann", "end", "2026-10-31"),
            given("mid-too-early", "ann", "mid", "2025-10-31"),
            given("fu-too-late", "ann", "fu_6m", "2026-11-01"),
            given("base-too-late", "ann", "baseline", "2026-11-02", "gad7"),
            given("review", "ann", "review", "2026-10-01"),
            given("base-south", "cat", "baseline", "2026-10-01"),
        ],
    )
    rows = outcome_assessments(store, year_ending(OCTOBER.end))
    read = {row[ASSESSMENT_FIELDS.index("id")] for row in rows}
    assert read == {"base-old", "mid-first-day", "end-last-day", "base-south"}
    north = outcome_assessments(store, year_ending(OCTOBER.end), "North")
    assert {row[ASSESSMENT_FIELDS.index("id")] for row in north} == {
        "base-old",
        "mid-first-day",
        "end-last-day",
    }


def test_assessment_rows_carry_the_answers_as_stored(store):
    put(store, assessments=[given("a", "ann", "baseline", "2026-10-01") | {"items": [2, None]}])
    (row,) = outcome_assessments(store, year_ending(OCTOBER.end))
    found = dict(zip(ASSESSMENT_FIELDS, row, strict=True))
    assert (found["client_id"], found["time_point"], found["items"]) == (
        "ann",
        "baseline",
        "[2, null]",
    )


def test_the_caseload_leaves_out_only_records_that_cannot_count_in_the_month(store):
    put(
        store,
        referrals=[
            {
                "id": "kept-accepted-earlier",
                "client_id": "ann",
                "received_on": "2026-05-01",
                "source": "gp",
                "outcome": "accepted",
            },
            {
                "id": "kept-declined-in-month",
                "client_id": "ben",
                "received_on": "2026-10-03",
                "source": "gp",
                "outcome": "declined",
            },
            {
                "id": "declined-earlier",
                "client_id": "cat",
                "received_on": "2026-05-01",
                "source": "gp",
                "outcome": "declined",
            },
            {
                "id": "accepted-later",
                "client_id": "dev",
                "received_on": "2026-11-02",
                "source": "gp",
                "outcome": "accepted",
            },
        ],
        discharges=[
            {
                "id": "d-in",
                "client_id": "ann",
                "discharged_on": "2026-10-31",
                "reason": "goals_met",
            },
            {
                "id": "d-later",
                "client_id": "ben",
                "discharged_on": "2026-11-01",
                "reason": "goals_met",
            },
        ],
        goals=[
            {
                "id": "g-oct",
                "client_id": "ann",
                "footstep": 3,
                "text": "Walk",
                "set_on": "2026-09-01",
                "reviews": [{"reviewed_on": "2026-10-02", "status": "achieved"}],
            },
            {
                "id": "g-sep",
                "client_id": "ann",
                "footstep": 3,
                "text": "Swim",
                "set_on": "2026-09-01",
                "reviews": [{"reviewed_on": "2026-09-02", "status": "achieved"}],
            },
        ],
        community_services=[{"id": "svc", "name": "Walk group", "category": "physical_activity"}],
        signposting=[
            {
                "id": "s-oct",
                "client_id": "ann",
                "service_id": "svc",
                "history": [{"status": "referred", "on": "2026-10-09"}],
            },
            {
                "id": "s-aug",
                "client_id": "ann",
                "service_id": "svc",
                "history": [{"status": "referred", "on": "2026-08-09"}],
            },
        ],
        mdt_meetings=[
            {"id": "m-oct", "held_on": "2026-10-14", "discussions": []},
            {"id": "m-sep", "held_on": "2026-09-30", "discussions": []},
        ],
    )
    caseload = return_caseload(store, OCTOBER)
    assert [(r["client_id"], r["received_on"], r["outcome"]) for r in caseload["referrals"]] == [
        ("ann", "2026-05-01", "accepted"),
        ("ben", "2026-10-03", "declined"),
    ]
    assert [d["discharged_on"] for d in caseload["discharges"]] == ["2026-10-31"]
    assert [g["id"] for g in caseload["goals"]] == ["g-oct"]
    assert caseload["goals"][0]["reviews"] == [{"reviewed_on": "2026-10-02", "status": "achieved"}]
    assert [s["id"] for s in caseload["signposting"]] == ["s-oct"]
    assert [m["id"] for m in caseload["mdt_meetings"]] == ["m-oct"]
    assert len(caseload["clients"]) == 6
