"""Saving a completed assessment: answers not totals, who and when, the risk flag, all or none."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput, RecordNotFound
from painclinic_desktop.services import assessments as service
from painclinic_desktop.services import drafts
from painclinic_desktop.services.assessments import InstrumentAnswers, save_assessment
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 20)
CLIENT = uid("ayesha")
PHQ9_NO_RISK = [1, 1, 2, 1, 0, 1, 1, 0, 0]  # total 7, "mild"
PHQ9_RISK = [2, 2, 2, 1, 1, 1, 1, 0, 1]  # total 11, item 9 = 1


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "a.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], referrals=[referral("r1")]))
    yield s
    s.close()


def _save(store, *answers, time_point="baseline", on="2026-11-20", **kw):
    return save_assessment(
        store, CLIENT, time_point, on, list(answers), "Coach One", today=TODAY, **kw
    )


def _rows(store, table):
    return list(records.select(store, table))


def test_saved_assessments_hold_items_version_date_time_point_and_who(store):
    _save(
        store,
        InstrumentAnswers("phq9", PHQ9_NO_RISK),
        InstrumentAnswers("gad7", [1, 0, None, 2, 1, 0, 1]),
        time_point="fu_10w",
        on="2026-11-18",
    )
    saved = {r["instrument"]: r for r in _rows(store, "assessments")}
    assert set(saved) == {"phq9", "gad7"}
    phq9 = saved["phq9"]
    assert phq9["items"] == PHQ9_NO_RISK
    assert saved["gad7"]["items"] == [1, 0, None, 2, 1, 0, 1]  # the gap is kept, not filled
    assert phq9["instrument_version"] == "PHQ-9 v1"
    assert saved["gad7"]["instrument_version"] == "GAD-7 v1"
    assert (phq9["time_point"], phq9["administered_on"]) == ("fu_10w", "2026-11-18")
    assert phq9["recorded_by"] == "Coach One" and phq9["author"] == "Coach One"
    columns = set(store.columns("assessments"))
    assert not columns & {"total", "score", "scores", "band"}  # totals are never stored


def test_results_are_returned_for_the_summary(store):
    done = _save(store, InstrumentAnswers("phq9", PHQ9_NO_RISK))
    assert done.results["phq9"].scores["total"] == 7  # 1+1+2+1+0+1+1+0+0
    assert done.results["phq9"].bands["total"] == "mild"
    assert done.risk_found is False and done.risk_flag is None
    assert _rows(store, "flags") == []


def test_item9_above_zero_raises_a_risk_flag_with_who_and_when(store):
    done = _save(store, InstrumentAnswers("phq9", PHQ9_RISK), risk_acknowledged=True)
    (flag,) = _rows(store, "flags")
    assert done.risk_found and done.risk_flag["id"] == flag["id"]
    assert flag["client_id"] == CLIENT and flag["kind"] == "risk"
    assert flag["raised_by"] == "Coach One" and flag["raised_on"] == "2026-11-20"
    assert "question 9" in flag["note"] and flag["cleared_on"] is None
    row = next(r for r in load_caseload(store, TODAY) if r.client_id == CLIENT)
    assert "risk" in row.flags


def test_item9_flag_is_raised_even_when_no_total_can_be_computed(store):
    three_missing = [None, None, None, 1, 1, 1, 1, 0, 2]
    done = _save(store, InstrumentAnswers("phq9", three_missing), risk_acknowledged=True)
    assert done.results["phq9"].scores["total"] is None
    assert [f["kind"] for f in _rows(store, "flags")] == ["risk"]


def test_an_open_risk_flag_is_not_duplicated_but_a_cleared_one_is_raised_again(store):
    _save(store, InstrumentAnswers("phq9", PHQ9_RISK), risk_acknowledged=True)
    again = _save(
        store, InstrumentAnswers("phq9", PHQ9_RISK), time_point="mid", risk_acknowledged=True
    )
    assert again.risk_found and again.risk_flag is None
    (flag,) = _rows(store, "flags")
    with store.atomic():
        records.replace(
            store, "flags", {**flag, "cleared_on": "2026-11-20", "cleared_by": "Dr Lead"}
        )
    third = _save(
        store, InstrumentAnswers("phq9", PHQ9_RISK), time_point="end", risk_acknowledged=True
    )
    assert third.risk_flag is not None
    assert len(_rows(store, "flags")) == 2
    assert service.open_risk_flag(store, CLIENT)["id"] == third.risk_flag["id"]


def test_risk_not_acknowledged_saves_nothing(store):
    with pytest.raises(InvalidInput, match="safety prompt"):
        _save(store, InstrumentAnswers("phq9", PHQ9_RISK))
    assert _rows(store, "assessments") == [] and _rows(store, "flags") == []


def test_a_bad_answer_is_refused_naming_the_item_and_nothing_is_written(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 4}, "Coach One")
    with pytest.raises(InvalidInput, match="item 4"):
        _save(
            store,
            InstrumentAnswers("gad7", [0, 1, 1, 0, 1, 1, 1]),
            InstrumentAnswers("phq9", [1, 1, 1, 4, 1, 1, 1, 1, 0]),
        )
    assert _rows(store, "assessments") == []
    assert drafts.load_draft(store, CLIENT, drafts.ASSESSMENT) is not None  # work kept


@pytest.mark.parametrize(
    ("time_point", "on", "answers", "message"),
    [
        ("baseline", "2026-11-21", [InstrumentAnswers("phq9", PHQ9_NO_RISK)], "future"),
        ("week_3", "2026-11-20", [InstrumentAnswers("phq9", PHQ9_NO_RISK)], "time point"),
        ("baseline", "20/11/2026", [InstrumentAnswers("phq9", PHQ9_NO_RISK)], "not a date"),
        ("baseline", "2026-11-20", [], "no questionnaire"),
        ("baseline", "2026-11-20", [InstrumentAnswers("gad7", [None] * 7)], "no question"),
        ("baseline", "2026-11-20", [InstrumentAnswers("gad7", [0] * 7)] * 2, "twice"),
        ("baseline", "2026-11-20", [InstrumentAnswers("sts", [12], "45s")], "protocol"),
        ("baseline", "2026-11-20", [InstrumentAnswers("peg", [3, 3, 3], "30s")], "no protocol"),
    ],
)
def test_incomplete_or_wrong_headings_are_refused(store, time_point, on, answers, message):
    with pytest.raises(InvalidInput, match=message):
        _save(store, *answers, time_point=time_point, on=on)
    assert _rows(store, "assessments") == []


def test_unknown_client_is_refused(store):
    with pytest.raises(RecordNotFound):
        save_assessment(
            store,
            uid("nobody"),
            "baseline",
            "2026-11-20",
            [InstrumentAnswers("peg", [3, 3, 3])],
            "Coach One",
            today=TODAY,
        )


def test_sit_to_stand_keeps_its_protocol_defaulting_to_30_seconds(store):
    _save(store, InstrumentAnswers("sts", [11]))
    _save(store, InstrumentAnswers("sts", [19], "60s"), time_point="end")
    by_point = {r["time_point"]: r for r in _rows(store, "assessments")}
    assert by_point["baseline"]["protocol"] == "30s"
    assert by_point["end"]["protocol"] == "60s"
    assert by_point["end"]["items"] == [19]


def test_the_clients_words_reach_the_plan_beside_what_the_coach_wrote(store):
    import_bundle(
        store,
        bundle(
            plans=[
                {
                    "id": uid("plan"),
                    "client_id": CLIENT,
                    "what_matters": "Playing with my grandson",
                    "best_hopes": None,
                    "created_at": "2026-10-01T10:00:00+01:00",
                    "updated_at": "2026-10-01T10:00:00+01:00",
                }
            ]
        ),
    )
    words = {
        "what_matters": "Getting back to the allotment",
        "best_hopes": "Sleep through",
        "pain_where": "Lower back and left hip",
        "impact_sleep": "  Up three times  ",
    }
    done = _save(store, InstrumentAnswers("peg", [6, 5, 7]), narrative=words)
    (plan,) = _rows(store, "plans")
    # The coach's words (saved 01-Oct-2026) are kept below the newer answer (20-Nov-2026).
    assert plan["what_matters"] == (
        "Getting back to the allotment\n\nEarlier (01-Oct-2026): Playing with my grandson"
    )
    assert plan["best_hopes"] == "Sleep through"
    (notes,) = service.assessment_notes(store, CLIENT)
    assert notes["what_matters"] == "Getting back to the allotment"
    assert notes["impact_sleep"] == "Up three times"
    assert notes["assessment_ids"] == [done.assessments[0]["id"]]
    assert notes["time_point"] == "baseline" and notes["author"] == "Coach One"


def test_a_client_without_a_plan_gets_one_from_their_words(store):
    _save(store, InstrumentAnswers("peg", [6, 5, 7]), narrative={"best_hopes": "Walk to town"})
    (plan,) = _rows(store, "plans")
    assert (plan["client_id"], plan["best_hopes"]) == (CLIENT, "Walk to town")
    assert plan["what_matters"] is None


def test_no_words_means_no_notes_record(store):
    _save(store, InstrumentAnswers("peg", [6, 5, 7]), narrative={"pain_where": "   "})
    assert service.assessment_notes(store, CLIENT) == [] and _rows(store, "plans") == []


def test_unknown_narrative_field_is_refused(store):
    with pytest.raises(InvalidInput, match="diagnosis"):
        _save(store, InstrumentAnswers("peg", [6, 5, 7]), narrative={"diagnosis": "x"})


def test_completing_deletes_the_draft_in_the_same_transaction(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 2}, "Coach One")
    _save(store, InstrumentAnswers("peg", [6, 5, 7]))
    assert drafts.load_draft(store, CLIENT, drafts.ASSESSMENT) is None


def test_a_failure_part_way_changes_nothing(store, monkeypatch):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 2}, "Coach One")

    def disk_full(*args):
        raise OSError("disk full")

    monkeypatch.setattr(service, "_save_words", disk_full)
    with pytest.raises(OSError):
        _save(
            store,
            InstrumentAnswers("phq9", PHQ9_RISK),
            risk_acknowledged=True,
            narrative={"best_hopes": "Walk"},
        )
    assert _rows(store, "assessments") == [] and _rows(store, "flags") == []
    assert drafts.load_draft(store, CLIENT, drafts.ASSESSMENT) is not None


def test_content_pack_is_read_from_the_service_setting(store, tmp_path):
    assert service.content_pack_for(store) is None
    pack = tmp_path / "pack.json"
    pack.write_text(
        '{"format": "painclinic-content-pack", "format_version": 1, '
        '"instruments": {"peg": {"items": ["Placeholder A", "Placeholder B", '
        '"Placeholder C"]}}}',
        encoding="utf-8",
    )
    store.set_setting(service.CONTENT_PACK_SETTING, str(pack))
    assert service.content_pack_for(store).wording("peg").items[1] == "Placeholder B"


def test_an_answer_already_in_the_plan_is_not_added_again(store):
    words = {"what_matters": "Getting back to the allotment"}
    _save(store, InstrumentAnswers("peg", [6, 5, 7]), narrative=words)
    _save(store, InstrumentAnswers("peg", [5, 5, 5]), narrative=words, time_point="mid")
    (plan,) = _rows(store, "plans")
    assert plan["what_matters"] == "Getting back to the allotment"
