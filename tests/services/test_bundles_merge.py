"""Moving records between laptops by bundle never drops an edit nor doubles a derived record."""

from __future__ import annotations

import copy

import pytest

from painclinic_desktop.services import session
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.services.sync import open_conflicts
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from tests.factories import assessment, bundle, client, uid


@pytest.fixture
def laptops(tmp_path):
    session.sign_in_as("Coach One")
    made = [open_store(tmp_path / f"{n}.db", create=True) for n in ("a", "b")]
    yield made
    for s in made:
        s.close()


def _plan(**fields):
    return {"id": uid("plan"), "client_id": uid("ayesha"), "what_matters": "Family",
            "best_hopes": "Sleep", "focus_footsteps": [1],
            "updated_at": "2026-10-01T10:00:00+01:00", **fields}  # fmt: skip


def test_two_coaches_edits_of_one_plan_are_both_kept(laptops):
    a, b = laptops
    start = bundle(clients=[client("ayesha")], plans=[_plan()])
    import_bundle(a, copy.deepcopy(start))
    import_bundle(b, copy.deepcopy(start))
    # Coach A changes best hopes; later, coach B changes what matters on the other copy.
    plan_a = records.get(a, "plans", uid("plan"))
    records_a = {**plan_a, "best_hopes": "Back to the allotment",
                 "updated_at": "2026-10-05T10:00:00+01:00"}  # fmt: skip
    with a.atomic():
        records.replace(a, "plans", records_a)
    plan_b = records.get(b, "plans", uid("plan"))
    with b.atomic():
        records.replace(b, "plans", {**plan_b, "what_matters": "My grandchildren",
                                     "updated_at": "2026-10-06T10:00:00+01:00"})  # fmt: skip
    summary = import_bundle(a, export_bundle(b))
    assert summary.clashes["plans"] == 2 and "both values are kept" in summary.line()
    kept = {(c["field"], c["live_value"], c["other_value"]) for c in open_conflicts(a)}
    # B's copy is the later one, so its values are live; A's edit is kept, not dropped.
    assert ("best_hopes", "Sleep", "Back to the allotment") in kept
    assert records.get(a, "plans", uid("plan"))["what_matters"] == "My grandchildren"
    again = import_bundle(a, export_bundle(b))  # the same bundle again: nothing new
    assert len(open_conflicts(a)) == 2 and again.clashes["plans"] == 0


def test_a_field_only_one_copy_fills_is_filled_without_a_clash(laptops):
    a, b = laptops
    import_bundle(a, bundle(clients=[client("ayesha")], plans=[_plan(best_hopes=None)]))
    newer = _plan(what_matters=None, best_hopes="Walk again",
                  updated_at="2026-10-09T10:00:00+01:00")  # fmt: skip
    import_bundle(a, bundle(clients=[client("ayesha")], plans=[newer]))
    got = records.get(a, "plans", uid("plan"))
    assert (got["what_matters"], got["best_hopes"]) == ("Family", "Walk again")
    assert open_conflicts(a) == []


def test_each_laptop_raises_the_same_risk_flag_for_the_same_answer(laptops):
    a, b = laptops
    answers = [assessment(f"phq-{n}", items=[1, 1, 1, 1, 1, 1, 1, 1, 2]) for n in range(3)]
    for n, item in enumerate(answers):
        item["administered_on"] = f"2026-10-0{n + 1}"
    doc = bundle(clients=[client("ayesha")], assessments=answers)
    import_bundle(a, copy.deepcopy(doc))
    import_bundle(b, copy.deepcopy(doc))
    flags_a = {r["id"] for r in records.select(a, "flags")}
    flags_b = {r["id"] for r in records.select(b, "flags")}
    assert flags_a and flags_a == flags_b
    import_bundle(a, export_bundle(b))
    assert {r["id"] for r in records.select(a, "flags")} == flags_a
