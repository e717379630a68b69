"""Admin ▸ Accounts: everyone who can sign in, and what an admin does for them.

Each button opens a small form (``forms.py``) or asks first, then calls the same service as
`painclinic users …`; the list is read again after every change.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ....core.errors import PainClinicError
from ....services import session, users
from ....services.database import Store
from ...errors import show_error
from ...fit import fit_to_screen
from ...ops import run_op, store_op
from ...table_model import TableModel
from ...widgets.quick_form import open_dialog
from .forms import AddAccountForm, ChangeRoleForm, NewRecoveryKeyDialog, ResetPasswordForm
from .state import AccountRow, account_rows, handover_words, is_me, switch_off_words


def _t(text: str) -> str:
    return QCoreApplication.translate("accounts", text)


class AccountsModel(TableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[AccountRow] = []
        self.headers = (_t("Name"), _t("Role"), _t("Account"), _t("Last signed in"))

    def show(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor("#5a6372"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return row.name + (_t(" (you)") if is_me(row.name) else "")
        if index.column() == 1:
            return session.role_words(row.role).capitalize()
        if index.column() == 2:
            if row.active:
                return _t("Switched on")
            return _t("Switched off on %1").replace("%1", row.switched_off_on)
        return row.last_sign_in or _t("Not yet")


class AccountsDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_t("Accounts"))
        self.model = AccountsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_t("Accounts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_t("What was done"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = {
            "add": QPushButton(_t("&Add an account…"), self),
            "role": QPushButton(_t("Change &role…"), self),
            "reset": QPushButton(_t("&Reset password…"), self),
            "off": QPushButton(_t("S&witch off…"), self),
            "recovery": QPushButton(_t("New re&covery key…"), self),
        }
        for key, slot in (
            ("add", self.add_account),
            ("role", self.change_role),
            ("reset", self.reset_password),
            ("off", self.switch_off),
            ("recovery", self.new_recovery_key),
        ):
            self.buttons[key].clicked.connect(slot)
        self.buttons["add"].setDefault(True)
        self.buttons["add"].setAutoDefault(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self._build_layout(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        fit_to_screen(self, 720, 440)
        self.reload()

    def _build_layout(self, close: QDialogButtonBox) -> None:
        intro = QLabel(
            _t(
                "Everyone has their own account: never share a password. Switch off a leaver "
                "on the day they leave. Changes here are recorded in the audit trail."
            ),
            self,
        )
        intro.setWordWrap(True)
        side = QVBoxLayout()
        for key in ("add", "role", "reset", "off"):
            side.addWidget(self.buttons[key])
        side.addSpacing(16)
        side.addWidget(self.buttons["recovery"])
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)

    # --- the list ------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        chosen = select or (self.chosen().name if self.chosen() else None)
        try:
            rows = account_rows(self.store)
        except PainClinicError as exc:
            show_error(self, exc)
            rows = []
        self.model.show(rows)
        names = [r.name.casefold() for r in rows]
        if chosen and chosen.casefold() in names:
            self.table.selectRow(names.index(chosen.casefold()))
        self._enable()

    def chosen(self) -> AccountRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.model.rows[picked[0].row()] if picked else None

    def _enable(self) -> None:
        row = self.chosen()
        self.buttons["role"].setEnabled(row is not None and row.active)
        self.buttons["reset"].setEnabled(row is not None)
        self.buttons["off"].setEnabled(row is not None and row.active and not is_me(row.name))
        self.buttons["reset"].setText(
            _t("Switch back &on…") if row is not None and not row.active else _t("&Reset password…")
        )

    def say(self, text: str) -> None:
        self.message.setText(text)

    # --- what an admin does --------------------------------------------------------------

    def add_account(self, role: str | None = None) -> AddAccountForm:
        form = AddAccountForm(self.store, self, role if isinstance(role, str) else None)
        open_dialog(self, form, lambda: self._added(form), name="form")
        return form

    def _added(self, form: AddAccountForm) -> None:
        name, role = form.added
        self.reload(select=name)
        self.say(_t("%1 was added.").replace("%1", name))
        QMessageBox.information(self, _t("Account ready"), handover_words(name, role))

    def change_role(self) -> None:
        row = self.chosen()
        if row is None:
            return
        form = ChangeRoleForm(self.store, row.name, row.role, self)

        def changed() -> None:
            self.reload()
            self.say(
                _t("%1 is now %2.")
                .replace("%1", row.name)
                .replace("%2", session.role_words(form.role.currentData()))
                + notes_words(form.result_value)
            )

        open_dialog(self, form, changed, name="form")

    def reset_password(self) -> None:
        row = self.chosen()
        if row is None:
            return
        form = ResetPasswordForm(self.store, row.name, self)

        def reset() -> None:
            self.reload()
            self.say(
                _t(
                    "%1 has a new password and can sign in. Give it to them in person; they "
                    "choose their own with File ▸ Change my password…"
                ).replace("%1", row.name)
            )

        open_dialog(self, form, reset, name="form")

    def switch_off(self) -> None:
        row = self.chosen()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            _t("Switch off an account"),
            switch_off_words(row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(notes) -> None:
            self.reload()
            self.say(
                _t("%1 is switched off and can no longer sign in.").replace("%1", row.name)
                + notes_words(notes)
            )

        # A change of keys: the database is re-encrypted through the app's own connection.
        self._in_background(
            lambda: users.disable_account(self.store, row.name),
            done,
            _t("Switching off… (the database is given a new key: this can take a minute)"),
        )

    def new_recovery_key(self) -> None:
        answer = QMessageBox.question(
            self,
            _t("New recovery key"),
            _t(
                "Make a new recovery key? The old one stops working at once. Have paper "
                "and pen ready: the new key is shown only once."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def show(key: str) -> None:
            open_dialog(self, NewRecoveryKeyDialog(key, self), name="key_dialog")
            self.say(_t("A new recovery key was made; the old one no longer works."))

        self._in_background(
            None, show, _t("Making the new recovery key…"), on_own_store=users.replace_recovery_key
        )

    def _in_background(self, action, done, busy: str, on_own_store=None) -> None:
        """A service call on a worker (key slots take a moment; a new data key longer):
        ``action()``, which re-encrypts through the app's own connection so the app carries
        on with the new key, or ``on_own_store(store)`` on a connection of the worker's own.
        """
        self.setEnabled(False)
        self.say(busy)

        def finished(result) -> None:
            self.setEnabled(True)
            self.say("")
            done(result)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            self.say("")
            show_error(self, exc)

        if on_own_store is not None:
            store_op(
                self, self.store.path, lambda own, _p: on_own_store(own), finished, on_error=failed
            )
        else:
            run_op(self, lambda _progress: action(), finished, on_error=failed)


def notes_words(notes) -> str:
    """What the change of keys asks of the admin next (e.g. someone needs a new password)."""
    if not notes:
        return ""
    return " " + _t("Next: %1.").replace("%1", "; ".join(notes))
