"""A new referral for someone not yet a client keeps a draft like every other form: the words
are in the (encrypted) database a second after typing stops, survive the form being closed
without an answer (a crash, a power cut), are offered back only to the person who typed them,
and are gone once the referral is saved or the words are discarded."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services import drafts
from painclinic_desktop.services.session import current_staff
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.referrals.menu import DIALOG

REASON = "Low back pain for two years; struggling to keep working. Wife helps at home."


@pytest.fixture
def window(show_main_window, tmp_path):
    store = open_store(tmp_path / "r.db", create=True)
    yield show_main_window(store)
    store.close()


def _new_referral(qtbot, win, menu="File", item="New client"):
    """File > New client… (or Referrals > New referral…), as a user chooses it."""
    setattr(win, DIALOG, None)
    action = next(
        a
        for top in win.menuBar().actions()
        if top.text().replace("&", "") == menu
        for a in top.menu().actions()
        if a.text().replace("&", "").startswith(item)
    )
    action.trigger()
    qtbot.waitUntil(lambda: getattr(win, DIALOG, None) is not None)
    dialog = getattr(win, DIALOG)
    qtbot.waitExposed(dialog)
    return dialog


def _kept(win):
    return drafts.load_intake_draft(win.store, current_staff(), drafts.NEW_REFERRAL)


def _type(qtbot, dialog):
    qtbot.keyClicks(dialog.edits["given_name"], "Marek")
    qtbot.keyClicks(dialog.edits["family_name"], "Nowak")
    qtbot.keyClicks(dialog.edits["date_of_birth"].edit, "03/02/1958")
    qtbot.keyClicks(dialog.referrer, "Dr A. Shah")
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, REASON)


def test_typing_is_kept_as_a_draft_and_offered_back_after_the_form_is_lost(window, qtbot):
    dialog = _new_referral(qtbot, window)
    _type(qtbot, dialog)
    # Autosaved a second after the typing stops, before any question about closing.
    qtbot.waitUntil(lambda: _kept(window) is not None, timeout=5000)
    kept = _kept(window).payload
    assert kept["given_name"] == "Marek" and kept["family_name"] == "Nowak"
    assert kept["date_of_birth"] == "03/02/1958" and kept["reason"] == REASON
    assert list(records.select(window.store, "clients")) == []  # a draft, not a client

    # The form is lost without any answer (as in a crash): the words are still there.
    dialog.guard.timer.stop()
    dialog.hide()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    again = _new_referral(qtbot, window)
    qtbot.waitUntil(lambda: again.guard.offer is not None)
    assert "Nowak" in again.guard.offer.text() or REASON[:20] in again.guard.offer.text()
    again.guard.answers["restore"].click()
    qtbot.waitUntil(lambda: again.guard.offer is None)
    assert again.edits["given_name"].text() == "Marek"
    assert again.edits["family_name"].text() == "Nowak"
    assert again.edits["date_of_birth"].iso() == "1958-02-03"  # shown as 03-Feb-1958
    assert again.referrer.text() == "Dr A. Shah"
    assert again.reason.toPlainText() == REASON

    # Saving the referral makes the person a client, and the draft has served its turn.
    with qtbot.waitSignal(again.accepted):
        again.try_save()
    assert [c["family_name"] for c in records.select(window.store, "clients")] == ["Nowak"]
    assert _kept(window) is None


def test_escape_asks_first_with_the_words_already_kept_and_discard_deletes_them(window, qtbot):
    dialog = _new_referral(qtbot, window, "Referrals", "New referral")
    _type(qtbot, dialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.guard.question is not None)
    assert dialog.isVisible()
    assert _kept(window).payload["reason"] == REASON  # kept while the question is open
    said = dialog.guard.question.informativeText()
    assert "draft is kept" in said and "for you only" in said and "client's record" not in said
    with qtbot.waitSignal(dialog.rejected):
        dialog.guard.answers["discard"].click()
    assert _kept(window) is None
    # Next time the form opens empty, with no offer of discarded words.
    again = _new_referral(qtbot, window)
    qtbot.wait(300)
    assert again.guard.offer is None and again.reason.toPlainText() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.edits["nhs_number"])


def test_the_draft_belongs_to_the_person_who_typed_it(tmp_path):
    store = open_store(tmp_path / "s.db", create=True)
    try:
        words = {"given_name": "Marek", "reason": REASON}
        drafts.save_intake_draft(store, "Karen Pickles", drafts.NEW_REFERRAL, words)
        assert drafts.load_intake_draft(store, "Yasmin Hanif", drafts.NEW_REFERRAL) is None
        mine = drafts.load_intake_draft(store, "Karen Pickles", drafts.NEW_REFERRAL)
        assert mine.payload == words
        drafts.save_intake_draft(store, "Karen Pickles", drafts.NEW_REFERRAL, {"reason": "x"})
        rows = list(records.select(store, "intake_drafts"))
        assert len(rows) == 1 and rows[0]["payload"] == '{"reason": "x"}'
        drafts.discard_intake_draft(store, "Karen Pickles", drafts.NEW_REFERRAL)
        assert list(records.select(store, "intake_drafts")) == []
    finally:
        store.close()
