"""Admin ▸ Accounts, pressed as an admin would: add, change role, reset, switch off, a new
recovery key and changing one's own password, each through the same services as
`painclinic users …`, audited, with refusals shown beside the field and nothing typed lost."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from painclinic_desktop.core.security_errors import AccountDisabled, WrongPassword
from painclinic_desktop.services import accounts, audit, session
from painclinic_desktop.store import connection
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.screens.accounts.view import AccountsDialog

from .conftest import ADMIN, NAMES, PASSWORDS

NEW = "Sam Khan"
NEW_PASSWORD = "sunny bradford morning"


def fresh_session(service, role="admin"):
    """Sign in again as someone else, as a new app start would."""
    session.sign_out()
    connection._unlocked.clear()
    return service.sign_in(role) if role else None


def menu_action(window, *path):
    menu_bar = window.menuBar()
    actions = menu_bar.actions()
    for i, name in enumerate(path):
        found = [a for a in actions if a.text().replace("&", "") == name]
        assert found, f"no {name!r} in {[a.text() for a in actions]}"
        if i < len(path) - 1:
            actions = found[0].menu().actions()
    return found[0]


@pytest.fixture
def window(service, qtbot):
    store = service.sign_in("admin")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: any(a.text() == "&Admin" for a in win.menuBar().actions()))
    yield win
    win.close()
    store.close()


@pytest.fixture
def screen(window, qtbot) -> AccountsDialog:
    menu_action(window, "Admin", "Accounts…").trigger()
    dialog = window.accounts_dialog
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def said(monkeypatch):
    """Information boxes answered (and recorded) by the test."""
    told: list[str] = []

    def information(_parent, _title, text, *args, **kwargs):
        told.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return told


def answer_questions(monkeypatch, answer=QMessageBox.StandardButton.Yes):
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def rows(screen: AccountsDialog) -> dict[str, tuple[str, ...]]:
    model = screen.model
    return {
        model.rows[r].name: tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    }


def choose(screen: AccountsDialog, name: str) -> None:
    names = [r.name for r in screen.model.rows]
    screen.table.selectRow(names.index(name))


def press(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be pressed"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok(qtbot, form) -> None:
    press(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def error_beside(form, field: str) -> str:
    label = form.errors[field]
    return label.text() if label.isVisible() else ""


def test_the_list_shows_everyone_with_role_state_and_last_sign_in(screen, qtbot):
    shown = rows(screen)
    assert set(shown) == set(NAMES.values())
    assert shown[ADMIN][:3] == (f"{ADMIN} (you)", "Admin", "Switched on")
    assert shown[ADMIN][3] != "Not yet"  # signed in just now, from the audit trail
    assert shown[NAMES["coach"]][1:] == ("Health coach", "Switched on", "Not yet")
    close = screen.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    press(qtbot, close)
    assert closed(screen)


def test_adding_an_account_refuses_bad_input_beside_the_field_then_hands_over(
    screen, qtbot, said, service
):
    press(qtbot, screen.buttons["add"])
    form = screen.form
    qtbot.keyClicks(form.name, NAMES["coach"])  # already there
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD + "x")
    ok(qtbot, form)
    assert error_beside(form, "again") == "The two passwords are not the same."
    form.again.clear()
    qtbot.keyClicks(form.again, NEW_PASSWORD)
    assert error_beside(form, "again") == ""  # cleared when the field is fixed
    ok(qtbot, form)
    qtbot.waitUntil(lambda: bool(error_beside(form, "name")))
    assert error_beside(form, "name") == f"There is already an account called {NAMES['coach']}."
    assert form.isVisible() and form.password.text() == NEW_PASSWORD  # nothing lost

    form.name.clear()
    qtbot.keyClicks(form.name, NEW)
    form.password.clear()
    form.again.clear()
    qtbot.keyClicks(form.password, "short")
    qtbot.keyClicks(form.again, "short")
    ok(qtbot, form)
    qtbot.waitUntil(lambda: bool(error_beside(form, "password")))
    assert "at least 10 characters" in error_beside(form, "password")

    form.password.clear()
    form.again.clear()
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD)
    form.role.setCurrentIndex(form.role.findData("clinician"))
    ok(qtbot, form)
    qtbot.waitUntil(lambda: closed(form), timeout=10_000)
    assert rows(screen)[NEW][1:3] == ("Clinician", "Switched on")
    assert screen.chosen().name == NEW
    (handover,) = said
    assert handover.startswith(f"{NEW} can now sign in as clinician.")
    assert "in person" in handover and "Never send it by email" in handover

    detail = [r["detail"] for r in audit.trail(screen.store, action="user_management")]
    assert "added as clinician" in detail
    fresh_session(service, role=None)
    accounts.sign_in(service.path, NEW, NEW_PASSWORD).close()
    assert session.signed_in() == session.SignedIn(NEW, "clinician")


def test_change_role_and_the_last_admin_is_kept(screen, qtbot):
    choose(screen, NAMES["coach"])
    press(qtbot, screen.buttons["role"])
    form = screen.form
    form.role.setCurrentIndex(form.role.findData("clinician"))
    ok(qtbot, form)
    qtbot.waitUntil(lambda: closed(form), timeout=10_000)
    assert rows(screen)[NAMES["coach"]][1] == "Clinician"
    assert screen.message.text() == f"{NAMES['coach']} is now clinician."

    choose(screen, ADMIN)
    press(qtbot, screen.buttons["role"])
    form = screen.form
    form.role.setCurrentIndex(form.role.findData("coach"))
    ok(qtbot, form)
    qtbot.waitUntil(lambda: bool(error_beside(form, "role")))
    assert error_beside(form, "role") == "The service needs at least one active admin account."
    press(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    assert rows(screen)[ADMIN][1] == "Admin"


def test_reset_password_gives_a_new_one_and_the_old_stops_working(screen, qtbot, service):
    choose(screen, NAMES["clinician"])
    press(qtbot, screen.buttons["reset"])
    form = screen.form
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD)
    ok(qtbot, form)
    qtbot.waitUntil(lambda: closed(form), timeout=10_000)
    assert "has a new password" in screen.message.text()
    fresh_session(service, role=None)
    with pytest.raises(WrongPassword):
        accounts.sign_in(service.path, NAMES["clinician"], PASSWORDS["clinician"])
    accounts.sign_in(service.path, NAMES["clinician"], NEW_PASSWORD).close()


def test_switching_off_a_leaver_asks_first_and_they_cannot_sign_in(
    screen, qtbot, monkeypatch, service
):
    choose(screen, ADMIN)
    assert not screen.buttons["off"].isEnabled()  # never yourself
    choose(screen, NAMES["social_prescriber"])
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    press(qtbot, screen.buttons["off"])
    assert asked and rows(screen)[NAMES["social_prescriber"]][2] == "Switched on"

    answer_questions(monkeypatch)
    press(qtbot, screen.buttons["off"])
    qtbot.waitUntil(lambda: rows(screen)[NAMES["social_prescriber"]][2] != "Switched on")
    assert rows(screen)[NAMES["social_prescriber"]][2].startswith("Switched off on ")
    assert not screen.buttons["role"].isEnabled()
    assert screen.buttons["reset"].text().replace("&", "") == "Switch back on…"
    # The database now has a new data key: the app carries on reading it.
    window = screen.parentWidget()
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        window.reload()
    fresh_session(service, role=None)
    with pytest.raises((AccountDisabled, WrongPassword)):
        accounts.sign_in(service.path, NAMES["social_prescriber"], PASSWORDS["social_prescriber"])


def test_a_new_recovery_key_is_shown_once_and_kept_until_stored(
    screen, qtbot, monkeypatch, service
):
    answer_questions(monkeypatch)
    press(qtbot, screen.buttons["recovery"])
    qtbot.waitUntil(lambda: getattr(screen, "key_dialog", None) is not None, timeout=10_000)
    shown = screen.key_dialog
    assert not shown.close_button.isEnabled()
    shown.reject()  # Escape does not skip it
    assert shown.isVisible()
    press(qtbot, shown.stored)
    press(qtbot, shown.close_button)
    assert closed(shown)
    key = shown.key.text().replace("\n", "-")
    fresh_session(service, role=None)
    accounts.recover(service.path, key, ADMIN, "a brand new phrase").close()
    with pytest.raises(WrongPassword):
        accounts.recover(service.path, service.recovery_key, ADMIN, "another new phrase")


def test_anyone_changes_their_own_password_from_the_file_menu(service, qtbot):
    store = fresh_session(service, "coach")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in win.menuBar().actions()))
    assert not any(a.text() == "&Admin" for a in win.menuBar().actions())  # admins only
    menu_action(win, "File", "Change my password…").trigger()
    form = win.password_dialog
    qtbot.keyClicks(form.old, "not my password")
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD)
    ok(qtbot, form)
    qtbot.waitUntil(lambda: bool(error_beside(form, "old")), timeout=10_000)
    assert error_beside(form, "old") == "That is not your current password."
    form.old.clear()
    qtbot.keyClicks(form.old, PASSWORDS["coach"])
    ok(qtbot, form)
    qtbot.waitUntil(lambda: closed(form), timeout=10_000)
    assert win.status_text.text() == "Your password has been changed."
    win.close()
    store.close()
    fresh_session(service, role=None)
    accounts.sign_in(service.path, NAMES["coach"], NEW_PASSWORD).close()


def test_a_partner_account_is_refused_here_and_the_partner_bundle_is_offered(
    screen, qtbot, monkeypatch, service, tmp_path
):
    """Issue 14: no partner slot beside clinical records; the screen says why and exports
    the partner bundle for the partner's own database instead."""
    import json

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from painclinic_desktop.core import permissions
    from painclinic_desktop.store import keys

    slots_before = keys.load(service.path).slots
    out = tmp_path / "for-the-partner.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    press(qtbot, screen.buttons["add"])
    form = screen.form
    qtbot.keyClicks(form.name, "Faith Centre Volunteer")
    form.role.setCurrentIndex(form.role.findData(permissions.COMMUNITY_PARTNER))
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD)
    explained: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        explained.append(box.text())
        export = next(b for b in box.buttons() if "partner bundle" in b.text().replace("&", ""))
        export.click()

    QTimer.singleShot(0, answer)
    ok(qtbot, form)
    assert explained and "holds clinical records" in explained[0]
    assert "partner bundle" in explained[0]
    qtbot.waitUntil(lambda: out.exists() and bool(told), timeout=10_000)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["scope"] == "community" and "contacts" not in doc
    assert "partner bundle" in told[0]
    sent = len(doc["clients"])  # the message counts what the file holds
    assert told[0].startswith("Exported 1 client to" if sent == 1 else f"Exported {sent:,} clients")
    assert keys.load(service.path).slots == slots_before  # no slot was made
    assert "Faith Centre Volunteer" not in rows(screen)
    assert not closed(form)  # what was typed is still there, to cancel or change the role
    form.reject()
