"""The accounts screen's small forms: a new account, a new password, a role, and the new
recovery key shown once.

The slow part of a new password (the key slot's Argon2id, about half a second) runs on a
worker with its own connection; the form stays open, with what was typed, until the service
has said yes, and a refusal is shown beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ....core.errors import InvalidInput
from ....services import session, users
from ....services.database import Store
from ...errors import show_error
from ...ops import run_op, store_op
from .state import ROLE_CHOICES, check_again

ERROR_STYLE = "color: #a00000;"


def _t(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("accounts", text)


def role_box(parent: QWidget, current: str | None = None) -> QComboBox:
    box = QComboBox(parent)
    for role in ROLE_CHOICES:
        box.addItem(session.role_words(role).capitalize(), role)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


class _SlowForm(QDialog):
    """A form whose save runs on a worker against its own connection to ``store``."""

    changes_keys = False  # switching off or a new role re-encrypts the database
    busy_text = "Saving… (making the key for the password)"

    def __init__(self, store: Store, title: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.busy = False
        self.result_value = None
        self.setWindowTitle(title)
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)

    def add_field(self, key: str, label: str, field: QWidget) -> None:
        """The field with its own error line under it (kept empty until needed)."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        self.errors[key] = _error_label(box)
        column.addWidget(self.errors[key])
        self.form.addRow(label, box)
        if isinstance(field, QLineEdit):
            field.textChanged.connect(lambda _text, k=key: self.clear_error(k))

    def finish_layout(self, intro: str) -> None:
        layout = QVBoxLayout(self)
        words = QLabel(intro, self)
        words.setWordWrap(True)
        layout.addWidget(words)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def show_error(self, key: str, message: str) -> None:
        label = self.errors.get(key) or self.errors[next(iter(self.errors))]
        label.setText(message)
        label.setVisible(True)

    def clear_error(self, key: str) -> None:
        self.errors[key].clear()
        self.errors[key].setVisible(False)

    def work(self) -> Callable[[Store], object]:
        raise NotImplementedError

    def check(self) -> None:
        """Raise InvalidInput (with the field) for what can be seen before saving."""

    def save(self) -> None:
        if self.busy:
            return
        for key in self.errors:
            self.clear_error(key)
        try:
            self.check()
        except InvalidInput as exc:
            self.show_error(exc.field or "", str(exc))
            return
        action, path, store = self.work(), self.store.path, self.store

        self._set_busy(True)
        if self.changes_keys:
            # The database gets a new data key: re-encrypted through the app's own
            # connection, so it carries on with the new key (others reopen with it).
            run_op(self, lambda _progress: action(store), self._saved, on_error=self._refused)
        else:
            store_op(self, path, lambda own, _p: action(own), self._saved, on_error=self._refused)

    def _saved(self, result) -> None:
        self.result_value = result
        self._set_busy(False)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, InvalidInput):
            self.show_error(exc.field or "", str(exc))
        else:
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.status.setText(_t(self.busy_text) if busy else "")
        self.buttons.setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # the save under way finishes first; nothing is half-done
            super().reject()


def _password_fields(parent: QWidget) -> tuple[QLineEdit, QLineEdit]:
    fields = QLineEdit(parent), QLineEdit(parent)
    for field, name in zip(fields, (_t("Password"), _t("Password again")), strict=True):
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
    return fields


PASSWORD_HINT = (
    "At least 10 characters. A short phrase of three words is easy to say and to remember. "
    "You will give it to them in person; they choose their own when they first sign in."
)


class AddAccountForm(_SlowForm):
    def __init__(self, store: Store, parent=None, role: str | None = None):
        super().__init__(store, _t("Add an account"), parent)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(_t("Name"))
        self.name.setPlaceholderText(_t("as they will type it to sign in, e.g. Sam Khan"))
        self.role = role_box(self, role)
        self.role.setAccessibleName(_t("Role"))
        self.password, self.again = _password_fields(self)
        self.add_field("name", _t("&Name:"), self.name)
        self.add_field("role", _t("&Role:"), self.role)
        self.add_field("password", _t("&Password:"), self.password)
        self.add_field("again", _t("Password &again:"), self.again)
        self.finish_layout(_t(PASSWORD_HINT))
        self.added: tuple[str, str] | None = None

    def check(self) -> None:
        check_again(self.password.text(), self.again.text())

    def save(self) -> None:
        """A partner's account is never made beside clinical records: say why, and offer
        the partner bundle for the partner's own database."""
        from ....core import permissions
        from ....services import community

        role = self.role.currentData()
        if not permissions.clinical(role) and not community.is_community(self.store):
            from ...partner_bundle import explain_partner_refused

            explain_partner_refused(self, self.store)
            return
        super().save()

    def work(self):
        name, role, password = self.name.text(), self.role.currentData(), self.password.text()

        def add(own: Store):
            account = users.add_account(own, name, role, password)
            return account.name, account.role

        return add

    def _saved(self, result) -> None:
        self.added = result
        super()._saved(result)


