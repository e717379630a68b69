"""Parts of the plan page that are forms: the setback plan and the resources given."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....core.footsteps import footsteps
from ....reports.star_drawing import short_date
from ....services.plans import SETBACK_PARTS
from .goal_dialogs import date_edit, iso, text_box


class SetbackPlanBox(QWidget):
    """The four parts of the setback plan, in a two-by-two grid."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        captions = {
            "warning_signs": (
                self.tr("Early warning signs"),
                self.tr("How I know a setback is starting"),
            ),
            "what_helps": (self.tr("What helps"), self.tr("Things I can do that help")),
            "who_to_contact": (self.tr("Who to contact"), self.tr("People I can call on")),
            "avoid": (self.tr("Things to avoid"), self.tr("What makes it worse")),
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes = {}
        for n, part in enumerate(SETBACK_PARTS):
            title, placeholder = captions[part]
            label = QLabel(title, self)
            box = text_box(self, 3)
            box.setPlaceholderText(placeholder)
            box.setAccessibleName(title)
            label.setBuddy(box)
            box.textChanged.connect(self.changed)
            grid.addWidget(label, (n // 2) * 2, n % 2)
            grid.addWidget(box, (n // 2) * 2 + 1, n % 2)
            self.boxes[part] = box
        grid.setRowStretch(4, 1)  # spare height below the boxes, not between label and box

    def set_plan(self, plan: dict | None) -> None:
        for part, box in self.boxes.items():
            box.blockSignals(True)
            box.setPlainText((plan or {}).get(part) or "")
            box.blockSignals(False)

    def plan(self) -> dict:
        return {part: box.toPlainText() for part, box in self.boxes.items()}


class ResourcesBox(QWidget):
    """Resources given (the book, handouts, audio…) with the date each was given."""

    changed = Signal()

    def __init__(self, today: date, parent=None):
        super().__init__(parent)
        self.given: list[dict] = []
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Resource"), self.tr("Given on")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setAccessibleName(self.tr("Resources given"))
        self.table.setMinimumHeight(120)
        self.resource = QComboBox(self)
        self.resource.setEditable(True)
        self.resource.setAccessibleName(self.tr("Resource to add"))
        self.resource.lineEdit().setPlaceholderText(self.tr("Choose or type a resource"))
        self.given_on = date_edit(self, today)
        self.given_on.setAccessibleName(self.tr("Date given"))
        add = QPushButton(self.tr("&Add"), self)
        add.clicked.connect(self.add_current)
        self.resource.lineEdit().returnPressed.connect(self.add_current)
        remove = QPushButton(self.tr("Remove selected"), self)
        remove.setToolTip(self.tr("For an entry added by mistake"))
        remove.clicked.connect(self.remove_selected)
        entry = QHBoxLayout()
        entry.addWidget(self.resource, 1)
        entry.addWidget(self.given_on)
        entry.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(entry)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)

    def suggest_for(self, focus: list[int]) -> None:
        """Offer the focus footsteps' resources first, then the rest, each once."""
        steps = sorted(
            footsteps(),
            key=lambda s: (
                s.number not in focus,
                focus.index(s.number) if s.number in focus else s.number,
            ),
        )
        titles = list(dict.fromkeys(r.title for s in steps for r in s.resources))
        typed = self.resource.currentText()
        self.resource.clear()
        self.resource.addItems(titles)
        self.resource.setEditText(typed)

    def set_given(self, given: list[dict]) -> None:
        self.given = sorted((dict(g) for g in given or []), key=lambda g: g["given_on"])
        self._show()

    def add_current(self) -> None:
        what = self.resource.currentText().strip()
        if not what:
            return
        self.given.append({"resource": what, "given_on": iso(self.given_on)})
        self.given.sort(key=lambda g: g["given_on"])
        self.resource.setEditText("")
        self._show()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.given[row]
        if rows:
            self._show()
            self.changed.emit()

    def _show(self) -> None:
        self.table.setRowCount(len(self.given))
        for row, entry in enumerate(self.given):
            self.table.setItem(row, 0, QTableWidgetItem(entry["resource"]))
            self.table.setItem(row, 1, QTableWidgetItem(short_date(entry["given_on"])))
