"""The form for a new education module session, or for changing one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
)

from ....services import groups
from ....services.database import Store
from ...widgets.date_entry import date_edit, iso_of
from ...widgets.labels import hint


class SessionDialog(QDialog):
    def __init__(self, store: Store, staff: str, session: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Change the session") if session else self.tr("New education session")
        )
        session = session or {}
        self.module = QComboBox(self)
        for code, title in groups.module_titles().items():
            tier = self.tr("Tier 1") if code == "understanding_pain" else self.tr("Tier 2")
            self.module.addItem(f"{title}  ({tier})", code)
        self.module.setCurrentIndex(max(0, self.module.findData(session.get("module"))))
        self.held_on = date_edit(self, self.tr("Date"), session.get("held_on"))
        self.venue = self._editable(groups.venues(store), session.get("venue"))
        self.venue.lineEdit().setPlaceholderText(self.tr("e.g. a faith centre, community hall"))
        self.facilitator = self._editable(
            [staff] + groups.facilitators(store), session.get("facilitator") or staff
        )
        form = QFormLayout()
        for label, field in (
            (self.tr("&Module:"), self.module),
            (self.tr("&Date:"), self.held_on),
            (self.tr("&Venue:"), self.venue),
            (self.tr("&Run by:"), self.facilitator),
        ):
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                self,
                self.tr(
                    "Type a new venue or pick one used before. Clients booked onto the session "
                    "appear on its register to tick on the day."
                ),
            )
        )
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _editable(self, choices: list[str], current: str | None) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(dict.fromkeys(c for c in choices if c)))
        combo.setCurrentText(current or "")
        return combo

    def values(self) -> dict:
        return {
            "module": self.module.currentData(),
            "held_on": iso_of(self.held_on),
            "venue": self.venue.currentText(),
            "facilitator": self.facilitator.currentText(),
        }
