"""The guide's offer to add the first coaches (several, or none), once the database and its
admin exist: an admin does not write clinical records, so a new service records nothing
until someone who does has an account.

Each person is added through ``services/users.add_account``, the same path as Admin ▸
Accounts and `painclinic users add`, on a worker (making a key slot takes a moment).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...core import permissions
from ...core.errors import InvalidInput
from ...services import session, users
from ...services.database import Store
from ..errors import show_error
from ..ops import store_op
from ..screens.accounts.forms import PASSWORD_HINT, role_box
from ..screens.accounts.state import check_again
from .service_pages import WARNING_STYLE, wrapped


class TeamPage(QWizardPage):
    def __init__(self, store_of: Callable[[], Store | None], parent=None):
        super().__init__(parent)
        self.store_of = store_of  # the new database, once it exists
        self.busy = False
        self.added: list[tuple[str, str]] = []
        self.setTitle(self.tr("Your first coaches"))
        self.setSubTitle(
            self.tr(
                "As the admin you register referrals, but you do not record contacts or "
                "assessments: health coaches, social prescribers and clinicians do. Add them "
                "now, or later in Admin ▸ Accounts."
            )
        )
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Colleague's name"))
        self.name.setPlaceholderText(self.tr("as they will type it to sign in, e.g. Sam Khan"))
        self.role = role_box(self, permissions.COACH)
        self.role.setAccessibleName(self.tr("Role"))
        self.password = QLineEdit(self)
        self.again = QLineEdit(self)
        for field, label in ((self.password, "Password"), (self.again, "Password again")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(self.tr(label))
        for field in (self.name, self.password, self.again):
            field.textChanged.connect(self._typed)
            field.returnPressed.connect(self.add_person)
        self.add_button = QPushButton(self.tr("&Add this person"), self)
        self.add_button.clicked.connect(self.add_person)
        self.message = wrapped("", self)
        self.message.setAccessibleName(self.tr("Message"))
        self.team = QListWidget(self)
        self.team.setAccessibleName(self.tr("Added so far"))
        self.team.setMaximumHeight(90)
        self._build_layout()
        self._typed()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Na&me:"), self.name)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password a&gain:"), self.again)
        button_row = QHBoxLayout()
        button_row.addWidget(self.add_button)
        button_row.addStretch(1)
        form.addRow("", _wrap_layout(button_row, self))
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr(PASSWORD_HINT), self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Added so far:"), self))
        layout.addWidget(self.team)
        layout.addWidget(
            wrapped(self.tr("Press Next when you are done, or to skip this for now."), self)
        )

    def _typed(self) -> None:
        filled = self.name.text().strip() and self.password.text() and self.again.text()
        self.add_button.setEnabled(bool(filled) and not self.busy)
        if not self.busy and self.message.styleSheet() == WARNING_STYLE:
            self.message.clear()  # an error goes once the person starts to fix it

    def add_person(self) -> None:
        store = self.store_of()
        if self.busy or store is None or not self.add_button.isEnabled():
            return
        try:
            check_again(self.password.text(), self.again.text())
        except InvalidInput as exc:
            self._say(str(exc), warning=True)
            return
        name, role, password, path = (
            self.name.text(),
            self.role.currentData(),
            self.password.text(),
            store.path,
        )

        def work(own, _progress):
            account = users.add_account(own, name, role, password)
            return account.name, account.role

        self._set_busy(True)
        store_op(self, path, work, self._added, on_error=self._refused)

    def _added(self, added: tuple[str, str]) -> None:
        name, role = added
        self.added.append(added)
        self.team.addItem(f"{name} — {session.role_words(role)}")
        for field in (self.name, self.password, self.again):
            field.clear()
        self._set_busy(False)
        self._say(
            self.tr(
                "%1 can sign in. Give them the password in person, never by email or text; "
                "they choose their own after signing in (File ▸ Change my password…)."
            ).replace("%1", name),
            warning=False,
        )
        self.name.setFocus()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, InvalidInput):
            self._say(str(exc), warning=True)
        else:
            show_error(self, exc)

    def _say(self, text: str, warning: bool) -> None:
        self.message.setStyleSheet(WARNING_STYLE if warning else "")
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for field in (self.name, self.role, self.password, self.again):
            field.setEnabled(not busy)
        if busy:
            self._say(self.tr("Adding…"), warning=False)
        self._typed()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return not self.busy


def _wrap_layout(layout, parent) -> QWidget:
    holder = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder
