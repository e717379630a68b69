"""Staff training: trainees by anonymous code, courses with optional sessions, attendance,
completion and the confidence questionnaire, through the bundle and the permission matrix."""

import pytest

from painclinic_desktop.core import training as rules
from painclinic_desktop.core.errors import InvalidBundle, InvalidInput
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import session, training
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.store.database import open_store

AUTHOR = "Trainer One"


@pytest.fixture
def store(tmp_path):
    session.sign_out()
    store = open_store(tmp_path / "training.db", create=True)
    yield store
    store.close()
    session.sign_out()


@pytest.fixture
def course(store):
    return training.add_course(
        store,
        {
            "title": "10 Footsteps for social prescribers",
            "starts_on": "03/11/2026",
            "ends_on": "2026-11-10",
            "venue": "Manningham Community Centre",
            "trainer": "Dr A Trainer",
            "sessions": [
                {"title": "Footsteps 1-5", "held_on": "2026-11-03"},
                {"title": "Footsteps 6-10", "held_on": "2026-11-10"},
                {"title": "Drop-in practice", "held_on": "2026-11-12", "optional": True},
            ],
        },
        AUTHOR,
    )


def _answers(value=3):
    return {code: value for code in rules.questionnaire().codes()}


def test_the_shipped_questionnaire_has_14_statements_mapped_as_the_evaluation_asks():
    form = rules.questionnaire()
    per_footstep = {n: len(codes) for n, codes in form.by_footstep().items()}
    assert len(form.statements) == 14
    assert per_footstep == {1: 1, 2: 1, 3: 2, 4: 1, 5: 1, 6: 3, 7: 1, 8: 2, 9: 1, 10: 1}
    assert form.labels[0] == "least confident" and form.labels[-1] == "most confident"
    assert (form.scale_min, form.scale_max) == (1, 5)
    six = [s.text for s in form.statements if s.footstep == 6]
    assert any("stress or anxiety" in t for t in six)
    assert any("low mood" in t for t in six)
    assert any("anger or frustration" in t for t in six)
    assert "self-management resources" in form.baseline_text


def test_a_partner_trainee_is_known_only_by_code(store):
    with pytest.raises(InvalidInput, match="only by their anonymous code"):
        training.add_trainee(store, {"code": "ab12", "kind": "partner", "name": "Jo"}, AUTHOR)
    saved = training.add_trainee(
        store,
        {"code": " ab 12", "kind": "partner", "profession": "Link worker", "experience": "new"},
        AUTHOR,
    )
    assert saved["code"] == "AB12" and saved["name"] is None
    with pytest.raises(InvalidInput, match="already used"):
        training.add_trainee(store, {"code": "AB12", "kind": "service_staff"}, AUTHOR)
    with pytest.raises(InvalidInput, match="experience band"):
        training.add_trainee(store, {"code": "ZZ1", "experience": "veteran"}, AUTHOR)


def test_completion_needs_every_session_that_is_not_optional(store, course):
    person = training.add_trainee(store, {"code": "RP7", "name": "Rosa Patel"}, AUTHOR)
    enrolment = training.enrol(store, course["id"], person["id"], AUTHOR)
    first, second, optional = (s["id"] for s in course["sessions"])
    training.set_attendance(store, enrolment["id"], [first, optional], AUTHOR)
    with pytest.raises(InvalidInput, match="Footsteps 6-10"):
        training.mark_completed(store, enrolment["id"], "2026-11-10", AUTHOR)
    training.set_attendance(store, enrolment["id"], [second, first], AUTHOR)
    done = training.mark_completed(store, enrolment["id"], "10/11/2026", AUTHOR)
    assert done["completed_on"] == "2026-11-10"
    assert done["attended_sessions"] == [first, second]  # in the course's order
    with pytest.raises(InvalidInput, match="marked completed"):
        training.set_attendance(store, enrolment["id"], [first], AUTHOR)
    training.mark_completed(store, enrolment["id"], None, AUTHOR)  # taken back
    assert training.set_attendance(store, enrolment["id"], [first], AUTHOR)["completed_on"] is None
    with pytest.raises(InvalidInput, match="attended"):
        training.change_course(store, course["id"], {"sessions": course["sessions"][1:]}, AUTHOR)


def test_a_questionnaire_is_checked_and_a_second_copy_corrects_the_first(store, course):
    values = {
        "course_id": course["id"],
        "code": "rp7",
        "time_point": "baseline",
        "answered_on": "2026-11-03",
        "answers": {**_answers(2), "s06b": None},
        "prior_resources": False,
    }
    first = training.record_response(store, values, AUTHOR)
    assert first["answers"]["s06b"] is None and first["prior_resources"] is False
    again = training.record_response(store, {**values, "answers": _answers(4)}, AUTHOR)
    assert again["id"] == first["id"]
    assert len(training.responses(store, [course["id"]])) == 1
    with pytest.raises(InvalidInput, match="Statement 3"):
        training.record_response(store, {**values, "answers": {"s03a": 6}}, AUTHOR)
    with pytest.raises(InvalidInput, match="No statement"):
        training.record_response(store, {**values, "answers": {}}, AUTHOR)
    followup = {**values, "time_point": "follow_up_3m", "answered_on": "2026-12-01"}
    with pytest.raises(InvalidInput, match="future"):
        training.record_response(store, {**followup, "answered_on": "2099-01-01"}, AUTHOR)
    saved = training.record_response(store, followup, AUTHOR)
    assert saved["prior_resources"] is None  # the question is asked at baseline only


def test_training_records_travel_in_the_bundle_and_an_empty_export_leaves_them_out(
    store, course, tmp_path
):
    assert "trainees" not in export_bundle(open_store(tmp_path / "empty.db", create=True))
    person = training.add_trainee(store, {"code": "Q1", "kind": "partner"}, AUTHOR)
    training.enrol(store, course["id"], person["id"], AUTHOR)
    training.record_response(
        store,
        {
            "course_id": course["id"],
            "code": "Q1",
            "time_point": "baseline",
            "answered_on": "2026-11-03",
            "answers": _answers(3),
            "prior_resources": True,
        },
        AUTHOR,
    )
    doc = export_bundle(store)
    assert [len(doc[c]) for c in ("trainees", "training_courses", "training_enrolments")] == [
        1,
        1,
        1,
    ]
    other = open_store(tmp_path / "other.db", create=True)
    summary = import_bundle(other, doc)
    assert summary.added["training_responses"] == 1
    assert training.responses(other)[0]["answers"] == _answers(3)
    assert import_bundle(other, doc).added == import_bundle(other, doc).added  # idempotent
    broken = {
        **doc,
        "training_enrolments": [{**doc["training_enrolments"][0], "course_id": person["id"]}],
    }
    with pytest.raises(InvalidBundle) as refused:
        import_bundle(other, broken)
    assert [(p.collection, p.field) for p in refused.value.problems] == [
        ("training_enrolments", "course_id")
    ]
    other.close()


def test_only_roles_that_run_training_may_change_it(store):
    session.sign_in_as("Partner", "community_partner")
    with pytest.raises(PermissionDenied, match="run staff training"):
        training.add_trainee(store, {"code": "X1"}, "Partner")
    session.sign_in_as("Admin", "admin")
    assert training.add_trainee(store, {"code": "X1"}, "Admin")["code"] == "X1"
