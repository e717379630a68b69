"""An admin on a new service database meets clinical actions they may not take: the screen
says who can and offers to add a coach, instead of a bare greyed button or an empty list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from painclinic_desktop.services import accounts, referrals, session
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import records
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import bundle, client, referral, uid

from .conftest import ADMIN, NAMES, PASSWORDS


@pytest.fixture
def new_service(tmp_path):
    """A service database with only its first admin (signed in) and one client."""
    path = tmp_path / "service" / "painclinic.db"
    path.parent.mkdir()
    store, _key = accounts.create_service_database(path, ADMIN, PASSWORDS["admin"])
    import_bundle(store, bundle(clients=[client("ayesha")], referrals=[referral("r1")]))
    yield store
    store.close()


@pytest.fixture
def window(new_service, qtbot):
    win = MainWindow(new_service)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in win.menuBar().actions()))
    yield win
    win.close()


def section(window, name: str):
    return next(s for s in window.record.sections if type(s).__name__ == name)


def press(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be pressed"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("ContactsSection", "record contacts"),
        ("OutcomesSection", "record assessments"),
        ("PlanSection", "write plans and goals"),
        ("StarSection", "set up and rate iGro stars"),
    ],
)
def test_the_admin_is_told_who_records_and_can_add_a_coach_there(
    window, qtbot, monkeypatch, name, what
):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window.open_client(uid("ayesha"))
    part = section(window, name)
    window.record.tabs.setCurrentWidget(part)
    qtbot.waitUntil(part.who_can.isVisible)
    if hasattr(part, "new_button"):
        assert not part.new_button.isEnabled()
    words = part.who_can.words.text()
    assert words.startswith(
        f"Only health coaches, social prescribers and clinicians {what}. Add a coach in "
        "Admin ▸ Accounts"
    )
    press(qtbot, part.who_can.add_button)
    accounts_screen = part.window().accounts_dialog
    form = accounts_screen.form
    assert form.isVisible() and form.role.currentData() == "coach"
    qtbot.keyClicks(form.name, NAMES["coach"])
    qtbot.keyClicks(form.password, PASSWORDS["coach"])
    qtbot.keyClicks(form.again, PASSWORDS["coach"])
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: NAMES["coach"] in [r.name for r in accounts_screen.model.rows])
    assert told and told[0].startswith(f"{NAMES['coach']} can now sign in as health coach.")


def test_a_coach_sees_no_note(service, qtbot):
    store = service.sign_in("coach")
    import_bundle(store, bundle(clients=[client("ayesha")], referrals=[referral("r1")]))
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in win.menuBar().actions()))
    assert not any(a.text() == "&Admin" for a in win.menuBar().actions())
    win.open_client(uid("ayesha"))
    part = section(win, "ContactsSection")
    win.record.tabs.setCurrentWidget(part)
    assert part.new_button.isEnabled() and not part.who_can.isVisible()
    win.close()
    store.close()


def _pending(store) -> str:
    """A referral waiting for triage; its id."""
    saved = referrals.add_referral(
        store,
        {
            "given_name": "Imran",
            "family_name": "Hussain",
            "date_of_birth": "1980-02-01",
            "received_on": "2026-11-02",
            "source": "gp",
        },
        session.current_staff(),
    )
    return saved["id"]


def _answer_box(qtbot, words: str) -> list[str]:
    """Press the button saying ``words`` in the message box that is about to open."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        (choice,) = [b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == words]
        choice.click()

    QTimer.singleShot(0, answer)
    return seen


def _triage(window, qtbot):
    action = next(
        a
        for m in window.menuBar().actions()
        if m.menu() is not None
        for a in m.menu().actions()
        if a.text().replace("&", "") == "Triage…"
    )
    action.trigger()
    dialog = window.referral_dialog
    qtbot.waitExposed(dialog)
    dialog.pending_table.selectRow(0)
    return dialog


def test_accept_with_nobody_to_assign_says_how_to_add_a_coach(window, new_service, qtbot):
    _pending(new_service)
    triage = _triage(window, qtbot)
    seen = _answer_box(qtbot, "Add a coach…")
    triage.accept_referral()
    assert seen and seen[0].startswith("There is nobody to assign this referral to yet.")
    assert "Add a coach in Admin ▸ Accounts" in seen[0]
    form = triage.accounts_dialog.form  # the accounts screen, on top of triage
    assert form.isVisible() and form.role.currentData() == "coach"
    assert getattr(triage, "dialog", None) is None  # not accepted yet
    form.reject()


def test_accept_without_a_coach_is_still_possible(window, new_service, qtbot):
    referral_id = _pending(new_service)
    triage = _triage(window, qtbot)
    _answer_box(qtbot, "Accept without a coach")
    triage.accept_referral()
    quick = triage.dialog
    assert [quick.widgets["coach"].itemText(i) for i in range(quick.widgets["coach"].count())] == [
        ""
    ]
    with qtbot.waitSignal(quick.accepted):
        quick.try_save()
    assert records.get(new_service, "referrals", referral_id)["outcome"] == "accepted"
