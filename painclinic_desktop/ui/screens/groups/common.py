"""Small shared pieces of the groups, directory and MDT screens: a table model over plain
rows, UK dates, date fields and page titles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from ...table_model import TableModel
from ...widgets.date_entry import DateEntry

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING = "#b00020"


def uk(iso: str | None) -> str:
    """03/10/2026, as dates are read in the UK."""
    if not iso:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


class RowsModel(TableModel):
    """A read-only table of text rows, each with a key (a record id) and optional emphasis."""

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[object] = []
        self.warn: set[int] = set()  # rows shown in the warning colour
        self.tips: dict[int, str] = {}

    def set_rows(
        self,
        rows: list[tuple[str, ...]],
        keys: list[object],
        warn: set[int] | None = None,
        tips: dict[int, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows, self.keys = rows, keys
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
            return self.tips.get(row)
        if role == Qt.ItemDataRole.ForegroundRole and row in self.warn:
            return QBrush(QColor(WARNING))
        if role == Qt.ItemDataRole.FontRole and row in self.warn and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def key_at(self, row: int) -> object | None:
        return self.keys[row] if 0 <= row < len(self.keys) else None


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
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    return table.model().data(rows[0], KEY_ROLE)


def select_key(table: QTableView, key: object) -> bool:
    model = table.model()
    for row in range(model.rowCount()):
        if model.data(model.index(row, 0), KEY_ROLE) == key:
            table.selectRow(row)
            return True
    return False


def date_edit(parent: QWidget, name: str, iso: str | None = None) -> DateEntry:
    day = date.fromisoformat(iso) if iso else date.today()
    return DateEntry(parent, value=day, name=name)


def iso_of(edit: DateEntry) -> str | None:
    """The date to save; a date that is not acceptable stops the save with its message."""
    return edit.checked_iso()


def page_title(parent: QWidget, text: str) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


def hint(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #44546a;")
    return label
