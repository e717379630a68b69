"""Reports ▸ Programme outcomes…: the programme report as a workbook or PDF, made off the GUI
thread by the same service function as ``painclinic programme-report``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout

from ....core.file_names import safe_file_name
from ....services.database import Store
from ....services.programmes import programmes
from ... import save_places
from ...ops import store_op
from ...widgets.date_entry import DateEntry
from ...widgets.labels import hint
from .dialogs import _make_and_cancel, _SaveTo, _when_written


class ProgrammeReportDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.setWindowTitle(self.tr("Programme outcomes"))
        today = today or date.today()
        year_ago = QDate(today.year, today.month, today.day).addYears(-1).addDays(1).toPython()
        self.date_from = DateEntry(self, value=year_ago, name=self.tr("From"))
        self.date_to = DateEntry(self, value=today, latest=today, name=self.tr("To"))
        self.which = QComboBox(self)
        self.which.setAccessibleName(self.tr("Programme"))
        self.which.addItem(self.tr("Every programme starting between the dates"), None)
        for held in programmes(store):
            self.which.addItem(held["name"], held["name"])
        self.show_small = QCheckBox(self.tr('Show counts of 1 to 4 (hidden as "<5" otherwise)'))
        self.save_to = _SaveTo(
            save_places.EVALUATION,
            self._suggested(),
            self.tr("Excel workbook (*.xlsx);;PDF (*.pdf)"),
            ".xlsx",
            self,
        )
        for edit in (self.date_from, self.date_to):
            edit.date_changed.connect(self._rename)
        self.which.currentIndexChanged.connect(self._rename)
        form = QFormLayout(self)
        form.addRow(self.tr("Programmes starting &from:"), self.date_from)
        form.addRow(self.tr("&to:"), self.date_to)
        form.addRow(self.tr("&Programme:"), self.which)
        form.addRow("", self.show_small)
        form.addRow(
            hint(
                self,
                self.tr(
                    "Completers are those attending at least the programme's rule of its "
                    "planned sessions (75 % unless set otherwise); their outcomes are shown "
                    "beside everyone enrolled."
                ),
            )
        )
        form.addRow(self.tr("&Save to (.xlsx or .pdf):"), self.save_to)
        self.make = _make_and_cancel(self, form, self.tr("&Make the report"))

    def _suggested(self, suffix: str = ".xlsx") -> str:
        start, end = (d.iso() or "" for d in (self.date_from, self.date_to))
        demo = "DEMO " if self.store.is_demo else ""
        which = self.which.currentData() or "Programmes"
        return safe_file_name(f"{demo}{which} {start} to {end}", suffix)

    def _rename(self) -> None:
        self.save_to.suggest_as_chosen(self._suggested)

    def run(self) -> None:
        from ....services.programmes import write_programme_report_for

        if not all([self.date_from.check(), self.date_to.check()]):
            return  # the reason is shown beside the date; nothing is made
        path = Path(self.save_to.path.text())
        start, end = self.date_from.date(), self.date_to.date()
        name, suppress = self.which.currentData(), not self.show_small.isChecked()
        db_path, staff = self.store.path, self.staff

        def work(store, _progress):
            write_programme_report_for(
                store, start, end, path, staff, programme_name=name, suppress=suppress
            )
            return path

        done = _when_written(self, self.tr("The programme report"))
        store_op(self, db_path, work, done, label=self.tr("Making the programme report…"))
