"""Record a dose-reduction plan agreed with the prescriber: who agreed it and when, and its
steps — typed, or proposed from a percentage and an interval and then edited. Saving records
what was agreed; it changes no medicine."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from ....core.dates import nhs_date, parse_typed_date
from ....core.errors import InvalidInput, PainClinicError
from ....services import reduction_plans
from ...errors import show_error
from ...fit import fit_to_screen
from ...widgets.date_entry import DateEntry
from ...widgets.form_errors import FormErrors
from . import words


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


class AgreePlanDialog(QDialog):
    def __init__(self, context, client_id: str, intro: str, parent=None):
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.setWindowTitle(_t("Record a dose-reduction plan"))
        self.result_value = None
        heading = QLabel(intro, self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.errors = FormErrors(self)
        self.prescriber = QLineEdit(self)
        self.prescriber.setPlaceholderText(_t("The prescriber who agreed it, e.g. Dr A Shah"))
        self.agreed_on = DateEntry(self, value=date.today(), latest=date.today())
        self.percent = QLineEdit("10", self)
        self.interval = QLineEdit("14", self)
        self.first_on = DateEntry(self, value=date.today(), name=_t("First step"))
        self.propose_button = QPushButton(_t("&Propose steps"), self)
        self.propose_button.clicked.connect(self.propose)
        self.steps = QTableWidget(0, 3, self)
        self.steps.setHorizontalHeaderLabels([_t("Date"), _t("Regimen agreed"), _t("OME mg/day")])
        self.steps.setAccessibleName(_t("Steps of the plan"))
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.steps.setColumnWidth(0, 110)
        self.steps.setColumnWidth(2, 100)
        self.add_step = QPushButton(_t("A&dd a step"), self)
        self.add_step.clicked.connect(lambda: self._add_row(date.today().isoformat(), "", None))
        self.remove_step = QPushButton(_t("&Remove the chosen step"), self)
        self.remove_step.clicked.connect(self._remove_row)
        form = QFormLayout()
        form.addRow(
            _t("Agreed &with:"),
            self.errors.field("agreed_with", _t("Agreed with"), self.prescriber),
        )
        form.addRow(
            _t("Agreed &on:"), self.errors.field("agreed_on", _t("Agreed on"), self.agreed_on)
        )
        proposal = QHBoxLayout()
        for label, widget in (
            (_t("Reduce by (% of the start):"), self.percent),
            (_t("every (days):"), self.interval),
            (_t("from:"), self.first_on),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(label.rstrip(":"))
            proposal.addWidget(caption)
            proposal.addWidget(widget)
        proposal.addWidget(self.propose_button)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.add_step)
        edit_row.addWidget(self.remove_step)
        edit_row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_t("Save the agreed plan"))
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            _t(
                "A proposal is only a starting point: edit each step as agreed with the "
                "prescriber. Saving changes no medicine; record each new dose on the Medicines "
                "tab when it is made."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.errors.summary)
        layout.addLayout(form)
        layout.addLayout(proposal)
        layout.addWidget(note)
        layout.addWidget(self.errors.field("steps", _t("Steps"), self.steps), 1)
        layout.addLayout(edit_row)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 560)

    def _add_row(self, on: str, regimen: str, ome: float | None) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        self.steps.setItem(row, 0, QTableWidgetItem(nhs_date(on)))
        self.steps.setItem(row, 1, QTableWidgetItem(regimen))
        self.steps.setItem(row, 2, QTableWidgetItem("" if ome is None else words.number(ome)))

    def _remove_row(self) -> None:
        rows = sorted({i.row() for i in self.steps.selectedIndexes()}, reverse=True)
        for row in rows or ([self.steps.rowCount() - 1] if self.steps.rowCount() else []):
            self.steps.removeRow(row)

    def propose(self) -> None:
        try:
            first = self.first_on.checked_iso()
            if first is None:
                return
            steps = reduction_plans.propose(
                self.context.store, self.client_id, self.percent.text(), self.interval.text(), first
            )
        except InvalidInput as exc:
            self.errors.show([("steps", str(exc))])
            return
        self.steps.setRowCount(0)
        for step in steps:
            self._add_row(step["on"], step["regimen"], step["ome_mg_per_day"])

    def _cell(self, row: int, column: int) -> str:
        item = self.steps.item(row, column)
        return item.text().strip() if item else ""

    def read_steps(self) -> list[dict]:
        """The steps as typed; a date or OME that cannot be read is refused, naming the row."""
        steps = []
        for row in range(self.steps.rowCount()):
            typed = parse_typed_date(self._cell(row, 0))
            if typed.day is None:
                raise InvalidInput(
                    _t("Step %1: the date cannot be read.").replace("%1", str(row + 1)), "steps"
                )
            ome_text = self._cell(row, 2)
            try:
                ome = float(ome_text) if ome_text else None
            except ValueError:
                raise InvalidInput(
                    _t("Step %1: the OME must be a number.").replace("%1", str(row + 1)), "steps"
                ) from None
            steps.append(
                {"on": typed.day.isoformat(), "regimen": self._cell(row, 1), "ome_mg_per_day": ome}
            )
        return steps

    def try_save(self) -> None:
        try:
            agreed_on = self.agreed_on.checked_iso()
            if agreed_on is None:
                return
            plan = {
                "agreed_with": self.prescriber.text(),
                "agreed_on": agreed_on,
                "steps": self.read_steps(),
            }
            self.result_value = reduction_plans.agree_plan(
                self.context.store, self.client_id, plan, self.context.staff()
            )
        except InvalidInput as exc:
            self.errors.show(exc.problems or [(exc.field, str(exc))])
            return
        except PainClinicError as exc:
            self.errors.show([(None, str(exc))])
            return
        except Exception as exc:  # noqa: BLE001 — unexpected: logged and shown by errors.py
            show_error(self, exc)
            return
        self.accept()
