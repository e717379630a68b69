"""File ▸ Service settings: choices the whole service shares, kept in the database.

How files about a client are named (recognisable or anonymous, for the batch folder and for
save dialogs apart) and whether the monthly return hides small counts by default. Anyone can
read them; only an admin can change them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ....core.file_names import ANONYMOUS, RECOGNISABLE
from ....core.permissions import MANAGE_USERS
from ....services import medication
from ....services import service_settings as settings
from ....services.database import Store
from ....services.session import can
from ...fit import scrolling


class ServiceSettingsDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Service settings"))
        self.may_change = can(MANAGE_USERS)
        # The settings scroll and the buttons stay in view: with large text on a laptop
        # screen the boxes are taller than the screen.
        body = QWidget(self)
        layout = QVBoxLayout(body)
        names = QGroupBox(self.tr("Names of files about a client"), self)
        form = QFormLayout(names)
        self.batch_names = self._style_choice(settings.BATCH_FOLDER)
        self.dialog_names = self._style_choice(settings.SAVE_DIALOG)
        form.addRow(self.tr("GP summaries for a month's &discharges:"), self.batch_names)
        form.addRow(self.tr("Names &suggested when saving one file:"), self.dialog_names)
        why = QLabel(
            self.tr(
                "A recognisable name (family name, initial, NHS number and date) lets staff "
                "tell whose file is whose. It also shows in the computer's list of recent "
                "files, which anyone using this computer can see: anonymous names show only a "
                "record number."
            ),
            names,
        )
        why.setWordWrap(True)
        form.addRow(why)
        layout.addWidget(names)
        self.suppress = QCheckBox(
            self.tr('In the monthly return, write counts of 1 to 4 as "<5" unless changed'),
            self,
        )
        self.suppress.setChecked(settings.suppress_small_numbers(store))
        layout.addWidget(self.suppress)
        self.planned = QSpinBox(self)
        self.planned.setRange(0, 1_000_000)
        self.planned.setSpecialValueText(self.tr("not set"))
        self.planned.setValue(settings.planned_referrals(store, date.today().year) or 0)
        plan_row = QFormLayout()
        plan_row.addRow(
            self.tr("Referrals &planned for %1:").replace("%1", str(date.today().year)),
            self.planned,
        )
        layout.addLayout(plan_row)
        layout.addWidget(self._ome_table_box())
        layout.addWidget(self._area_box())
        from .translations import TranslationsBox

        self.translations = TranslationsBox(store, self.may_change, self)
        layout.addWidget(self.translations)
        if self.may_change:
            buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                self,
            )
            buttons.accepted.connect(self.save)
        else:
            for control in (self.batch_names, self.dialog_names, self.suppress, self.planned):
                control.setEnabled(False)
            layout.addWidget(QLabel(self.tr("Only an admin can change these settings."), self))
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body, self), 1)
        outer.addWidget(buttons)

    def _ome_table_box(self) -> QGroupBox:
        """The OME conversion table in use; an admin may replace it with the one the
        service's medicines-management team approved (MEDICATION.md)."""
        box = QGroupBox(self.tr("Oral morphine equivalent (OME) conversion table"), self)
        column = QVBoxLayout(box)
        self.ome_table = QLabel(box)
        self.ome_table.setWordWrap(True)
        self.ome_table.setAccessibleName(self.tr("OME conversion table in use"))
        column.addWidget(self.ome_table)
        row = QHBoxLayout()
        self.use_table = QPushButton(self.tr("Use an &approved table…"), box)
        self.use_table.clicked.connect(self.choose_ome_table)
        self.default_table = QPushButton(self.tr("Back to the s&hipped UK table"), box)
        self.default_table.clicked.connect(self.use_shipped_table)
        for button in (self.use_table, self.default_table):
            button.setEnabled(self.may_change)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self._show_ome_table()
        return box

    def _show_ome_table(self) -> None:
        table = medication.service_table(self.store)
        self.ome_table.setText(
            self.tr("In use: %1.\nSource: %2")
            .replace("%1", table.label)
            .replace("%2", table.source)
        )

    def choose_ome_table(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ...errors import show_error

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("The approved OME table"), "", self.tr("OME table (*.json)")
        )
        if not name:
            return
        try:
            medication.use_service_table(self.store, Path(name))
        except Exception as exc:  # noqa: BLE001 — refused whole, in plain words
            show_error(self, exc)
            return
        self._show_ome_table()

    def use_shipped_table(self) -> None:
        from ...errors import show_error

        try:
            medication.use_default_table(self.store)
        except Exception as exc:  # noqa: BLE001 — shown in plain words
            show_error(self, exc)
            return
        self._show_ome_table()

    def _area_box(self) -> QGroupBox:
        """The postcode -> IMD decile lookup (docs/imd-lookup.md), loaded now, not on Save."""
        box = QGroupBox(self.tr("Area and population data"), self)
        row = QVBoxLayout(box)
        self.lookup_state = QLabel(box)
        self.lookup_state.setWordWrap(True)
        self._show_lookup_state()
        row.addWidget(self.lookup_state)
        self.load_lookup = QPushButton(self.tr("&Load postcode → IMD decile file…"), box)
        self.load_lookup.clicked.connect(self._load_lookup)
        self.load_lookup.setEnabled(self.may_change)
        row.addWidget(self.load_lookup)
        self.load_population = QPushButton(self.tr("Load registered &population file…"), box)
        self.load_population.setToolTip(
            self.tr(
                "A CSV of dimension, group and people (e.g. imd_quintile, 1, 41250): the "
                "equity report shows each group's share beside the clients'"
            )
        )
        self.load_population.clicked.connect(self._load_population)
        self.load_population.setEnabled(self.may_change)
        row.addWidget(self.load_population)
        return box

    def _load_population(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from ....services.equity import load_population_file
        from ...errors import show_error

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Registered population file"), "", self.tr("CSV file (*.csv)")
        )
        if not name:
            return
        try:
            loaded = load_population_file(self.store, name)
        except Exception as exc:  # noqa: BLE001 — shown in plain words; the old figures stay
            show_error(self, exc)
            return
        QMessageBox.information(
            self,
            self.tr("Registered population"),
            self.tr("Loaded for: %1.").replace("%1", ", ".join(sorted(loaded))),
        )

    def _show_lookup_state(self) -> None:
        from ....services.imd import lookup_loaded

        about = lookup_loaded(self.store)
        self.lookup_state.setText(
            self.tr("%1 postcodes from %2, loaded %3. New clients' deciles are filled from it.")
            .replace("%1", f"{about['postcodes']:,}")
            .replace("%2", about["file"])
            .replace("%3", about["loaded_on"])
            if about
            else self.tr(
                "No lookup loaded: IMD deciles are entered by hand. A CSV of postcode, LSOA "
                "code and IMD decile fills them from the postcode."
            )
        )

    def _load_lookup(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from ....services.imd import load_lookup_file
        from ...errors import show_error

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Postcode → IMD decile file"), "", self.tr("CSV file (*.csv)")
        )
        if not name:
            return
        try:
            count = load_lookup_file(self.store, name)
        except Exception as exc:  # noqa: BLE001 — shown in plain words; the old lookup stays
            show_error(self, exc)
            return
        self._show_lookup_state()
        QMessageBox.information(
            self,
            self.tr("IMD lookup"),
            self.tr("%1 postcodes loaded.").replace("%1", f"{count:,}"),
        )

    def _style_choice(self, where: str) -> QComboBox:
        box = QComboBox(self)
        box.addItem(self.tr("Recognisable: family name, initial, NHS number, date"), RECOGNISABLE)
        box.addItem(self.tr("Anonymous: record number only"), ANONYMOUS)
        box.setCurrentIndex(box.findData(settings.file_name_style(self.store, where)))
        return box

    def save(self) -> None:
        from ...errors import show_error

        try:
            settings.set_file_name_style(
                self.store, settings.BATCH_FOLDER, self.batch_names.currentData()
            )
            settings.set_file_name_style(
                self.store, settings.SAVE_DIALOG, self.dialog_names.currentData()
            )
            settings.set_suppress_small_numbers(self.store, self.suppress.isChecked())
            settings.set_planned_referrals(
                self.store, date.today().year, self.planned.value() or None
            )
        except Exception as exc:  # noqa: BLE001 — shown in plain words
            show_error(self, exc)
            return
        self.accept()
