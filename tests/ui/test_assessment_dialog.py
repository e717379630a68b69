"""The assessment guide through the GUI: keyboard answers, the safety prompt, drafts kept."""

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from painclinic_desktop.core.measures.content_pack import parse_content_pack
from painclinic_desktop.services import drafts
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 20)
CLIENT = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "a.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], referrals=[referral("r1")]))
    yield s
    s.close()


def _dialog(qtbot, store, pack=None) -> AssessmentDialog:
    dialog = AssessmentDialog(
        store, records.get(store, "clients", CLIENT), lambda: "Coach One", [], pack, today=TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _only(dialog: AssessmentDialog, *names: str) -> None:
    for name, tick in dialog.page_for["start"].ticks.items():
        if tick.isChecked() != (name in names):
            tick.click()


def _next_to(dialog: AssessmentDialog, step: str) -> None:
    while dialog.state.current_step != step:
        assert dialog.next.isEnabled(), f"stuck at {dialog.state.current_step}"
        dialog.next.click()


def _type(qtbot, widget, digits: str) -> None:
    for digit in digits:
        qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{digit}"))


def _type_text(widget, text: str) -> None:
    """One key event per character: keyClicks trips over non-ASCII text (PLATFORM.md)."""
    for char in text:
        event = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
        )
        QApplication.sendEvent(widget, event)


def _rows(store, table):
    return list(records.select(store, table))


def test_phq9_with_item9_above_zero_needs_the_safety_prompt_then_raises_the_flag(qtbot, store):
    dialog = _dialog(qtbot, store)
    assert dialog.state.time_point == "baseline"  # a new client's first assessment
    _only(dialog, "phq9")
    _next_to(dialog, "what_matters")
    qtbot.keyClicks(dialog.page_for["what_matters"].boxes["best_hopes"], "Walk to the shops")
    _next_to(dialog, "phq9")
    page = dialog.page_for["phq9"]
    assert not page.safety.isVisible()
    _type(qtbot, page, "11210110")
    assert not page.safety.isVisible()  # question 9 not answered yet
    _type(qtbot, page, "2")
    assert page.safety.isVisible()
    assert "Score so far: 9 (mild)" in page.score.text()  # 1+1+2+1+0+1+1+0+2
    _next_to(dialog, "summary")
    assert dialog.finish.isVisible() and not dialog.finish.isEnabled()
    dialog.finish_and_save()  # even if asked directly, nothing is saved
    assert _rows(store, "assessments") == [] and _rows(store, "flags") == []
    dialog.summary_safety.tick.click()
    assert dialog.finish.isEnabled()
    dialog.finish.click()

    assert dialog.result() == AssessmentDialog.DialogCode.Accepted
    (saved,) = _rows(store, "assessments")
    assert saved["items"] == [1, 1, 2, 1, 0, 1, 1, 0, 2]
    assert (saved["time_point"], saved["administered_on"]) == ("baseline", "2026-11-20")
    assert saved["recorded_by"] == "Coach One" and saved["instrument_version"] == "PHQ-9 v1"
    (flag,) = _rows(store, "flags")
    assert (flag["kind"], flag["client_id"], flag["raised_by"]) == ("risk", CLIENT, "Coach One")
    row = next(r for r in load_caseload(store, TODAY) if r.client_id == CLIENT)
    assert "risk" in row.flags
    assert _rows(store, "plans")[0]["best_hopes"] == "Walk to the shops"
    assert _rows(store, "drafts") == []


def test_changing_question_9_after_ticking_needs_a_fresh_tick(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "phq9")
    _next_to(dialog, "phq9")
    page = dialog.page_for["phq9"]
    _type(qtbot, page, "000000001")
    page.safety.tick.click()
    assert dialog.state.can_finish
    qtbot.keyClick(page, Qt.Key.Key_Backspace)  # question 9 is still the current one
    _type(qtbot, page, "3")
    assert dialog.state.answers["phq9"][8] == 3
    assert not page.safety.tick.isChecked() and not dialog.state.can_finish


def test_closing_mid_assessment_keeps_a_draft_that_is_restored(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "gad7", "peg")
    dialog.page_for["start"].time_buttons["mid"].click()
    _next_to(dialog, "pain_story")
    qtbot.keyClicks(dialog.page_for["pain_story"].boxes["pain_where"], "Lower back")
    _next_to(dialog, "gad7")
    _type(qtbot, dialog.page_for["gad7"], "213")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # "Close - finish later"
    assert not dialog.isVisible()
    assert _rows(store, "assessments") == []
    assert drafts.load_draft(store, CLIENT, drafts.ASSESSMENT) is not None

    again = _dialog(qtbot, store)
    assert again.resumed.isVisible()
    assert again.state.time_point == "mid" and again.state.chosen == ["gad7", "peg"]
    assert again.state.current_step == "gad7"
    assert again.state.answers["gad7"] == [2, 1, 3, None, None, None, None]
    assert again.page_for["gad7"].chips[3].text().endswith("?")  # unanswered, marked
    assert again.page_for["pain_story"].boxes["pain_where"].toPlainText() == "Lower back"


