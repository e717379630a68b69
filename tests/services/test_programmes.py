"""Programmes through the services: made of the group sessions already held, attendance read
from their registers (never typed twice), enrolment, completion against the rule (below it
only with a reason), drop-out with its reason, and the records travelling in a bundle."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import groups, programmes
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, uid

DAY = date(2026, 11, 30)
CLIENTS = ("ayesha", "grace", "mo")


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "programmes.db", create=True)
    people = [client(name, nhs_number=None, family_name=name.title()) for name in CLIENTS]
    import_bundle(store, bundle(clients=people))
    yield store
    store.close()


def _sessions(store, count, start_day=2):
    return [
        groups.create_session(
            store,
            {
                "module": f"t2_{n:02d}",
                "held_on": f"2026-11-{start_day + 3 * (n - 1):02d}",
                "venue": "Girlington Centre",
                "facilitator": "Coach One",
            },
            "Coach One",
        )["id"]
        for n in range(1, count + 1)
    ]


def _programme(store, session_ids, planned=4, **values):
    return programmes.add_programme(
        store,
        {
            "name": "Girlington November",
            "planned_sessions": planned,
            "starts_on": "2026-11-02",
            "session_ids": session_ids,
            **values,
        },
        "Coach One",
    )


def _tick(store, session_ids, name):
    for sid in session_ids:
        groups.mark_attendance(store, sid, uid(name), True, "Coach One", DAY)


def test_a_programme_is_checked_and_its_rule_defaults_to_75_percent(store):
    sessions = _sessions(store, 4)
    for field, bad in (("name", " "), ("planned_sessions", "six"), ("planned_sessions", 0),
                       ("attendance_rule_percent", 120), ("starts_on", "2/11/2026")):  # fmt: skip
        with pytest.raises(InvalidInput) as raised:
            _programme(store, sessions, **{field: bad})
        assert raised.value.field == field
    with pytest.raises(InvalidInput, match="4 sessions are linked but the programme plans 3"):
        _programme(store, sessions, planned=3)
    with pytest.raises(InvalidInput, match="no longer in this database"):
        _programme(store, [uid("not a session")])
    saved = _programme(store, sessions)
    assert saved["attendance_rule_percent"] == 75 and saved["session_ids"] == sessions
    with pytest.raises(InvalidInput, match="already a programme called"):
        _programme(store, [], name="girlington november")
    changed = programmes.change_programme(store, saved["id"], {"planned_sessions": 6}, "Coach")
    assert changed["planned_sessions"] == 6 and changed["name"] == "Girlington November"
    assert [p["id"] for p in programmes.programmes(store)] == [saved["id"]]


def test_attendance_comes_from_the_registers_of_the_programmes_sessions(store):
    sessions = _sessions(store, 4)
    other = _sessions(store, 1, start_day=20)  # a session not in the programme
    saved = _programme(store, sessions[:3], planned=4)
    for name in CLIENTS:
        programmes.enrol(store, saved["id"], uid(name), "Coach One", on=date(2026, 11, 1))
    _tick(store, sessions[:3], "ayesha")
    _tick(store, sessions[:2] + other, "grace")
    lines = {line.name: line for line in programmes.enrolment_lines(store, saved["id"])}
    ayesha, grace, mo = lines["Ayesha Ayesha"], lines["Grace Grace"], lines["Mo Mo"]
    assert (ayesha.attendance.attended, ayesha.attendance.planned) == (3, 4)
    assert ayesha.attendance.meets_rule  # 3 of 4 planned = 75 %
    assert grace.attendance.attended == 2 and not grace.attendance.meets_rule
    assert mo.attendance.attended == 0 and not mo.attendance.started
    # The fourth session, linked later, counts as soon as it is linked.
    programmes.change_programme(store, saved["id"], {"session_ids": sessions}, "Coach One")
    _tick(store, sessions[3:], "grace")
    grace = next(
        line
        for line in programmes.enrolment_lines(store, saved["id"])
        if line.name == "Grace Grace"
    )
    assert grace.attendance.attended == 3 and grace.attendance.meets_rule


def test_enrolling_twice_keeps_one_enrolment(store):
    saved = _programme(store, [])
    first = programmes.enrol(store, saved["id"], uid("ayesha"), "Coach One")
    again = programmes.enrol(store, saved["id"], uid("ayesha"), "Coach One")
    assert first["id"] == again["id"]
    assert len(programmes.enrolment_lines(store, saved["id"])) == 1


def test_completing_below_the_rule_needs_the_coaches_reason(store):
    sessions = _sessions(store, 4)
    saved = _programme(store, sessions)
    enrolled = programmes.enrol(store, saved["id"], uid("grace"), "Coach One", date(2026, 11, 1))
    _tick(store, sessions[:2], "grace")
    with pytest.raises(InvalidInput, match="attended 2 of the 4 planned sessions") as raised:
        programmes.mark_completed(store, enrolled["id"], "Coach One", "2026-11-30")
    assert raised.value.field == "completion_note"
    done = programmes.mark_completed(
        store, enrolled["id"], "Coach One", "2026-11-30", "Caught up one to one"
    )
    assert (done["status"], done["ended_on"], done["completion_note"]) == (
        "completed",
        "2026-11-30",
        "Caught up one to one",
    )
    with pytest.raises(InvalidInput, match="before the client was enrolled"):
        programmes.mark_completed(store, enrolled["id"], "Coach One", "2026-10-01", "x")


def test_a_drop_out_needs_a_reason_and_can_be_undone(store):
    saved = _programme(store, [])
    enrolled = programmes.enrol(store, saved["id"], uid("mo"), "Coach One", date(2026, 11, 1))
    with pytest.raises(InvalidInput) as raised:
        programmes.record_dropout(store, enrolled["id"], "bored", "Coach One", "2026-11-10")
    assert raised.value.field == "dropout_reason"
    with pytest.raises(InvalidInput) as raised:
        programmes.record_dropout(store, enrolled["id"], "other", "Coach One", "2026-11-10")
    assert raised.value.field == "dropout_note"
    out = programmes.record_dropout(
        store, enrolled["id"], "work_or_caring", "Coach One", "2026-11-10", "New shifts"
    )
    assert (out["status"], out["dropout_reason"], out["dropout_note"]) == (
        "dropped_out",
        "work_or_caring",
        "New shifts",
    )
    back = programmes.reopen(store, enrolled["id"], "Coach One")
    assert (back["status"], back["ended_on"], back["dropout_reason"]) == ("enrolled", None, None)


def test_programmes_and_enrolments_travel_in_a_bundle(store, tmp_path):
    sessions = _sessions(store, 2)
    saved = _programme(store, sessions)
    enrolled = programmes.enrol(store, saved["id"], uid("mo"), "Coach One", date(2026, 11, 1))
    programmes.record_dropout(store, enrolled["id"], "moved_away", "Coach One", "2026-11-10")
    doc = export_bundle(store)
    assert [p["name"] for p in doc["programmes"]] == ["Girlington November"]
    assert doc["programme_enrolments"][0]["dropout_reason"] == "moved_away"
    other = open_store(tmp_path / "other.db", create=True)
    try:
        import_bundle(other, doc)
        assert programmes.programmes(other)[0]["session_ids"] == sessions
        (line,) = programmes.enrolment_lines(other, saved["id"])
        assert (line.status, line.enrolment["ended_on"]) == ("dropped_out", "2026-11-10")
        import_bundle(other, doc)  # again: nothing doubles
        assert len(programmes.enrolment_lines(other, saved["id"])) == 1
    finally:
        other.close()


def test_a_bundle_with_an_enrolment_on_an_unknown_programme_is_refused(store):
    from painclinic_desktop.core.errors import InvalidBundle

    doc = bundle(
        programme_enrolments=[
            {
                "id": uid("e1"),
                "programme_id": uid("no such programme"),
                "client_id": uid("ayesha"),
                "enrolled_on": "2026-11-01",
                "status": "enrolled",
            }
        ]
    )
    with pytest.raises(InvalidBundle) as raised:
        import_bundle(store, doc)
    assert [(p.collection, p.field) for p in raised.value.problems] == [
        ("programme_enrolments", "programme_id")
    ]
