"""Reports ▸ Service report…: the commissioners' quarterly report (PDF) for a date range."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QSpinBox

from ....core.file_names import safe_file_name
from ....services.database import Store
from ....services.service_settings import planned_referrals
from ... import save_places
from ...ops import store_op
from ...widgets.date_entry import DateEntry
from .dialogs import _make_and_cancel, _SaveTo, _when_written


class ServiceReportDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Service report"))
        today = today or date.today()
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        self.date_from = DateEntry(self, value=quarter_start, latest=today, name=self.tr("From"))
        self.date_to = DateEntry(self, value=today, latest=today, name=self.tr("To"))
        self.planned = QSpinBox(self)
        self.planned.setRange(0, 1_000_000)
        self.planned.setSpecialValueText(self.tr("not set"))
        self.planned.setAccessibleName(self.tr("Referrals planned for the year"))
        self.planned.setValue(planned_referrals(store, today.year) or 0)
        self.save_to = _SaveTo(
            save_places.EVALUATION, self._suggested(), self.tr("PDF (*.pdf)"), ".pdf", self
        )
        for edit in (self.date_from, self.date_to):
            edit.date_changed.connect(lambda _: self.save_to.suggest(self._suggested()))
        form = QFormLayout(self)
        form.addRow(self.tr("&From:"), self.date_from)
        form.addRow(self.tr("&to:"), self.date_to)
        form.addRow(self.tr("Referrals &planned for the year:"), self.planned)
        hint = QLabel(
            self.tr("The service settings keep each year's plan; a number here is for this report.")
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow(self.tr("&Save to (.pdf):"), self.save_to)
        self.make = _make_and_cancel(self, form, self.tr("&Make the report"))

    def _suggested(self) -> str:
        start, end = (d.iso() or "" for d in (self.date_from, self.date_to))
        demo = "DEMO " if self.store.is_demo else ""
        return safe_file_name(f"{demo}Service report {start} to {end}", ".pdf")

    def run(self) -> None:
        from ....services.service_report import write_service_report_for

        if not all([self.date_from.check(), self.date_to.check()]):
            return
        path = Path(self.save_to.path.text())
        start, end = self.date_from.date(), self.date_to.date()
        planned = self.planned.value() or None
        db_path, staff = self.store.path, self.staff

        def work(store, progress):
            write_service_report_for(store, start, end, path, staff, planned=planned)
            return path

        done = _when_written(self, self.tr("The service report"))
        store_op(self, db_path, work, done, label=self.tr("Making the service report…"))
