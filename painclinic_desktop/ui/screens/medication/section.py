"""The Medicines part of a client record: the current regimen with its oral morphine
equivalent (and the table used), the high-dose flag, the history, and the forms that change
it. The app records and calculates; it never prescribes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ....core import permissions
from ....core.dates import nhs_date
from ....core.medication import HIGH_DOSE_FLAG, STALE_AFTER_DAYS, regimen_ome_of
from ....services import medication, session
from ...icons import flag_pixmap
from ...widgets.button_row import button_row
from ...widgets.quick_form import open_dialog
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key
from . import dialogs, words


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


class MedicationSection(QWidget):
    @staticmethod
    def title() -> str:
        return _t("Me&dicines")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.allowed = session.can(permissions.VIEW_CLINICAL)
        self.regimen: medication.Regimen | None = None
        self.disc = QLabel(self)
        self.total = QLabel(self)
        self.total.setObjectName("omeTotal")
        self.total.setWordWrap(True)
        self.total.setAccessibleName(_t("Oral morphine equivalent"))
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.total.setFont(font)
        self.table_used = QLabel(self)
        self.table_used.setWordWrap(True)
        self.table_used.setAccessibleName(_t("Conversion table used"))
        self.stale = QLabel(self)
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.stale.setAccessibleName(_t("How recent the regimen is"))
        self.model = RowsModel(
            [
                _t("Medicine"),
                _t("Drug"),
                _t("Route"),
                _t("Dose"),
                _t("OME mg/day"),
                _t("Since"),
                _t("Stopped"),
                _t("Source"),
                _t("Recorded by"),
            ],
            self,
        )
        self.list = make_table(
            self,
            self.model,
            _t("Medicines"),
            (250, 100, 90, 190, 130, 95, 95, 110),
            empty=_t("No medicines recorded."),
        )
        self.history = QCheckBox(_t("Show stopped medicines (history)"), self)
        self.history.toggled.connect(lambda _: self._show())
        actions, self.buttons = button_row(
            self,
            (
                ("add", _t("Add a medicine…"), self.add_medicine),
                ("dose", _t("Change dose…"), self.change_dose),
                ("stop", _t("Stop…"), self.stop_medicine),
                ("confirm", _t("Confirm unchanged today"), self.confirm_unchanged),
            ),
        )
        head = QHBoxLayout()
        head.addWidget(self.disc)
        head.addWidget(self.total, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table_used)
        layout.addWidget(self.stale)
        layout.addLayout(actions)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.history)
        self.setEnabled(self.allowed)

    def show_record(self, record) -> None:
        self.client_id = record.client["id"]
        self._show()

    # --- showing ------------------------------------------------------------------------

    def _show(self) -> None:
        if not self.allowed or self.client_id is None:
            return
        store = self.context.store
        today = date.today()
        all_items = medication.items(store, self.client_id)
        self.regimen = medication.regimen_from(all_items, medication.service_table(store), today)
        self._show_total(self.regimen)
        shown = all_items if self.history.isChecked() else self.regimen.items
        shown = sorted(shown, key=lambda i: (i.get("stopped_on") is not None, i["name"].lower()))
        table = self.regimen.table
        rows = []
        for item in shown:
            one = regimen_ome_of([item], table)
            ome = one.items[0].ome if one is not None else None
            rows.append(
                (
                    item["name"],
                    item.get("drug") or _t("non-opioid"),
                    words.route(item["route"]),
                    words.dose(item),
                    words.ome(ome) if one is not None else "",
                    nhs_date(item["started_on"]),
                    nhs_date(item.get("stopped_on")),
                    words.source(item.get("source")),
                    item.get("recorded_by") or "",
                )
            )
        self.model.set_rows(rows, [i["id"] for i in shown])
        editing = session.can(permissions.EDIT_CLINICAL)
        has_current = bool(self.regimen.items)
        self.buttons["add"].setEnabled(editing)
        for key in ("dose", "stop", "confirm"):
            self.buttons[key].setEnabled(editing and has_current)

    def _show_total(self, regimen: medication.Regimen) -> None:
        result = regimen.ome
        if result is None:
            self.total.setText(_t("No opioid from the OME table is recorded as taken now."))
        else:
            figure = (
                _t("%1 mg/day").replace("%1", str(result.total))
                if result.total is not None
                else _t("none converted")
            )
            text = _t("Oral morphine equivalent now: %1").replace("%1", figure)
            if not result.complete:
                text += " — " + _t("INCOMPLETE: %1 not converted — ask the prescriber").replace(
                    "%1", ", ".join(result.not_converted)
                )
            elif regimen.flagged:
                text += " — " + _t("HIGH DOSE (120 mg/day or more)")
            self.total.setText(text)
        if regimen.flagged:
            self.disc.setPixmap(flag_pixmap(HIGH_DOSE_FLAG, 24))
            self.disc.show()
        else:
            self.disc.clear()
            self.disc.hide()
        self.table_used.setText(words.table_used(regimen.table.label))
        if regimen.stale and regimen.last_confirmed:
            self.stale.setText(
                _t(
                    "Last recorded or confirmed %1 — more than %2 days ago. Check with the "
                    "client before relying on it."
                )
                .replace("%1", nhs_date(regimen.last_confirmed))
                .replace("%2", str(STALE_AFTER_DAYS))
            )
        elif regimen.last_confirmed:
            self.stale.setText(
                _t("As recorded or confirmed on %1.").replace(
                    "%1", nhs_date(regimen.last_confirmed)
                )
            )
            self.stale.setStyleSheet("")
        else:
            self.stale.clear()
        if regimen.stale:
            self.stale.setStyleSheet("color: #8a4b00; font-weight: bold;")

    # --- actions ------------------------------------------------------------------------

    def _run(self, make, **kw) -> None:
        if self.client_id is None:
            return
        form = make(self.context, self.client_id, self, **kw)
        open_dialog(self, form, self._changed)

    def _changed(self) -> None:
        self.context.reload()

    def add_medicine(self) -> None:
        self._run(dialogs.add_medicine)

    def change_dose(self) -> None:
        self._run(dialogs.change_dose, item_id=selected_key(self.list))

    def stop_medicine(self) -> None:
        self._run(dialogs.stop_medicine, item_id=selected_key(self.list))

    def confirm_unchanged(self) -> None:
        if self.client_id is None:
            return
        medication.confirm_unchanged(self.context.store, self.client_id, self.context.staff())
        self.context.reload()
