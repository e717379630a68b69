"""Running an MDT meeting: start it, go down the agenda built from flags, add a client by
hand, record a move to Tier 3 with an action; the tier changes and the action is waiting in
its owner's list and on the client's record."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from painclinic_desktop.services import flags, mdt, pathway, session
from painclinic_desktop.ui.screens.groups.menu import _actions_page, _mdt_page, show_page
from tests.factories import client, flag, grace, new_store, referral, uid

ACCEPTED = (date.today() - timedelta(days=60)).isoformat()
FLAGGED = (date.today() - timedelta(days=10)).isoformat()
CHAIR = "Dr Sarah Whitaker"


@pytest.fixture
def window(show_main_window, tmp_path):
    session.sign_in_as(CHAIR)
    store = new_store(
        tmp_path / "m.db",
        clients=[client("ayesha"), grace()],
        referrals=[
            referral(f"r-{n}", n, received_on=ACCEPTED, outcome_on=ACCEPTED)
            for n in ("ayesha", "grace")
        ],
        flags=[
            flag(
                "f",
                kind="mdt_discuss",
                raised_on=FLAGGED,
                note="Asking about psychological therapy",
            )
        ],
    )
    yield show_main_window(store)
    store.close()
    session.sign_out()


@pytest.fixture
def page(window, qtbot):
    page = show_page(window, "mdt", _mdt_page)
    qtbot.waitUntil(lambda: len(page.index) == 2, timeout=10_000)
    return page


def _in_dialog(action):
    """Do ``action`` to the dialog about to open (dialogs wait for an answer)."""
    QTimer.singleShot(0, lambda: action(QApplication.activeModalWidget()))


def _start_meeting(page, qtbot):
    def fill(dialog):
        dialog.names.setText(f"{CHAIR}, Coach One")
        dialog.accept()

    _in_dialog(fill)
    page.new_meeting()


def _agenda(page):
    return [row[0] for row in page.model.rows]


def test_an_mdt_meeting_from_agenda_to_a_tier_change(window, page, qtbot):
    _start_meeting(page, qtbot)
    assert page.attendees.text() == f"{CHAIR}, Coach One"
    assert _agenda(page) == ["Ayesha Khan"]
    assert page.model.rows[0][2] == "Asking about psychological therapy"

    def add_grace(dialog):
        qtbot.keyClicks(dialog.search, "grace")
        dialog.accept()

    _in_dialog(add_grace)
    page.add_to_agenda()
    assert _agenda(page) == ["Ayesha Khan", "Grace Okafor"]

    page.agenda.selectRow(0)
    form = page.form
    form.decision.setCurrentIndex(form.decision.findData("move_to_tier_3"))
    assert "Tier 3" in form.consequence.text()
    form.note.setFocus()
    qtbot.keyClicks(form.note, "Agreed CBT with the therapist")
    form.add_action(
        {
            "text": "Refer to CBT therapist",
            "owner": CHAIR,
            "due_on": (date.today() + timedelta(days=14)).isoformat(),
        }
    )
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)

    where = pathway.episode(window.store, uid("ayesha"))
    [discussion] = mdt.meeting(window.store, page.meeting.currentData())["discussions"]
    assert where.tier == 3
    assert where.tier_change["mdt_discussion_id"] == discussion["id"]
    assert where.tier_change["changed_on"] == date.today().isoformat()
    assert discussion["note"] == "Agreed CBT with the therapist"
    assert flags.open_flags(window.store, uid("ayesha")) == []
    assert page.message.text() == "Saved. Ayesha Khan is now at Tier 3."
    assert page.model.rows[0][1:] == (
        "Tier 3",
        "Asking about psychological therapy",
        "Move to Tier 3 (CBT)",
    )
    assert page.progress.text() == "Agenda: 1 discussed of 2."
    assert page.meeting.currentText().endswith("— 1 discussed")
    # The next client waiting is chosen, ready to discuss.
    assert page.form.client_label.text().startswith("Grace Okafor")

    actions = show_page(window, "actions", _actions_page)
    assert [row[1:3] for row in actions.actions.model.rows] == [
        ("Refer to CBT therapist", "Ayesha Khan")
    ]

    window.open_client(uid("ayesha"))
    assert window.record.facts["tier"].text() == "Tier 3"
    tabs = window.record.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "&MDT actions")
    section = tabs.widget(index)
    assert [row[1] for row in section.actions.model.rows] == ["Refer to CBT therapist"]
    done = next(
        b for b in section.actions.findChildren(QPushButton) if b.text() == "Mark &done today"
    )
    assert not done.isEnabled()  # nothing chosen yet: nothing to mark
    section.actions.table.selectRow(0)
    assert done.isEnabled()
    done.click()
    assert section.actions.model.rows == []
    assert not done.isEnabled()
    assert mdt.open_actions(window.store) == []


def test_a_move_the_pathway_does_not_allow_is_explained_and_nothing_is_saved(
    window, page, qtbot, monkeypatch
):
    shown = []
    monkeypatch.setattr(
        "painclinic_desktop.ui.screens.mdt.view.show_error",
        lambda parent, exc: shown.append(str(exc)),
    )
    pathway.discharge(window.store, uid("ayesha"), "goals_met", "Coach One")
    _start_meeting(page, qtbot)
    page.agenda.selectRow(0)
    page.form.decision.setCurrentIndex(page.form.decision.findData("move_to_tier_3"))
    page.form.note.setPlainText("CBT")
    qtbot.mouseClick(page.form.save, Qt.MouseButton.LeftButton)
    assert shown == ["The tier can only be changed while the client is open."]
    assert mdt.meeting(window.store, page.meeting.currentData())["discussions"] == []
    assert page.form.note.toPlainText() == "CBT"  # kept, to change the decision
    assert [f["kind"] for f in flags.open_flags(window.store, uid("ayesha"))] == ["mdt_discuss"]


def test_saving_without_a_decision_asks_for_one(window, page, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "painclinic_desktop.ui.screens.mdt.view.show_error",
        lambda parent, exc: shown.append(str(exc)),
    )
    _start_meeting(page, qtbot)
    page.agenda.selectRow(0)
    qtbot.mouseClick(page.form.save, Qt.MouseButton.LeftButton)
    assert shown == ["Choose the decision the meeting reached."]
