"""Qt table model over the caseload state: no widget per row, so 50,000 rows stay smooth."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ... import words
from ...icons import flags_pixmap
from .state import COLUMNS, CaseloadState

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CaseloadModel(QAbstractTableModel):
    def __init__(self, state: CaseloadState, parent=None):
        super().__init__(parent)
        self.state = state
        self.today = date.today().isoformat()
        self._headers = {
            "name": self.tr("Name"),
            "nhs_number": self.tr("NHS number"),
            "age": self.tr("Age"),
            "tier": self.tr("Tier"),
            "status": self.tr("Status"),
            "staff": self.tr("Assigned to"),
            "last_contact": self.tr("Last contact"),
            "next_review": self.tr("Next review"),
            "flags": self.tr("Flags"),
        }

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.state.visible)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[COLUMNS[section]]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.state.visible[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == CLIENT_ID_ROLE:
            return row.client_id
        if role == Qt.ItemDataRole.DecorationRole and column == "flags" and row.flags:
            return flags_pixmap(row.flags)
        if role == Qt.ItemDataRole.ToolTipRole and column == "flags" and row.flags:
            return "\n".join(words.flag(f) for f in row.flags)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == "flags":
            return ", ".join(words.flag(f) for f in row.flags) or self.tr("No flags")
        if role == Qt.ItemDataRole.FontRole and column == "name":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and "risk" in row.flags and column == "name":
            return QBrush(QColor("#b00020"))
        if column == "next_review" and row.next_review and row.next_review < self.today:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#b00020"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Review overdue")
        return None

    def _text(self, row, column: str) -> str:
        if column == "name":
            return row.name
        if column == "nhs_number":
            return row.nhs_number or self.tr("not recorded")
        if column == "age":
            return "" if row.age is None else str(row.age)
        if column == "tier":
            return words.tier(row.tier)
        if column == "status":
            return words.status(row.status)
        if column == "staff":
            return row.staff
        if column == "last_contact":
            return _uk_date(row.last_contact)
        if column == "next_review":
            return _uk_date(row.next_review)
        return ""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self.state.sort(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def refreshed(self) -> None:
        """Call after the state changed its visible rows."""
        self.beginResetModel()
        self.endResetModel()


def _uk_date(iso: str | None) -> str:
    """Dates as people in the UK read them: 03/10/2026."""
    if not iso:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
