"""The guide's "Join my service's hub": the hub's address and CA certificate file (checked
against the fingerprint IT read out, if given) or that fingerprint alone (the hub's CA is then
fetched and pinned when it matches), the person's hub login and password, and a
password for this laptop; then the first fetch with a progress bar that can be stopped and
carried on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from ...core.errors import PainClinicError
from ...services import sync_status
from ...services.database import Store
from ..ops import Cancelled, run_op
from ..screens.hub.page import stage_words
from .service_pages import NOTE_STYLE, WARNING_STYLE, wrapped


class JoinPage(QWizardPage):
    def __init__(self, database: Callable[[], Path], parent=None):
        super().__init__(parent)
        self.database = database  # where the new database goes (the guide's folder)
        self.store: Store | None = None
        self.busy = False
        self.setTitle(self.tr("Join your service's hub"))
        self.setSubTitle(
            self.tr(
                "Your service's IT gives you the hub's address and its certificate file "
                "(or reads out the certificate's fingerprint); the service's admin gives you "
                "your hub login and password."
            )
        )
        self.setFinalPage(True)
        self.address = QLineEdit(self)
        self.address.setAccessibleName(self.tr("Hub address"))
        self.address.setPlaceholderText(self.tr("for example: hub.trust.nhs.uk/pain_bradford"))
        self.ca_file = QLineEdit(self)
        self.ca_file.setAccessibleName(self.tr("CA certificate file"))
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setAccessibleName(self.tr("Fingerprint read out by IT"))
        self.fingerprint.setPlaceholderText(
            self.tr("instead of the file, or to check it: 32 pairs such as 3A:F0:…")
        )
        self.login = QLineEdit(self)
        self.login.setAccessibleName(self.tr("Your hub login"))
        self.hub_password = QLineEdit(self)
        self.hub_password.setAccessibleName(self.tr("Hub password"))
        self.password = QLineEdit(self)
        self.password.setAccessibleName(self.tr("Password for this laptop"))
        self.again = QLineEdit(self)
        self.again.setAccessibleName(self.tr("Password for this laptop again"))
        for field in (self.hub_password, self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.join_button = QPushButton(self.tr("&Join and fetch the records"), self)
        self.join_button.clicked.connect(self.join)
        self.message = wrapped("", self)
        self.message.setAccessibleName(self.tr("Joining message"))
        self._build_layout()

    def _build_layout(self) -> None:
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Hub &address:"), self.address)
        form.addRow(self.tr("CA certificate file:"), ca_row)
        form.addRow(self.tr("&Fingerprint (if IT read it out):"), self.fingerprint)
        form.addRow(self.tr("Your hub &login:"), self.login)
        form.addRow(self.tr("Hub pass&word:"), self.hub_password)
        form.addRow(self.tr("A &password for this laptop:"), self.password)
        form.addRow(self.tr("That password a&gain:"), self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.join_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        if not self.message.text():
            self._say(
                self.tr(
                    "The records are kept, encrypted, in %1. This laptop's password opens "
                    "them here; your hub password is kept inside them."
                ).replace("%1", str(self.database())),
                NOTE_STYLE,
            )

    def _choose_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("The hub's CA certificate"), "", self.tr("Certificates (*.crt *.pem)")
        )
        if name:
            self.ca_file.setText(name)

    def _say(self, text: str, style: str = WARNING_STYLE) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def join(self) -> None:
        if self.busy or self.store is not None:
            return
        try:
            url = sync_status.hub_url(
                self.address.text(), self.ca_file.text(), self.fingerprint.text()
            )
        except PainClinicError as exc:
            self._say(str(exc))
            return
        user, hub_password = self.login.text().strip(), self.hub_password.text()
        if not user or not hub_password:
            self._say(self.tr("Please type your hub login and hub password."))
            return
        if len(self.password.text()) < 10:
            self._say(self.tr("Choose a password for this laptop of at least 10 characters."))
            return
        if self.password.text() != self.again.text():
            self._say(self.tr("The two passwords for this laptop are not the same."))
            return
        path, local_password = self.database(), self.password.text()
        fingerprint = self.fingerprint.text().strip() or None

        def work(progress):
            def report(stage: str, done: int, total: int) -> None:
                progress.report(done, total, stage_words(stage, done, total))

            try:
                return sync_status.join_laptop(
                    path, url, user, hub_password, local_password, report, fingerprint
                )
            except Cancelled:
                return None  # what was fetched is kept: "carry on" resumes from there

        self._set_busy(True)
        self._say(self.tr("Connecting to the hub…"), NOTE_STYLE)
        run_op(
            self,
            work,
            self._joined,
            label=self.tr("Fetching your service's records…"),
            on_error=self._refused,
        )

    def _joined(self, store: Store | None) -> None:
        self._set_busy(False)
        if store is None:
            self.join_button.setText(self.tr("&Carry on fetching"))
            self._say(
                self.tr(
                    "Stopped. What was fetched is kept on this laptop; press Carry on "
                    "fetching to fetch the rest."
                ),
                NOTE_STYLE,
            )
            return
        self.store = store
        for field in (self.hub_password, self.password, self.again):
            field.clear()
        self._say(
            self.tr("Joined. Your service's records are on this laptop: press Finish."),
            NOTE_STYLE,
        )
        self.join_button.setEnabled(False)
        self.completeChanged.emit()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, PainClinicError):
            self._say(str(exc))
            return
        from ..errors import show_error

        self.message.clear()
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for field in (
            self.address, self.ca_file, self.fingerprint, self.login, self.hub_password,
            self.password, self.again, self.join_button,
        ):  # fmt: skip
            field.setEnabled(not busy)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.store is not None
