"""Setting up a new service database from the desktop: its first admin, and the recovery key
shown once to be written down and kept off the laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..core.errors import PainClinicError
from ..services import accounts
from ..services.database import Store
from .ops import run_op


class SetUpDialog(QDialog):
    """Name and password (twice) of the first admin; creates the encrypted database."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = path
        self.created: tuple[Store, str] | None = None
        self.setWindowTitle(self.tr("Set up the service database"))
        intro = QLabel(
            self.tr(
                "The service database is encrypted. You will be its first admin: choose your "
                "name and a password of at least 10 characters (a short phrase is easy to "
                "remember). Others get their own accounts from you later."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Admin's name"))
        self.password = QLineEdit(self)
        self.again = QLineEdit(self)
        for field, label in (
            (self.password, self.tr("Password")),
            (self.again, self.tr("Password again")),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(label)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Create"))
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password &again:"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def try_create(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            return
        name, password = self.name.text(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Creating…"))
        run_op(
            self,
            lambda _p: accounts.create_service_database(self.path, name, password),
            self._created,
            on_error=self._refused,
        )

    def _created(self, created) -> None:
        self.created = created
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, PainClinicError):
            self.message.setText(str(exc))
            return
        from .errors import show_error

        self.message.clear()
        show_error(self, exc)


class RecoveryKeyDialog(QDialog):
    """The recovery key, once. Carrying on needs a tick that it has been written down."""

    def __init__(self, recovery_key: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your recovery key"))
        intro = QLabel(
            self.tr(
                "This recovery key lets an admin set a new password if every admin password is "
                "forgotten. It is shown only now. Write it down or print it, and keep it locked "
                "away — not on this laptop and not with it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.key = QLabel(recovery_key, self)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.kept = QCheckBox(
            self.tr("I have &written the recovery key down and will keep it safe"), self
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.kept.toggled.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key, self.kept, buttons):
            layout.addWidget(widget)

    def reject(self) -> None:
        if self.kept.isChecked():
            super().reject()


def set_up_service_database(path: Path) -> Store | None:
    """The set-up dialogs; the new store with its admin signed in, or None if cancelled."""
    dialog = SetUpDialog(path)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
        return None
    store, recovery_key = dialog.created
    RecoveryKeyDialog(recovery_key).exec()
    return store
