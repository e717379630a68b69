"""The assessment guide without Qt: steps, digit entry, running score, what blocks finishing."""

from datetime import date

from painclinic_desktop.core.measures.content_pack import parse_content_pack
from painclinic_desktop.ui.screens.assessment.state import (
    AssessmentState,
    Typed,
    item_wording,
)

TODAY = date(2026, 11, 20)


def _state(*chosen: str) -> AssessmentState:
    state = AssessmentState("client-1", TODAY, chosen=list(chosen))
    return state


def _on(state: AssessmentState, step: str) -> AssessmentState:
    state.go(state.steps().index(step))
    return state


def test_steps_follow_the_guide_with_questionnaires_in_the_service_order():
    state = _state("gad7", "bpi")
    assert state.steps() == [
        "start",
        "what_matters",
        "pain_story",
        "impact",
        "bpi",
        "gad7",
        "summary",
    ]
    assert state.administered_on == "2026-11-20"


def test_a_digit_answers_and_moves_to_the_next_question():
    state = _on(_state("phq9"), "phq9")
    assert state.type_digit(2) is Typed.ANSWERED
    assert state.answers_for("phq9")[0] == 2
    assert state.current_item("phq9") == 1
    assert state.type_digit(7) is Typed.IGNORED  # PHQ-9 answers are 0-3
    assert state.answers_for("phq9")[1] is None


def test_moving_on_skips_to_the_next_unanswered_question():
    state = _on(_state("gad7"), "gad7")
    state.answer("gad7", 1, 3)
    state.answer("gad7", 2, 3)
    state.type_digit(1)  # question 1; questions 2 and 3 are already answered
    assert state.current_item("gad7") == 3


def test_ten_on_a_zero_to_ten_scale_takes_two_digits():
    state = _on(_state("bpi"), "bpi")
    assert state.type_digit(1) is Typed.WAITING
    assert state.answers_for("bpi")[0] is None
    assert state.type_digit(0) is Typed.ANSWERED
    assert state.answers_for("bpi")[0] == 10
    state.type_digit(1)
    assert state.type_digit(3) is Typed.ANSWERED  # "13" is no answer: 1, then 3
    assert state.answers_for("bpi")[1:3] == [1, 3]
    state.type_digit(1)
    assert state.flush_pending() is Typed.ANSWERED  # the wait ran out: it was a 1
    assert state.answers_for("bpi")[3] == 1


def test_zero_is_not_an_answer_on_a_one_to_five_scale():
    state = _on(_state("wemwbs"), "wemwbs")
    assert state.type_digit(0) is Typed.IGNORED
    assert state.type_digit(5) is Typed.ANSWERED
    assert state.answers_for("wemwbs")[0] == 5


def test_digits_outside_a_questionnaire_step_do_nothing():
    state = _on(_state("phq9"), "pain_story")
    assert state.type_digit(1) is Typed.IGNORED
    assert state.answers == {}


def test_running_score_appears_once_the_missing_data_rule_allows_it():
    state = _state("phq9")
    for index, value in enumerate([1, 2, 1, 2, 1, 2]):
        state.answer("phq9", index, value)
    assert state.result("phq9").scores["total"] is None  # 3 missing: no total yet
    state.answer("phq9", 6, 1)
    result = state.result("phq9")
    # 10 from 7 answers: 10 / 7 x 9 = 12.86, rounded half up to 13
    assert result.scores["total"] == 13 and result.prorated
    assert result.bands["total"] == "moderate"
    assert state.unanswered("phq9") == [8, 9]


def test_item9_above_zero_blocks_finishing_until_acknowledged():
    state = _state("phq9")
    state.set_time_point("baseline")
    for index in range(8):
        state.answer("phq9", index, 0)
    state.answer("phq9", 8, 0)
    assert state.can_finish and not state.risk_found()
    state.answer("phq9", 8, 1)
    assert state.risk_found()
    assert state.problems() == [("risk_not_acknowledged", "phq9")]
    state.acknowledge_risk(True)
    assert state.can_finish
    state.answer("phq9", 8, 2)  # a changed answer must be acknowledged again
    assert not state.can_finish


def test_what_stops_finishing_is_listed():
    state = _state("phq9", "sts")
    state.answer("phq9", 0, 1)
    state.set_date("2026-11-21")
    assert state.problems() == [
        ("no_time_point", None),
        ("date_in_future", None),
        ("no_answers", "sts"),
    ]
    state.choose("sts", False)
    state.choose("phq9", False)
    assert ("no_questionnaire", None) in state.problems()