def test_a_crash_keeps_the_autosaved_draft(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "phq9")
    _next_to(dialog, "pain_story")
    _type_text(dialog.page_for["pain_story"].boxes["pain_where"], "Ból pleców — łokieć")
    _next_to(dialog, "phq9")
    _type(qtbot, dialog.page_for["phq9"], "1203")
    # No clean close: the draft must already be in the file, seen from a new connection.
    after_restart = open_store(store.path)
    try:
        qtbot.waitUntil(
            lambda: drafts.load_draft(after_restart, CLIENT, drafts.ASSESSMENT) is not None,
            timeout=3000,
        )
        restored = AssessmentDialog(
            after_restart,
            records.get(after_restart, "clients", CLIENT),
            lambda: "Coach One",
            [],
            today=TODAY,
        )
        qtbot.addWidget(restored)
        assert restored.state.answers["phq9"][:4] == [1, 2, 0, 3]
        assert restored.state.narrative["pain_where"] == "Ból pleców — łokieć"
        assert _rows(after_restart, "assessments") == []  # a draft is never counted
    finally:
        after_restart.close()


def test_answer_buttons_are_large_and_ten_takes_two_digits(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "bpi")
    _next_to(dialog, "bpi")
    page = dialog.page_for["bpi"]
    assert len(page.buttons) == 11 and all(b.height() >= 48 for b in page.buttons.values())
    _type(qtbot, page, "10")
    qtbot.keyClick(page, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: dialog.state.answers["bpi"][1] == 1, timeout=3000)  # wait ran out
    assert dialog.state.answers["bpi"][:3] == [10, 1, None]
    assert page.buttons[1].isChecked() is False  # now on question 3, still unanswered
    assert page.number.text() == "Question 3 of 11"


def test_licensed_wording_shows_item_numbers_unless_a_pack_is_loaded(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "pseq")
    _next_to(dialog, "pseq")
    assert dialog.page_for["pseq"].question.text() == "Item 1"
    pack = parse_content_pack(
        {
            "format": "painclinic-content-pack",
            "format_version": 1,
            "instruments": {
                "pseq": {
                    "items": [f"Placeholder PSEQ {n}" for n in range(1, 11)],
                    "responses": {"0": "Placeholder none", "6": "Placeholder all"},
                }
            },
        }
    )
    dialog.close()
    licensed = _dialog(qtbot, store, pack)
    _next_to(licensed, "pseq")
    assert licensed.page_for["pseq"].question.text() == "Placeholder PSEQ 1"
    assert "Placeholder none" in licensed.page_for["pseq"].buttons[0].text()


def test_the_summary_lists_unanswered_questions_and_the_estimate(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "gad7")
    _next_to(dialog, "gad7")
    page = dialog.page_for["gad7"]
    _type(qtbot, page, "123")
    qtbot.keyClick(page, Qt.Key.Key_PageDown)  # leave question 4 unanswered
    _type(qtbot, page, "123")
    _next_to(dialog, "summary")
    model = dialog.page_for["summary"].model
    # 12 from 6 answers: 12 / 6 x 7 = 14, "moderate"
    assert (model.rows[0][2], model.rows[0][3]) == ("14", "moderate")
    assert "not answered: question 4" in model.rows[0][4]
    assert "estimated" in model.rows[0][4]
    assert dialog.finish.isEnabled()


def test_sit_to_stand_count_is_typed_and_saved_with_its_protocol(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "sts")
    _next_to(dialog, "sts")
    page = dialog.page_for["sts"]
    page.protocols["60s"].click()
    qtbot.keyClicks(page.count, "14")
    assert dialog.state.answers["sts"] == [14]
    _next_to(dialog, "summary")
    dialog.finish.click()
    (saved,) = _rows(store, "assessments")
    assert (saved["instrument"], saved["items"], saved["protocol"]) == ("sts", [14], "60s")


def test_a_long_scale_shows_its_end_labels_under_the_buttons(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "ons4")
    _next_to(dialog, "ons4")
    page = dialog.page_for["ons4"]
    assert page.buttons[0].text() == "0" and page.buttons[10].text() == "10"
    assert page.anchors.text() == "0 = Not at all     10 = Completely"


def test_opening_and_closing_without_entering_anything_keeps_no_draft(qtbot, store):
    dialog = _dialog(qtbot, store)
    dialog.close()
    assert _rows(store, "drafts") == []


def test_unticking_a_phq9_with_a_risk_answer_is_refused_on_screen(qtbot, store):
    dialog = _dialog(qtbot, store)
    _only(dialog, "phq9")
    _next_to(dialog, "phq9")
    dialog.state.go_item("phq9", 8)
    _type(qtbot, dialog.page_for["phq9"], "1")
    dialog.go_to("start")
    start = dialog.page_for["start"]
    start.ticks["phq9"].click()
    assert start.ticks["phq9"].isChecked() and dialog.state.chosen == ["phq9"]
    assert "PHQ-9 stays" in start.warning.text()
