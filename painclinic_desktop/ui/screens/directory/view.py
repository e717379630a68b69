"""The community directory page: find a service by what, where or language, and keep the
listings up to date. The same page serves coaches, social prescribers and community
partners: it holds no client information."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import SERVICE_CATEGORIES
from ....core.permissions import EDIT_DIRECTORY
from ....services import directory, session
from ....services.database import Store
from ...errors import show_error
from ...widgets.labels import page_title
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, select_key, selected_key
from . import words
from .service_form import ServiceDialog
from .state import DirectoryState

DETAILS = ("venue", "schedule", "cost", "languages", "contact", "accessibility")


class DirectoryPage(QWidget):
    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store = store
        self.staff = staff
        self.state = DirectoryState()
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name, place, day or cost…"))
        self.search.setAccessibleName(self.tr("Search the directory"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filters_changed)
        self.category = QComboBox(self)
        self.category.setAccessibleName(self.tr("Kind of service"))
        self.category.addItem(self.tr("Every kind"), None)
        for code in SERVICE_CATEGORIES:
            self.category.addItem(words.category(code), code)
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language spoken"))
        for combo in (self.category, self.language):
            combo.currentIndexChanged.connect(self._filters_changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.model = RowsModel(
            [
                self.tr("Service"),
                self.tr("Kind"),
                self.tr("Venue"),
                self.tr("When"),
                self.tr("Cost"),
                self.tr("Languages"),
            ],
            self,
        )
        self.table = make_table(
            self, self.model, self.tr("Community services"), (230, 150, 210, 170, 110)
        )
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.table.activated.connect(lambda _: self.edit_service())
        self.count = QLabel(self)

        self.add = QPushButton(self.tr("&Add a service…"), self)
        self.add.clicked.connect(self.add_service)
        self.edit = QPushButton(self.tr("&Change listing…"), self)
        self.edit.clicked.connect(self.edit_service)
        may_edit = session.can(EDIT_DIRECTORY)
        self.add.setVisible(may_edit)
        self.edit.setVisible(may_edit)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for text, combo in (
            (self.tr("&Kind:"), self.category),
            (self.tr("&Language:"), self.language),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.add)
        buttons.addWidget(self.edit)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self._details_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self, self.tr("Community directory")))
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _details_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("recordHeader")
        panel.setMinimumWidth(260)
        self.name = QLabel(panel)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.kind = QLabel(panel)
        form = QFormLayout()
        labels = {
            "venue": self.tr("Venue"),
            "schedule": self.tr("When"),
            "cost": self.tr("Cost"),
            "languages": self.tr("Languages"),
            "contact": self.tr("Contact"),
            "accessibility": self.tr("Access"),
        }
        self.facts: dict[str, QLabel] = {}
        for field in DETAILS:
            value = QLabel(panel)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(labels[field])
            title = QLabel(labels[field], panel)
            title.setObjectName("factTitle")
            form.addRow(title, value)
            self.facts[field] = value
        layout = QVBoxLayout(panel)
        layout.addWidget(self.name)
        layout.addWidget(self.kind)
        layout.addLayout(form)
        layout.addStretch(1)
        return panel

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or selected_key(self.table)
        self.state.services = directory.services(self.store)
        current = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("Any language"), None)
        for name in directory.languages(self.store):
            self.language.addItem(name, name)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.blockSignals(False)
        self._show(keep)

    def _filters_changed(self, *args) -> None:
        self.state.search = self.search.text()
        self.state.category = self.category.currentData()
        self.state.language = self.language.currentData()
        self._show(selected_key(self.table))

    def _show(self, keep: str | None) -> None:
        shown = self.state.visible
        self.model.set_rows(
            [
                (
                    s["name"],
                    words.category(s["category"]),
                    s["venue"] or "",
                    s["schedule"] or "",
                    s["cost"] or "",
                    ", ".join(s["languages"]),
                )
                for s in shown
            ],
            [s["id"] for s in shown],
        )
        if not (keep and select_key(self.table, keep)) and shown:
            self.table.selectRow(0)
        self.count.setText(
            self.tr("%1 of %2 services shown")
            .replace("%1", str(len(shown)))
            .replace("%2", str(len(self.state.services)))
        )
        self._show_details()

    def _chosen(self) -> dict | None:
        key = selected_key(self.table)
        return next((s for s in self.state.services if s["id"] == key), None)

    def _show_details(self, *args) -> None:
        service = self._chosen()
        self.edit.setEnabled(service is not None)
        self.name.setText(service["name"] if service else self.tr("No service chosen"))
        self.kind.setText(words.category(service["category"]) if service else "")
        for field, label in self.facts.items():
            value = (service or {}).get(field)
            text = ", ".join(value) if isinstance(value, list) else (value or "")
            label.setText(text or ("—" if service else ""))

    def add_service(self) -> None:
        self._edit(None)

    def edit_service(self) -> None:
        if session.can(EDIT_DIRECTORY) and self._chosen() is not None:
            self._edit(self._chosen())

    def _edit(self, service: dict | None) -> None:
        dialog = ServiceDialog(service, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                saved = directory.save_service(
                    self.store,
                    dialog.values(),
                    self.staff(),
                    service_id=service["id"] if service else None,
                )
            except Exception as exc:  # noqa: BLE001 — shown; the form stays open with its text
                show_error(self, exc)
                continue
            self.refresh(keep=saved["id"])
            return
