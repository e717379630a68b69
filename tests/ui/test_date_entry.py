"""The one date entry: typed without surprises, refused beside the field, never clamped."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.ui.widgets.date_entry import DateEntry

TODAY = date.today()


@pytest.fixture
def entry(qtbot):
    widget = DateEntry(value=TODAY, latest=TODAY, name="Date of the contact")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _type(qtbot, entry, text):
    entry.edit.selectAll()
    qtbot.keyClick(entry.edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(entry.edit, text)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)


def test_typing_2_then_8_gives_the_28th(qtbot, entry):
    _type(qtbot, entry, "28/11/2026")
    assert entry.date() == date(2026, 11, 28)
    assert entry.edit.text() == "28-Nov-2026"  # shown back the NHS way
    assert entry.message.text() == ""


def test_a_month_word_and_a_short_date_are_read(qtbot, entry):
    _type(qtbot, entry, "3-mar-2025")
    assert entry.date() == date(2025, 3, 3)
    _type(qtbot, entry, "2/8/2026")
    assert entry.date() == date(2026, 8, 2)


def test_a_future_date_is_refused_beside_the_field_and_left_as_typed(qtbot, entry):
    _type(qtbot, entry, "20/12/2027")
    assert entry.date() is None and entry.iso() is None
    assert entry.edit.text() == "20/12/2027"  # nothing clamped to today
    assert "20-Dec-2027 is in the future" in entry.message.text()
    assert entry.message.isVisible()
    # the message sits on the field's own row, to its right
    assert entry.message.geometry().left() > entry.edit.geometry().right()
    assert abs(entry.message.geometry().center().y() - entry.edit.geometry().center().y()) < 4


def test_the_message_goes_as_soon_as_the_date_is_put_right(qtbot, entry):
    _type(qtbot, entry, "31/02/2026")
    assert "no such date" in entry.message.text()
    entry.edit.selectAll()
    qtbot.keyClicks(entry.edit, "28/02/2026")  # no Enter needed
    assert entry.message.text() == "" and entry.date() == date(2026, 2, 28)


@pytest.mark.qt_log_ignore("does not support")  # the offscreen platform and popups
def test_today_and_the_calendar(qtbot, entry):
    _type(qtbot, entry, "01/01/2026")
    entry.today_button.click()
    assert entry.date() == TODAY
    entry.calendar_button.click()
    calendar = entry._calendar
    assert calendar.maximumDate().toPython() == TODAY  # later days cannot be picked
    yesterday = TODAY - timedelta(days=1)
    calendar.clicked.emit(calendar.selectedDate().addDays(-1))
    assert entry.date() == yesterday


def test_a_save_with_a_refused_date_stops_with_the_reason(qtbot, entry):
    from painclinic_desktop.core.errors import InvalidInput

    _type(qtbot, entry, "20/12/2027")
    with pytest.raises(InvalidInput, match="in the future") as caught:
        entry.checked_iso("starts_at")
    assert caught.value.field == "starts_at"


def test_keys_sent_to_the_entry_itself_reach_its_text_box(qtbot, entry):
    entry.edit.clear()
    qtbot.keyClicks(entry, "28/11/2026")  # as an input tool or a test sends them
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert entry.date() == date(2026, 11, 28)
