"""The MDT meeting page: choose or start a meeting, record who came, go down the agenda and
record each discussion. A decision to move tier is applied as the discussion is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ....services import mdt
from ....services.database import Store
from ... import words as app_words
from ...errors import show_error
from ...widgets.client_finder import ClientFinder
from ...widgets.date_entry import date_edit, iso_of
from ...widgets.labels import page_title
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, select_key, selected_key
from ...widgets.unsaved_guard import UnsavedGuard
from ...words import uk
from .discussion_form import DiscussionForm
from .words import decision, why

ALERT_FLAGS = ("risk", "safeguarding")


class MdtPage(QWidget):
    client_opened = Signal(str)

    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.index: list = []
        self.entries: dict[str, mdt.AgendaEntry] = {}
        self._build()

    def _build(self) -> None:
        self.meeting = QComboBox(self)
        self.meeting.setAccessibleName(self.tr("Meeting"))
        self.meeting.currentIndexChanged.connect(self._meeting_chosen)
        chosen = QLabel(self.tr("&Meeting:"), self)
        chosen.setBuddy(self.meeting)
        new = QPushButton(self.tr("Ne&w meeting…"), self)
        new.clicked.connect(self.new_meeting)
        self.attendees = QLineEdit(self)
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.setPlaceholderText(self.tr("Names, separated by commas"))
        self.attendees.editingFinished.connect(self._save_attendees)
        came = QLabel(self.tr("&Attendees:"), self)
        came.setBuddy(self.attendees)
        self.add_name = QComboBox(self)
        self.add_name.setAccessibleName(self.tr("Add an attendee"))
        self.add_name.activated.connect(self._add_attendee)

        self.model = RowsModel(
            [self.tr("Client"), self.tr("Tier"), self.tr("Why"), self.tr("Decision")], self
        )
        self.agenda = make_table(
            self,
            self.model,
            self.tr("Agenda"),
            (160, 60, 200, 150),
            empty=self.tr(
                "Nobody is flagged for this meeting. Add a client to the agenda by hand."
            ),
            stretch=2,
        )
        self.agenda.selectionModel().selectionChanged.connect(self._item_chosen)
        add = QPushButton(self.tr("Add a &client to the agenda…"), self)
        add.clicked.connect(self.add_to_agenda)
        self.take_off = QPushButton(self.tr("&Take off the agenda"), self)
        self.take_off.clicked.connect(self._take_off)
        self.open_record = QPushButton(self.tr("&Open record"), self)
        self.open_record.clicked.connect(self._open_record)
        self.progress = QLabel(self)
        self.form = DiscussionForm(self)
        self.form.save_requested.connect(self.save_discussion)
        # The note of each client's discussion is kept as their draft until it is saved.
        self.note_guard = UnsavedGuard(
            self.form, self.store, {"note": self.form.note}, staff=self.staff
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Last change"))

        top = QHBoxLayout()
        top.addWidget(chosen)
        top.addWidget(self.meeting, 1)
        top.addWidget(new)
        people = QHBoxLayout()
        people.addWidget(came)
        people.addWidget(self.attendees, 3)
        people.addWidget(self.add_name, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.agenda, 1)
        buttons = QHBoxLayout()
        for button in (add, self.take_off, self.open_record):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.form)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self, self.tr("MDT meetings")))
        layout.addLayout(top)
        layout.addLayout(people)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

    # Meetings.

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.meeting.currentData()
        found = mdt.meetings(self.store)
        self.meeting.blockSignals(True)
        self.meeting.clear()
        today = date.today().isoformat()
        for m in found:
            self.meeting.addItem(self._meeting_words(m, today), m.id)
        self.meeting.setCurrentIndex(max(0, self.meeting.findData(keep)))
        self.meeting.blockSignals(False)
        self.add_name.clear()
        self.add_name.addItem(self.tr("Add a name…"), None)
        for name in mdt.staff_names(self.store):
            self.add_name.addItem(name, name)
        self._meeting_chosen()

    def _meeting_words(self, m: mdt.MeetingRow, today: str) -> str:
        if m.held_on > today:
            return self.tr("%1 — planned").replace("%1", uk(m.held_on))
        return (
            self.tr("%1 — %2 discussed")
            .replace("%1", uk(m.held_on))
            .replace("%2", str(m.discussed))
        )

    def _label_meeting(self, meeting_id: str) -> None:
        row = next((m for m in mdt.meetings(self.store) if m.id == meeting_id), None)
        index = self.meeting.findData(meeting_id)
        if row is not None and index >= 0:
            self.meeting.setItemText(index, self._meeting_words(row, date.today().isoformat()))

    def _meeting_chosen(self, *args) -> None:
        meeting_id = self.meeting.currentData()
        self.setUpdatesEnabled(False)
        try:
            if meeting_id is None:
                self.attendees.clear()
                self.model.set_rows([], [])
                self.entries = {}
            else:
                found = mdt.meeting(self.store, meeting_id)
                self.attendees.setText(", ".join(found["attendees"]))
                self._show_agenda(meeting_id)
        finally:
            self.setUpdatesEnabled(True)
        self._item_chosen()

    def _show_agenda(self, meeting_id: str, keep: str | None = None) -> None:
        keep = keep or selected_key(self.agenda)
        items = mdt.agenda(self.store, meeting_id)
        self.entries = {e.item.client_id: e for e in items}
        rows, warn, tips = [], set(), {}
        for i, e in enumerate(items):
            raised = (
                self.tr("%1 by %2 on %3")
                .replace("%1", why(e.item.why))
                .replace("%2", e.item.raised_by or "?")
                .replace("%3", uk(e.item.raised_on) or "?")
            )
            rows.append(
                (
                    e.name,
                    app_words.tier(e.tier) or app_words.status(e.status),
                    e.item.note or why(e.item.why),
                    decision(e.item.discussion["decision"]) if e.item.discussed else "",
                )
            )
            alerts = [app_words.flag(k) for k in e.open_flags if k in ALERT_FLAGS]
            tips[i] = "\n".join([raised, e.item.note or ""] + alerts).strip()
            if alerts:
                warn.add(i)
        self.model.set_rows(rows, [e.item.client_id for e in items], warn, tips)
        done = sum(1 for e in items if e.item.discussed)
        self.progress.setText(
            self.tr("Agenda: %1 discussed of %2.")
            .replace("%1", str(done))
            .replace("%2", str(len(items)))
        )
        if not (keep and select_key(self.agenda, keep)):
            first = next((i for i, e in enumerate(items) if not e.item.discussed), 0)
            if items:
                self.agenda.selectRow(first)

    def new_meeting(self) -> None:
        last = mdt.meetings(self.store)
        dialog = _NewMeeting(", ".join(last[0].attendees) if last else self.staff(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        held_on, names = dialog.values()
        try:
            saved = mdt.plan_meeting(self.store, held_on, names, self.staff())
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
            return
        self.refresh(keep=saved["id"])

    def _save_attendees(self) -> None:
        meeting_id = self.meeting.currentData()
        if meeting_id is None:
            return
        names = [n for n in self.attendees.text().split(",") if n.strip()]
        if names == mdt.meeting(self.store, meeting_id)["attendees"]:
            return
        try:
            saved = mdt.set_attendees(self.store, meeting_id, names, self.staff())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.attendees.setText(", ".join(saved["attendees"]))

    def _add_attendee(self, index: int) -> None:
        name = self.add_name.itemData(index)
        self.add_name.setCurrentIndex(0)
        if not name:
            return
        names = [n.strip() for n in self.attendees.text().split(",") if n.strip()]
        self.attendees.setText(", ".join(names + [name]))
        self._save_attendees()

    # The agenda and discussions.

    def _entry(self) -> mdt.AgendaEntry | None:
        return self.entries.get(selected_key(self.agenda))

    def _item_chosen(self, *args) -> None:
        self.note_guard.keep_draft()  # the note left unsaved for the client shown until now
        self._show_entry()
        entry, meeting_id = self._entry(), self.meeting.currentData()
        self.note_guard.show_client(
            entry.item.client_id if entry else None, f"mdt_discussion_{meeting_id}"
        )

    def _show_entry(self) -> None:
        entry = self._entry()
        self.form.setEnabled(entry is not None)
        self.take_off.setEnabled(
            entry is not None and entry.item.why == "added" and not entry.item.discussed
        )
        self.open_record.setEnabled(entry is not None)
        if entry is None:
            self.form.show_discussion(self.tr("Choose a client on the agenda."), "", None, False)
            return
        heading = (
            self.tr("%1, born %2 — %3")
            .replace("%1", entry.name)
            .replace("%2", uk(entry.date_of_birth))
            .replace("%3", app_words.tier(entry.tier) or app_words.status(entry.status))
        )
        others = [k for k in entry.open_flags if k != "mdt_discuss"]
        reason = f"{why(entry.item.why)}: {entry.item.note or '—'}"
        if others:
            reason += "\n" + self.tr("Also flagged: %1").replace(
                "%1", ", ".join(app_words.flag(k).split(" —")[0] for k in others)
            )
        discussion = entry.item.discussion
        applied = discussion is not None and mdt.decision_applied(self.store, discussion["id"])
        self.form.show_discussion(heading, reason, discussion, applied)
        alert = any(k in ALERT_FLAGS for k in others)
        self.form.reason.setStyleSheet("color: #b00020; font-weight: bold;" if alert else "")

    def save_discussion(self) -> None:
        entry, meeting_id = self._entry(), self.meeting.currentData()
        if entry is None or meeting_id is None:
            return
        try:
            chosen, note, actions = self.form.values()
            if entry.item.discussed:
                mdt.change_discussion(
                    self.store,
                    meeting_id,
                    entry.item.discussion["id"],
                    chosen,
                    note,
                    actions,
                    self.staff(),
                )
            else:
                mdt.record_discussion(
                    self.store,
                    meeting_id,
                    entry.item.client_id,
                    chosen,
                    note,
                    actions,
                    self.staff(),
                    discuss_again=self.form.again.isChecked(),
                )
        except Exception as exc:  # noqa: BLE001 — shown; the form keeps what was typed
            show_error(self, exc)
            return
        self.note_guard.finished()  # saved: the draft has served its turn
        self.note_guard.rebase()
        self.message.setText(self._saved_words(entry.name, chosen))
        self._label_meeting(meeting_id)
        self._show_agenda(meeting_id)
        if not entry.item.discussed:  # on to the next client waiting, if any
            waiting = [
                i for i, key in enumerate(self.model.keys) if not self.entries[key].item.discussed
            ]
            if waiting:
                self.agenda.selectRow(waiting[0])
        self._item_chosen()

    def _saved_words(self, name: str, chosen: str) -> str:
        if chosen in ("move_to_tier_2", "move_to_tier_3"):
            tier = "2" if chosen == "move_to_tier_2" else "3"
            return self.tr("Saved. %1 is now at Tier %2.").replace("%1", name).replace("%2", tier)
        return self.tr("Saved the discussion of %1.").replace("%1", name)

    def add_to_agenda(self) -> None:
        meeting_id = self.meeting.currentData()
        if meeting_id is None:
            return
        reason = QLineEdit()
        reason.setAccessibleName(self.tr("Why"))
        finder = ClientFinder(
            self.index,
            self.tr("Add to the agenda"),
            self.tr("Who should the meeting discuss?"),
            self,
            reason,
            self.tr("Why (optional):"),
        )
        if finder.exec() != QDialog.DialogCode.Accepted or not finder.client_id():
            return
        try:
            mdt.add_to_agenda(
                self.store, meeting_id, finder.client_id(), reason.text(), self.staff()
            )
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._show_agenda(meeting_id, keep=finder.client_id())

    def _take_off(self) -> None:
        entry, meeting_id = self._entry(), self.meeting.currentData()
        if entry is None or meeting_id is None:
            return
        try:
            mdt.take_off_agenda(self.store, meeting_id, entry.item.client_id, self.staff())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._show_agenda(meeting_id)

    def _open_record(self) -> None:
        entry = self._entry()
        if entry is not None:
            self.client_opened.emit(entry.item.client_id)


class _NewMeeting(QDialog):
    def __init__(self, attendees: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New MDT meeting"))
        self.held_on = date_edit(self, self.tr("Date"))
        self.names = QLineEdit(attendees, self)
        self.names.setAccessibleName(self.tr("Attendees"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Date:"), self.held_on)
        form.addRow(self.tr("&Attendees:"), self.names)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def values(self) -> tuple[str, list[str]]:
        return iso_of(self.held_on), [n for n in self.names.text().split(",") if n.strip()]
