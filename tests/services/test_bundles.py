"""Bundle import/export: all-or-nothing, every problem listed, idempotent, round trip."""

import copy
import json

import pytest

from painclinic_desktop.core.errors import InvalidBundle, UnsupportedBundleVersion
from painclinic_desktop.services import session
from painclinic_desktop.services.bundles import (
    export_bundle,
    import_bundle,
    read_bundle_file,
    write_bundle_file,
)
from painclinic_desktop.store import audit, bundle_load, records
from painclinic_desktop.store.database import open_store
from tests.factories import assessment, bundle, client, contact, discharge, referral, uid


@pytest.fixture(params=["row by row", "bulk"])
def store(tmp_path, request, monkeypatch):
    """Every test runs twice: as small bundles import, and through the bulk path that large
    ones take (indexes set aside and rebuilt), which must behave identically."""
    if request.param == "bulk":
        monkeypatch.setattr(bundle_load, "BULK_ROWS", 1)
    s = open_store(tmp_path / "caseload.db", create=True)
    yield s
    s.close()


def _full_bundle():
    return bundle(
        clients=[
            client("ayesha"),
            client(
                "łukasz",
                nhs_number="9876543210",
                given_name="Łukasz",
                family_name="Wójcik",
                ethnicity="C",
                first_language="Polish",
            ),
        ],
        community_services=[
            {
                "id": uid("choir"),
                "name": "Girlington Community Choir",
                "category": "music_choir",
                "languages": ["English", "Urdu"],
            }
        ],
        referrals=[referral("r1"), referral("r2", "łukasz", source="self")],
        mdt_meetings=[
            {
                "id": uid("mdt1"),
                "held_on": "2026-10-05",
                "attendees": ["Dr Patel"],
                "discussions": [
                    {
                        "id": uid("d1"),
                        "client_id": uid("ayesha"),
                        "decision": "move_to_tier_3",
                        "note": "CBT agreed",
                        "actions": [
                            {"text": "Refer to CBT", "owner": "Dr Patel", "due_on": "2026-10-19"}
                        ],
                    }
                ],
            }
        ],
        tier_changes=[
            {"id": uid("t1"), "client_id": uid("ayesha"), "tier": 1, "changed_on": "2026-09-10"},
            {
                "id": uid("t3"),
                "client_id": uid("ayesha"),
                "tier": 3,
                "changed_on": "2026-10-05",
                "mdt_discussion_id": uid("d1"),
            },
        ],
        discharges=[discharge("dis", "łukasz", discharged_on="2026-10-30")],
        flags=[
            {
                "id": uid("f1"),
                "client_id": uid("ayesha"),
                "kind": "interpreter_needed",
                "raised_on": "2026-09-10",
                "raised_by": "Admin",
            }
        ],
        contacts=[contact("c1"), contact("c2", outcome="dna", note=None)],
        assessments=[
            assessment("a1"),
            assessment("a2", instrument="sts", items=[11], protocol="30s"),
        ],
        plans=[
            {
                "id": uid("p1"),
                "client_id": uid("ayesha"),
                "what_matters": "Cooking for family",
                "focus_footsteps": [3, 1],
                "setback_plan": {"warning_signs": "Not sleeping"},
            }
        ],
        goals=[
            {
                "id": uid("g1"),
                "client_id": uid("ayesha"),
                "footstep": 3,
                "text": "Stand and cook for 10 minutes",
                "set_on": "2026-09-20",
                "confidence": 6,
                "reviews": [{"reviewed_on": "2026-10-01", "status": "in_progress"}],
            }
        ],
        igro_stars=[
            {
                "id": uid("s1"),
                "client_id": uid("ayesha"),
                "arms": ["cook", "walk to mosque", "sleep", "grandchildren", "calm"],
                "ratings": [
                    {"rated_on": "2026-09-20", "label": "start", "scores": [2, 3, 4, 5, 6]}
                ],
            }
        ],
        signposting=[
            {
                "id": uid("sp1"),
                "client_id": uid("ayesha"),
                "service_id": uid("choir"),
                "history": [{"status": "suggested", "on": "2026-09-20"}],
            }
        ],
        module_sessions=[
            {
                "id": uid("m1"),
                "module": "understanding_pain",
                "held_on": "2026-09-25",
                "venue": "Faith centre",
                "attendees": [uid("ayesha"), uid("łukasz")],
            }
        ],
    )


def _counts(store):
    return {
        c: store.conn.execute(f"SELECT count(*) FROM {c}").fetchone()[0]
        for c in ("clients", "referrals", "contacts", "assessments", "mdt_meetings")
    }


