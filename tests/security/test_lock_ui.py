"""On screen: the idle lock hides patient data and gives the half-filled form back; a community
partner signed in never sees a client's notes; NHS numbers leave the clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from painclinic_desktop.services import bundles, drafts
from painclinic_desktop.store import connection, records
from painclinic_desktop.ui.clipboard import ClipboardGuard, holds_nhs_number
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.sign_in import SignInDialog
from tests.factories import bundle, client, contact, referral, uid

from .conftest import PASSWORDS, give_the_partner_their_records

NAME = "Quixotewhistle"
NOTE = "Spoke about her son's illness and the pacing diary"
AYESHA = uid("ayesha")


@pytest.fixture
def caseload(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store,
        bundle(
            clients=[client("ayesha", family_name=NAME, interpreter_needed=False)],
            referrals=[referral("r1")],
            contacts=[contact("c1", note=NOTE)],
        ),
    )
    give_the_partner_their_records(service, store)
    return service


def _window(qtbot, store):
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.reload()
    return win


def _texts(widget: QWidget) -> list[str]:
    found = [widget.windowTitle()] if widget.isWindow() else []
    if isinstance(widget, QLabel):
        found.append(widget.text())
    elif isinstance(widget, QLineEdit):
        found.append(widget.text())
    elif isinstance(widget, QPlainTextEdit):
        found.append(widget.toPlainText())
    elif isinstance(widget, QTextEdit):
        found.append(widget.toPlainText())
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        found += [
            str(model.index(r, c).data())
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ]
    return found


def _on_screen(needle: str) -> bool:
    return any(
        needle in text for w in QApplication.allWidgets() if w.isVisible() for text in _texts(w)
    )


def _where(needle: str) -> list[str]:
    """Which visible widgets show ``needle`` (for a readable failure)."""
    return [
        type(w).__name__
        for w in QApplication.allWidgets()
        if w.isVisible()
        for text in _texts(w)
        if needle in text
    ]


def _anywhere(needle: str) -> bool:
    return any(needle in text for w in QApplication.allWidgets() for text in _texts(w))


def _contacts(win):
    return next(s for s in win.record.sections if type(s).__name__ == "ContactsSection")


def test_idle_lock_hides_patient_data_and_gives_back_the_half_filled_contact(caseload, qtbot):
    store = caseload.sign_in("coach")
    win = _window(qtbot, store)
    win.open_client(AYESHA)
    _contacts(win).new_contact()
    qtbot.waitUntil(lambda: getattr(_contacts(win), "dialog", None) is not None)
    form = _contacts(win).dialog
    form.note.setPlainText("Half-written: walked to the shop")
    assert _on_screen(NAME) and _on_screen("Half-written")

    lock = win.lock_controller
    lock.timer.setInterval(150)  # the idle time, shortened for the test
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert not _on_screen(NAME) and not _on_screen("Half-written") and not _on_screen(NOTE)
    assert store.is_locked and connection.unlocked(caseload.path) is None  # key dropped
    assert lock.dialog.isVisible() and lock.dialog.name.text() == "Cal Coach"

    lock.dialog.password.setText("not my password")
    lock.dialog.try_sign_in()
    qtbot.waitUntil(lambda: "not right" in lock.dialog.message.text(), timeout=30_000)
    assert lock.is_locked

    lock.dialog.password.setText(PASSWORDS["coach"])
    lock.dialog.try_sign_in()
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=30_000)
    assert form.isVisible() and form.note.toPlainText() == "Half-written: walked to the shop"
    assert win.pages.currentWidget() is win.record and _on_screen(NAME)
    # The words were also kept, encrypted, in the database before the key went: closing the
    # app from the lock screen would not have lost them.
    kept = drafts.load_draft(store, AYESHA, "contact")
    assert kept is not None and kept.payload["note"] == "Half-written: walked to the shop"
    with qtbot.waitSignal(form.accepted):
        form.try_save()  # the store works again after signing in
    saved = [c["note"] for c in records.select(store, "contacts")]
    assert "Half-written: walked to the shop" in saved
    assert drafts.load_draft(store, AYESHA, "contact") is None  # saved: the draft has gone
    win.close()
    store.close()


def test_ctrl_l_locks_at_once(caseload, qtbot):
    store = caseload.sign_in("coach")
    win = _window(qtbot, store)
    qtbot.keyClick(win, "l", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.lock_controller.is_locked, timeout=2000)
    assert not _on_screen(NAME), _where(NAME)
    win.lock_controller.dialog.reject()  # quitting from the lock screen
    store.close()


def test_a_community_partner_cannot_open_a_clients_notes(caseload, qtbot):
    store = caseload.sign_in("community_partner")
    win = _window(qtbot, store)
    win.open_client(AYESHA)
    assert win.pages.currentWidget() is win.record
    assert _on_screen(NAME)  # contact details: yes
    assert not _anywhere(NOTE)  # the note is nowhere in the window, shown or hidden
    assert not _contacts(win).new_button.isEnabled()
    win.close()
    store.close()


def test_the_sign_in_dialog_says_plainly_when_the_password_is_wrong(caseload, qtbot):
    from painclinic_desktop.services import accounts

    dialog = SignInDialog(lambda n, p: accounts.sign_in(caseload.path, n, p), "Sign in")
    qtbot.addWidget(dialog)
    dialog.name.setText("Cal Coach")
    dialog.password.setText("wrong password")
    dialog.try_sign_in()
    qtbot.waitUntil(lambda: "not right" in dialog.message.text(), timeout=30_000)
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORDS["coach"])
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.try_sign_in()
    dialog.result_value.close()


def test_an_nhs_number_copied_is_cleared_after_the_wait_if_still_there(qtbot):
    guard = ClipboardGuard(clear_after_ms=100)
    clipboard = QApplication.clipboard()
    clipboard.setText("943 476 5919")
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)
    clipboard.setText("943 476 5919")
    clipboard.setText("Walking group, Tuesdays")  # replaced before the wait: left alone
    qtbot.wait(250)
    assert clipboard.text() == "Walking group, Tuesdays"
    assert holds_nhs_number("NHS 9434765919") and not holds_nhs_number("9434765918")
    guard.deleteLater()


def test_open_forms_keep_their_draft_before_the_key_is_dropped(caseload, qtbot):
    store = caseload.sign_in("coach")
    win = _window(qtbot, store)
    kept = []

    class FormWithDraft(QWidget):
        def keep_draft(self):
            kept.append(store.is_locked)  # still able to write when asked

    form = FormWithDraft()
    qtbot.addWidget(form)
    form.show()
    win.lock_controller.lock()
    assert kept == [False] and store.is_locked
    win.lock_controller.dialog.reject()
    store.close()
