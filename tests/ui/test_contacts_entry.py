"""Quick contact entry as a coach does it after a home visit: keyboard only, then it is on the
record; an amended note keeps its earlier text in the history."""

from datetime import UTC

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painclinic_desktop.store import records
from tests.factories import client, new_store, referral, uid

CTRL, ALT, SHIFT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


@pytest.fixture
def window(show_main_window, tmp_path):
    store = new_store(
        tmp_path / "c.db",
        clients=[client("ayesha", interpreter_needed=False)],
        referrals=[referral("r", "ayesha")],
    )
    yield show_main_window(store, uid("ayesha"), active=True)
    store.close()


def _type(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the keyboard focus is, as a person would press it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _text(qtbot, text):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _contacts(win):
    return next(s for s in win.record.sections if type(s).__name__ == "ContactsSection")


def test_a_contact_is_entered_from_the_keyboard_only_and_shows_on_the_record(window, qtbot):
    _type(qtbot, Qt.Key.Key_C, CTRL | SHIFT)  # New contact, from the record's timeline
    qtbot.waitUntil(lambda: getattr(_contacts(window), "dialog", None) is not None)
    dialog = _contacts(window).dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.when.edit)
    _type(qtbot, Qt.Key.Key_U, ALT)  # Duration
    _text(qtbot, "45")
    _type(qtbot, Qt.Key.Key_Tab)  # to Type
    _text(qtbot, "H")  # Home visit; the venue follows (Client's home)
    for key, box in (
        (Qt.Key.Key_1, dialog.footsteps[0]),
        (Qt.Key.Key_3, dialog.footsteps[2]),
        (Qt.Key.Key_C, dialog.carer),
    ):  # footsteps 1 and 3; carer present
        _type(qtbot, key, ALT)
        qtbot.waitUntil(box.isChecked)  # a button pressed by its key shows the press first
    _type(qtbot, Qt.Key.Key_N, ALT)  # Note
    _text(qtbot, "Practised pacing the housework. Next visit in two weeks.")
    with qtbot.waitSignal(dialog.accepted):
        _type(qtbot, Qt.Key.Key_Return, CTRL)  # save

    [saved] = records.select(window.store, "contacts")
    assert (saved["type"], saved["venue"], saved["duration_minutes"]) == ("home_visit", "home", 45)
    assert saved["footsteps"] == [1, 3] and saved["carer_present"] is True
    assert saved["outcome"] == "attended"
    assert saved["note"] == "Practised pacing the housework. Next visit in two weeks."
    section = _contacts(window)
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    shown = [section.model.index(0, c).data() for c in range(section.model.columnCount())]
    assert shown[1:5] == ["Home visit", "Client's home", "Attended", "45"]
    assert shown[7].startswith("Practised pacing")
    assert "Home visit" in [
        window.record.timeline.index(r, 1).data() for r in range(window.record.timeline.rowCount())
    ]


def test_a_problem_is_shown_in_the_form_and_nothing_typed_is_lost(window, qtbot):
    section = _contacts(window)
    section.new_contact()
    dialog = section.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.when.edit)
    dialog.duration.setValue(0)  # attended, but no duration
    dialog.note.setPlainText("Half-written note")
    dialog.try_save()
    assert dialog.isVisible() and "how long" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.duration
    assert dialog.note.toPlainText() == "Half-written note"
    assert list(records.select(window.store, "contacts")) == []


def test_choosing_did_not_attend_clears_and_locks_what_was_covered(window, qtbot):
    section = _contacts(window)
    section.new_contact()
    dialog = section.dialog
    dialog.footsteps[2].setChecked(True)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("dna"))
    assert not dialog.footsteps[2].isChecked() and not dialog.footsteps[2].isEnabled()


def test_amending_a_note_adds_a_version_and_the_history_shows_both(window, qtbot):
    section = _contacts(window)
    section.new_contact()
    section.dialog.note.setPlainText("First words.")
    with qtbot.waitSignal(section.dialog.accepted):
        section.dialog.try_save()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    section.table.selectRow(0)
    section.amend_note()
    section.dialog.text.setPlainText("Corrected words.")
    with qtbot.waitSignal(section.dialog.accepted):
        section.dialog.try_save()
    qtbot.waitUntil(lambda: "amended: 2 versions" in (section.model.index(0, 7).data() or ""))
    section.table.selectRow(0)
    section.show_history()
    html = section.dialog.view.toPlainText()
    assert html.index("Corrected words.") < html.index("First words.")  # newest first
    assert "Version 2" in html and "(current)" in html and "Version 1" in html


def test_the_form_starts_from_how_the_client_is_usually_seen():
    from datetime import datetime

    from painclinic_desktop.ui.screens.contacts.state import defaults_for

    now = datetime(2026, 11, 22, 15, 37, 12, tzinfo=UTC)
    seen = [
        {
            "starts_at": "2026-11-01T10:00:00+00:00",
            "outcome": "attended",
            "type": "home_visit",
            "venue": "home",
            "duration_minutes": 75,
            "interpreter_language": "Urdu",
            "carer_present": True,
        },
        {"starts_at": "2026-11-15T10:00:00+00:00", "outcome": "dna", "type": "telephone"},
    ]
    found = defaults_for({"interpreter_needed": True, "first_language": "Punjabi"}, seen, now)
    assert (found.type, found.venue, found.duration_minutes) == ("home_visit", "home", 75)
    assert (found.interpreter_language, found.carer_present) == ("Urdu", True)
    assert found.starts_at == datetime(2026, 11, 22, 15, 37, tzinfo=UTC)
    first = defaults_for({"interpreter_needed": True, "first_language": "Punjabi"}, [], now)
    assert (first.type, first.interpreter_language) == ("face_to_face", "Punjabi")


def test_a_typed_future_date_is_refused_beside_the_field_not_saved_as_today(window, qtbot):
    section = _contacts(window)
    section.new_contact()
    dialog = section.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.when.edit)
    dialog.when.edit.selectAll()
    qtbot.keyClicks(dialog.when.edit, "20/12/2027")
    dialog.note.setPlainText("Seen at home")
    dialog.try_save()
    assert dialog.isVisible()
    beside = dialog.errors.fields["starts_at"].message
    assert beside.isVisible() and "20-Dec-2027 is in the future" in beside.text()
    assert dialog.when.text() == "20/12/2027"  # left as typed, not changed to today
    assert QApplication.focusWidget() is dialog.when.edit
    assert list(records.select(window.store, "contacts")) == []


def test_typing_2_then_8_records_the_28th(window, qtbot):
    section = _contacts(window)
    section.new_contact()
    dialog = section.dialog
    dialog.when.edit.selectAll()
    qtbot.keyClicks(dialog.when.edit, "28/11/2026")
    dialog.duration.setValue(30)
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_save()
    [saved] = records.select(window.store, "contacts")
    assert saved["starts_at"].startswith("2026-11-28")