def test_round_trip_gives_back_the_same_records(store, tmp_path):
    doc = _full_bundle()
    summary = import_bundle(store, doc)
    assert summary.added["clients"] == 2 and summary.added["contacts"] == 2

    exported = export_bundle(store)
    path = tmp_path / "out.json"
    write_bundle_file(exported, path)
    other = open_store(tmp_path / "other.db", create=True)
    import_bundle(other, read_bundle_file(path))
    again = export_bundle(other)
    other.close()

    for collection in ("clients", "contacts", "goals", "mdt_meetings", "plans", "igro_stars"):
        assert again[collection] == exported[collection]
    polish = next(c for c in again["clients"] if c["given_name"] == "Łukasz")
    assert polish["family_name"] == "Wójcik"
    # what went in comes out: the nested review history and the star ratings survive whole
    assert again["goals"][0]["reviews"] == doc["goals"][0]["reviews"]
    assert again["igro_stars"][0]["ratings"][0]["scores"] == [2, 3, 4, 5, 6]
    assert again["contacts"][0]["carer_present"] is False


def test_reimporting_the_same_bundle_changes_nothing(store):
    import_bundle(store, _full_bundle())
    before = export_bundle(store)
    summary = import_bundle(store, _full_bundle())
    assert sum(summary.added.values()) == 0
    assert sum(summary.updated.values()) == 0
    after = export_bundle(store)
    for collection in before:
        if collection != "exported_at":
            assert after[collection] == before[collection]


def test_later_updated_at_wins_and_older_is_kept_out(store):
    import_bundle(store, _full_bundle())
    newer = _full_bundle()
    newer["clients"][0]["first_language"] = "Punjabi"
    newer["clients"][0]["updated_at"] = "2026-10-20T10:00:00+01:00"
    assert import_bundle(store, newer).updated["clients"] == 1
    older = _full_bundle()
    older["clients"][0]["first_language"] = "Pashto"
    older["clients"][0]["updated_at"] = "2026-01-01T10:00:00+00:00"
    assert import_bundle(store, older).kept_newer["clients"] == 1
    assert records.get(store, "clients", uid("ayesha"))["first_language"] == "Punjabi"


def _rejected(store, doc):
    before = _counts(store)
    with pytest.raises(InvalidBundle) as caught:
        import_bundle(store, doc)
    assert _counts(store) == before, "a rejected bundle must change nothing"
    return [(p.collection, p.record, p.field) for p in caught.value.problems], caught.value


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["clients"][0].update(gender="F"), ("clients", uid("ayesha"), "gender")),
        (lambda d: d["clients"][0].pop("family_name"), ("clients", uid("ayesha"), "family_name")),
        (lambda d: d["contacts"][0].update(type="carrier_pigeon"), ("contacts", uid("c1"), "type")),
        (
            lambda d: d["referrals"][0].update(client_id=uid("nobody")),
            ("referrals", uid("r1"), "client_id"),
        ),
        (
            lambda d: d["tier_changes"][1].update(mdt_discussion_id=uid("nope")),
            ("tier_changes", uid("t3"), "mdt_discussion_id"),
        ),
        (
            lambda d: d["module_sessions"][0]["attendees"].append(uid("ghost")),
            ("module_sessions", uid("m1"), "attendees.2"),
        ),
        (
            lambda d: d["clients"][0].update(nhs_number="9434765918"),
            ("clients", uid("ayesha"), "nhs_number"),
        ),
        (
            lambda d: d["clients"][0].update(date_of_birth="1961-02-30"),
            ("clients", uid("ayesha"), "date_of_birth"),
        ),
        (
            lambda d: d["assessments"][0].update(items=[1, 1, 2, 1, 0, 1, 1, 0, 7]),
            ("assessments", uid("a1"), "items"),
        ),
        (
            lambda d: d["assessments"][0].update(items=[1, 1, 2]),
            ("assessments", uid("a1"), "items"),
        ),
        (
            lambda d: d["contacts"][0].update(starts_at="2026-09-20T10:30:00"),
            ("contacts", uid("c1"), "starts_at"),
        ),
        (lambda d: d["contacts"][0].update(colour="blue"), ("contacts", uid("c1"), "colour")),
        (lambda d: d.update(surprise=[]), ("bundle", "-", "surprise")),
        (lambda d: d.update(version=0), ("bundle", "-", "version")),
        (lambda d: d.update(format="something-else"), ("bundle", "-", "format")),
        (
            lambda d: d["contacts"].append(copy.deepcopy(d["contacts"][0])),
            ("contacts", uid("c1"), "id"),
        ),
    ],
)
def test_each_kind_of_invalid_record_is_rejected_and_named(store, mutate, expected):
    doc = _full_bundle()
    mutate(doc)
    problems, _ = _rejected(store, doc)
    assert expected in problems


