"""Nothing typed is lost: closing a form with unsaved words asks first and keeps a draft; the
same form for the same client offers the words back."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from painclinic_desktop.services import drafts
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import client, new_store, referral, uid

CLIENT = uid("ayesha")
LONG_NOTE = ("Talked through pacing the housework and the school run; agreed a plan. " * 70)[:5000]


@pytest.fixture
def window(show_main_window, tmp_path):
    store = new_store(
        tmp_path / "u.db",
        clients=[client("ayesha", interpreter_needed=False)],
        referrals=[referral("r", "ayesha")],
    )
    yield show_main_window(store, CLIENT, active=True)
    store.close()


def _contacts(win):
    return next(s for s in win.record.sections if type(s).__name__ == "ContactsSection")


def _new_contact(qtbot, win, offered=False):
    _contacts(win).dialog = None
    _contacts(win).new_contact()
    dialog = _contacts(win).dialog
    if offered:  # the question about the kept words comes first
        qtbot.waitUntil(lambda: dialog.guard.offer is not None)
    else:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.when.edit)
    return dialog


def _draft(win, kind="contact"):
    return drafts.load_draft(win.store, CLIENT, kind)


def test_escape_on_a_long_note_asks_first_and_keeps_the_draft(window, qtbot):
    dialog = _new_contact(qtbot, window)
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    dialog.note.insertPlainText(LONG_NOTE)  # as pasted
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    question = dialog.guard.question
    assert question.isVisible() and dialog.isVisible()
    assert set(dialog.guard.answers) == {"save", "discard", "keep"}
    assert question.defaultButton() is dialog.guard.answers["keep"]
    kept = _draft(window)
    assert kept is not None and kept.payload["note"] == LONG_NOTE  # in the database already
    assert records.select(window.store, "contacts") is not None
    assert list(records.select(window.store, "contacts")) == []  # nothing saved as a record

    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Escape on the question: keep editing
    qtbot.waitUntil(lambda: dialog.guard.question is None)
    assert dialog.isVisible() and dialog.note.toPlainText() == LONG_NOTE


def test_discard_closes_and_deletes_the_draft(window, qtbot):
    dialog = _new_contact(qtbot, window)
    dialog.note.insertPlainText("A short note")
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    assert _draft(window) is not None
    with qtbot.waitSignal(dialog.rejected):
        dialog.guard.answers["discard"].click()
    assert _draft(window) is None


def test_save_from_the_question_saves_the_contact_and_drops_the_draft(window, qtbot):
    dialog = _new_contact(qtbot, window)
    dialog.note.insertPlainText("Walked to the corner shop.")
    dialog.close()  # the window's close button
    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    with qtbot.waitSignal(dialog.accepted):
        dialog.guard.answers["save"].click()
    [saved] = records.select(window.store, "contacts")
    assert saved["note"] == "Walked to the corner shop."
    assert _draft(window) is None


def test_reopening_the_form_offers_the_kept_words_back(window, qtbot):
    dialog = _new_contact(qtbot, window)
    dialog.note.insertPlainText(LONG_NOTE)
    qtbot.waitUntil(lambda: _draft(window) is not None, timeout=3000)  # the autosave
    dialog.guard._confirmed = True  # as if the app had been closed from the lock screen
    dialog.done(QDialog.DialogCode.Rejected)  # the form goes; a real Discard would drop it
    drafts.save_draft(window.store, CLIENT, "contact", {"note": LONG_NOTE}, "Coach One")

    again = _new_contact(qtbot, window, offered=True)
    assert "Talked through pacing" in again.guard.offer.text()
    again.guard.answers["restore"].click()
    qtbot.waitUntil(lambda: again.guard.offer is None)
    assert again.note.toPlainText() == LONG_NOTE
    with qtbot.waitSignal(again.accepted):
        again.try_save()
    assert _draft(window) is None  # saved: the draft has gone


def test_closing_an_untouched_form_asks_nothing(window, qtbot):
    dialog = _new_contact(qtbot, window)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.when.edit, Qt.Key.Key_Escape)
    assert dialog.guard.question is None and _draft(window) is None


def _pathway(win):
    return next(s for s in win.record.sections if type(s).__name__ == "PathwaySection")


def test_a_flag_reason_is_kept_and_offered_back_when_the_form_is_opened_again(window, qtbot):
    section = _pathway(window)
    section.raise_flag()
    form = section.dialog
    form.widgets["why"].setPlainText("Disclosed a fall at home; lives alone")
    form.reject()  # Escape or Cancel
    qtbot.waitUntil(lambda: form.guard.question is not None)
    assert drafts.load_draft(window.store, CLIENT, "pathway_raise_flag").payload["why"] == (
        "Disclosed a fall at home; lives alone"
    )
    form.guard.answers["keep"].click()
    qtbot.waitUntil(lambda: form.guard.question is None)
    assert form.isVisible()
    form.guard._confirmed = True  # the app closed meanwhile: the draft stays
    form.done(QDialog.DialogCode.Rejected)
    drafts.save_draft(
        window.store,
        CLIENT,
        "pathway_raise_flag",
        {"why": "Disclosed a fall at home; lives alone"},
        "Coach One",
    )

    section.raise_flag()
    again = section.dialog
    qtbot.waitUntil(lambda: again.guard.offer is not None)
    again.guard.answers["restore"].click()
    assert again.widgets["why"].toPlainText() == "Disclosed a fall at home; lives alone"


def test_an_admin_declining_a_referral_keeps_the_reason_as_a_draft(qtbot, tmp_path):
    from painclinic_desktop.services import referrals, session
    from painclinic_desktop.services.session import current_staff
    from painclinic_desktop.ui.record_context import RecordContext
    from painclinic_desktop.ui.screens.referrals.triage import TriageDialog

    store = open_store(tmp_path / "t.db", create=True)
    session.sign_in_as("Admin One", "admin")
    try:
        saved = referrals.add_referral(
            store,
            {
                "given_name": "Imran",
                "family_name": "Hussain",
                "date_of_birth": "1980-02-01",
                "received_on": "2026-11-02",
                "source": "gp",
            },
            "Admin One",
        )
        triage = TriageDialog(RecordContext(store, current_staff, lambda: None))
        qtbot.addWidget(triage)
        triage.show()
        triage.decline_referral()
        form = triage.dialog
        form.widgets["note"].setPlainText("Lives outside the service's area (Leeds).")
        form.reject()
        qtbot.waitUntil(lambda: form.guard.question is not None)
        kind = f"triage_declined_{saved['id']}"
        kept = drafts.load_draft(store, saved["client_id"], kind)
        assert kept.payload["note"] == "Lives outside the service's area (Leeds)."
        with qtbot.waitSignal(form.rejected):
            form.guard.answers["discard"].click()
        assert drafts.load_draft(store, saved["client_id"], kind) is None
    finally:
        session.sign_out()
        store.close()


def _plan(win):
    return next(s for s in win.record.sections if type(s).__name__ == "PlanSection")


def test_plan_words_left_unsaved_when_another_client_is_opened_are_offered_back(qtbot, tmp_path):
    store = new_store(
        tmp_path / "p.db", clients=[client("ayesha"), client("bilal", nhs_number=None)]
    )
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.open_client(CLIENT)
    plan = _plan(win)
    plan.what_matters.setPlainText("Being there for my grandchildren")
    win.open_client(uid("bilal"))  # at once, before the autosave second has passed
    assert _plan(win).what_matters.toPlainText() == ""
    kept = drafts.load_draft(store, CLIENT, "plan")
    assert kept.payload["what_matters"] == "Being there for my grandchildren"

    win.open_client(CLIENT)
    plan = _plan(win)
    win.record.tabs.setCurrentWidget(plan)
    qtbot.waitUntil(lambda: plan.guard.offer is not None)
    plan.guard.answers["restore"].click()
    assert plan.what_matters.toPlainText() == "Being there for my grandchildren"
    assert plan.dirty
    assert plan.save()
    assert drafts.load_draft(store, CLIENT, "plan") is None
    [saved] = records.select(store, "plans")
    assert saved["what_matters"] == "Being there for my grandchildren"
    win.close()
    store.close()


def test_amending_a_note_then_escape_asks_and_keeps_the_amendment(qtbot, tmp_path):
    from painclinic_desktop.services.session import current_staff
    from painclinic_desktop.ui.record_context import RecordContext
    from painclinic_desktop.ui.screens.contacts.notes import AmendNoteDialog
    from tests.factories import contact

    store = new_store(
        tmp_path / "n.db", clients=[client("ayesha")], contacts=[contact("c1", note="First words")]
    )
    saved = records.get(store, "contacts", uid("c1"))
    dialog = AmendNoteDialog(RecordContext(store, current_staff, lambda: None), saved)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText("First words, and what the GP said on the phone")
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    kept = drafts.load_draft(store, CLIENT, f"contact_amend_{uid('c1')}")
    assert kept.payload["note"] == "First words, and what the GP said on the phone"
    dialog.guard.answers["keep"].click()
    assert dialog.isVisible()
    store.close()


def test_a_new_referral_with_a_reason_typed_asks_before_closing(qtbot, tmp_path):
    from painclinic_desktop.services.session import current_staff
    from painclinic_desktop.ui.record_context import RecordContext
    from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog

    store = open_store(tmp_path / "i.db", create=True)
    dialog = IntakeDialog(RecordContext(store, current_staff, lambda: None))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setPlainText("Low back pain for two years; struggling at work")
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        dialog.guard.answers["discard"].click()
    store.close()


def test_a_goal_review_note_and_new_star_arms_ask_before_closing(qtbot, tmp_path):
    from datetime import date

    from painclinic_desktop.ui.screens.plan.goal_dialogs import ReviewDialog
    from painclinic_desktop.ui.screens.plan.star_section import NewStarDialog

    store = new_store(tmp_path / "g.db", clients=[client("ayesha")])
    goal = {"id": "g1", "text": "Walk to the shop"}
    review = ReviewDialog(lambda v: None, goal, date(2026, 11, 20))
    review.keep_drafts(store, CLIENT, "goal_review_g1")
    qtbot.addWidget(review)
    review.show()
    review.note.setPlainText("Managed it twice; the rain stopped her the third week")
    review.reject()
    qtbot.waitUntil(lambda: review.guard.question is not None)
    assert (
        drafts.load_draft(store, CLIENT, "goal_review_g1")
        .payload["note"]
        .startswith("Managed it twice")
    )
    with qtbot.waitSignal(review.rejected):
        review.guard.answers["discard"].click()
    assert drafts.load_draft(store, CLIENT, "goal_review_g1") is None

    star = NewStarDialog(lambda v: None, ["a", "b", "c", "d", "e"])
    qtbot.addWidget(star)
    star.show()
    star.edits[0].setText("Baking bread with my granddaughter")
    star.reject()
    qtbot.waitUntil(lambda: star.guard.question is not None)
    assert star.isVisible()
    store.close()


def test_a_closed_form_never_writes_its_words_again_when_the_app_locks(qtbot, tmp_path):
    """A goal dialog is kept after it closes: the lock must not bring saved or discarded
    words back as a draft (they would be offered again and could be saved twice)."""
    from datetime import date

    from painclinic_desktop.ui.lock import _keep_drafts
    from painclinic_desktop.ui.screens.plan.goal_dialogs import ReviewDialog

    store = new_store(tmp_path / "c.db", clients=[client("ayesha")])
    review = ReviewDialog(lambda v: None, {"id": "g1", "text": "Walk"}, date(2026, 11, 20))
    review.keep_drafts(store, CLIENT, "goal_review_g1")
    qtbot.addWidget(review)
    review.show()
    review.note.setPlainText("Saved words")
    with qtbot.waitSignal(review.accepted):
        review.try_save()
    review.show()  # still a live window, as a dialog kept by its parent may be
    _keep_drafts()
    assert drafts.load_draft(store, CLIENT, "goal_review_g1") is None
    store.close()
