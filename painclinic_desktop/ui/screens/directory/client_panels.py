"""A client's signposting and personal-budget spend, for the client record page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....core.community_rules import pounds
from ....services import directory
from ....services.database import Store
from ...errors import show_error
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key
from ...words import uk
from . import words
from .client_dialogs import SignpostDialog, SpendDialog, StepDialog


class SignpostingPanel(QWidget):
    def __init__(
        self, store: Store, staff: Callable[[], str], reload: Callable[[], None], parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.reload = store, staff, reload
        self.client: dict | None = None
        self.rows: dict[str, directory.SignpostingRow] = {}
        self.model = RowsModel(
            [
                self.tr("Service"),
                self.tr("Kind"),
                self.tr("Now"),
                self.tr("Since"),
                self.tr("Steps"),
            ],
            self,
        )
        self.table = make_table(
            self,
            self.model,
            self.tr("Signposting"),
            (170, 110, 110, 85),
            empty=self.tr("Not signposted to any service yet."),
        )
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.table.activated.connect(lambda _: self.next_step())
        self.add = QPushButton(self.tr("&Signpost to a service…"), self)
        self.add.clicked.connect(self.signpost)
        self.step = QPushButton(self.tr("&Next step…"), self)
        self.step.clicked.connect(self.next_step)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.step)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_client(self, client: dict) -> None:
        self.client = client
        found = directory.client_signposting(self.store, client["id"])
        self.rows = {r.record["id"]: r for r in found}
        steps = [
            " → ".join(
                f"{words.signposting_status(h['status'])} {uk(h['on'])}"
                for h in r.record["history"]
            )
            for r in found
        ]
        self.model.set_rows(
            [
                (
                    r.service_name,
                    words.category(r.category),
                    words.signposting_status(r.status),
                    uk(r.since),
                    step,
                )
                for r, step in zip(found, steps, strict=True)
            ],
            list(self.rows),
            tips=dict(enumerate(steps)),
        )
        self.table.fit_rows(most=8, least=2)
        self._chosen()

    def _chosen(self, *args) -> None:
        row = self.rows.get(selected_key(self.table))
        self.step.setEnabled(row is not None and row.is_open)

    def signpost(self) -> None:
        dialog = SignpostDialog(
            directory.services(self.store), self.client.get("first_language"), self
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            service_id, status, on = dialog.values()
            try:
                if service_id is None:
                    raise _nothing_chosen(self)
                directory.signpost(
                    self.store, self.client["id"], service_id, status, on, self.staff()
                )
            except Exception as exc:  # noqa: BLE001 — shown; the dialog stays open
                show_error(self, exc)
                continue
            self.reload()
            return

    def next_step(self) -> None:
        row = self.rows.get(selected_key(self.table))
        if row is None or not row.is_open:
            return
        dialog = StepDialog(row.service_name, row.status, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            status, on = dialog.values()
            try:
                directory.move_signposting(self.store, row.record["id"], status, on, self.staff())
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)
                continue
            self.reload()
            return


def _nothing_chosen(widget: QWidget) -> Exception:
    from ....core.errors import InvalidInput

    return InvalidInput(widget.tr("Choose the service from the list."), "service_id")


class BudgetPanel(QWidget):
    def __init__(
        self, store: Store, staff: Callable[[], str], reload: Callable[[], None], parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.reload = store, staff, reload
        self.client: dict | None = None
        self.spend: dict[str, dict] = {}
        self.model = RowsModel(
            [self.tr("Date"), self.tr("Amount"), self.tr("What for"), self.tr("Service")], self
        )
        self.table = make_table(
            self,
            self.model,
            self.tr("Personal budget spend"),
            (90, 90, 220),
            empty=self.tr("Nothing spent yet."),
        )
        self.table.activated.connect(lambda _: self.correct())
        self.total = QLabel(self)
        self.total.setAccessibleName(self.tr("Total spent"))
        add = QPushButton(self.tr("&Record spend…"), self)
        add.clicked.connect(self.record)
        fix = QPushButton(self.tr("Corr&ect…"), self)
        fix.clicked.connect(self.correct)
        buttons = QHBoxLayout()
        buttons.addWidget(self.total, 1)
        buttons.addWidget(add)
        buttons.addWidget(fix)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_client(self, client: dict) -> None:
        self.client = client
        found = directory.client_spend(self.store, client["id"])
        names = {s["id"]: s["name"] for s in directory.services(self.store)}
        self.spend = {r["id"]: r for r in found.records}
        self.model.set_rows(
            [
                (
                    uk(r["spent_on"]),
                    pounds(r["amount_pence"]),
                    r["purpose"],
                    names.get(r["service_id"], ""),
                )
                for r in found.records
            ],
            list(self.spend),
        )
        self.table.fit_rows(most=6, least=2)
        self.total.setText(self.tr("Total spent: %1").replace("%1", pounds(found.total_pence)))

    def record(self) -> None:
        self._edit(None)

    def correct(self) -> None:
        spend = self.spend.get(selected_key(self.table))
        if spend is not None:
            self._edit(spend)

    def _edit(self, spend: dict | None) -> None:
        dialog = SpendDialog(directory.services(self.store), spend, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                if spend is None:
                    directory.record_spend(
                        self.store, self.client["id"], dialog.values(), self.staff()
                    )
                else:
                    directory.correct_spend(self.store, spend["id"], dialog.values(), self.staff())
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)
                continue
            self.reload()
            return
