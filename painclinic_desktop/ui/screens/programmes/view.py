"""The Programmes page (Groups ▸ Programmes): courses of group sessions on the left; the
chosen programme's clients on the right with their attendance from the registers, against
the programme's attendance rule, and what became of them (completed or dropped out)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QWidget,
)

from ....core.dates import nhs_date
from ....core.permissions import TAKE_REGISTERS, VIEW_CLINICAL
from ....core.programmes import DROPOUT_REASON_WORDS, STATUS_WORDS, rule_words
from ....services import programmes, session
from ....services.database import Store
from ....services.groups import client_index
from ...errors import show_error
from ...ops import store_op
from ...widgets.client_finder import ClientFinder
from ...widgets.list_and_detail import action_button, button_grid, lay_out_page, pane
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, select_key, selected_key
from .dialogs import CompletedDialog, DropoutDialog, ProgrammeDialog


class ProgrammesPage(QWidget):
    client_opened = Signal(str)

    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self._lines: list[programmes.EnrolmentLine] = []
        self._build()

    def _build(self) -> None:
        self.programmes_model = RowsModel(
            [self.tr("Starts"), self.tr("Programme"), self.tr("Sessions"), self.tr("Clients")],
            self,
        )
        self.programmes = make_table(
            self,
            self.programmes_model,
            self.tr("Programmes"),
            (90, 200, 58, 52),
            empty=self.tr('No programmes yet. Add one with "New programme".'),
            stretch=1,
        )
        self.programmes.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        self.new_programme = action_button(self, self.tr("Ne&w programme…"), self._new)
        self.change_programme = action_button(self, self.tr("&Change programme…"), self._change)
        row = button_grid((self.new_programme, self.change_programme), columns=2)
        left = pane(self, self.programmes, row)

        self.words = QLabel(self)
        self.words.setWordWrap(True)
        self.clients_model = RowsModel(
            [
                self.tr("Name"),
                self.tr("Enrolled"),
                self.tr("Attended"),
                self.tr("Rule"),
                self.tr("Status"),
                self.tr("Ended"),
                self.tr("Reason"),
            ],
            self,
        )
        self.clients = make_table(
            self,
            self.clients_model,
            self.tr("Clients on the programme"),
            (150, 90, 95, 60, 90, 90, 150),
            empty=self.tr('No clients on this programme yet. Add them with "Enrol a client".'),
        )
        self.clients.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.clients.doubleClicked.connect(lambda *_: self._open_client())
        self.enrol = action_button(self, self.tr("&Enrol a client…"), self._enrol)
        self.completed = action_button(
            self,
            self.tr("Co&mpleted…"),
            self._completed,
            self.tr("Below the attendance rule, the reason is asked for"),
        )
        self.dropped = action_button(self, self.tr("&Dropped out…"), self._dropped)
        self.reopen = action_button(
            self,
            self.tr("&Back to enrolled"),
            self._reopen,
            self.tr("Undo a completion or drop-out recorded in error"),
        )
        buttons = button_grid((self.enrol, self.dropped, self.completed, self.reopen), columns=4)
        right = pane(self, self.clients, buttons, above=self.words)
        lay_out_page(self, self.tr("Programmes"), left, right, (380, 900))

    # -- showing ----------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or selected_key(self.programmes)
        found = programmes.programmes(self.store)
        counts = {p["id"]: len(programmes.enrolment_lines(self.store, p["id"])) for p in found}
        self.programmes_model.set_rows(
            [
                (
                    nhs_date(p["starts_on"]),
                    p["name"],
                    f"{len(p['session_ids'])} / {p['planned_sessions']}",
                    str(counts[p["id"]]),
                )
                for p in found
            ],
            [p["id"] for p in found],
        )
        if not (keep and select_key(self.programmes, keep)) and found:
            self.programmes.selectRow(0)
        self._chosen()

    def _programme(self) -> dict | None:
        programme_id = selected_key(self.programmes)
        return programmes.programme(self.store, str(programme_id)) if programme_id else None

    def _chosen(self) -> None:
        held = self._programme()
        keep = selected_key(self.clients)
        self._lines = programmes.enrolment_lines(self.store, held["id"]) if held else []
        if held:
            self.words.setText(
                self.tr("%1: completers %2. %3 of the %4 planned sessions linked.")
                .replace("%1", held["name"])
                .replace(
                    "%2", rule_words(held["attendance_rule_percent"], held["planned_sessions"])
                )
                .replace("%3", str(len(held["session_ids"])))
                .replace("%4", str(held["planned_sessions"]))
            )
        else:
            self.words.setText(self.tr("Choose a programme."))
        below = {i for i, line in enumerate(self._lines) if not line.attendance.meets_rule}
        self.clients_model.set_rows(
            [self._cells(line) for line in self._lines],
            [line.enrolment["id"] for line in self._lines],
            tips={
                i: self.tr("Below the attendance rule so far")
                for i in below
                if self._lines[i].status != "dropped_out"
            },
        )
        if not (keep and select_key(self.clients, keep)) and self._lines:
            self.clients.selectRow(0)
        self._enable()

    def _cells(self, line: programmes.EnrolmentLine) -> tuple[str, ...]:
        found, e = line.attendance, line.enrolment
        reason = DROPOUT_REASON_WORDS.get(e.get("dropout_reason") or "", "")
        if e["status"] == "completed" and e.get("completion_note"):
            reason = self.tr("Below rule: %1").replace("%1", e["completion_note"])
        return (
            line.name,
            nhs_date(e["enrolled_on"]),
            f"{found.attended} / {found.planned} ({found.percent:.0f}%)",
            self.tr("met") if found.meets_rule else self.tr("not met"),
            self.tr(STATUS_WORDS[e["status"]]),
            nhs_date(e["ended_on"]) if e.get("ended_on") else "",
            reason,
        )

    def _line(self) -> programmes.EnrolmentLine | None:
        key = selected_key(self.clients)
        return next((line for line in self._lines if line.enrolment["id"] == key), None)

    def _enable(self) -> None:
        allowed = session.can(TAKE_REGISTERS)
        # Completion and drop-out keep reasons that only clinical roles may read or write.
        clinical = allowed and session.can(VIEW_CLINICAL)
        programme = selected_key(self.programmes) is not None
        line = self._line()
        self.new_programme.setEnabled(allowed)
        self.change_programme.setEnabled(allowed and programme)
        self.enrol.setEnabled(allowed and programme)
        self.completed.setEnabled(clinical and line is not None and line.status == "enrolled")
        self.dropped.setEnabled(clinical and line is not None and line.status == "enrolled")
        self.reopen.setEnabled(clinical and line is not None and line.status != "enrolled")

    # -- actions ----------------------------------------------------------------------

    def _run(self, dialog: QDialog) -> object | None:
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _new(self) -> None:
        saved = self._run(ProgrammeDialog(self.store, self.staff, parent=self))
        if saved:
            self.refresh(keep=saved["id"])

    def _change(self) -> None:
        held = self._programme()
        if held and self._run(ProgrammeDialog(self.store, self.staff, held, parent=self)):
            self.refresh()

    def _completed(self) -> None:
        line = self._line()
        if line and self._run(CompletedDialog(self.store, self.staff, line, parent=self)):
            self.refresh()

    def _dropped(self) -> None:
        line = self._line()
        if line and self._run(DropoutDialog(self.store, self.staff, line, parent=self)):
            self.refresh()

    def _reopen(self) -> None:
        line = self._line()
        if line is None:
            return
        try:
            programmes.reopen(self.store, line.enrolment["id"], self.staff())
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
        self.refresh()

    def _enrol(self) -> None:
        """Find the client once the caseload's names are read, off the GUI thread."""
        programme_id = selected_key(self.programmes)
        if programme_id is None:
            return
        self.enrol.setEnabled(False)

        def loaded(index) -> None:
            if not shiboken6.isValid(self):
                return
            self._enable()
            finder = ClientFinder(
                index,
                self.tr("Enrol a client"),
                self.tr("Who is joining the programme?"),
                self,
            )
            if finder.exec() != QDialog.DialogCode.Accepted or not finder.client_id():
                return
            try:
                programmes.enrol(self.store, str(programme_id), finder.client_id(), self.staff())
            except Exception as exc:  # noqa: BLE001 — shown to the person
                show_error(self, exc)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self._enable()
                show_error(self, exc)

        path = self.store.path
        store_op(self, path, lambda store, _progress: client_index(store), loaded, on_error=failed)

    def _open_client(self) -> None:
        line = self._line()
        if line is not None:
            self.client_opened.emit(line.enrolment["client_id"])
