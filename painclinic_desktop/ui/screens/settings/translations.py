"""Service settings ▸ Translations of client materials: which pack each language uses, its
review, and loading the service's own reviewed pack.

Starter packs ship "not yet reviewed by a qualified translator"; the plan says so, small,
until an admin records here who reviewed the pack in use. A pack the service loads (from its
own translation service) replaces the starter pack for its language.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ....core.dates import nhs_date
from ....core.translations import ENGLISH
from ....services import translations
from ...errors import show_error
from ...materials import language_combo


class TranslationsBox(QGroupBox):
    def __init__(self, store, may_change: bool, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Translations of client materials"))
        self.store = store
        self.language = language_combo(self)
        self.language.removeItem(self.language.findData(ENGLISH))  # English needs no pack
        self.language.setAccessibleName(self.tr("Language"))
        self.language.currentIndexChanged.connect(self.show_status)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.load_button = QPushButton(self.tr("&Load the service's reviewed pack…"), self)
        self.load_button.clicked.connect(self.load_pack)
        self.starter_button = QPushButton(self.tr("Use the &starter pack"), self)
        self.starter_button.clicked.connect(self.use_starter)
        self.sign_off_button = QPushButton(self.tr("Record the translator's &review…"), self)
        self.sign_off_button.clicked.connect(self.record_review)
        for button in (self.load_button, self.starter_button, self.sign_off_button):
            button.setEnabled(may_change)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.starter_button, self.sign_off_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.language)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.show_status()

    def chosen(self) -> str:
        return self.language.currentData()

    def show_status(self) -> None:
        try:
            pack, own = translations.pack_status(self.store, self.chosen())
        except Exception as exc:  # noqa: BLE001 — a damaged pack is shown, not fatal
            self.status.setText(
                self.tr("This language's pack cannot be read: %1").replace("%1", str(exc))
            )
            return
        source = self.tr("the service's own pack") if own else self.tr("the starter pack")
        if pack.reviewed:
            review = (
                self.tr("reviewed by %1 on %2")
                .replace("%1", pack.reviewed_by or "")
                .replace("%2", nhs_date(pack.reviewed_on))
            )
        else:
            review = self.tr("not yet reviewed by a qualified translator (the plan says so)")
        self.status.setText(
            self.tr("In use: %1, version %2; %3.")
            .replace("%1", source)
            .replace("%2", pack.pack_version or "-")
            .replace("%3", review)
        )
        self.starter_button.setEnabled(self.load_button.isEnabled() and own)

    def load_pack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load a reviewed translation pack"),
            "",
            self.tr("Translation packs (*.json)"),
        )
        if not path:
            return
        try:
            pack = translations.load_service_pack(self.store, path)
        except Exception as exc:  # noqa: BLE001 — shown in plain words, nothing changed
            show_error(self, exc)
            return
        self.language.setCurrentIndex(self.language.findData(pack.language))
        self.show_status()

    def use_starter(self) -> None:
        try:
            translations.use_starter_pack(self.store, self.chosen())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.show_status()

    def record_review(self) -> None:
        reviewer, ok = QInputDialog.getText(
            self,
            self.tr("Record the translator's review"),
            self.tr("Who reviewed this translation (name and qualification)?"),
        )
        if not ok:
            return
        try:
            translations.sign_off(self.store, self.chosen(), reviewer)
        except Exception as exc:  # noqa: BLE001 — e.g. no name given: said plainly
            show_error(self, exc)
            return
        self.show_status()
