"""A new service's first day, entirely in the GUI: the set-up guide makes the service database
and gives it two coaches; a coach signs in, records a referral, triages it (assigning the
other coach), then records a contact and an assessment on the client's record."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWizard

from painclinic_desktop.services import accounts, session
from painclinic_desktop.store import connection, records
from painclinic_desktop.ui.first_run import FirstRunGuide
from painclinic_desktop.ui.first_run.guide import READY, RECOVERY, TEAM
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.sign_in import SignInDialog, dialog_intro

ADMIN = ("Jo Admin", "three calm words")
COACHES = (("Amira Shah", "coach phrase amira"), ("Ben Carter", "coach phrase ben"))
NEXT = QWizard.WizardButton.NextButton


@pytest.fixture(autouse=True)
def _quick_keys(monkeypatch):
    # Documented test-only setting (core/keyslots.py): real key slots take about half a second.
    monkeypatch.setenv("PAINCLINIC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PAINCLINIC_ARGON2_MEMORY_KIB", "1024")
    yield
    session.sign_out()
    connection._unlocked.clear()


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be pressed"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def trigger(window, *path) -> None:
    actions = window.menuBar().actions()
    for name in path:
        (action,) = [a for a in actions if a.text().replace("&", "") == name]
        if action.menu() is not None:
            action.menu().aboutToShow.emit()  # menus set what is allowed as they open
            actions = action.menu().actions()
    assert action.isEnabled(), f"{name} is greyed out"
    action.trigger()


def button(parent, words: str) -> QPushButton:
    (found,) = [
        b
        for b in parent.findChildren(QPushButton)
        if b.text().replace("&", "") == words and b.isVisible()
    ]
    return found


def set_up_with_two_coaches(qtbot, folder):
    guide = FirstRunGuide(folder)
    qtbot.addWidget(guide)
    guide.show()
    qtbot.keyClicks(guide.service.name, "Rethinking Pain")
    click(qtbot, guide.button(NEXT))
    click(qtbot, guide.button(NEXT))
    qtbot.keyClicks(guide.admin.name, ADMIN[0])
    qtbot.keyClicks(guide.admin.password, ADMIN[1])
    qtbot.keyClicks(guide.admin.again, ADMIN[1])
    click(qtbot, guide.button(QWizard.WizardButton.CommitButton))
    qtbot.waitUntil(lambda: guide.currentId() == RECOVERY, timeout=20_000)
    click(qtbot, guide.recovery.stored)
    click(qtbot, guide.button(NEXT))
    assert guide.currentId() == TEAM
    for name, password in COACHES:
        qtbot.keyClicks(guide.team.name, name)
        qtbot.keyClicks(guide.team.password, password)
        qtbot.keyClicks(guide.team.again, password)
        added = guide.team.team.count() + 1
        click(qtbot, guide.team.add_button)
        qtbot.waitUntil(lambda n=added: guide.team.team.count() == n, timeout=10_000)
    click(qtbot, guide.button(NEXT))
    assert guide.currentId() == READY
    click(qtbot, guide.button(QWizard.WizardButton.FinishButton))
    return guide.outcome


def sign_in(qtbot, path, name, password):
    dialog = SignInDialog(
        lambda n, p: accounts.sign_in(path, n, p, check_beside=True), dialog_intro(path)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        click(qtbot, dialog.sign_in_button)
    return dialog.result_value


def open_window(qtbot, store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.caseload_shown, timeout=20_000):
        window.start()
    qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in window.menuBar().actions()))
    return window


def section(window, name: str):
    return next(s for s in window.record.sections if type(s).__name__ == name)


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_a_new_service_is_set_up_given_two_coaches_and_records_its_first_client(qtbot, tmp_path):
    outcome = set_up_with_two_coaches(qtbot, tmp_path / "PainClinic data")
    path = outcome.path
    accounts.sign_out(outcome.store)  # the admin closes the app; a coach signs in

    store = sign_in(qtbot, path, *COACHES[0])
    assert session.signed_in() == session.SignedIn(COACHES[0][0], "coach")
    window = open_window(qtbot, store)

    # The referral, typed in.
    trigger(window, "Referrals", "New referral…")
    intake = window.referral_dialog
    qtbot.waitExposed(intake)
    for key, text in (
        ("nhs_number", "943 476 5919"),
        ("given_name", "Ayesha"),
        ("family_name", "Khan"),
        ("date_of_birth", "12/04/1961"),
    ):
        qtbot.keyClicks(intake.edits[key], text)
    qtbot.keyClicks(intake.reason, "Back pain for 4 years")
    with qtbot.waitSignal(intake.accepted):
        click(qtbot, intake.buttons.button(intake.buttons.StandardButton.Save))

    # Triage: accepted and assigned to the other coach, from the list of accounts.
    trigger(window, "Referrals", "Triage…")
    triage = window.referral_dialog
    qtbot.waitExposed(triage)
    assert triage.pending.rowCount() == 1
    triage.pending_table.selectRow(0)
    click(qtbot, button(triage, "Accept…"))
    form = triage.dialog
    coach = form.widgets["coach"]
    offered = [coach.itemText(i) for i in range(coach.count())]
    assert [name for name, _ in COACHES] == [n for n in offered if n]
    coach.setCurrentIndex(offered.index(COACHES[1][0]))
    with qtbot.waitSignal(form.accepted):
        click(qtbot, form.save_button)
    assert triage.pending.rowCount() == 0
    with qtbot.waitSignal(window.caseload_shown, timeout=20_000):
        triage.reject()  # closing triage shows the caseload afresh

    # The client is on the caseload (open now); Enter opens the record.
    qtbot.keyClicks(window.caseload.search, "Khan")
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1)
    window.caseload.table.setFocus()
    window.caseload.table.selectRow(0)
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.record)

    # A contact.
    contacts = section(window, "ContactsSection")
    window.record.tabs.setCurrentWidget(contacts)
    assert not contacts.who_can.isVisible()  # a coach records contacts: no note
    click(qtbot, contacts.new_button)
    qtbot.waitUntil(lambda: getattr(contacts, "dialog", None) is not None)
    contact = contacts.dialog
    contact.duration.setValue(45)
    contact.note.setPlainText("First visit: talked about pacing.")
    with qtbot.waitSignal(contact.accepted):
        click(qtbot, contact.buttons.button(contact.buttons.StandardButton.Save))

    # An assessment (GAD-7 only, to keep the test short).
    outcomes = section(window, "OutcomesSection")
    window.record.tabs.setCurrentWidget(outcomes)
    qtbot.waitUntil(lambda: outcomes.new_button.isEnabled())
    click(qtbot, outcomes.new_button)
    qtbot.waitUntil(lambda: outcomes.dialog is not None)
    assessment = outcomes.dialog
    for name, tick in assessment.page_for["start"].ticks.items():
        if tick.isChecked() != (name == "gad7"):
            tick.click()
    while assessment.state.current_step != "gad7":
        click(qtbot, assessment.next)
    page = assessment.page_for["gad7"]
    for digit in "1210100":
        qtbot.keyClick(page, getattr(Qt.Key, f"Key_{digit}"))
    while assessment.state.current_step != "summary":
        click(qtbot, assessment.next)
    click(qtbot, assessment.finish)
    qtbot.waitUntil(lambda: closed(assessment))

    # What was recorded, and by whom.
    (client,) = records.select(window.store, "clients")
    assert (client["given_name"], client["assigned_staff"]) == ("Ayesha", COACHES[1][0])
    (referral,) = records.select(window.store, "referrals")
    assert referral["outcome"] == "accepted"
    (saved_contact,) = records.select(window.store, "contacts")
    assert (saved_contact["staff"], saved_contact["duration_minutes"]) == (COACHES[0][0], 45)
    (saved,) = records.select(window.store, "assessments")
    assert (saved["instrument"], saved["items"]) == ("gad7", [1, 2, 1, 0, 1, 0, 0])
    assert saved["recorded_by"] == COACHES[0][0]
    window.close()
    QApplication.processEvents()
    accounts.sign_out(store)