def test_every_problem_is_listed_not_just_the_first(store):
    doc = _full_bundle()
    doc["clients"][0]["gender"] = "F"
    doc["clients"][1]["ethnicity"] = "Q"
    doc["contacts"][1]["outcome"] = "late"
    doc["assessments"][0]["items"] = [9] * 9
    problems, error = _rejected(store, doc)
    assert ("clients", uid("ayesha"), "gender") in problems
    assert ("clients", uid("łukasz"), "ethnicity") in problems
    assert ("contacts", uid("c2"), "outcome") in problems
    assert ("assessments", uid("a1"), "items") in problems
    reasons = " ".join(p.reason for p in error.problems)
    assert "'F' is not an allowed code" in reasons.replace('"', "'")


def test_a_bad_record_in_a_second_bundle_leaves_the_first_import_intact(store):
    import_bundle(store, _full_bundle())
    second = bundle(
        clients=[client("zainab", nhs_number=None, given_name="Zainab")],
        contacts=[contact("c9", "zainab", outcome="maybe")],
    )
    _rejected(store, second)
    assert records.get(store, "clients", uid("zainab")) is None
    assert _counts(store)["clients"] == 2


def test_references_may_point_at_records_already_in_the_database(store):
    import_bundle(store, _full_bundle())
    later = bundle(contacts=[contact("c3", "ayesha", starts_at="2026-11-01T09:00:00+00:00")])
    assert import_bundle(store, later).added["contacts"] == 1


def test_two_clients_with_one_nhs_number_are_refused(store):
    import_bundle(store, _full_bundle())
    twin = bundle(clients=[client("someone-else", given_name="Other")])  # same NHS number
    problems, _ = _rejected(store, twin)
    assert ("clients", uid("someone-else"), "nhs_number") in problems


def test_a_bundle_from_a_newer_version_is_refused_plainly(store):
    doc = _full_bundle()
    doc["version"] = 2
    with pytest.raises(UnsupportedBundleVersion, match="newer version"):
        import_bundle(store, doc)
    assert _counts(store)["clients"] == 0


def test_a_file_that_is_not_json_is_reported_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "painclinic-bundle",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(InvalidBundle) as caught:
        read_bundle_file(path)
    assert "line 2" in caught.value.problems[0].reason


