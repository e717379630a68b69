"""The programme forms: a programme with its sessions, a completion and a drop-out.

Each saves through the programmes service when Save is pressed; a refusal is shown and the
form stays open with everything typed, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from ....core.codes import DEFAULT_ATTENDANCE_RULE_PERCENT, DROPOUT_REASONS
from ....core.dates import nhs_date
from ....core.programmes import DROPOUT_REASON_WORDS, sessions_needed
from ....services import programmes
from ....services.database import Store
from ....services.groups import module_titles
from ...fit import fit_to_screen
from ...widgets.date_entry import DateEntry
from ...widgets.labels import hint
from ...widgets.saving_dialog import SavingDialog, named_row

SESSION_ROLE = Qt.ItemDataRole.UserRole + 1


class ProgrammeDialog(SavingDialog):
    """A new programme or a change to one: its name, planned sessions, attendance rule,
    start and the group sessions it is made of (ticked from the sessions held)."""

    def __init__(
        self, store: Store, staff: Callable[[], str], programme: dict | None = None, parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.programme = store, staff, programme or {}
        self.setWindowTitle(
            self.tr("Change the programme") if programme else self.tr("New programme")
        )
        held = self.programme
        self.name = QLineEdit(held.get("name") or "", self)
        self.planned = QSpinBox(self)
        self.planned.setRange(1, 100)
        self.planned.setValue(held.get("planned_sessions") or 8)
        self.rule = QSpinBox(self)
        self.rule.setRange(1, 100)
        self.rule.setSuffix(" %")
        self.rule.setValue(held.get("attendance_rule_percent") or DEFAULT_ATTENDANCE_RULE_PERCENT)
        starts = held.get("starts_on")
        self.starts_on = DateEntry(
            self,
            value=date.fromisoformat(starts) if starts else date.today(),
            name=self.tr("Starts"),
        )
        self.venue = QLineEdit(held.get("venue") or "", self)
        self.rule_words = QLabel(self)
        self.rule_words.setWordWrap(True)
        form = QFormLayout()
        for label, field in (
            (self.tr("&Name:"), self.name),
            (self.tr("&Planned sessions:"), self.planned),
            (self.tr("&Attendance rule:"), self.rule),
            (self.tr("&Starts:"), self.starts_on),
            (self.tr("&Venue:"), self.venue),
        ):
            named_row(form, label, field)
        form.addRow("", self.rule_words)
        self.sessions = QListWidget(self)
        self.sessions.setAccessibleName(self.tr("Sessions in the programme"))
        self._fill_sessions()
        for box in (self.planned, self.rule):
            box.valueChanged.connect(self._say_rule)
        self.sessions.itemChanged.connect(lambda _: self._say_rule())
        self.starts_on.date_changed.connect(self._fill_sessions)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("&Group sessions in the programme:"), self))
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.sessions)
        layout.addWidget(
            hint(
                self,
                self.tr(
                    "Tick the sessions held for this programme: their registers give each "
                    "client's attendance. Sessions from a fortnight before the start are listed."
                ),
            )
        )
        layout.addWidget(self.sessions, 1)
        self._buttons(layout)
        self._say_rule()
        fit_to_screen(self, 560, 620)

    def _ticked(self) -> list[str]:
        return [
            self.sessions.item(i).data(SESSION_ROLE)
            for i in range(self.sessions.count())
            if self.sessions.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _fill_sessions(self) -> None:
        ticked = (
            set(self._ticked())
            if self.sessions.count()
            else set(self.programme.get("session_ids") or [])
        )
        start = self.starts_on.iso() or date.today().isoformat()
        titles = module_titles()
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for s in programmes.linkable_sessions(self.store, {**self.programme, "starts_on": start}):
            words = f"{nhs_date(s.held_on)}  {titles.get(s.module, s.module)} — {s.venue or ''}"
            item = QListWidgetItem(
                words + self.tr("  (%1 attended)").replace("%1", str(s.attended))
            )
            item.setData(SESSION_ROLE, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.id in ticked else Qt.CheckState.Unchecked)
            self.sessions.addItem(item)
        self.sessions.blockSignals(False)
        self._say_rule()

    def _say_rule(self) -> None:
        planned, rule = self.planned.value(), self.rule.value()
        self.rule_words.setText(
            self.tr("Completers attend at least %1 of the %2 planned sessions; %3 ticked so far.")
            .replace("%1", str(sessions_needed(rule, planned)))
            .replace("%2", str(planned))
            .replace("%3", str(len(self._ticked())))
        )

    def save(self) -> dict:
        values = {
            "name": self.name.text(),
            "planned_sessions": self.planned.value(),
            "attendance_rule_percent": self.rule.value(),
            "starts_on": self.starts_on.checked_iso("starts_on"),
            "venue": self.venue.text(),
            "session_ids": self._ticked(),
        }
        if self.programme:
            return programmes.change_programme(
                self.store, self.programme["id"], values, self.staff()
            )
        return programmes.add_programme(self.store, values, self.staff())


class CompletedDialog(SavingDialog):
    """Mark a client's enrolment completed; below the attendance rule, say why."""

    def __init__(
        self, store: Store, staff: Callable[[], str], line: programmes.EnrolmentLine, parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.line = store, staff, line
        self.setWindowTitle(self.tr("Completed the programme"))
        found = line.attendance
        self.on = DateEntry(self, value=date.today(), latest=date.today(), name=self.tr("On"))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        form = QFormLayout()
        if found.meets_rule:
            said = self.tr("%1 attended %2 of the %3 planned sessions: the rule is met.")
        else:
            said = self.tr(
                "%1 attended %2 of the %3 planned sessions, below the rule (%4). Say why they "
                "completed; the report still counts them as not meeting the rule."
            )
        form.addRow(
            hint(
                self,
                said.replace("%1", line.name)
                .replace("%2", str(found.attended))
                .replace("%3", str(found.planned))
                .replace("%4", str(found.sessions_needed)),
            )
        )
        named_row(form, self.tr("Completed &on:"), self.on)
        named_row(form, self.tr("&Why, below the rule:"), self.note)
        self.note.setEnabled(not found.meets_rule)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._buttons(layout)

    def save(self) -> dict:
        return programmes.mark_completed(
            self.store,
            self.line.enrolment["id"],
            self.staff(),
            self.on.checked_iso("ended_on"),
            self.note.toPlainText(),
        )


class DropoutDialog(SavingDialog):
    """Record that a client left the programme, with the reason."""

    def __init__(
        self, store: Store, staff: Callable[[], str], line: programmes.EnrolmentLine, parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.line = store, staff, line
        self.setWindowTitle(self.tr("Dropped out of the programme"))
        self.reason = QComboBox(self)
        self.reason.addItem(self.tr("Choose…"), None)
        for code in DROPOUT_REASONS:
            self.reason.addItem(self.tr(DROPOUT_REASON_WORDS[code]), code)
        self.on = DateEntry(self, value=date.today(), latest=date.today(), name=self.tr("On"))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(hint(self, line.name))
        named_row(form, self.tr("&Reason:"), self.reason)
        named_row(form, self.tr("Left &on:"), self.on)
        named_row(form, self.tr("&In their words:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._buttons(layout)

    def save(self) -> dict:
        return programmes.record_dropout(
            self.store,
            self.line.enrolment["id"],
            self.reason.currentData(),
            self.staff(),
            self.on.checked_iso("ended_on"),
            self.note.toPlainText(),
        )
