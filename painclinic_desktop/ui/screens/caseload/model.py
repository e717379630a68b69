"""Qt table model over the caseload state: no widget per row, so 50,000 rows stay smooth."""

from __future__ import annotations

from datetime import date
from functools import cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ....core.dates import nhs_date
from ... import words
from ...icons import flags_pixmap
from .state import COLUMNS, CaseloadState

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ANSWERED = frozenset(
    {_DISPLAY, _DECORATION, _TOOLTIP, _ACCESSIBLE, _FONT, _FOREGROUND, CLIENT_ID_ROLE}
)
_RED = QBrush(QColor("#b00020"))


@cache
def _bold() -> QFont:
    """Made on first use: a font needs the application to exist."""
    font = QFont()
    font.setBold(True)
    return font


class CaseloadModel(QAbstractTableModel):
    def __init__(self, state: CaseloadState, parent=None):
        super().__init__(parent)
        self.state = state
        self.clashes: dict[str, int] = {}  # client id → open clashes on their records
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

    def data(self, index: QModelIndex, role=_DISPLAY):
        # Called for every role of every visible cell on each repaint (thousands of times
        # per keystroke): roles this model never answers return before any other work.
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self.state.visible[index.row()]
        column = COLUMNS[index.column()]
        if role == _DISPLAY:
            return self._text(row, column)
        if role == CLIENT_ID_ROLE:
            return row.client_id
        if column == "name":
            if role == _FONT:
                return _bold()
            if role == _FOREGROUND and ("risk" in row.flags or row.client_id in self.clashes):
                return _RED
            if role in (_TOOLTIP, _ACCESSIBLE) and row.client_id in self.clashes:
                return self.tr("%1 — a clash between two people's edits: open the record to "
                               "settle it").replace("%1", row.name)  # fmt: skip
            return None
        if column == "flags":
            if role == _DECORATION and row.flags:
                return flags_pixmap(row.flags)
            if role == _TOOLTIP and row.flags:
                return "\n".join(words.flag(f) for f in row.flags)
            if role == _ACCESSIBLE:
                return ", ".join(words.flag(f) for f in row.flags) or self.tr("No flags")
            return None
        if column == "next_review" and row.next_review and row.next_review < self.today:
            if role == _FOREGROUND:
                return _RED
            if role == _TOOLTIP:
                return self.tr("Review overdue")
        return None

    def _text(self, row, column: str) -> str:
        if column == "name":
            if self.clashes and row.client_id in self.clashes:
                return row.name + self.tr("  ⚠ clash")
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
    """Dates the NHS way: 03-Oct-2026."""
    return nhs_date(iso)