def test_exported_file_is_valid_json_and_marked_demo_for_demo_caseloads(store, tmp_path):
    doc = _full_bundle()
    doc["demo"] = True
    import_bundle(store, doc)
    path = tmp_path / "demo.json"
    write_bundle_file(export_bundle(store), path)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded["demo"] is True and loaded["format"] == "painclinic-bundle"
    assert not list(tmp_path.glob(".demo.json.*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("field", "value"), [("version", True), ("exported_at", "yesterday"), ("demo", "no")]
)
def test_the_envelope_is_checked_too(store, field, value):
    doc = _full_bundle()
    doc[field] = value
    problems, _ = _rejected(store, doc)
    assert ("bundle", "-", field) in problems


def test_one_pass_lists_problems_of_every_kind(store):
    doc = _full_bundle()
    doc["surprise"] = []
    doc["referrals"][0].update(outcome="bogus", received_on="2026-02-30", client_id=uid("nobody"))
    doc["contacts"].append(copy.deepcopy(doc["contacts"][0]))
    problems, _ = _rejected(store, doc)
    assert ("bundle", "-", "surprise") in problems
    assert ("referrals", uid("r1"), "outcome") in problems
    assert ("referrals", uid("r1"), "received_on") in problems
    assert ("contacts", uid("c1"), "id") in problems  # a cross-record check still ran


def test_dates_inside_mdt_actions_and_goal_links_are_checked(store):
    doc = _full_bundle()
    doc["mdt_meetings"][0]["discussions"][0]["actions"][0]["due_on"] = "2026-02-30"
    doc["goals"][0]["replaces"] = uid("a goal that never was")
    problems, _ = _rejected(store, doc)
    assert ("mdt_meetings", uid("mdt1"), "discussions.0.actions.0.due_on") in problems
    assert ("goals", uid("g1"), "replaces") in problems


def test_an_imported_phq9_with_question_9_above_0_raises_a_risk_flag_once(store):
    doc = _full_bundle()
    doc["assessments"][0]["items"] = [1, 1, 1, 1, 1, 1, 1, 1, 2]  # Ayesha, 2026-09-20
    summary = import_bundle(store, doc)
    flags = list(
        records.select(store, "flags", "client_id = ? AND kind = 'risk'", (uid("ayesha"),))
    )
    assert summary.risk_flags_raised == 1 and "RISK" in summary.line()
    assert [(f["raised_on"], f["cleared_on"]) for f in flags] == [("2026-09-20", None)]
    assert import_bundle(store, doc).risk_flags_raised == 0  # re-import: already covered


def test_a_risk_flag_already_covering_the_day_is_enough(store):
    doc = _full_bundle()
    doc["assessments"][0]["items"] = [1, 1, 1, 1, 1, 1, 1, 1, 1]
    doc["flags"].append(
        {
            "id": uid("risk"),
            "client_id": uid("ayesha"),
            "kind": "risk",
            "raised_on": "2026-09-01",
            "raised_by": "Coach One",
        }
    )
    assert import_bundle(store, doc).risk_flags_raised == 0


def test_clients_with_test_range_nhs_numbers_are_marked_in_exports(store):
    doc = _full_bundle()
    doc["clients"].append(client("real", nhs_number="4010232137", given_name="Real"))
    import_bundle(store, doc)
    exported = {c["id"]: c for c in export_bundle(store)["clients"]}
    assert exported[uid("ayesha")]["test_record"] is True  # 943 476 5919
    assert "test_record" not in exported[uid("real")]  # 401 023 2137 is a real-range number


def test_a_newer_goal_from_another_laptop_keeps_the_reviews_recorded_here(store):
    import_bundle(store, _full_bundle())
    here = records.get(store, "goals", uid("g1"))
    here["reviews"].append({"reviewed_on": "2026-10-20", "status": "achieved", "note": "here"})
    with store.atomic():
        records.replace(store, "goals", records.complete(store, "goals", here))
    elsewhere = _full_bundle()
    elsewhere["goals"][0]["reviews"].append(
        {"reviewed_on": "2026-10-10", "status": "partly_achieved", "note": "there"}
    )
    elsewhere["goals"][0]["updated_at"] = "2026-10-25T10:00:00+01:00"
    assert import_bundle(store, elsewhere).updated["goals"] == 1
    reviews = records.get(store, "goals", uid("g1"))["reviews"]
    assert [r["reviewed_on"] for r in reviews] == ["2026-10-01", "2026-10-10", "2026-10-20"]


def test_an_import_leaves_one_audit_row_saying_who_and_how_many(store):
    import_bundle(store, _full_bundle())
    import_bundle(store, _full_bundle())
    rows = audit.search(store, action="import")
    assert [r["actor"] for r in rows] == [session.current_staff()] * 2
    assert "clients added: 2" in rows[1]["detail"]  # the first import, oldest last
    assert "0 added" in rows[0]["detail"] and "unchanged" in rows[0]["detail"]
    assert audit.verify(store) == []


def test_a_large_merge_sorts_every_record_into_unchanged_updated_or_kept(store):
    people = [client(f"p{i}", nhs_number=None) for i in range(1200)]
    import_bundle(store, bundle(clients=people))
    again = copy.deepcopy(people)
    for person in again[:700]:  # newer here than there: the bundle's copy wins
        person.update(pcn="Keighley", updated_at="2026-10-20T10:00:00+01:00")
    for person in again[700:1000]:  # older than what is stored: kept as stored
        person.update(pcn="Airedale", updated_at="2026-01-01T10:00:00+00:00")
    summary = import_bundle(store, bundle(clients=again))
    assert (
        summary.updated["clients"],
        summary.kept_newer["clients"],
        summary.unchanged["clients"],
    ) == (700, 300, 200)
    pcns = {r["id"]: r["pcn"] for r in records.select(store, "clients")}
    assert pcns[uid("p0")] == pcns[uid("p699")] == "Keighley"
    assert pcns[uid("p700")] == pcns[uid("p1199")] == "Bradford City"


def test_each_note_replaced_by_one_import_is_kept_as_an_earlier_version(store):
    import_bundle(store, _full_bundle())  # c1 says "Talked about pacing."; c2 has no note
    newer = _full_bundle()
    for record in newer["contacts"]:
        record.update(note="Rewritten elsewhere", updated_at="2026-10-20T10:00:00+01:00")
    assert import_bundle(store, newer).updated["contacts"] == 2
    kept = {(v["contact_id"], v["note"]) for v in records.select(store, "contact_note_versions")}
    assert kept == {(uid("c1"), "Talked about pacing."), (uid("c2"), None)}
    assert {c["note"] for c in records.select(store, "contacts")} == {"Rewritten elsewhere"}
