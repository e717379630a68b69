"""A note in place of a bare greyed button: who can take this clinical action, and for an
admin, a button that opens the accounts screen to add them.

An admin officer reads clinical records but does not write them (core/permissions.py). On a
new service database the admin is the only account, so without this note the first day ends
at a greyed "New contact…" with no clue what to do.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...core import permissions
from ...services import session
from ...services.accounts import can_manage_accounts

NOTE_STYLE = "QFrame#whoCan { background: #eef4fb; border: 1px solid #c9d3e0; border-radius: 4px; }"


def _t(text: str) -> str:
    return QCoreApplication.translate("who_can", text)


def _plural_roles() -> dict[str, str]:
    return {
        permissions.ADMIN: _t("admins"),
        permissions.COACH: _t("health coaches"),
        permissions.SOCIAL_PRESCRIBER: _t("social prescribers"),
        permissions.CLINICIAN: _t("clinicians"),
        permissions.COMMUNITY_PARTNER: _t("community partners"),
    }


def who_records(what: str) -> str:
    """'Only health coaches, social prescribers and clinicians record contacts.'"""
    words = _plural_roles()
    roles = [
        words[r] for r in permissions.ROLES if permissions.allows(r, permissions.EDIT_CLINICAL)
    ]
    listed = ", ".join(roles[:-1]) + _t(" and ") + roles[-1] if len(roles) > 1 else roles[0]
    return _t("Only %1 %2.").replace("%1", listed).replace("%2", what)


class WhoCanNote(QFrame):
    """Hidden unless the signed-in role lacks ``needed``; call ``refresh()`` when shown."""

    def __init__(self, what: str, parent: QWidget | None = None, needed=None):
        super().__init__(parent)
        self.needed = needed or permissions.EDIT_CLINICAL
        self.what = what
        self.setObjectName("whoCan")
        self.setStyleSheet(NOTE_STYLE)
        self.words = QLabel("", self)
        self.words.setWordWrap(True)
        self.add_button = QPushButton(_t("Add a coach…"), self)
        self.add_button.setAccessibleDescription(_t("Opens Admin ▸ Accounts with a new account"))
        self.add_button.clicked.connect(self.open_accounts)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.words, 1)
        row.addWidget(self.add_button)
        self.refresh()

    def refresh(self) -> None:
        store = self._store()
        allowed = session.can(self.needed)
        self.setVisible(not allowed)
        if allowed:
            return
        admin = store is not None and can_manage_accounts(store)
        how = (
            _t("Add a coach in Admin ▸ Accounts, then sign in as them.")
            if admin
            else _t("Ask your admin for an account that can, if you need one.")
        )
        self.words.setText(who_records(self.what) + " " + how)
        self.add_button.setVisible(admin)

    def _main_window(self):
        """The main window this note sits in (through any dialog), which holds the store."""
        from PySide6.QtWidgets import QMainWindow

        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QMainWindow):
            parent = parent.parentWidget()
        return parent

    def _store(self):
        window = self._main_window()
        return getattr(window, "store", None) if window is not None else None

    def open_accounts(self) -> None:
        window = self._main_window()
        if window is not None:
            window.open_accounts(add_role=permissions.COACH, over=self.window())
