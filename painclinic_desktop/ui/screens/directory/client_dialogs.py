"""Dialogs for one client: signpost to a service, move a signposting on, record spend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ....core.community_rules import NEXT_STATUSES, pounds
from ...fit import fit_to_screen
from ...widgets.date_entry import date_edit, iso_of
from . import words
from .state import DirectoryState

SERVICE_ROLE = Qt.ItemDataRole.UserRole + 1


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _status_combo(dialog: QDialog, statuses: tuple[str, ...]) -> QComboBox:
    combo = QComboBox(dialog)
    combo.setAccessibleName(dialog.tr("Status"))
    for code in statuses:
        combo.addItem(words.signposting_status(code), code)
    return combo


class SignpostDialog(QDialog):
    """Choose a service (searchable, with language filter), the first status and its date."""

    def __init__(self, services: list[dict], preferred_language: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Signpost to a community service"))
        self.state = DirectoryState(services=services)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name, place, day or cost…"))
        self.search.setAccessibleName(self.tr("Search the directory"))
        self.search.textChanged.connect(self._refresh)
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language spoken"))
        self.language.addItem(self.tr("Any language"), None)
        spoken = sorted({lang for s in services for lang in s["languages"]}, key=str.casefold)
        for name in spoken:
            self.language.addItem(name, name)
        if preferred_language and preferred_language in spoken:
            self.language.setCurrentIndex(self.language.findData(preferred_language))
        self.language.currentIndexChanged.connect(self._refresh)
        self.found = QListWidget(self)
        self.found.setAccessibleName(self.tr("Services"))
        self.found.currentItemChanged.connect(self._show_details)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("About the service"))
        self.status = _status_combo(self, NEXT_STATUSES[None])
        self.on = date_edit(self, self.tr("Date"))
        form = QFormLayout()
        form.addRow(self.tr("&Find:"), self.search)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.found)
        form.addRow(self.details)
        form.addRow(self.tr("&Status:"), self.status)
        form.addRow(self.tr("&Date:"), self.on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        fit_to_screen(self, 560, 520)
        self._refresh()

    def _refresh(self, *args) -> None:
        self.state.search = self.search.text()
        self.state.language = self.language.currentData()
        self.found.clear()
        for s in self.state.visible:
            item = QListWidgetItem(
                f"{s['name']} — {words.category(s['category'])}"
                + (f" — {s['venue']}" if s.get("venue") else "")
            )
            item.setData(SERVICE_ROLE, s["id"])
            self.found.addItem(item)
        if self.found.count():
            self.found.setCurrentRow(0)

    def _show_details(self, item, _previous=None) -> None:
        """When, cost, access and contact, to talk through with the client."""
        chosen = item.data(SERVICE_ROLE) if item else None
        service = next((s for s in self.state.services if s["id"] == chosen), None)
        if service is None:
            self.details.clear()
            return
        facts = (
            (self.tr("When"), service.get("schedule")),
            (self.tr("Cost"), service.get("cost")),
            (self.tr("Languages"), ", ".join(service.get("languages") or [])),
            (self.tr("Access"), service.get("accessibility")),
            (self.tr("Contact"), service.get("contact")),
        )
        self.details.setText("\n".join(f"{label}: {value}" for label, value in facts if value))

    def values(self) -> tuple[str | None, str, str]:
        item = self.found.currentItem()
        return (
            item.data(SERVICE_ROLE) if item else None,
            self.status.currentData(),
            iso_of(self.on),
        )


class StepDialog(QDialog):
    """The next status of a signposting, with its date."""

    def __init__(self, service_name: str, current: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("What happened next: %1").replace("%1", service_name))
        self.status = _status_combo(self, NEXT_STATUSES[current])
        self.on = date_edit(self, self.tr("Date"))
        form = QFormLayout(self)
        form.addRow(self.tr("Now:"), QLabel(words.signposting_status(current), self))
        form.addRow(self.tr("&Next:"), self.status)
        form.addRow(self.tr("&Date:"), self.on)
        form.addRow(_buttons(self))
        self.setMinimumWidth(420)

    def values(self) -> tuple[str, str]:
        return self.status.currentData(), iso_of(self.on)


class SpendDialog(QDialog):
    """A personal-budget spend: amount, what for, when, and the service it paid for."""

    def __init__(self, services: list[dict], spend: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Correct a spend") if spend else self.tr("Record personal budget spend")
        )
        spend = spend or {}
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("e.g. 12.50"))
        self.amount.setAccessibleName(self.tr("Amount in pounds"))
        if spend.get("amount_pence"):
            self.amount.setText(pounds(spend["amount_pence"]).lstrip("£"))
        self.purpose = QLineEdit(spend.get("purpose") or "", self)
        self.purpose.setPlaceholderText(self.tr("e.g. 10-week swim pass"))
        self.purpose.setAccessibleName(self.tr("What it was spent on"))
        self.spent_on = date_edit(self, self.tr("Date"), spend.get("spent_on"))
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service it paid for"))
        self.service.addItem(self.tr("(none)"), None)
        for s in services:
            self.service.addItem(s["name"], s["id"])
        self.service.setCurrentIndex(max(0, self.service.findData(spend.get("service_id"))))
        form = QFormLayout(self)
        form.addRow(self.tr("&Amount (£):"), self.amount)
        form.addRow(self.tr("&What for:"), self.purpose)
        form.addRow(self.tr("&Date:"), self.spent_on)
        form.addRow(self.tr("&Service:"), self.service)
        form.addRow(_buttons(self))
        self.setMinimumWidth(440)

    def values(self) -> dict:
        return {
            "amount": self.amount.text(),
            "purpose": self.purpose.text(),
            "spent_on": iso_of(self.spent_on),
            "service_id": self.service.currentData(),
        }
