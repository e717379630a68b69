"""A small dialog to find one client by name or date of birth (for booking, matching, agenda)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ...services.groups import ClientHit, search_index
from ..fit import fit_to_screen
from ..words import uk

CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1


class ClientFinder(QDialog):
    def __init__(
        self,
        index: list[ClientHit],
        title: str,
        prompt: str,
        parent=None,
        extra: QLineEdit | None = None,
        extra_label: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.index = index
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Type a name or date of birth"))
        self.search.setAccessibleName(self.tr("Find a client"))
        self.search.textChanged.connect(self._refresh)
        self.search.returnPressed.connect(self._accept_first)
        self.found = QListWidget(self)
        self.found.setAccessibleName(self.tr("Clients found"))
        self.found.itemActivated.connect(lambda _: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.search)
        layout.addWidget(self.found, 1)
        if extra is not None:
            layout.addWidget(QLabel(extra_label, self))
            layout.addWidget(extra)
        layout.addWidget(buttons)
        fit_to_screen(self, 460, 420)

    def _refresh(self, text: str) -> None:
        self.found.clear()
        for hit in search_index(self.index, text, limit=30):
            item = QListWidgetItem(f"{hit.name}   {uk(hit.date_of_birth)}")
            item.setData(CLIENT_ROLE, hit.client_id)
            self.found.addItem(item)
        if self.found.count():
            self.found.setCurrentRow(0)

    def _accept_first(self) -> None:
        if self.found.count() == 1:
            self.accept()
        elif self.found.count():
            self.found.setFocus()

    def client_id(self) -> str | None:
        item = self.found.currentItem()
        return item.data(CLIENT_ROLE) if item else None
