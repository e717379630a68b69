"""The outcomes table: the same numbers as the charts, for those who prefer reading."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from ....core.dates import nhs_date
from ... import measure_words, words
from ...table_model import TableModel
from ...widgets.trend_chart import chart_title
from .state import TrendPoint, TrendSeries

COLUMNS = ("measure", "date", "time_point", "score", "band", "change", "mid")


class OutcomesTableModel(TableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[TrendSeries, TrendPoint]] = []
        self.headers = (
            self.tr("Measure"),
            self.tr("Date"),
            self.tr("Time point"),
            self.tr("Score"),
            self.tr("Result"),
            self.tr("Change from baseline"),
            self.tr("Meaningful improvement?"),
        )

    def set_series(self, series: list[TrendSeries]) -> None:
        self.beginResetModel()
        self.rows = [(s, p) for s in series for p in s.points]
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        series, point = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(series, point, column)
        if role == Qt.ItemDataRole.FontRole and column == "mid" and point.reaches_mid:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("score", "change"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text(self, series: TrendSeries, point: TrendPoint, column: str) -> str:
        if column == "measure":
            return chart_title(series)
        if column == "date":
            return nhs_date(point.administered_on)
        if column == "time_point":
            return words.time_point(point.time_point)
        if column == "score":
            if point.value is None:
                return self.tr("not enough answers")
            return measure_words.number(point.value) + (
                self.tr(" (estimated)") if point.prorated else ""
            )
        if column == "band":
            return measure_words.band(point.band)
        if column == "change":
            return self._change(series, point)
        return self._mid(series, point)

    def _change(self, series: TrendSeries, point: TrendPoint) -> str:
        if point.is_baseline:
            return self.tr("(baseline)")
        if point.change is None:
            return "—"
        sign = "+" if point.change > 0 else ("−" if point.change < 0 else "±")
        shown = sign + measure_words.number(abs(point.change))
        better = point.change > 0 if series.higher_is_better else point.change < 0
        if point.change == 0:
            shown += self.tr(" (no change)")
        else:
            shown += self.tr(" (better)") if better else self.tr(" (worse)")
        # Every change says which baseline it is measured from.
        return shown + self.tr(" from {day}").format(day=nhs_date(point.baseline_on or ""))

    def _mid(self, series: TrendSeries, point: TrendPoint) -> str:
        if point.reaches_mid is None:
            if point.is_baseline or series.mid is None or point.value is None:
                return "—"
            return self.tr("no baseline to compare with")
        return self.tr("Yes ★") if point.reaches_mid else self.tr("Not yet")
