"""Reports from the desktop: the monthly return, the service evaluation and batch GP summaries.

Each runs off the GUI thread with progress, writes where the person chose, and offers to open
the folder. The same service functions serve the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ....core.file_names import safe_file_name
from ....services.database import Store
from ....services.returns import pcn_names
from ....services.service_settings import suppress_small_numbers
from ... import save_places
from ...ops import store_op
from ...save_places import offer_to_open
from ...widgets.date_entry import DateEntry


def previous_month(today: date) -> QDate:
    first = QDate(today.year, today.month, 1)
    return first.addMonths(-1)


def _wide_enough_for_a_path(edit: QLineEdit) -> None:
    """Room for a Documents path and a file name, so the person sees where it will go."""
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("x" * 48))


class _SaveTo(QWidget):
    """A file path with a Browse… button; starts where this kind of file was last saved."""

    def __init__(self, kind: str, suggested: str, filters: str, suffix: str, parent=None):
        super().__init__(parent)
        self.kind, self.filters, self.suffix = kind, filters, suffix
        self.path = QLineEdit(save_places.start_path(kind, suggested), self)
        self.path.setAccessibleName(self.tr("Save to"))
        _wide_enough_for_a_path(self.path)
        self.setFocusProxy(self.path)  # the "Save to" label's shortcut lands in the path
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(browse)

    def suggest(self, name: str) -> None:
        """A new suggested name, in the folder already chosen."""
        self.path.setText(str(Path(self.path.text()).with_name(name)))

    def suggest_as_chosen(self, suggested: Callable[[str], str]) -> None:
        """A new name from ``suggested(suffix)``, keeping the kind of file the person chose:
        .xlsx or .pdf (.xlsx for anything else)."""
        suffix = Path(self.path.text()).suffix.lower()
        self.suggest(suggested(suffix if suffix in (".xlsx", ".pdf") else ".xlsx"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.path.text(), self.filters
        )
        if name:
            if not name.lower().endswith(self.suffix) and not Path(name).suffix:
                name += self.suffix
            self.path.setText(name)

    def saved(self, written: Path) -> None:
        save_places.remember(self.kind, written)


def _when_written(dialog, what: str) -> Callable[[Path], None]:
    """What a report dialog does once its file is written: keeps it in ``written`` and its
    folder for next time, closes, and offers to open ``what`` from the window behind."""

    def done(written: Path) -> None:
        dialog.written = written
        dialog.save_to.saved(written)
        dialog.accept()
        offer_to_open(dialog.parentWidget() or dialog, written, what)

    return done


def _make_and_cancel(dialog, form: QFormLayout, label: str) -> QPushButton:
    """Cancel, and the button that runs the dialog's ``run``; returns the latter."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    make = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.run)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return make


class MonthlyReturnDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Monthly return for commissioners"))
        self.month = QDateEdit(previous_month(today or date.today()), self)
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setCalendarPopup(True)
        self.month.setAccessibleName(self.tr("Month"))
        self.pcn = QComboBox(self)
        self.pcn.setAccessibleName(self.tr("PCN"))
        self.pcn.addItem(self.tr("All PCNs"), None)
        for name in pcn_names(store):
            self.pcn.addItem(name, name)
        self.suppress = QCheckBox(self.tr('Write counts of 1 to 4 as "<5"'), self)
        self.suppress.setChecked(suppress_small_numbers(store))
        self.save_to = _SaveTo(
            save_places.MONTHLY_RETURN,
            self._suggested(),
            self.tr("Excel workbook (*.xlsx)"),
            ".xlsx",
            self,
        )
        self.month.dateChanged.connect(lambda: self.save_to.suggest(self._suggested()))
        self.pcn.currentIndexChanged.connect(lambda: self.save_to.suggest(self._suggested()))
        note = QLabel(
            self.tr("The return holds counts only: no names, NHS numbers or notes."), self
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Month:"), self.month)
        form.addRow(self.tr("&PCN:"), self.pcn)
        form.addRow("", self.suppress)
        form.addRow(self.tr("&Save to:"), self.save_to)
        form.addRow(note)
        self.make = _make_and_cancel(self, form, self.tr("&Make the return"))

    def month_text(self) -> str:
        return self.month.date().toString("yyyy-MM")

    def _suggested(self) -> str:
        """ "Monthly return 2026-11.xlsx" (with the PCN when it is for one; DEMO for practice)."""
        demo = "DEMO " if self.store.is_demo else ""
        pcn = self.pcn.currentData()
        return safe_file_name(
            f"{demo}Monthly return {self.month_text()}" + (f" {pcn}" if pcn else ""), ".xlsx"
        )

    def run(self) -> None:
        from ....services.returns import write_monthly_return_for

        path, month = Path(self.save_to.path.text()), self.month_text()
        pcn, suppress, staff = self.pcn.currentData(), self.suppress.isChecked(), self.staff
        db_path = self.store.path
        self.make.setEnabled(False)

        def work(store, progress):
            return write_monthly_return_for(
                store, month, path, staff, pcn=pcn, suppress_small=suppress, step=progress.report
            )

        done = _when_written(self, self.tr("The monthly return"))

        def failed(exc: BaseException) -> None:
            from ...errors import show_error

            self.make.setEnabled(True)
            show_error(self, exc)

        label = self.tr("Making the monthly return…")
        store_op(self, db_path, work, done, label=label, on_error=failed)


class EvaluationDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.setWindowTitle(self.tr("Service evaluation"))
        today = today or date.today()
        year_ago = QDate(today.year, today.month, today.day).addYears(-1).addDays(1).toPython()
        # Follow-ups cannot be in the future: a later "to" date is refused beside the field.
        self.date_from = DateEntry(self, value=year_ago, latest=today, name=self.tr("From"))
        self.date_to = DateEntry(self, value=today, latest=today, name=self.tr("To"))
        self.save_to = _SaveTo(
            save_places.EVALUATION,
            self._suggested(),
            self.tr("Excel workbook (*.xlsx);;PDF (*.pdf)"),
            ".xlsx",
            self,
        )
        for edit in (self.date_from, self.date_to):
            edit.date_changed.connect(self._rename)
        form = QFormLayout(self)
        form.addRow(self.tr("Follow-ups &from:"), self.date_from)
        form.addRow(self.tr("&to:"), self.date_to)
        form.addRow(self.tr("&Save to (.xlsx or .pdf):"), self.save_to)
        self.make = _make_and_cancel(self, form, self.tr("&Make the table"))

    def _suggested(self, suffix: str = ".xlsx") -> str:
        """ "Service evaluation 2025-12-07 to 2026-12-06.xlsx"."""
        start, end = (d.iso() or "" for d in (self.date_from, self.date_to))
        demo = "DEMO " if self.store.is_demo else ""
        return safe_file_name(f"{demo}Service evaluation {start} to {end}", suffix)

    def _rename(self) -> None:
        self.save_to.suggest_as_chosen(self._suggested)

    def run(self) -> None:
        from ....services.returns import write_evaluation_for

        if not all([self.date_from.check(), self.date_to.check()]):
            return  # the reason is shown beside the date; nothing is made
        path = Path(self.save_to.path.text())
        start, end = self.date_from.date(), self.date_to.date()
        db_path, staff = self.store.path, self.staff

        def work(store, progress):
            write_evaluation_for(store, start, end, path, staff, progress=progress)
            return path  # Cancel before the file is written leaves none

        done = _when_written(self, self.tr("The evaluation"))
        store_op(self, db_path, work, done, label=self.tr("Making the evaluation table…"))


class BatchGpSummariesDialog(QDialog):
    """GP summaries for every client discharged in a month, into one folder; cancellable."""

    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.setWindowTitle(self.tr("GP summaries for a month's discharges"))
        self.month = QDateEdit(previous_month(today or date.today()), self)
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setAccessibleName(self.tr("Month"))
        self.folder = QLineEdit(str(save_places.start_folder(save_places.GP_SUMMARY_BATCH)), self)
        self.folder.setAccessibleName(self.tr("Folder"))
        _wide_enough_for_a_path(self.folder)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        # The folder and its button in one widget, so the "Into folder" label can be its buddy
        # (a label beside a bare layout shows its "&" instead of underlining the letter).
        where = QWidget(self)
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        where.setFocusProxy(self.folder)
        self.naming = QLabel(self._naming_text(), self)
        self.naming.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Discharged in:"), self.month)
        form.addRow(self.tr("&Into folder:"), where)
        form.addRow("", self.naming)
        self.make = _make_and_cancel(self, form, self.tr("&Make the summaries"))

    def _naming_text(self) -> str:
        from ....services.service_settings import BATCH_FOLDER, file_name_style

        if file_name_style(self.store, BATCH_FOLDER) == "recognisable":
            return self.tr(
                "Each file is named with the client's family name, initial, NHS number and "
                'today\'s date, e.g. "Smith J 9990001235 %1 GP summary.pdf". The service '
                "settings can make the names anonymous."
            ).replace("%1", date.today().isoformat())
        return self.tr(
            'Each file is named with the client\'s record number only ("gp-summary-…pdf"). '
            "The service settings can give names staff recognise."
        )

    def _browse(self) -> None:
        name = save_places.ask_folder(
            self, save_places.GP_SUMMARY_BATCH, self.tr("Choose a folder"), self.folder.text()
        )
        if name:
            self.folder.setText(name)

    def run(self) -> None:
        from ....services.client_reports import gp_summaries_for_discharged

        month, folder = self.month.date().toString("yyyy-MM"), Path(self.folder.text())
        db_path, staff = self.store.path, self.staff

        def work(store, progress):
            return gp_summaries_for_discharged(
                store,
                month,
                folder,
                staff,
                progress=lambda done, total: progress.report(done, total),
            )

        def done(result) -> None:
            save_places.remember(save_places.GP_SUMMARY_BATCH, folder, is_folder=True)
            self.accept()
            text = self.tr("%1 GP summaries written.").replace("%1", str(len(result.written)))
            if result.failed:
                text += "\n" + self.tr("%1 could not be written.").replace(
                    "%1", str(len(result.failed))
                )
            QMessageBox.information(self.parentWidget() or self, self.tr("GP summaries"), text)

        store_op(self, db_path, work, done, label=self.tr("Writing GP summaries…"))
