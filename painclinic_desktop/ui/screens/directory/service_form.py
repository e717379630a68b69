"""The form for adding or changing a community service listing (fields as data)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from ....core.codes import SERVICE_CATEGORIES
from . import words


class ServiceDialog(QDialog):
    def __init__(self, service: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Change the listing") if service else self.tr("Add a community service")
        )
        service = service or {}
        self.category = QComboBox(self)
        for code in SERVICE_CATEGORIES:
            self.category.addItem(words.category(code), code)
        self.category.setCurrentIndex(max(0, self.category.findData(service.get("category"))))
        # (field, label, placeholder, several lines)
        fields = (
            ("name", self.tr("&Name:"), self.tr("e.g. Gentle Walks in Lister Park"), False),
            ("venue", self.tr("&Venue:"), self.tr("where it meets"), False),
            ("schedule", self.tr("&When:"), self.tr("e.g. Tuesdays 10:00–11:00"), False),
            ("cost", self.tr("C&ost:"), self.tr("e.g. Free, or £2 a session"), False),
            ("languages", self.tr("&Languages:"), self.tr("e.g. English, Urdu, Punjabi"), False),
            ("contact", self.tr("Con&tact:"), self.tr("name, phone, email"), False),
            (
                "accessibility",
                self.tr("&Access:"),
                self.tr("e.g. step-free, hearing loop, chairs provided"),
                True,
            ),
        )
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("&Kind of service:"), self.category)
        self.category.setAccessibleName(self.tr("Kind of service"))
        for field, label, placeholder, long in fields:
            edit = QPlainTextEdit(self) if long else QLineEdit(self)
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            value = service.get(field)
            text = ", ".join(value) if isinstance(value, list) else (value or "")
            if long:
                edit.setPlainText(text)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            else:
                edit.setText(text)
            form.addRow(label, edit)
            self.edits[field] = edit
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.edits["name"].setFocus()

    def values(self) -> dict:
        found = {"category": self.category.currentData()}
        for field, edit in self.edits.items():
            found[field] = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return found
