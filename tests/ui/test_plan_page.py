"""The Plan section as a coach uses it with the client beside them: focus footsteps chosen and
ordered, a goal set and reviewed (every review kept, in order), a goal replaced, the plan PDF."""

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_client_record
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.plan import goal_dialogs
from painclinic_desktop.ui.screens.plan import view as plan_view
from painclinic_desktop.ui.screens.plan.view import PlanSection
from painclinic_desktop.ui.screens.record.sections import RecordContext, section_classes
from tests.factories import bundle, client, new_store, uid

AYESHA = uid("ayesha")
TODAY = date(2026, 10, 5)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")]))
    yield s
    s.close()


@pytest.fixture
def section(show_record_section, store, monkeypatch):
    errors = []
    for module in (plan_view, goal_dialogs):  # a refusal is recorded, not shown modally
        monkeypatch.setattr(module, "show_error", lambda parent, exc: errors.append(exc))
    monkeypatch.setattr(PlanSection, "today", lambda self: TODAY)
    widget = show_record_section(PlanSection, store, AYESHA, TODAY, (1200, 900))
    widget.errors = errors
    return widget


def _close(dialog):
    """Cancel, and answer Discard when asked about the words typed."""
    dialog.reject()
    if dialog.guard.question is not None:
        dialog.guard.answers["discard"].click()


def _while_open(section, fill):
    """Fill in the dialog the next action opens, then press its Save."""

    def act():
        dialog = section.open_dialog
        try:
            fill(dialog)
            saved = dialog.try_save()
        finally:
            if dialog.isVisible():  # never leave a test waiting on an open dialog
                _close(dialog)
        assert saved, section.errors

    QTimer.singleShot(0, act)


def _set_goal(section, text, confidence=6):
    def fill(dialog):
        dialog.text.setPlainText(text)
        dialog.confidence.setValue(confidence)

    _while_open(section, fill)
    section.goals.add_requested.emit(3)


def _review(section, goal_id, on, status, note):
    def fill(dialog):
        dialog.reviewed_on.setDate(date.fromisoformat(on))
        dialog.status.setCurrentIndex(dialog.status.findData(status))
        dialog.note.setPlainText(note)

    _while_open(section, fill)
    section.goals.review_requested.emit(goal_id)


def _stored_goals(store):
    return list(records.select(store, "goals", "client_id = ?", (AYESHA,)))


def test_the_section_is_on_the_record_page():
    assert PlanSection in section_classes()


