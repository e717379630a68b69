"""Reports ▸ Follow-ups due…: the 10-week, 6-month and 12-month follow-up questionnaires due
in a window, who they are for and what to post; the list saved as .xlsx; a questionnaire that
comes back entered from the row it belongs to. The database work runs off the GUI thread
through services (``store_op``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ....core.dates import nhs_date
from ....services.database import Store
from ...fit import fit_to_screen
from ...ops import store_op
from ...widgets.date_entry import DateEntry
from ...words import counted


class FollowUpsDueDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.rows: list = []
        self.shown = 0  # lists shown so far: one more each time the list comes back
        self.assessment = None
        self.setWindowTitle(self.tr("Follow-ups due"))
        today = today or date.today()
        self.date_from = DateEntry(self, value=today, name=self.tr("Due from"))
        self.date_to = DateEntry(self, value=today + timedelta(days=27), name=self.tr("Due to"))
        form = QFormLayout()
        form.addRow(self.tr("Due &from:"), self.date_from)
        form.addRow(self.tr("&to:"), self.date_to)
        self.summary = QLabel(self)
        self.table = QTableWidget(self)
        self.table.setAccessibleName(self.tr("Follow-ups due"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.show_button = buttons.addButton(
            self.tr("S&how"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button = buttons.addButton(
            self.tr("&Save list (.xlsx)…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.letters_button = buttons.addButton(
            self.tr("&Letters (PDF)…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.large_print = QCheckBox(self.tr("Large &print letters"), self)
        self.returned_button = buttons.addButton(
            self.tr("&Record returned questionnaire…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.strategies = QComboBox(self)
        self.strategies.setAccessibleName(self.tr("Still using self-management strategies"))
        for text, code in (
            ("", None),
            (self.tr("Yes"), "yes"),
            (self.tr("Partly"), "partly"),
            (self.tr("No"), "no"),
        ):
            self.strategies.addItem(text, code)
        self.save_answer = QPushButton(self.tr("Save &answer"), self)
        self.save_answer.clicked.connect(self.record_strategies)
        answer_row = QHBoxLayout()
        answer_row.addWidget(
            QLabel(self.tr("At this follow-up, still using self-management strategies?"), self)
        )
        answer_row.addWidget(self.strategies)
        answer_row.addWidget(self.save_answer)
        answer_row.addStretch(1)
        answer_row.addWidget(self.large_print)
        self.table.itemSelectionChanged.connect(self._show_answer)
        self.show_button.clicked.connect(self.show_list)
        self.save_button.clicked.connect(self.save_list)
        self.letters_button.clicked.connect(self.save_letters)
        self.returned_button.clicked.connect(self.record_returned)
        self.table.itemActivated.connect(lambda _: self.record_returned())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(answer_row)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 600)
        self.show_list()

    def _window(self):
        if not all([self.date_from.check(), self.date_to.check()]):
            return None
        return self.date_from.date(), self.date_to.date()

    def show_list(self, select: int = 0) -> None:
        from ....services.followups import due_rows

        window = self._window()
        if window is None:
            return

        def work(store, progress):
            return due_rows(store, *window)

        store_op(self, self.store.path, work, lambda rows: self._shown(rows, select))

    def _shown(self, rows: list, select: int) -> None:
        self.rows = rows
        waiting = sum(1 for r in self.rows if r.due.returned_on is None)
        said = counted(
            len(self.rows),
            self.tr("1 follow-up due, %2 not yet returned."),
            self.tr("%1 follow-ups due, %2 not yet returned."),
        )
        self.summary.setText(said.replace("%2", str(waiting)))
        self._fill(select)
        self.shown += 1

    def _fill(self, select: int = 0) -> None:
        headings = [
            self.tr("Due"),
            self.tr("Follow-up"),
            self.tr("Client"),
            self.tr("NHS number"),
            self.tr("Postcode"),
            self.tr("Returned"),
            self.tr("Still using strategies"),
            self.tr("Questionnaires to send"),
        ]
        kinds = {
            "fu_10w": self.tr("10 weeks"),
            "fu_6m": self.tr("6 months"),
            "fu_12m": self.tr("12 months"),
        }
        self.table.clear()
        self.table.setColumnCount(len(headings))
        self.table.setHorizontalHeaderLabels(headings)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            returned = nhs_date(r.due.returned_on) if r.due.returned_on else self.tr("not yet")
            cells = [
                nhs_date(r.due.due_on),
                kinds[r.due.time_point],
                r.name,
                r.nhs_number,
                r.postcode,
                returned,
                self._answer_words(r.due.strategies),
                "; ".join(r.questionnaires),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the questionnaires are read whole here when cut short
                self.table.setItem(i, column, item)
        self.table.resizeColumnsToContents()
        # the questionnaires fill what is left of the window rather than run off its edge
        self.table.horizontalHeader().setStretchLastSection(True)
        last = len(headings) - 1
        self.table.setColumnWidth(last, min(self.table.columnWidth(last), 320))
        if self.rows:
            self.table.selectRow(min(select, len(self.rows) - 1))

    def _answer_words(self, code: str | None) -> str:
        return {"yes": self.tr("Yes"), "partly": self.tr("Partly"), "no": self.tr("No")}.get(
            code or "", ""
        )

    def _show_answer(self) -> None:
        row = self.table.currentRow()
        code = self.rows[row].due.strategies if 0 <= row < len(self.rows) else None
        self.strategies.setCurrentIndex(max(0, self.strategies.findData(code)))

    def record_strategies(self) -> None:
        """Save the chosen row's answer (blank takes a mistaken answer back)."""
        from ....services.followups import record_strategies

        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        due, answer, staff = self.rows[row].due, self.strategies.currentData(), self.staff

        def work(store, progress):
            return record_strategies(store, due.discharge_id, due.time_point, answer, staff)

        store_op(
            self,
            self.store.path,
            work,
            lambda _saved: self.show_list(select=row),
            changes={"discharges"},
        )

    def save_list(self) -> None:
        from ....services.followups import write_due_list
        from ... import save_places

        window = self._window()
        if window is None:
            return
        name = save_places.ask_save_path(
            self,
            save_places.EVALUATION,
            self.tr("Save the follow-ups list"),
            f"Follow-ups due {window[0]} to {window[1]}.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
            ".xlsx",
        )
        if not name:
            return
        staff = self.staff

        def work(store, progress):
            return write_due_list(store, *window, Path(name), staff)

        def done(count: int) -> None:
            said = counted(
                count, self.tr("1 follow-up saved to %2."), self.tr("%1 follow-ups saved to %2.")
            )
            self.summary.setText(said.replace("%2", name))

        store_op(self, self.store.path, work, done, label=self.tr("Saving the list…"))

    def save_letters(self) -> None:
        """A letter for each questionnaire in the window not yet back, to print and post."""
        from ....services.followups import write_letters_for
        from ... import save_places

        window = self._window()
        if window is None:
            return
        name = save_places.ask_save_path(
            self,
            save_places.EVALUATION,
            self.tr("Save the letters"),
            f"Follow-up letters {window[0]} to {window[1]}.pdf",
            self.tr("PDF (*.pdf)"),
            ".pdf",
        )
        if not name:
            return
        staff, large = self.staff, self.large_print.isChecked()

        def work(store, progress):
            return write_letters_for(store, *window, Path(name), staff, large_print=large)

        def done(written) -> None:
            said = counted(
                written.letters,
                self.tr("1 letter saved to %2."),
                self.tr("%1 letters saved to %2."),
            )
            text = said.replace("%2", name)
            if written.without_address:
                text += " " + self.tr(
                    "%1 of them have only a postcode: the client's address is not recorded "
                    "(Client details)."
                ).replace("%1", str(written.without_address))
            self.summary.setText(text)

        store_op(self, self.store.path, work, done, label=self.tr("Making the letters…"))

    def record_returned(self) -> None:
        """The chosen row's questionnaire came back: enter it, its follow-up time point and
        the questionnaires of the client's baseline already chosen."""
        from ....services import assessments as assessment_service
        from ....services.followups import for_entry

        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or self._entering():
            return
        client_id, time_point = self.rows[row].due.client_id, self.rows[row].due.time_point

        def work(store, progress):
            client, history = for_entry(store, client_id)
            return client, history, assessment_service.content_pack_for(store)

        store_op(self, self.store.path, work, lambda found: self._enter(*found, row, time_point))

    def _entering(self) -> bool:
        """An assessment opened from this list is still on screen (one that was closed has
        been deleted with its window)."""
        return (
            self.assessment is not None
            and shiboken6.isValid(self.assessment)
            and self.assessment.isVisible()
        )

    def _enter(self, client: dict | None, history: list, pack, row: int, time_point: str) -> None:
        from ..assessment.view import open_assessment

        if client is None or self._entering():
            return
        self.assessment = open_assessment(
            self,
            self.store,
            client,
            lambda: self.staff,
            history,
            pack,
            lambda _: self.show_list(select=row),
            by_post=time_point,
        )
