"""The admin's audit trail screen: filter by user, client and dates; check the chain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ....core.errors import Cancelled, PainClinicError
from ....services import audit as audit_service
from ....services import audit_actions as audit
from ....services.database import Store
from ...errors import show_error
from ...fit import fit_to_screen
from ...ops import store_op
from ...table_model import TableModel
from ...words import counted
from .state import COLUMNS, AuditFilters, load_rows


class AuditModel(TableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.headers = (
            self.tr("When"),
            self.tr("Who"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Record id"),
            self.tr("Client id"),
            self.tr("Detail"),
        )
        self.actions = {
            audit.SIGN_IN: self.tr("Signed in"),
            audit.SIGN_IN_FAILED: self.tr("Failed sign-in"),
            audit.SIGN_OUT: self.tr("Signed out"),
            audit.LOCK: self.tr("Locked"),
            audit.VIEW_RECORD: self.tr("Opened a record"),
            audit.CREATE: self.tr("Created"),
            audit.UPDATE: self.tr("Changed"),
            audit.EXPORT: self.tr("Exported"),
            audit.PRINT: self.tr("Printed"),
            audit.IMPORT: self.tr("Imported"),
            audit.BACKUP: self.tr("Backed up"),
            audit.RESTORE: self.tr("Restored"),
            audit.USER_MANAGEMENT: self.tr("User accounts"),
            audit.CHAIN_SIGNED: self.tr("Trail signed"),
            audit.KEY_CHANGED: self.tr("Signing key changed"),
        }

    def show(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        column = COLUMNS[index.column()]
        value = self.rows[index.row()][column]
        if column == "action":
            return self.actions.get(value, value)
        if column == "at":
            return (value or "").replace("T", " ")[:19]
        return value or ""


class AuditTrailDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Audit trail"))
        self.actor = QComboBox(self)
        self.actor.addItem(self.tr("Everyone"), "")
        for name in audit_service.actors(store):
            self.actor.addItem(name, name)
        self.client = QLineEdit(self)
        self.client.setPlaceholderText(self.tr("client id or NHS number"))
        self.since, self.until = QLineEdit(self), QLineEdit(self)
        for field in (self.since, self.until):
            field.setPlaceholderText("YYYY-MM-DD")
        show = QPushButton(self.tr("&Show"), self)
        show.clicked.connect(self.refresh)
        self.check = QPushButton(self.tr("&Check the trail"), self)
        self.check.clicked.connect(self.verify)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("&Who:"), self.actor)
        form.addRow(self.tr("&Client:"), self.client)
        form.addRow(self.tr("&From:"), self.since)
        form.addRow(self.tr("&To:"), self.until)
        buttons = QHBoxLayout()
        buttons.addWidget(show)
        buttons.addWidget(self.check)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        fit_to_screen(self, 1000, 600)
        self.refresh()

    def filters(self) -> AuditFilters:
        return AuditFilters(
            self.actor.currentData() or "", self.client.text(), self.since.text(), self.until.text()
        )

    def refresh(self) -> None:
        try:
            rows = load_rows(self.store, self.filters())
        except PainClinicError as exc:
            self.status.setText(str(exc))
            return
        self.model.show(rows)
        self.status.setText(
            counted(len(rows), self.tr("1 entry."), self.tr("%1 entries, newest first."))
        )

    def verify(self) -> None:
        """Hash every row of the trail on a worker (thousands of rows take seconds)."""
        path = self.store.path

        def work(own, progress):
            try:
                return audit_service.verify(own, progress), audit_service.vouched_for(own)[0]
            except Cancelled:
                return None  # stopped: nothing was changed, the screen says so

        self.check.setEnabled(False)
        text = self.tr("Checking every entry of the trail…")
        self.status.setText(text)
        store_op(self, path, work, self._show_check, label=text, on_error=self._check_failed)

    def _check_failed(self, exc: BaseException) -> None:
        self.check.setEnabled(True)
        self.status.setText(self.tr("The trail could not be checked."))
        show_error(self, exc)

    def _show_check(self, result: tuple[list[str], int] | None) -> None:
        self.check.setEnabled(True)
        if result is None:
            self.status.setText(self.tr("The check was stopped before the end."))
            return
        problems, vouched = result
        if problems:
            self.status.setText(
                self.tr("The audit trail has been changed or damaged: %1").replace(
                    "%1", "; ".join(problems[:5])
                )
            )
        else:
            text = self.tr("The audit trail is intact: no entry has been changed or removed.")
            if vouched:
                text += " " + self.tr(
                    "The service's signature vouches for entries 1 to %1."
                ).replace("%1", f"{vouched:,}")
            self.status.setText(text)
