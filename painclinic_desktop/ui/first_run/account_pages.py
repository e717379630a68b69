"""The guide's last pages: the first admin (which creates the encrypted database), the
recovery key shown once, and what to open now."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ...core.errors import PainClinicError
from ...services.database import Store
from ..ops import run_op
from .service_pages import WARNING_STYLE, wrapped
from .state import recovery_key_lines


class AdminPage(QWizardPage):
    """Name and password (twice) of the first admin. Going on creates the database, so this
    is a commit page: there is no going back to a database that does not exist yet."""

    def __init__(self, prepare: Callable[[str, str], Callable[[], tuple[Store, str]]], parent=None):
        super().__init__(parent)
        # prepare(name, password), on the GUI thread, returns the work to run on a worker,
        # which gives (store, recovery key).
        self.prepare = prepare
        self.created: tuple[Store, str] | None = None
        self.busy = False
        self.setTitle(self.tr("Your admin account"))
        self.setSubTitle(
            self.tr(
                "The database is encrypted. You will be its first admin; you give your "
                "colleagues their own accounts afterwards."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create the database"))
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
            field.textChanged.connect(self.completeChanged)
        self.name.textChanged.connect(self.completeChanged)
        self.message = wrapped("", self)
        self.message.setAccessibleName(self.tr("Account message"))
        self.message.setStyleSheet(WARNING_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Your na&me:"), self.name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password &again:"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                self.tr(
                    "Choose a password of at least 10 characters. A short phrase is easy to "
                    "remember and hard to guess, for example three words you will not forget."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        filled = self.name.text().strip() and self.password.text() and self.again.text()
        return bool(filled) and not self.busy

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        """Start creating on a worker; the page moves on by itself once it is done."""
        if self.created is not None:
            return True
        if self.busy:
            return False
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            return False
        work = self.prepare(self.name.text(), self.password.text())
        self._set_busy(True)
        run_op(self, lambda _progress: work(), self._created, on_error=self._refused)
        return False

    def _created(self, created: tuple[Store, str]) -> None:
        self.created = created
        self.password.clear()
        self.again.clear()
        self._set_busy(False)
        self.wizard().next()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, PainClinicError):
            self.message.setText(str(exc))
            return
        from ..errors import show_error

        self.message.clear()
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        """While the database is being made nothing can be changed, and there is no
        cancelling: a half-made set-up would leave a database whose key nobody saw."""
        self.busy = busy
        self.message.setStyleSheet("" if busy else WARNING_STYLE)
        self.message.setText(self.tr("Creating the encrypted database…") if busy else "")
        for field in (self.name, self.password, self.again):
            field.setEnabled(not busy)
        self.completeChanged.emit()
        # After validatePage the wizard re-enables Back itself: set the buttons once it has.
        QTimer.singleShot(0, self._hold_buttons)

    def _hold_buttons(self) -> None:
        wizard = self.wizard()
        if wizard is None or wizard.currentPage() is not self:
            return  # moved on to the recovery key: the wizard keeps Back shut after a commit
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            wizard.button(which).setEnabled(not self.busy)


class RecoveryKeyPage(QWizardPage):
    """The recovery key, shown once; going on needs a tick that it is stored safely."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(self.tr("It is shown only now."))
        self.key = QLabel(self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setStyleSheet("background: #f4f7fb; border: 1px solid #c9d3e0; padding: 12px;")
        self.stored = QCheckBox(
            self.tr("I have &stored this safely: written down, and kept away from this laptop"),
            self,
        )
        self.stored.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                self.tr(
                    "If every admin password is forgotten, this recovery key is the only way "
                    "back into the service's records: without it they are lost for good. "
                    "Write it down on paper and keep it locked away, not on this "
                    "laptop and not in its bag."
                ),
                self,
            )
        )
        layout.addWidget(self.key)
        layout.addWidget(self.stored)
        layout.addStretch(1)

    def show_key(self, recovery_key: str) -> None:
        self.key.setText(recovery_key_lines(recovery_key))

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.stored.isChecked()


class ReadyPage(QWizardPage):
    """What was set up, where it is, and whether to practise on the demo first."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("PainClinic Desktop is set up on this laptop."))
        self.setFinalPage(True)
        self.summary = wrapped("", self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_service = QRadioButton(self.tr("Start &using the service database"), self)
        self.practise = QRadioButton(
            self.tr("&Practise first on a demo caseload of made-up clients"), self
        )
        self.start_service.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(wrapped(self.tr("What would you like to do now?"), self))
        layout.addWidget(self.start_service)
        layout.addWidget(self.practise)
        layout.addWidget(
            wrapped(
                self.tr(
                    "The demo is a separate file: nothing you do there touches the service "
                    "database. It is always there to practise on: choose “practise on the demo "
                    "caseload” under PainClinic Desktop in the applications menu (the Start "
                    "menu on Windows)."
                ),
                self,
            )
        )
        layout.addStretch(1)

    def show_summary(
        self, service: str, admin: str, database: str, backups: str, team: list[str]
    ) -> None:
        from html import escape

        rows = (
            (self.tr("Service"), service),
            (self.tr("Admin"), admin),
            (self.tr("Colleagues"), ", ".join(team) or self.tr("none yet")),
            (self.tr("Database"), database),
            (self.tr("Backups"), backups),
        )
        table = "".join(
            f"<tr><td><b>{escape(k)}:</b>&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows
        )
        next_steps = self.tr(
            "Give each colleague their own account in Admin ▸ Accounts (or with "
            '<code>painclinic users add "Sam Khan" coach</code>). Help ▸ User guide shows '
            "the first steps."
        )
        self.summary.setText(f"<table>{table}</table><p>{next_steps}</p>")
