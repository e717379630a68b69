"""Dose-reduction plans: agreed with the prescriber (who, when), steps typed or proposed and
edited, never applied by themselves; setbacks and pauses with reasons; progress against the
recorded regimen."""

from datetime import date
from decimal import Decimal

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.reduction_plan import propose_steps
from painclinic_desktop.services import medication, reduction_plans
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 22)
AYESHA = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "p.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], referrals=[referral("r", "ayesha")]))
    medication.add_item(
        s,
        AYESHA,
        {
            "drug": "morphine",
            "name": "Zomorph",
            "route": "oral",
            "dose": "50",
            "times_per_day": "2",
            "started_on": "2026-09-01",
            "source": "gp_record",
        },
        "Coach One",
        today=TODAY,
    )
    yield s
    s.close()


def _plan(store, **fields):
    steps = reduction_plans.propose(store, AYESHA, "25", "14", "2026-10-01", today=TODAY)
    plan = {"agreed_with": "Dr A Shah", "agreed_on": "2026-09-28", "steps": steps} | fields
    return reduction_plans.agree_plan(store, AYESHA, plan, "Coach One", today=TODAY)


def test_proposed_steps_take_the_percentage_of_the_start_each_interval_down_to_nothing():
    steps = propose_steps(Decimal("100.0"), "25", "14", date(2026, 10, 1))
    assert [(s["on"], s["ome_mg_per_day"]) for s in steps] == [
        ("2026-10-01", 75.0),
        ("2026-10-15", 50.0),
        ("2026-10-29", 25.0),
        ("2026-11-12", 0.0),
    ]
    assert "agree with the prescriber" in steps[0]["regimen"]


@pytest.mark.parametrize(
    ("percent", "interval", "words"),
    [
        ("0", "14", "above 0"),
        ("150", "14", "at most 100"),
        ("10", "3.5", "whole number"),
        ("ten", "14", "must be a number"),
    ],
)
def test_a_proposal_with_a_bad_percentage_or_interval_is_refused(percent, interval, words):
    with pytest.raises(InvalidInput, match=words):
        propose_steps(Decimal("100"), percent, interval, date(2026, 10, 1))


def test_a_plan_records_who_agreed_it_and_the_table_and_changes_no_medicine(store):
    before = medication.items(store, AYESHA)
    plan = _plan(store)
    assert (plan["agreed_with"], plan["agreed_on"], plan["recorded_by"]) == (
        "Dr A Shah",
        "2026-09-28",
        "Coach One",
    )
    assert plan["table_name"] == "PainClinic default UK OME table"
    assert medication.items(store, AYESHA) == before  # never applied by itself
    assert medication.regimen(store, AYESHA, TODAY).ome.total == Decimal("100.0")


def test_progress_shows_the_step_due_against_the_recorded_ome(store):
    _plan(store)
    found = reduction_plans.progress(store, AYESHA, TODAY)
    at = found.position
    assert at.step_number == 4 and at.planned_ome == 0.0
    assert at.recorded_ome == Decimal("100.0")
    assert found.recorded == [("2026-09-28", Decimal("100.0"))]
    item = medication.items(store, AYESHA)[0]
    medication.change_dose(
        store,
        item["id"],
        {"dose": "40", "times_per_day": "2"},
        "Coach One",
        on="2026-10-02",
        today=TODAY,
    )
    found = reduction_plans.progress(store, AYESHA, TODAY)
    assert found.recorded == [("2026-09-28", Decimal("100.0")), ("2026-10-02", Decimal("80.0"))]


def test_setbacks_and_pauses_are_kept_with_their_reasons_and_hold_the_plan(store):
    plan = _plan(store)
    reduction_plans.record_event(
        store,
        plan["id"],
        "setback",
        "Flare after a fall",
        "Coach One",
        on="2026-10-20",
        today=TODAY,
    )
    assert reduction_plans.progress(store, AYESHA, TODAY).position.paused
    reduction_plans.record_event(
        store, plan["id"], "resume", "Pain settled", "Coach One", on="2026-11-03", today=TODAY
    )
    found = reduction_plans.progress(store, AYESHA, TODAY)
    assert not found.position.paused
    assert [e["kind"] for e in found.plan["events"]] == ["setback", "resume"]
    with pytest.raises(InvalidInput, match="Say what happened"):
        reduction_plans.record_event(store, plan["id"], "pause", " ", "Coach One", today=TODAY)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"agreed_with": " "}, "Name the prescriber"),
        ({"agreed_on": "2026-12-01"}, "in the future"),
        ({"steps": []}, "at least one step"),
        ({"steps": [{"on": "2026-10-01", "regimen": ""}]}, "write the regimen"),
        ({"agreed_on": "2026-10-05"}, "before the plan was agreed"),
    ],
)
def test_a_plan_without_its_prescriber_date_or_steps_is_refused(store, fields, words):
    with pytest.raises(InvalidInput) as refused:
        _plan(store, **fields)
    assert any(words in w for _, w in refused.value.problems)
    assert reduction_plans.plans(store, AYESHA) == []


def test_a_new_plan_ends_the_running_one_and_plans_travel_in_the_bundle(store, tmp_path):
    first = _plan(store)
    second = _plan(
        store,
        agreed_on="2026-11-01",
        steps=[{"on": "2026-11-10", "regimen": "Zomorph 40 mg twice a day", "ome_mg_per_day": 80}],
    )
    every = {p["id"]: p for p in reduction_plans.plans(store, AYESHA)}
    assert every[first["id"]]["ended_on"] == "2026-11-01"
    assert reduction_plans.progress(store, AYESHA, TODAY).plan["id"] == second["id"]
    doc = export_bundle(store)
    assert {p["id"] for p in doc["medication_plans"]} == {first["id"], second["id"]}
    other = open_store(tmp_path / "o.db", create=True)
    try:
        import_bundle(other, doc)
        assert len(reduction_plans.plans(other, AYESHA)) == 2
    finally:
        other.close()
