"""The Programmes page and the programme report dialog, used as a coach and an evaluator
would: a programme made of the sessions already held, a client enrolled from the caseload,
attendance shown from the registers against the rule, a completion below the rule refused
until a reason is given, a drop-out with its reason, and the report written."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from painclinic_desktop.services import groups, programmes, session
from painclinic_desktop.ui.screens.programmes import view as page_module
from painclinic_desktop.ui.screens.programmes.dialogs import (
    CompletedDialog,
    DropoutDialog,
    ProgrammeDialog,
)
from painclinic_desktop.ui.screens.programmes.view import ProgrammesPage
from painclinic_desktop.ui.screens.reports.programme_dialog import ProgrammeReportDialog
from tests.factories import client, grace, new_store, uid

STAFF = "Coach One"
TODAY = date.today()


@pytest.fixture
def store(tmp_path):
    session.sign_out()
    s = new_store(
        tmp_path / "p.db", clients=[client("ayesha", nhs_number=None, family_name="Khan"), grace()]
    )
    yield s
    s.close()


def _held(store, days_ago):
    held_on = (TODAY - timedelta(days=days_ago)).isoformat()
    return groups.create_session(
        store,
        {"module": "t2_01", "held_on": held_on, "venue": "Girlington Centre",
         "facilitator": STAFF},
        STAFF,
    )["id"]  # fmt: skip


def _tick_in_dialog(dialog, session_ids):
    for i in range(dialog.sessions.count()):
        item = dialog.sessions.item(i)
        if item.data(Qt.ItemDataRole.UserRole + 1) in session_ids:
            item.setCheckState(Qt.CheckState.Checked)


def test_a_coach_makes_a_programme_from_the_sessions_held(qtbot, store, told):
    first, second = _held(store, 7), _held(store, 3)
    dialog = ProgrammeDialog(store, lambda: STAFF)
    qtbot.addWidget(dialog)
    dialog._save()  # no name: refused, the form stays open
    assert told and "name" in told[-1] and dialog.result() == 0
    dialog.name.setText("Girlington winter")
    dialog.planned.setValue(4)
    dialog.starts_on.setText((TODAY - timedelta(days=7)).strftime("%d/%m/%Y"))
    _tick_in_dialog(dialog, {first, second})
    assert "at least 3 of the 4 planned sessions; 2 ticked" in dialog.rule_words.text()
    dialog._save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved["session_ids"] == [first, second]
    assert dialog.saved["attendance_rule_percent"] == 75


def _programme_with_clients(store):
    sessions = [_held(store, 9), _held(store, 6), _held(store, 3)]
    saved = programmes.add_programme(
        store,
        {"name": "Girlington winter", "planned_sessions": 4,
         "starts_on": (TODAY - timedelta(days=9)).isoformat(), "session_ids": sessions},
        STAFF,
    )  # fmt: skip
    for sid in sessions:
        groups.mark_attendance(store, sid, uid("ayesha"), True, STAFF, TODAY)
    groups.mark_attendance(store, sessions[0], uid("grace"), True, STAFF, TODAY)
    return saved


def test_enrolled_clients_show_their_attendance_against_the_rule(qtbot, store, told, monkeypatch):
    saved = _programme_with_clients(store)
    page = ProgrammesPage(store, lambda: STAFF)
    qtbot.addWidget(page)
    page.refresh()
    assert page.programmes_model.rows[0][1] == "Girlington winter"
    assert "3 or more" in page.words.text()

    class Finder:  # the client chosen in the finder, as a person would
        def __init__(self, index, *args):
            self.index = index

        def exec(self):
            return QDialog.DialogCode.Accepted

        def client_id(self):
            return next(hit.client_id for hit in self.index if hit.name == "Ayesha Khan")

    monkeypatch.setattr(page_module, "ClientFinder", Finder)
    page.enrol.click()
    qtbot.waitUntil(lambda: len(page.clients_model.rows) == 1, timeout=10000)
    programmes.enrol(store, saved["id"], uid("grace"), STAFF)
    page.refresh()
    rows = {r[0]: r for r in page.clients_model.rows}
    assert rows["Ayesha Khan"][2:5] == ("3 / 4 (75%)", "met", "Enrolled")
    assert rows["Grace Okafor"][2:4] == ("1 / 4 (25%)", "not met")


def test_completion_below_the_rule_needs_a_reason_and_a_drop_out_keeps_its_reason(
    qtbot, store, told
):
    saved = _programme_with_clients(store)
    for name in ("ayesha", "grace"):
        programmes.enrol(store, saved["id"], uid(name), STAFF, on=TODAY - timedelta(days=10))
    page = ProgrammesPage(store, lambda: STAFF)
    qtbot.addWidget(page)
    page.refresh()
    lines = {line.name: line for line in page._lines}

    below = CompletedDialog(store, lambda: STAFF, lines["Grace Okafor"])
    qtbot.addWidget(below)
    below._save()
    assert "the rule asks for 3" in told[-1] and below.result() == 0
    below.note.setPlainText("Caught up one to one")
    below._save()
    assert below.saved["status"] == "completed"

    out = DropoutDialog(store, lambda: STAFF, lines["Ayesha Khan"])
    qtbot.addWidget(out)
    out._save()  # no reason chosen: refused
    assert below.result() == QDialog.DialogCode.Accepted and out.result() == 0
    out.reason.setCurrentIndex(out.reason.findData("travel_or_access"))
    out._save()
    page.refresh()
    rows = {r[0]: r for r in page.clients_model.rows}
    assert rows["Grace Okafor"][4] == "Completed"
    assert rows["Grace Okafor"][6] == "Below rule: Caught up one to one"
    assert (rows["Ayesha Khan"][4], rows["Ayesha Khan"][6]) == ("Dropped out", "Travel or access")
    select = page.clients.selectRow
    select([r[0] for r in page.clients_model.rows].index("Ayesha Khan"))
    assert page.reopen.isEnabled() and not page.completed.isEnabled()
    page.reopen.click()
    rows = {r[0]: r for r in page.clients_model.rows}
    assert rows["Ayesha Khan"][4] == "Enrolled"


def test_the_report_dialog_writes_the_pdf(qtbot, store, told, tmp_path):
    saved = _programme_with_clients(store)
    programmes.enrol(store, saved["id"], uid("ayesha"), STAFF, on=TODAY - timedelta(days=10))
    dialog = ProgrammeReportDialog(store, STAFF, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.which.findData("Girlington winter") > 0
    dialog.which.setCurrentIndex(dialog.which.findData("Girlington winter"))
    out = tmp_path / "programme.pdf"
    dialog.save_to.path.setText(str(out))
    dialog.run()
    qtbot.waitUntil(lambda: any("saved as" in t for t in told), timeout=20000)
    assert out.read_bytes().startswith(b"%PDF")