class ResetPasswordForm(_SlowForm):
    def __init__(self, store: Store, name: str, parent=None):
        super().__init__(store, _t("Reset a password"), parent)
        self.account = name
        self.password, self.again = _password_fields(self)
        self.add_field("password", _t("New &password:"), self.password)
        self.add_field("again", _t("Password &again:"), self.again)
        self.finish_layout(
            _t("A new password for %1. Their old password stops working.").replace("%1", name)
            + "\n\n"
            + _t(PASSWORD_HINT)
        )

    def check(self) -> None:
        check_again(self.password.text(), self.again.text())

    def work(self):
        name, password = self.account, self.password.text()
        return lambda own: users.reset_password(own, name, password)


class ChangeRoleForm(_SlowForm):
    changes_keys = True
    busy_text = "Saving… (the database is given a new key: this can take a minute)"

    def __init__(self, store: Store, name: str, role: str, parent=None):
        super().__init__(store, _t("Change a role"), parent)
        self.account = name
        self.role = role_box(self, role)
        self.role.setAccessibleName(_t("Role"))
        self.add_field("role", _t("&Role:"), self.role)
        self.finish_layout(
            _t("What %1 may do follows their role (see docs/SECURITY.md).").replace("%1", name)
        )

    def work(self):
        name, role = self.account, self.role.currentData()
        return lambda own: users.change_role(own, name, role)


class ChangeOwnPasswordForm(_SlowForm):
    """Anyone may change their own password (their key slot only is re-made)."""

    def __init__(self, store: Store, parent=None):
        super().__init__(store, _t("Change my password"), parent)
        self.old = QLineEdit(self)
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.old.setAccessibleName(_t("Current password"))
        self.password, self.again = _password_fields(self)
        self.add_field("old", _t("&Current password:"), self.old)
        self.add_field("password", _t("&New password:"), self.password)
        self.add_field("again", _t("New password &again:"), self.again)
        self.finish_layout(_t("Choose a password of at least 10 characters that only you know."))

    def check(self) -> None:
        check_again(self.password.text(), self.again.text())

    def work(self):
        old, new = self.old.text(), self.password.text()
        return lambda own: users.change_own_password(own, old, new)

    def _refused(self, exc: BaseException) -> None:
        from ....core.security_errors import WrongPassword

        if isinstance(exc, WrongPassword):
            self._set_busy(False)
            self.show_error("old", _t("That is not your current password."))
            return
        super()._refused(exc)


class NewRecoveryKeyDialog(QDialog):
    """The new recovery key, shown once; closing needs the "stored safely" tick."""

    def __init__(self, recovery_key: str, parent=None):
        # Here, not at the top: the first-run guide's package imports this module.
        from ...first_run.state import recovery_key_lines

        super().__init__(parent)
        self.setWindowTitle(_t("New recovery key"))
        self.key = QLabel(recovery_key_lines(recovery_key), self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(_t("Recovery key"))
        self.key.setStyleSheet("background: #f4f7fb; border: 1px solid #c9d3e0; padding: 12px;")
        self.stored = QCheckBox(
            _t("I have &stored this safely: written down, and kept away from this laptop"), self
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setEnabled(False)
        self.stored.toggled.connect(self.close_button.setEnabled)
        self.buttons.rejected.connect(self.reject)
        words = QLabel(
            _t(
                "This is the service's new recovery key. It is shown only now, and the old "
                "one no longer works. If every admin password is forgotten, it is the only "
                "way back into the records. Write it down and keep it locked away, not on "
                "this laptop and not in its bag."
            ),
            self,
        )
        words.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addWidget(self.key)
        layout.addWidget(self.stored)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        if self.stored.isChecked():  # Escape does not skip the key either
            super().reject()
