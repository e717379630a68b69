"""IMD decile, employment status and pain duration: the fields the intake form and the client
details form share, with the decile filled from the service's postcode lookup.

A decile filled from the postcode is replaced when the postcode changes; one chosen by hand is
never replaced (the lookup may be older than the person's own knowledge).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ...core.codes import EMPLOYMENT_STATUSES
from ...core.errors import PainClinicError
from ...services import imd
from .. import client_words as words


class AreaFields(QObject):
    def __init__(self, store, parent: QWidget):
        super().__init__(parent)
        self.store = store
        self.decile = QComboBox(parent)
        self.decile.addItem("", None)
        for n in range(1, 11):
            self.decile.addItem(words.imd_decile(n), n)
        self.employment = QComboBox(parent)
        self.employment.addItem("", None)
        for code in EMPLOYMENT_STATUSES:
            self.employment.addItem(words.employment(code), code)
        self.pain_months = QLineEdit(parent)
        self.pain_months.setPlaceholderText(self.tr("e.g. 18"))
        self.found = QLabel(parent)  # where the decile came from
        self.found.setWordWrap(True)
        self._filled: int | None = None  # the decile the lookup put in, while untouched
        self.decile.activated.connect(self._chosen_by_hand)

    def follow(self, postcode: QLineEdit) -> None:
        """Fill the decile from ``postcode`` each time it is finished with."""
        postcode.editingFinished.connect(lambda: self.fill_from_postcode(postcode.text()))

    def _chosen_by_hand(self) -> None:
        self._filled = None
        self.found.setText("")

    def fill_from_postcode(self, postcode: str) -> bool:
        """True when the lookup gave the decile."""
        if self.decile.currentData() is not None and self.decile.currentData() != self._filled:
            return False  # chosen by hand (or already on the record): kept
        try:
            found = imd.find_postcode(self.store, postcode)
        except PainClinicError:
            return False  # locked meanwhile: the service fills it when saving
        if found is None:
            if self._filled is not None:
                self.decile.setCurrentIndex(0)
                self._filled = None
            self.found.setText(
                self.tr("Postcode not in the IMD lookup: choose the decile if known.")
                if postcode.strip()
                else ""
            )
            return False
        self.decile.setCurrentIndex(self.decile.findData(found.imd_decile))
        self._filled = found.imd_decile
        self.found.setText(
            self.tr("IMD decile from the postcode (LSOA %1); change it if it is wrong.").replace(
                "%1", found.lsoa_code
            )
        )
        return True

    def set_values(self, client: dict) -> None:
        for combo, key in ((self.decile, "imd_decile"), (self.employment, "employment_status")):
            combo.setCurrentIndex(max(0, combo.findData(client.get(key))))
        months = client.get("pain_duration_months")
        self.pain_months.setText("" if months is None else str(months))

    def values(self) -> dict:
        return {
            "imd_decile": self.decile.currentData(),
            "employment_status": self.employment.currentData(),
            "pain_duration_months": self.pain_months.text().strip(),
        }

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.decile, self.employment, self.pain_months):
            widget.setEnabled(enabled)
