"""The one table model for lists of ready-made rows (pathway history, flags, contacts,
referrals awaiting triage, groups, directory, MDT): headers and rows of text, each row
carrying the key of what it is about (a record id), some rows shown as a warning."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..table_model import TableModel

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING = "#b00020"  # risk, safeguarding, long waits, did-not-attend


class RowsModel(TableModel):
    """A read-only table of text rows. ``cell_tips`` shows each cell's whole text as its
    tooltip (for long notes cut off by the column); ``bold_warn`` also sets the first cell of
    a warning row in bold."""

    def __init__(
        self,
        headers: Sequence[str],
        parent=None,
        *,
        cell_tips: bool = False,
        bold_warn: bool = True,
    ):
        super().__init__(parent)
        self.headers = list(headers)
        self.cell_tips, self.bold_warn = cell_tips, bold_warn
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[object] = []
        self.warn: set[int] = set()  # rows shown in the warning colour
        self.tips: dict[int, str] = {}

    def set_rows(
        self,
        rows: list[tuple[str, ...]],
        keys: list[object] | None = None,
        warn: set[int] | None = None,
        tips: dict[int, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows = rows
        self.keys = keys if keys is not None else [None] * len(rows)
        self.warn, self.tips = warn or set(), tips or {}
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.rows[row][index.column()]
        if role == KEY_ROLE:
            return self.keys[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.cell_tips:
                return self.rows[row][index.column()]
            return self.tips.get(row)
        if role == Qt.ItemDataRole.ForegroundRole and row in self.warn:
            return QBrush(QColor(WARNING))
        if (
            role == Qt.ItemDataRole.FontRole
            and self.bold_warn
            and row in self.warn
            and index.column() == 0
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def key_at(self, row: int) -> object | None:
        return self.keys[row] if 0 <= row < len(self.keys) else None
