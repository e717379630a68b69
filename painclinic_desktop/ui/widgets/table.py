"""The app's read-only list table: one row selected at a time, text that says so when the
list is empty, and the helpers that read and set the chosen row by its key."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .rows_model import KEY_ROLE, RowsModel


class Table(QTableView):
    """A table that says so when it has nothing to show, rather than a blank box."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = ""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#44546a"))
            painter.drawText(
                self.viewport().rect().adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()

    def fit_rows(self, most: int = 8, least: int = 1) -> None:
        """Height for the rows it has (within ``least``..``most``), so short lists stay
        short and a page of several tables does not scroll for nothing."""
        rows = min(max(self.model().rowCount(), least), most)
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += rows * self.verticalHeader().defaultSectionSize()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(height + 2)


def make_table(
    parent: QWidget,
    model: RowsModel,
    name: str,
    widths: Sequence[int] = (),
    empty: str = "",
    stretch: int | None = None,
) -> Table:
    table = Table(parent)
    table.empty_text = empty
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def selected_key(table: QTableView) -> object | None:
    """The key of the selected row, or None when no row is selected."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    return table.model().data(rows[0], KEY_ROLE)


def current_key(table: QTableView) -> object | None:
    """The key of the row holding the keyboard cursor, or None."""
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().key_at(index.row())


def select_key(table: QTableView, key: object) -> bool:
    model = table.model()
    for row in range(model.rowCount()):
        if model.data(model.index(row, 0), KEY_ROLE) == key:
            table.selectRow(row)
            return True
    return False


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
