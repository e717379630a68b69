"""Signing in: at start-up to a service database, and again after the app has locked.

The password is checked off the GUI thread (it takes about half a second on purpose). Wrong
passwords get one plain message that does not say whether the name exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..core.errors import PainClinicError
from .ops import run_op

if TYPE_CHECKING:
    from ..services.database import Store


class SignInDialog(QDialog):
    """Ask for a name and password; ``attempt(name, password)`` runs on a worker thread and
    returns what the caller keeps (``result_value``) or raises a PainClinicError.
    ``prepare``, if given, runs once on the GUI thread just after the screen's first paint
    (or at the first Sign in, if that comes sooner), before any attempt: what an attempt needs
    loaded, so the screen itself does not wait for it. ``meanwhile``, if given, runs once on
    the GUI thread while the first attempt is checked: work that needs no key (importing the
    main window), done in time that is waited anyway."""

    def __init__(
        self,
        attempt,
        intro: str,
        name: str = "",
        parent=None,
        fixed_name=False,
        meanwhile=None,
        prepare=None,
    ):
        super().__init__(parent)
        self.attempt = attempt
        self.meanwhile = meanwhile
        self.prepare = prepare
        self.result_value = None
        self.setWindowTitle(self.tr("Sign in — PainClinic Desktop"))
        self.setModal(True)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setReadOnly(fixed_name)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.message.setStyleSheet("color: #a00000;")
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Password:"), self.password)
        layout = QVBoxLayout(self)
        for part in (self.intro, form, self.message, self.buttons):
            if isinstance(part, QFormLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        (self.password if name else self.name).setFocus()
        self.setMinimumWidth(420)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if self.prepare is not None:
            QTimer.singleShot(0, self, self._prepared)

    def _prepared(self) -> None:
        if self.prepare is not None:
            prepare, self.prepare = self.prepare, None
            prepare()

    def try_sign_in(self) -> None:
        name, password = self.name.text().strip(), self.password.text()
        if not name or not password:
            self.message.setText(self.tr("Please type your name and your password."))
            return
        self._prepared()  # at once, if the screen was not painted yet
        self._busy(True)
        run_op(
            self,
            lambda _progress: self.attempt(name, password),
            self._signed_in,
            on_error=self._refused,
        )
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            self.message.repaint()  # "Checking…" is on screen before the GUI thread is busy
            meanwhile()

    def _signed_in(self, value) -> None:
        self._busy(False)
        self.result_value = value
        self.password.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, PainClinicError):
            self.message.setText(str(exc))
        else:
            from .errors import show_error

            show_error(self, exc)

    def _busy(self, busy: bool) -> None:
        self.message.setText(self.tr("Checking…") if busy else "")
        for widget in (self.name, self.password, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.WaitCursor)
        else:
            self.unsetCursor()


def sign_in_to(path: Path, parent=None, meanwhile=None, prepare=None) -> Store | None:
    """Sign in to the service database at ``path``; None if the person chose Quit.
    ``meanwhile`` and ``prepare``: see ``SignInDialog``."""

    def attempt(name: str, password: str) -> Store:
        from ..services import accounts  # loaded by then: by ``prepare`` or by the caller

        return accounts.sign_in(path, name, password, check_beside=True)

    dialog = SignInDialog(
        attempt, dialog_intro(path), parent=parent, meanwhile=meanwhile, prepare=prepare
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def dialog_intro(path: Path) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "SignInDialog", "Sign in to %1 with your own name and password."
    ).replace("%1", path.name)
