"""Reports ▸ Equity…: who the service reaches and who benefits, group by group.

Choose the dates and how to group clients; Show draws, per measure, each group's mean change
with its 95 % interval beside the whole service's, and lists the reach table; Save writes the
same report (.xlsx or .pdf) as ``painclinic evaluation --by``. Small numbers are hidden
unless the person unticks the box.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....core.equity import (
    EquityReport,
    busiest_time_point,
    change_points,
    measures_reported,
    time_points_reported,
)
from ....core.file_names import safe_file_name
from ....services.database import Store
from ... import measure_words, save_places, words
from ...fit import fit_to_screen
from ...ops import store_op
from ...save_places import offer_to_open
from ...widgets.change_chart import ChangeChart
from ...widgets.date_entry import DateEntry
from .dialogs import _SaveTo

DIMENSIONS = (
    "ethnicity",
    "ethnic_group",
    "imd_quintile",
    "imd_decile",
    "first_language",
    "interpreter_needed",
    "gender",
    "age_band",
    "pcn",
    "staff",
)
BUSIEST = ""  # the time point with the most clients, measure by measure


class EquityDialog(QDialog):
    def __init__(self, store: Store, staff: str, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.report: EquityReport | None = None
        self.setWindowTitle(self.tr("Equity: reach and outcomes by group"))
        today = today or date.today()
        year_ago = QDate(today.year, today.month, today.day).addYears(-1).addDays(1).toPython()
        self.date_from = DateEntry(self, value=year_ago, latest=today, name=self.tr("From"))
        self.date_to = DateEntry(self, value=today, latest=today, name=self.tr("To"))
        self.by = QComboBox(self)
        self.by.setAccessibleName(self.tr("Group clients by"))
        for code in DIMENSIONS:
            self.by.addItem(self._dimension_words(code), code)
        self.by.setCurrentIndex(self.by.findData("ethnicity"))
        self.hide_small = QCheckBox(self.tr('Hide small numbers (1 to 4 shown as "<5")'), self)
        self.hide_small.setChecked(True)
        self.point = QComboBox(self)
        self.point.setAccessibleName(self.tr("Time point charted"))
        self.point.addItem(self.tr("The one with most clients"), BUSIEST)
        for code in ("mid", "end", "fu_10w", "fu_6m", "fu_12m"):
            self.point.addItem(words.time_point(code), code)
        self.point.currentIndexChanged.connect(lambda _: self._draw())
        self.save_to = _SaveTo(
            save_places.EVALUATION,
            self._suggested(),
            self.tr("Excel workbook (*.xlsx);;PDF (*.pdf)"),
            ".xlsx",
            self,
        )
        self.by.currentIndexChanged.connect(lambda _: self._rename())
        for edit in (self.date_from, self.date_to):
            edit.date_changed.connect(self._rename)
        form = QFormLayout()
        form.addRow(self.tr("Referrals and follow-ups &from:"), self.date_from)
        form.addRow(self.tr("&to:"), self.date_to)
        form.addRow(self.tr("&Group clients by:"), self.by)
        form.addRow("", self.hide_small)
        form.addRow(self.tr("Time &point charted:"), self.point)
        form.addRow(self.tr("&Save to (.xlsx or .pdf):"), self.save_to)
        self.status = QLabel(self.tr("Press Show to see the charts, or Save report."), self)
        self.status.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.charts = QWidget()
        self.chart_layout = QVBoxLayout(self.charts)
        self.legend = self.tr(
            "■ each group's mean change, its line the 95% interval. Grey band and dashed line: "
            "all clients' interval and mean change. Solid line: no change. Groups too small to "
            "show are named without a mark."
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        self.tabs.addTab(scroll, self.tr("&Mean change by group"))
        self.reach = QTableWidget(self)
        self.reach.setAccessibleName(self.tr("Reach by group"))
        self.reach.verticalHeader().setVisible(False)
        reach_page = QWidget(self)
        reach_layout = QVBoxLayout(reach_page)
        reach_layout.addWidget(self.reach, 1)
        self.reach_note = QLabel(reach_page)
        self.reach_note.setWordWrap(True)
        reach_layout.addWidget(self.reach_note)
        self.tabs.addTab(reach_page, self.tr("&Reach"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.show_button = buttons.addButton(
            self.tr("S&how"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button = buttons.addButton(
            self.tr("Save &report"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.show_button.clicked.connect(self.show_report)
        self.save_button.clicked.connect(self.save_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 680)

    def _dimension_words(self, code: str) -> str:
        return {
            "ethnicity": self.tr("Ethnic category (group and letter)"),
            "ethnic_group": self.tr("Ethnic group (top level)"),
            "imd_quintile": self.tr("Deprivation: IMD quintile"),
            "imd_decile": self.tr("Deprivation: IMD decile"),
            "first_language": self.tr("First language"),
            "interpreter_needed": self.tr("Interpreter needed"),
            "gender": self.tr("Gender"),
            "age_band": self.tr("Age band"),
            "pcn": self.tr("PCN"),
            "staff": self.tr("Coach"),
        }[code]

    def _suggested(self, suffix: str = ".xlsx") -> str:
        start, end = (d.iso() or "" for d in (self.date_from, self.date_to))
        demo = "DEMO " if self.store.is_demo else ""
        by = self.by.currentData() if hasattr(self, "by") else "ethnicity"
        return safe_file_name(f"{demo}Equity by {by} {start} to {end}", suffix)

    def _rename(self) -> None:
        self.save_to.suggest_as_chosen(self._suggested)

    def _choices(self):
        if not all([self.date_from.check(), self.date_to.check()]):
            return None  # the reason is shown beside the date
        return (
            self.date_from.date(),
            self.date_to.date(),
            self.by.currentData(),
            self.hide_small.isChecked(),
        )

    def show_report(self) -> None:
        from ....services.equity import equity_report

        choices = self._choices()
        if choices is None:
            return
        start, end, by, hide = choices
        db_path = self.store.path

        def work(store, progress):
            return equity_report(store, start, end, by, suppress=hide)

        store_op(self, db_path, work, self._shown, label=self.tr("Working out the equity figures…"))

    def _shown(self, report: EquityReport) -> None:
        self.report = report
        self.status.setText(
            self.tr("%1 groups, %2 to %3. Small numbers %4.")
            .replace("%1", str(len(report.groups)))
            .replace("%2", report.date_from)
            .replace("%3", report.date_to)
            .replace("%4", self.tr("hidden") if report.suppressed else self.tr("shown"))
        )
        self._fill_reach(report)
        self._draw()

    def _draw(self) -> None:
        while self.chart_layout.count():
            item = self.chart_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        report = self.report
        if report is None:
            return
        chosen = self.point.currentData()
        legend = QLabel(self.legend, self.charts)
        legend.setWordWrap(True)
        self.chart_layout.addWidget(legend)
        drawn = 0
        for instrument, score in measures_reported(report):
            points = time_points_reported(report, instrument, score)
            point = chosen or busiest_time_point(report, instrument, score)
            if point not in points:
                continue
            title = QLabel(
                f"<b>{words.instrument(instrument)}: "
                f"{measure_words.score_name(instrument, score)}</b> — {words.time_point(point)}",
                self.charts,
            )
            chart = ChangeChart(self.charts)
            chart.setAccessibleName(title.text())
            chart.set_rows(change_points(report, instrument, score, point))
            self.chart_layout.addWidget(title)
            self.chart_layout.addWidget(chart)
            drawn += 1
        if not drawn:
            self.chart_layout.addWidget(
                QLabel(self.tr("No paired outcomes at this time point in this range."), self)
            )
        self.chart_layout.addStretch(1)

    def _fill_reach(self, report: EquityReport) -> None:
        headings = [
            self.tr("Group"),
            self.tr("Referrals"),
            self.tr("Accepted"),
            self.tr("First contacts"),
            self.tr("Completed episodes"),
            self.tr("Share of referrals %"),
            self.tr("DNA rate %"),
            self.tr("Share of population %"),
        ]
        self.reach.clear()
        self.reach.setColumnCount(len(headings))
        self.reach.setHorizontalHeaderLabels(headings)
        self.reach.setRowCount(len(report.reach))
        for row, values in enumerate(report.reach):
            for column, value in enumerate(values[1:]):
                text = (
                    "—"
                    if value is None
                    else (f"{value:.1f}" if isinstance(value, float) else str(value))
                )
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.reach.setItem(row, column, item)
        self.reach.resizeColumnsToContents()
        self.reach_note.setText(" ".join(report.notes[:1] + report.notes[3:]))

    def save_report(self) -> None:
        from ....services.equity import write_equity_for

        choices = self._choices()
        if choices is None:
            return
        start, end, by, hide = choices
        path = Path(self.save_to.path.text())
        db_path, staff = self.store.path, self.staff

        def work(store, progress):
            write_equity_for(store, start, end, by, path, staff, suppress=hide)
            return path

        def done(written: Path) -> None:
            self.save_to.saved(written)
            offer_to_open(self, written, self.tr("The equity report"))

        store_op(self, db_path, work, done, label=self.tr("Making the equity report…"))
