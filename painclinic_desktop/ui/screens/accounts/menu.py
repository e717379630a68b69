"""What the main window gets for accounts: Admin ▸ Accounts… (admins of a service database)
and File ▸ Change my password… (everyone who signed in)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from ....services.accounts import can_manage_accounts, has_accounts
from ...widgets.quick_form import open_dialog


def _t(text: str) -> str:
    return QCoreApplication.translate("accounts", text)


def install_account_menus(window) -> None:
    store = window.store
    if not has_accounts(store):
        return
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.menu()), None)
    if file_menu is not None:
        change = QAction(_t("Change &my password…"), window)
        change.triggered.connect(lambda: change_my_password(window))
        quit_action = file_menu.actions()[-1] if file_menu.actions() else None
        file_menu.insertAction(quit_action, change)
    if not can_manage_accounts(store):
        return
    admin = window.menuBar().addMenu(_t("&Admin"))
    accounts = QAction(_t("&Accounts…"), window)
    accounts.setShortcut(QKeySequence("Ctrl+Shift+U"))
    accounts.triggered.connect(lambda: open_accounts(window))
    admin.addAction(accounts)


def open_accounts(window, add_role: str | None = None, over=None):
    """The accounts screen (not blocking), on top of ``over`` (the dialog asking, if any);
    with ``add_role`` the form for a new account of that role opens on it, as asked for
    from a "who can" note."""
    from .view import AccountsDialog

    owner = over or window
    dialog = AccountsDialog(window.store, owner)
    open_dialog(owner, dialog, name="accounts_dialog")
    if add_role is not None:
        dialog.add_account(add_role)
    return dialog


def change_my_password(window):
    from .forms import ChangeOwnPasswordForm

    form = ChangeOwnPasswordForm(window.store, window)

    def changed() -> None:
        status = getattr(window, "status_text", None)
        if status is not None:
            status.setText(_t("Your password has been changed."))

    open_dialog(window, form, changed, name="password_dialog")
    return form