def test_entries_carry_only_ticked_questionnaires_and_the_sts_protocol():
    state = _state("peg", "sts")
    state.answer("peg", 0, 4)
    state.answer("sts", 0, 12)
    state.answer("gad7", 0, 1)  # not ticked: never saved
    state.set_protocol("60s")
    entries = state.entries()
    assert [(e.instrument, list(e.items), e.protocol) for e in entries] == [
        ("peg", [4, None, None], None),
        ("sts", [12], "60s"),
    ]


def test_a_draft_payload_restores_the_same_assessment():
    state = _on(_state("phq9", "bpi"), "bpi")
    state.set_time_point("fu_6m")
    state.answer("phq9", 8, 1)
    state.acknowledge_risk(True)
    state.set_narrative("pain_where", "Kolano — prawe")
    state.go_item("bpi", 4)
    again = AssessmentState.from_payload("client-1", state.to_payload(), TODAY)
    assert again.to_payload() == state.to_payload()
    assert again.current_step == "bpi" and again.current_item("bpi") == 4
    assert again.risk_acknowledged is False  # acknowledged afresh after a break


def test_a_damaged_draft_keeps_what_is_sound_and_drops_the_rest():
    payload = {
        "time_point": "week_3",
        "administered_on": "2027-01-01",
        "chosen": ["phq9", "xyz"],
        "answers": {"phq9": [1, 9, None, 0, 0, 0, 0, 0, True], "gad7": [1, 2]},
        "narrative": {"pain_where": "Back", "diagnosis": "x"},
        "step": 99,
    }
    state = AssessmentState.from_payload("client-1", payload, TODAY)
    assert state.time_point is None and state.administered_on == "2026-11-20"
    assert state.chosen == ["phq9"]
    assert state.answers["phq9"] == [1, None, None, 0, 0, 0, 0, 0, None]
    assert state.answers["gad7"] == [None] * 7
    assert state.narrative == {"pain_where": "Back"}
    assert state.current_step == "summary"


def test_licensed_wording_shows_only_from_a_content_pack():
    assert item_wording("phq9", 9).text.startswith("Thoughts that you would be better off")
    assert item_wording("phq9", 1).labels[3] == "Nearly every day"
    assert item_wording("pseq", 2).text is None
    pack = parse_content_pack(
        {
            "format": "painclinic-content-pack",
            "format_version": 1,
            "instruments": {
                "pseq": {
                    "items": [f"Placeholder {n}" for n in range(1, 11)],
                    "responses": {"0": "Not at all"},
                }
            },
        }
    )
    wording = item_wording("pseq", 2, pack)
    assert wording.text == "Placeholder 2" and wording.labels == {0: "Not at all"}


def test_a_digit_typed_just_before_moving_on_still_counts():
    state = _on(_state("bpi", "peg"), "bpi")
    state.type_digit(1)  # could become 10: waiting
    state.next_step()
    assert state.answers_for("bpi")[0] == 1 and state.current_step == "peg"
    state.type_digit(1)
    state.go_item("peg", 2)
    assert state.answers_for("peg") == [1, None, None]


def test_a_phq9_with_a_risk_answer_cannot_be_unticked():
    state = _state("phq9", "gad7")
    state.answer("phq9", 8, 1)
    assert state.choose("phq9", False) is False
    assert state.chosen == ["phq9", "gad7"]
    state.answer("phq9", 8, 0)
    assert state.choose("phq9", False) is True and state.chosen == ["gad7"]


def test_a_safety_flag_in_another_instruments_data_is_watched_like_phq9s(monkeypatch):
    from dataclasses import replace

    from painclinic_desktop.core.measures import definitions
    from painclinic_desktop.core.measures.definitions import FlagRule

    gad7 = definitions.instrument("gad7")
    rule = FlagRule("item7_worry", 6, 2, "feeling afraid")
    monkeypatch.setitem(definitions._INSTRUMENTS, "gad7", replace(gad7, flag_rules=(rule,)))
    state = _state("gad7")
    for index in range(6):
        state.answer("gad7", index, 0)
    state.answer("gad7", 6, 3)
    assert state.risk_found()
    assert ("risk_not_acknowledged", "gad7") in state.problems()
    assert state.choose("gad7", False) is False  # the answer cannot be dropped by a stray click
    state.acknowledge_risk(True)
    assert ("risk_not_acknowledged", "gad7") not in state.problems()
    state.answer("gad7", 6, 2)  # a changed answer needs acknowledging afresh
    assert state.risk_acknowledged is False and not state.risk_found()
