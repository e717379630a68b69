"""Reports ▸ Programme costing…: cost a programme, see the totals as they are typed, save
the costing and print it as a one-page table. Saved costings can be opened again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ....core import costing as rules
from ....core.codes import INSTRUMENTS
from ....core.errors import PainClinicError
from ....core.measures.names import SHORT_NAMES
from ....core.permissions import COST_PROGRAMMES
from ....services import costing, session
from ....services.database import Store
from ...errors import show_error
from ...widgets.labels import hint
from .printing import write_file

# The worked example's roles, offered as the first lines of a new costing.
ROLES = (
    ("Physician", "medical"),
    ("Clinical psychologist", "8a"),
    ("Occupational therapist", "6"),
    ("Physiotherapist", "7"),
    ("Assistant psychologist", "5"),
)


class CostingDialog(QDialog):
    def __init__(self, store: Store, staff: Callable[[], str] | str, parent=None):
        super().__init__(parent)
        self.store = store
        self.staff = staff if callable(staff) else (lambda: staff)
        self.rates = rules.band_rates()
        self.saved: dict | None = None
        self.setWindowTitle(self.tr("Programme costing"))
        self.opened = QComboBox(self)
        self.opened.setAccessibleName(self.tr("Saved costings"))
        self._fill_saved()
        self.opened.activated.connect(lambda _: self._open_saved())
        self.title = QLineEdit(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("e.g. 8 weeks, 3 sessions a week, 5 hours a week"))
        self.staff_table = QTableWidget(0, 3, self)
        self.staff_table.setAccessibleName(self.tr("Staff hours"))
        self.staff_table.setHorizontalHeaderLabels(
            [self.tr("Role"), self.tr("Band"), self.tr("Hours")]
        )
        header = self.staff_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.staff_table.setColumnWidth(1, 170)
        self.staff_table.setColumnWidth(2, 70)
        self.staff_table.setMinimumWidth(460)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.verticalHeader().setVisible(False)
        for role, band in ROLES:
            self._add_line(role, band, "")
        self.staff_table.itemChanged.connect(lambda _: self._show_sums())
        add = QPushButton(self.tr("&Add a role"), self)
        add.clicked.connect(lambda: self._add_line("", "", ""))
        remove = QPushButton(self.tr("Remove the chosen &role"), self)
        remove.clicked.connect(self._remove_line)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("&Open a saved costing:"), self.opened)
        form.addRow(self.tr("&Programme:"), self.title)
        form.addRow(self.tr("&Description:"), self.note)
        self.title.setAccessibleName(self.tr("Programme"))
        self.note.setAccessibleName(self.tr("Description"))
        lower = QFormLayout()
        for name, label in (
            ("room_hours", self.tr("Room &hours:")),
            ("room_rate", self.tr("Room rate (£ an hour):")),
            ("admin_hours", self.tr("Ad&min hours:")),
            ("sundries", self.tr("&Sundries (£):")),
            ("on_costs_percent", self.tr("On-costs (% of pay, optional):")),
            ("enrolled", self.tr("Participants &enrolled:")),
            ("completers", self.tr("&Completers:")),
            ("reaching_mid", self.tr("Clients reaching the M&ID:")),
            ("reference_label", self.tr("Reference (what it is):")),
            ("reference_price", self.tr("Reference price (£ per participant):")),
        ):
            edit = QLineEdit(self)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            edit.textChanged.connect(lambda _: self._show_sums())
            self.fields[name] = edit
            lower.addRow(label, edit)
            if name == "admin_hours":
                self.admin_band = self._band_box("3")
                self.admin_band.setAccessibleName(self.tr("Admin band"))
                self.admin_band.currentIndexChanged.connect(lambda _: self._show_sums())
                lower.addRow(self.tr("Admin &band:"), self.admin_band)
            if name == "reaching_mid":
                self.measure = QComboBox(self)
                self.measure.setAccessibleName(self.tr("Measure"))
                for code in INSTRUMENTS:
                    self.measure.addItem(SHORT_NAMES.get(code, code), code)
                lower.addRow(self.tr("MID on the measure:"), self.measure)
        self.sums = QLabel(self)
        self.sums.setWordWrap(True)
        self.sums.setAccessibleName(self.tr("Totals"))
        rows = QHBoxLayout()
        rows.addWidget(add)
        rows.addWidget(remove)
        rows.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel(self.tr("Staff hours by role and band:"), self))
        left.addWidget(self.staff_table, 1)
        left.addLayout(rows)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(lower, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = buttons.addButton(
            self.tr("Sa&ve"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.print_button = buttons.addButton(
            self.tr("Print the cos&ting…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self._save)
        self.print_button.clicked.connect(self._print)
        buttons.rejected.connect(self.reject)
        allowed = session.can(COST_PROGRAMMES)
        self.save_button.setEnabled(allowed)
        self.print_button.setEnabled(allowed)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.sums)
        layout.addWidget(
            hint(
                self,
                self.tr("Band rates: %1. Staff are costed at each band's mid-point hourly "
                        "rate without on-costs; the rates are in band_rates.json.")
                .replace("%1", self.rates.year),
            )
        )  # fmt: skip
        layout.addWidget(buttons)
        self._show_sums()

    def _band_box(self, band: str) -> QComboBox:
        box = QComboBox(self)
        for code in sorted(self.rates.hourly_pence, key=_band_order):
            words = (
                self.tr("medical") if code == "medical" else self.tr("band %1").replace("%1", code)
            )
            box.addItem(f"{words} ({rules.pounds(self.rates.hourly_pence[code])}/h)", code)
        box.setCurrentIndex(max(0, box.findData(band)))
        return box

    def _add_line(self, role: str, band: str, hours: str) -> None:
        row = self.staff_table.rowCount()
        self.staff_table.blockSignals(True)  # a half-made line has no sums yet
        self.staff_table.insertRow(row)
        self.staff_table.setItem(row, 0, QTableWidgetItem(role))
        box = self._band_box(band)
        box.setAccessibleName(self.tr("Band of line %1").replace("%1", str(row + 1)))
        box.currentIndexChanged.connect(lambda _: self._show_sums())
        self.staff_table.setCellWidget(row, 1, box)
        self.staff_table.setItem(row, 2, QTableWidgetItem(hours))
        self.staff_table.blockSignals(False)

    def _remove_line(self) -> None:
        row = self.staff_table.currentRow()
        if row >= 0:
            self.staff_table.removeRow(row)
            self._show_sums()

    def _fill_saved(self) -> None:
        self.opened.clear()
        self.opened.addItem(self.tr("(a new costing)"), None)
        for saved in costing.costings(self.store):
            self.opened.addItem(f"{saved['title']} ({saved['costed_on']})", saved["id"])

    def values(self) -> dict:
        lines = []
        for row in range(self.staff_table.rowCount()):
            role, hours = self.staff_table.item(row, 0), self.staff_table.item(row, 2)
            role_text, hours_text = (role.text() if role else ""), (hours.text() if hours else "")
            if not role_text.strip() and not hours_text.strip():
                continue  # an empty line is not a role
            band = self.staff_table.cellWidget(row, 1)
            lines.append({"role": role_text, "band": band.currentData(), "hours": hours_text})
        values = {name: edit.text() for name, edit in self.fields.items()}
        values.update(
            title=self.title.text(),
            note=self.note.text(),
            staff_hours=lines,
            admin_band=self.admin_band.currentData() if values["admin_hours"].strip() else None,
            mid_measure=self.measure.currentData() if values["reaching_mid"].strip() else None,
        )
        return values

    def _record(self) -> dict:
        return costing.checked_costing(self.values(), self.rates)

    def _show_sums(self) -> None:
        try:  # the sums need no name yet
            values = {**self.values(), "title": self.title.text() or "-"}
            result = rules.compute(costing.checked_costing(values, self.rates))
        except PainClinicError as exc:
            self.sums.setText(self.tr("Not yet complete: %1").replace("%1", str(exc)))
            return
        parts = [
            self.tr("Staff %1 hours: %2").replace("%1", f"{result.staff_hours:g}")
            .replace("%2", rules.pounds(result.staff_pence)),
            self.tr("total %1").replace("%1", rules.pounds(result.total_pence)),
        ]  # fmt: skip
        if result.per_enrolled_pence is not None:
            parts.append(self.tr("%1 per participant").replace(
                "%1", rules.pounds(result.per_enrolled_pence)))  # fmt: skip
        if result.per_completer_pence is not None:
            parts.append(self.tr("%1 per completer").replace(
                "%1", rules.pounds(result.per_completer_pence)))  # fmt: skip
        if result.per_mid_pence is not None:
            parts.append(self.tr("%1 per client reaching the MID").replace(
                "%1", rules.pounds(result.per_mid_pence)))  # fmt: skip
        self.sums.setText("<b>" + " · ".join(parts) + "</b>")

    def _open_saved(self) -> None:
        costing_id = self.opened.currentData()
        if not costing_id:
            return
        saved = costing.costing(self.store, costing_id)
        self.title.setText(saved["title"])
        self.note.setText(saved["note"] or "")
        self.staff_table.setRowCount(0)
        for line in saved["staff_hours"]:
            self._add_line(line["role"], line["band"], f"{line['hours']:g}")
        money = {"room_rate": "room_rate_pence", "sundries": "sundries_pence",
                 "reference_price": "reference_price_pence"}  # fmt: skip
        for name, edit in self.fields.items():
            value = saved.get(money.get(name, name))
            if name in money:
                edit.setText("" if value is None else f"{value / 100:.2f}")
            elif isinstance(value, float):
                edit.setText(f"{value:g}")
            else:
                edit.setText("" if value is None else str(value))
        self.admin_band.setCurrentIndex(max(0, self.admin_band.findData(saved["admin_band"])))
        self.measure.setCurrentIndex(max(0, self.measure.findData(saved["mid_measure"])))
        self.saved = saved
        self._show_sums()

    def _save(self) -> None:
        try:
            self.saved = costing.save_costing_record(self.store, self._record(), self.staff())
        except Exception as exc:  # noqa: BLE001 — shown; what was typed stays
            show_error(self, exc)
            return
        self._fill_saved()
        self.opened.setCurrentIndex(self.opened.findData(self.saved["id"]))
        self.sums.setText(self.sums.text() + self.tr(" — saved."))

    def _print(self) -> None:
        try:
            record = self._record()
        except Exception as exc:  # noqa: BLE001 — shown; what was typed stays
            show_error(self, exc)
            return
        if self.saved and all(self.saved.get(k) == v for k, v in record.items()
                              if k != "costed_on"):  # fmt: skip
            record = self.saved  # printing what was saved: logged against it
        staff = self.staff()
        write_file(
            self,
            self.store,
            title=self.tr("Save the costing"),
            name=f"Programme costing {record['title']}",
            filters="PDF (*.pdf)",
            suffix=".pdf",
            write=lambda s, p: costing.write_costing_pdf_for(s, record, p, staff),
            what=self.tr("The costing"),
        )


def _band_order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 99, code)