def test_two_focus_footsteps_are_chosen_ordered_by_keyboard_and_saved(section, store, qtbot):
    pacing, understanding = section.cards.cards[3], section.cards.cards[1]
    qtbot.mouseClick(pacing.check, Qt.MouseButton.LeftButton)
    understanding.check.setFocus()
    qtbot.keyClick(understanding.check, Qt.Key.Key_Space)
    assert section.cards.chosen() == [3, 1]
    assert understanding.badge.text() == "Focus 2 of 2"
    qtbot.keyClick(understanding.check, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert section.cards.chosen() == [1, 3]
    assert understanding.property("chosen") is True
    assert section.cards.cards[5].property("chosen") is False
    section.what_matters.setPlainText("Cooking for my family again")
    assert section.save_button.isEnabled()
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    plan = records.select(store, "plans", "client_id = ?", (AYESHA,))
    plan = next(plan)
    assert plan["focus_footsteps"] == [1, 3]
    assert plan["what_matters"] == "Cooking for my family again"
    assert plan["author"] == "Coach One"
    assert not section.save_button.isEnabled() and not section.dirty


def test_a_goal_reviewed_twice_shows_both_reviews_in_order(section, store):
    for number in (3, 1):
        section.cards.cards[number].check.setChecked(True)
    section.save()
    _set_goal(section, "Walk to the corner shop and back")
    goal_id = _stored_goals(store)[0]["id"]
    _review(section, goal_id, "2026-10-20", "in_progress", "Got halfway twice")
    _review(section, goal_id, "2026-11-01", "achieved", "Walked there and back on Friday")

    stored = _stored_goals(store)[0]
    assert [(r["reviewed_on"], r["status"], r["note"]) for r in stored["reviews"]] == [
        ("2026-10-20", "in_progress", "Got halfway twice"),
        ("2026-11-01", "achieved", "Walked there and back on Friday"),
    ]
    assert stored["footstep"] == 3 and stored["confidence"] == 6
    card = section.goals.card_for(goal_id)
    assert card.review_lines == [
        "20-Oct-2026 — in progress — Got halfway twice",
        "01-Nov-2026 — achieved — Walked there and back on Friday",
    ]


def test_replacing_a_goal_keeps_the_old_one_linked_and_greyed(section, store):
    _set_goal(section, "Walk to the corner shop and back")
    old_id = _stored_goals(store)[0]["id"]

    def fill(dialog):
        dialog.text.setPlainText("Walk to the park gate")
        dialog.confidence.setValue(5)
        dialog.note.setPlainText("The shop has closed")

    _while_open(section, fill)
    section.goals.replace_requested.emit(old_id)

    goals = {g["text"]: g for g in _stored_goals(store)}
    old, new = goals["Walk to the corner shop and back"], goals["Walk to the park gate"]
    assert new["replaces"] == old["id"]
    assert [(r["status"], r["note"]) for r in old["reviews"]] == [
        ("replaced", "The shop has closed")
    ]
    old_card, new_card = section.goals.card_for(old["id"]), section.goals.card_for(new["id"])
    assert old_card.property("replaced") is True
    assert section.goals.cards.index(old_card) + 1 == section.goals.cards.index(new_card)


def test_a_refused_goal_keeps_the_dialog_open_with_what_was_typed(section, store):
    def fill(dialog):
        dialog.text.setPlainText("Sleep through the night")
        # Confidence not asked yet: refused, nothing saved, the words are still there.
        assert not dialog.try_save()
        assert dialog.text.toPlainText() == "Sleep through the night"
        _close(dialog)

    QTimer.singleShot(0, lambda: fill(section.open_dialog))
    section.goals.add_requested.emit(7)
    assert _stored_goals(store) == []
    assert "confident" in str(section.errors[0])


def test_unsaved_plan_words_survive_a_goal_being_saved(section, store):
    section.best_hopes.setPlainText("Back at the allotment")
    _set_goal(section, "Dig one bed this month")
    assert section.best_hopes.toPlainText() == "Back at the allotment"
    assert section.dirty and section.save_button.isEnabled()


def test_setback_plan_and_resources_given_are_saved_with_the_plan(section, store):
    section.setback.boxes["warning_signs"].setPlainText("Staying in bed")
    section.setback.boxes["who_to_contact"].setPlainText("My daughter")
    section.resources.resource.setEditText("Relaxation audio")
    section.resources.given_on.setDate(date(2026, 10, 12))
    section.resources.add_current()
    section.save()
    plan = next(records.select(store, "plans", "client_id = ?", (AYESHA,)))
    assert plan["setback_plan"]["warning_signs"] == "Staying in bed"
    assert plan["setback_plan"]["who_to_contact"] == "My daughter"
    assert plan["resources_given"] == [{"resource": "Relaxation audio", "given_on": "2026-10-12"}]
    assert section.resources.table.item(0, 1).text() == "12-Oct-2026"


def test_plan_pdf_is_written_off_the_gui_thread_and_the_folder_offered(
    section, store, qtbot, tmp_path, monkeypatch
):
    out = tmp_path / "plan.pdf"
    offered = []
    monkeypatch.setattr(PlanSection, "ask_pdf_path", lambda self: str(out))
    monkeypatch.setattr(
        PlanSection, "offer_folder", lambda self, path, pages: offered.append((path, pages))
    )
    section.what_matters.setPlainText("Cooking for my family again")
    section.large_print.setChecked(True)
    qtbot.mouseClick(section.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(offered or section.errors), timeout=20_000)
    assert section.errors == []
    assert offered[0][0] == out and offered[0][1] >= 1
    assert out.read_bytes().startswith(b"%PDF")
    # Unsaved words were saved first, so the client's copy says what the screen says.
    assert next(records.select(store, "plans"))["what_matters"] == "Cooking for my family again"


def test_what_matters_from_a_finished_assessment_is_not_undone_by_saving_other_edits(
    section, store
):
    from painclinic_desktop.services.assessments import InstrumentAnswers, save_assessment

    section.setback.boxes["what_helps"].setPlainText("A warm shower")  # unsaved edit
    save_assessment(
        store,
        AYESHA,
        "baseline",
        "2026-10-05",
        [InstrumentAnswers("peg", [6, 5, 7])],
        "Coach One",
        narrative={"what_matters": "Walking my dog again"},
        today=TODAY,
    )
    section.context.reload()  # as the record does after the assessment is saved
    assert section.what_matters.toPlainText() == "Walking my dog again"
    assert section.setback.boxes["what_helps"].toPlainText() == "A warm shower"  # kept
    assert section.save()
    [plan] = records.select(store, "plans")
    assert plan["what_matters"] == "Walking my dog again"
    assert plan["setback_plan"]["what_helps"] == "A warm shower"


def test_showing_plans_one_client_after_another_is_not_typing(qtbot, tmp_path, monkeypatch):
    """Filling the plan's boxes from the record (opening a client, a reload) is not the coach
    typing: nothing is unsaved, no autosave is started, no draft is written and nothing is
    offered back. Only real typing counts. (An unsaved-text guard reacting to a fill once made
    the every-button walk crash inside the fill.)"""
    from painclinic_desktop.services import drafts, plans
    from painclinic_desktop.ui.lock import _keep_drafts

    store = new_store(
        tmp_path / "p.db", clients=[client("ayesha"), client("bilal", nhs_number=None)]
    )
    words = {
        "what_matters": "Playing with my grandchildren on the floor " * 20,
        "best_hopes": "To have more good days than bad days",
        "focus_footsteps": [3, 5],
        "setback_plan": {"warning_signs": "Stopping my exercises", "avoid": "Staying in bed"},
        "resources_given": [],
    }
    for name in ("ayesha", "bilal"):
        plans.save_plan(store, uid(name), {**words, "best_hopes": name}, "Coach One")
    monkeypatch.setattr(PlanSection, "today", lambda self: TODAY)
    # Not handed to qtbot: the test deletes the page itself at the end.
    section = PlanSection(RecordContext(store, lambda: "Coach One", lambda: None))
    section.show()
    for turn in range(12):
        name = ("ayesha", "bilal")[turn % 2]
        section.show_record(load_client_record(store, uid(name), TODAY))
        assert section.best_hopes.toPlainText() == name
        assert not section.dirty and not section.guard.has_unsaved()
        assert not section.guard.timer.isActive()
    _keep_drafts()  # the lock's walk over every guard
    qtbot.wait(1500)  # past the autosave's second
    assert list(records.select(store, "drafts")) == []
    assert section.guard.offer is None and section.guard.question is None

    # Typing does count: the check above would see it.
    qtbot.keyClicks(section.best_hopes, " and more")
    assert section.dirty and section.guard.has_unsaved() and section.guard.timer.isActive()
    qtbot.waitUntil(lambda: drafts.load_draft(store, uid(name), "plan") is not None)

    # A guard whose page has gone is never reached again by the lock or its own timer.
    section.close()
    section.deleteLater()
    qtbot.wait(50)
    _keep_drafts()
    store.close()
