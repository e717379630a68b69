"""Reports ▸ Follow-ups due…: the admin sees who is due a postal questionnaire, saves the
list, and enters a questionnaire that came back from its row."""

from datetime import date

import openpyxl
import pytest

from painclinic_desktop.ui import save_places
from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog
from painclinic_desktop.ui.screens.reports.followups_dialog import FollowUpsDueDialog
from tests.factories import assessment, client, discharge, new_store, referral, uid


@pytest.fixture
def store(tmp_path):
    s = new_store(
        tmp_path / "f.db",
        clients=[client("ayesha")],
        referrals=[referral("r")],
        assessments=[
            assessment("p", instrument="pseq", items=[3] * 10),
            assessment("s", instrument="sts", items=[9]),
        ],
        discharges=[discharge("d")],
    )
    yield s
    s.close()


def _opened(qtbot, store):
    dialog = FollowUpsDueDialog(store, "Admin", today=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.shown == 1, timeout=20_000)
    return dialog


def test_the_list_shows_who_is_due_and_saves(qtbot, store, tmp_path, monkeypatch):
    dialog = _opened(qtbot, store)
    assert dialog.table.rowCount() == 1  # shown on opening: due 9 Nov, within four weeks
    assert dialog.table.item(0, 2).text() == "Ayesha Khan"
    assert dialog.table.item(0, 5).text() == "not yet"
    assert "Pain Self-Efficacy Questionnaire" in dialog.table.item(0, 7).text()
    assert dialog.summary.text() == "1 follow-up due, 1 not yet returned."
    target = tmp_path / "due.xlsx"
    monkeypatch.setattr(save_places, "ask_save_path", lambda *a, **k: str(target))
    dialog.save_list()
    qtbot.waitUntil(lambda: "saved to" in dialog.summary.text(), timeout=20_000)
    assert dialog.summary.text() == f"1 follow-up saved to {target}."
    rows = list(openpyxl.load_workbook(target)["Follow-ups due"].iter_rows(values_only=True))
    saved = dict(zip(rows[0], rows[1], strict=True))
    assert (saved["name"], saved["follow_up"], saved["returned_on"]) == (
        "Ayesha Khan",
        "10-week",
        None,
    )
    assert "Pain Self-Efficacy Questionnaire" in saved["questionnaires"]


def test_a_returned_questionnaire_is_entered_from_its_row(qtbot, store):
    dialog = _opened(qtbot, store)
    dialog.record_returned()
    qtbot.waitUntil(lambda: dialog.assessment is not None, timeout=20_000)
    assert isinstance(dialog.assessment, AssessmentDialog)
    assert dialog.assessment.client["id"] == uid("ayesha")
    # the follow-up that came back is chosen already, without the in-person sit-to-stand:
    # the questionnaire's answers are all there is to type
    assert dialog.assessment.state.time_point == "fu_10w"
    assert dialog.assessment.state.chosen == ["pseq"]
    dialog.assessment.reject()


def test_the_row_can_be_entered_again_once_its_assessment_was_closed(qtbot, store):
    """Closing the assessment deletes its window: entering the row again opens a new one
    rather than failing on the old (Enter on the list after closing it raised)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    dialog = _opened(qtbot, store)
    dialog.record_returned()
    qtbot.waitUntil(lambda: dialog.assessment is not None, timeout=20_000)
    first = dialog.assessment
    first.close()
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(first)
    dialog.record_returned()
    qtbot.waitUntil(
        lambda: dialog.assessment is not first and dialog.assessment is not None, timeout=20_000
    )
    assert dialog.assessment.isVisible() and dialog.assessment.state.time_point == "fu_10w"
    dialog.assessment.reject()


def test_still_using_strategies_is_answered_from_the_row(qtbot, store):
    from painclinic_desktop.store import records

    dialog = _opened(qtbot, store)
    dialog.strategies.setCurrentIndex(dialog.strategies.findData("yes"))
    dialog.record_strategies()
    qtbot.waitUntil(lambda: dialog.shown == 2, timeout=20_000)
    assert dialog.table.item(0, 6).text() == "Yes"
    discharge = records.get(store, "discharges", uid("d"))
    assert discharge["follow_up_strategies"] == {"fu_10w": "yes"}
    assert dialog.strategies.currentData() == "yes"  # shown again for the chosen row


def test_letters_for_questionnaires_not_yet_back(qtbot, store, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from painclinic_desktop.services import client_details

    client_details.change_details(
        store, uid("ayesha"), {"address": "12 Mill Lane\nBradford"}, "Admin One"
    )
    dialog = _opened(qtbot, store)
    dialog.large_print.setChecked(True)
    target = tmp_path / "letters.pdf"
    monkeypatch.setattr(save_places, "ask_save_path", lambda *a, **k: str(target))
    dialog.save_letters()
    qtbot.waitUntil(lambda: "saved to" in dialog.summary.text(), timeout=20_000)
    [page] = PdfReader(target).pages
    text = " ".join(page.extract_text().split())
    assert "Ayesha Khan 12 Mill Lane Bradford" in text  # ready for a window envelope
    assert "It is now 10 weeks since you finished" in text
    assert "Pain Self-Efficacy Questionnaire" in text
    sizes = {round(f) for f in _font_sizes(page)}
    assert min(sizes) >= 15  # large print
    assert dialog.summary.text().startswith(f"1 letter saved to {target}.")
    assert "only a postcode" not in dialog.summary.text()  # her address is recorded


def _font_sizes(page):
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append(size * tm[0])

    page.extract_text(visitor_text=visit)
    return found
