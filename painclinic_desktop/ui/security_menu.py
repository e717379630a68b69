"""What the main window gets for keeping data safe: the lock (Ctrl+L, idle), and for the
admin the audit trail and an on-demand backup."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core import permissions
from ..services import session
from ..services.database import Store


def install_security(window, store: Store) -> None:
    if store.is_encrypted:  # practice and demo databases have no accounts, so no lock
        from .lock import install_lock

        install_lock(window, store)
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.menu()), None)
    if file_menu is None:
        return
    quit_action = file_menu.actions()[-1] if file_menu.actions() else None
    for text, needed, slot in (
        (window.tr("&Back up now…"), permissions.BACKUP_RESTORE, lambda: back_up(window, store)),
        (window.tr("Audit &trail…"), permissions.VIEW_AUDIT, lambda: show_audit(window, store)),
    ):
        action = QAction(text, window)
        action.triggered.connect(slot)
        action.setEnabled(session.can(needed))
        file_menu.insertAction(quit_action, action)


def show_audit(window, store: Store) -> None:
    from .screens.audit.view import AuditTrailDialog

    AuditTrailDialog(store, window).exec()


def back_up(window, store: Store) -> None:
    from ..services.backup import backup_now
    from .errors import show_error
    from .ops import store_op

    name, _ = QFileDialog.getSaveFileName(
        window,
        window.tr("Back up to"),
        f"{store.path.stem}-backup.db",
        window.tr("PainClinic backup (*.db)"),
    )
    if not name:
        return

    def work(own, _progress):
        return backup_now(own, name)

    def done(made) -> None:
        QMessageBox.information(
            window,
            window.tr("Backed up"),
            window.tr("The backup was made and checked: %1 (with its key file beside it).").replace(
                "%1", str(made.path)
            ),
        )

    store_op(
        window,
        store.path,
        work,
        done,
        label=window.tr("Backing up…"),
        on_error=lambda exc: show_error(window, exc),
    )
