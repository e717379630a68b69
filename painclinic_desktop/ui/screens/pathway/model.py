"""One small table model for lists of ready-made rows (pathway history, flags, contacts,
referrals awaiting triage): headers and rows of text, each row carrying what it is about."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...table_model import TableModel

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
RED = QColor("#b00020")


class RowsModel(TableModel):
    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []
        self.payloads: list[Any] = []
        self.alert: set[int] = set()  # rows shown in red (risk, safeguarding, long waits)

    def set_rows(
        self,
        rows: list[tuple[str, ...]],
        payloads: list[Any] | None = None,
        alert: set[int] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows = rows
        self.payloads = payloads if payloads is not None else [None] * len(rows)
        self.alert = alert or set()
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == PAYLOAD_ROLE:
            return self.payloads[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self.alert:
            return QBrush(RED)
        return None

    def payload(self, row: int) -> Any:
        return self.payloads[row] if 0 <= row < len(self.payloads) else None


def plain_table(parent, model: RowsModel, name: str, stretch: int | None = None):
    """A read-only, row-selecting table as every list on these screens uses; ``stretch`` is
    the column that takes the spare width (the last one when not given)."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def selected_payload(table) -> Any:
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().payload(index.row())


class _EnterChooses(QObject):
    """Enter or Return on a table acts once and goes no further. A table's own ``activated``
    passes the key on, and in a dialog the key then also presses the default button: two
    forms opened, one stacked on the other."""

    def __init__(self, table, slot):
        super().__init__(table)
        self._slot = slot

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False  # Ctrl+Enter and the like belong to the window
            if watched.currentIndex().isValid():
                self._slot()
            return True
        return False


def on_row_chosen(table, slot) -> None:
    """Call ``slot()`` once when a row is chosen: Enter or Return on it, or a double-click
    (not ``activated``, which some desktops emit on a single click)."""
    table.installEventFilter(_EnterChooses(table, slot))
    table.doubleClicked.connect(lambda _index: slot())
