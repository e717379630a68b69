"""The client's timeline as a table: date, what happened, details."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ....core.measures.safety import flags_in
from ....core.timeline import TimelineEntry
from ...timeline_words import changed_by, details, what, when


class TimelineModel(QAbstractTableModel):
    HEADERS = ("When", "What", "Details")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []
        # On a laptop joined to a hub: record id → (who, when) of changes others made since
        # it joined, pulled from the hub; those entries say who and when.
        self.changed: dict[str, tuple[str, str]] = {}

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("What"), self.tr("Details"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (when, what, details)[index.column()](entry)
            if index.column() == 2 and self.changed:
                news = changed_by(entry, self.changed)
                text = " · ".join(p for p in (text, news) if p)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and _is_risk(entry):
            return QBrush(QColor("#b00020"))
        return None


def _is_risk(entry: TimelineEntry) -> bool:
    if entry.kind == "assessment":
        return bool(flags_in(entry.detail.get("flags")))
    return entry.kind == "flag_raised" and entry.record.get("kind") == "risk"
