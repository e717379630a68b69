"""The one date entry of the app: type the date, or pick it from a calendar, or press Today.

Typed as people write dates (``28/12/2026``, ``28-Dec-2026``, ``28/12/26`` where only one
century is possible) into a plain text box, so typing 2 then 8 gives the 28th — not the
2nd of August as a section-based date box does. A date outside the allowed range is refused
with a message beside the field and the text is left as typed: nothing is ever clamped to a
nearby date. Once read, the date is shown the NHS way (``28-Dec-2026``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ...core import dates
from ...core.errors import InvalidInput

ERROR_STYLE = "color: #b00020; font-weight: bold;"


class DateEntry(QWidget):
    date_changed = Signal(object)  # the new date (a datetime.date), or None when blank
    problem_changed = Signal(str)  # the message beside the field; "" when put right

    def __init__(
        self,
        parent: QWidget | None = None,
        value: date | None = None,
        earliest: date | None = None,
        latest: date | None = None,
        blank_allowed: bool = False,
        name: str = "",
    ):
        super().__init__(parent)
        self.earliest, self.latest, self.blank_allowed = earliest, latest, blank_allowed
        self._date: date | None = None
        self._problem = ""
        self._forwarding = False
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.edit.setMaxLength(20)
        width = self.edit.fontMetrics().horizontalAdvance("00-Sept-0000")
        self.edit.setMinimumWidth(width + 16)
        self.edit.setMaximumWidth(width + 48)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")  # drawn by every font; an emoji is not
        self.calendar_button.setToolTip(self.tr("Choose from a calendar"))
        self.calendar_button.setAccessibleName(self.tr("Choose from a calendar"))
        self.calendar_button.clicked.connect(self.show_calendar)
        self.today_button = QToolButton(self)
        self.today_button.setText(self.tr("Today"))
        self.today_button.setAccessibleName(self.tr("Today's date"))
        self.today_button.clicked.connect(self.set_today)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setAccessibleName(self.tr("Problem with the date"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.calendar_button)
        row.addWidget(self.today_button)
        row.addWidget(self.message, 1)
        row.addStretch(1)  # keeps the buttons beside the box when the message line is elsewhere
        self.setFocusProxy(self.edit)
        if name:
            self.set_accessible_name(name)
        self.edit.editingFinished.connect(self.check)
        self.edit.textEdited.connect(self._typing)
        if value is not None:
            self.set_date(value)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Keys sent to the entry itself (a test, an input tool) go to its text box; keys
        the box does not want come back here and go on to the form (Escape, Enter)."""
        if self._forwarding:
            super().keyPressEvent(event)
            return
        self._forwarding = True
        try:
            QCoreApplication.sendEvent(self.edit, event)
        finally:
            self._forwarding = False

    # --- reading and setting ------------------------------------------------------------

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt API) — the text box too
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def date(self) -> date | None:
        """The date shown, or None when blank or not acceptable (see ``problem``)."""
        return self._date if not self._problem else None

    def iso(self) -> str | None:
        found = self.date()
        return found.isoformat() if found else None

    def text(self) -> str:
        return self.edit.text()

    @property
    def textChanged(self):  # noqa: N802 — as a line edit, for forms that watch typing
        return self.edit.textChanged

    def setText(self, text: str) -> None:  # noqa: N802 — as a line edit
        """Show ``text`` as if typed (e.g. from a file), then read it."""
        self.edit.setText(text)
        if text.strip():
            self.check()

    def clear(self) -> None:
        self.edit.clear()

    def problem(self) -> str:
        return self._problem

    def checked_iso(self, field: str | None = None) -> str | None:
        """The ISO date for saving; a refused date raises InvalidInput (its message is
        already beside the field) so the save stops and the cursor goes back to it."""
        if self.check():
            return self.iso()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if field:  # a form that knows the field labels the message itself
            raise InvalidInput(self._problem, field)
        name = self.accessibleName() or self.tr("Date")
        raise InvalidInput(f"{name}: {self._problem}")

    def setDate(self, value: date | QDate | None) -> None:  # noqa: N802 — as QDateEdit
        self.set_date(value.toPython() if isinstance(value, QDate) else value)

    def set_date(self, value: date | None) -> None:
        """Show ``value`` (checked against the range like a typed date)."""
        self.edit.setText(dates.nhs_date(value) if value else "")
        self.check()

    def set_today(self) -> None:
        self.set_date(date.today())
        self.edit.setFocus()

    # --- checking -----------------------------------------------------------------------

    def check(self) -> bool:
        """Read the text; show why it is refused beside the field. True when acceptable."""
        text = self.edit.text().strip()
        if not text and self.blank_allowed:
            self._accept(None)
            return True
        found = dates.parse_typed_date(text, self.earliest, self.latest)
        if found.day is None:
            self._show_problem(self._words(found))
            return False
        self._accept(found.day)
        shown = dates.nhs_date(found.day)
        if self.edit.text() != shown:
            self.edit.setText(shown)
        return True

    def _typing(self, text: str) -> None:
        """While typing: a message already shown goes as soon as the text is acceptable."""
        if self._problem:
            found = dates.parse_typed_date(text, self.earliest, self.latest)
            if found.day is not None or (not text.strip() and self.blank_allowed):
                self._accept(found.day)

    def _accept(self, day: date | None) -> None:
        changed = day != self._date or bool(self._problem)
        self._date = day
        self._show_problem("")
        if changed:
            self.date_changed.emit(day)

    def _show_problem(self, words: str) -> None:
        if words == self._problem:
            return
        self._problem = words
        self.message.setText(("⚠ " + words) if words else "")
        self.message.setToolTip(words)
        self.edit.setStyleSheet("border: 2px solid #b00020;" if words else "")
        self.edit.setAccessibleDescription(words)
        self.problem_changed.emit(words)

    def _words(self, found: dates.TypedDate) -> str:
        shown = dates.nhs_date(found.refused) if found.refused else ""
        if found.problem == dates.TOO_LATE:
            if self.latest == date.today():
                return self.tr("%1 is in the future").replace("%1", shown)
            return self.tr("%1 is after %2").replace("%1", shown).replace("%2", _nhs(self.latest))
        if found.problem == dates.TOO_EARLY:
            return (
                self.tr("%1 is before %2").replace("%1", shown).replace("%2", _nhs(self.earliest))
            )
        return {
            dates.EMPTY: self.tr("Enter a date"),
            dates.NOT_A_MONTH: self.tr("That month is not known: try 28-Dec-2026"),
            dates.YEAR_IN_FULL: self.tr("Type the year in full, e.g. 1961"),
            dates.NOT_REAL: self.tr("There is no such date"),
        }.get(found.problem, self.tr("Not a date: type it as 28/12/2026 or 28-Dec-2026"))

    # --- the calendar -------------------------------------------------------------------

    def show_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        if self.earliest:
            calendar.setMinimumDate(QDate(self.earliest))
        if self.latest:
            calendar.setMaximumDate(QDate(self.latest))
        shown = self.date() or min(date.today(), self.latest or date.today())
        calendar.setSelectedDate(QDate(shown))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def chosen(day: QDate) -> None:
            menu.close()
            self.set_date(day.toPython())
            self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        self._calendar = calendar  # kept for tests and screen readers while it is open
        calendar.setFocus()
        menu.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))


def _nhs(day: date | None) -> str:
    return dates.nhs_date(day) if day else ""


def date_edit(parent: QWidget, name: str, iso: str | None = None) -> DateEntry:
    """A date entry named for screen readers, showing ``iso`` (today when not given)."""
    day = date.fromisoformat(iso) if iso else date.today()
    return DateEntry(parent, value=day, name=name)


def make_date_edit(parent: QWidget, default: str | date | None = None) -> DateEntry:
    """A date of something that has happened: today or earlier (a later one is refused)."""
    day = date.fromisoformat(default) if isinstance(default, str) else default
    return DateEntry(parent, value=day or date.today(), latest=date.today())


def iso_of(edit: DateEntry) -> str | None:
    """The date to save; a date that is not acceptable stops the save with its message."""
    return edit.checked_iso()
