"""The Referrals menu of the main window: new referral, triage, import a referral file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from ....core import permissions
from ....services import session
from ....services.session import current_staff
from ...record_context import RecordContext
from ...widgets.quick_form import open_dialog

NEW_REFERRAL_KEY = "Ctrl+N"
TRIAGE_KEY = "Ctrl+T"
IMPORT_FILE_KEY = "Ctrl+Shift+I"
DIALOG = "referral_dialog"  # the main window keeps the open referral dialog here


def _t(text: str) -> str:
    return QCoreApplication.translate("ReferralsMenu", text)


def open_intake(window) -> None:
    """The referral form for a new client or referral; once saved, the caseload shows the
    client (``window.show_new_client``)."""
    from ...errors import show_error
    from .intake import IntakeDialog

    try:
        session.require(permissions.EDIT_INTAKE)  # the shortcut works with the menu closed
    except Exception as exc:  # noqa: BLE001 — worded by errors.py
        show_error(window, exc)
        return
    context = RecordContext(window.store, current_staff, window.reload)
    dialog = IntakeDialog(context, window)
    open_dialog(
        window,
        dialog,
        lambda: dialog.saved and window.show_new_client(dialog.saved["client_id"]),
        name=DIALOG,
    )


def install_referral_menu(window) -> None:
    """Add the menu to ``window`` (a main window with ``store`` and ``reload()``)."""
    menu = window.menuBar().addMenu(_t("R&eferrals"))

    def context() -> RecordContext:
        return RecordContext(window.store, current_staff, window.reload)

    def new_referral() -> None:
        open_intake(window)

    def triage() -> None:
        from .triage import TriageDialog

        dialog = TriageDialog(context(), window)

        def finished() -> None:
            if dialog.new_client is not None:
                window.show_new_client(dialog.new_client)
            elif dialog.changed:
                window.reload()

        open_dialog(window, dialog, on_finished=finished, name=DIALOG)

    def import_file() -> None:
        from .import_wizard import ImportWizard

        open_dialog(window, ImportWizard(context(), window), name=DIALOG)  # announces its saves

    for text, slot, key in (
        (_t("&New referral…"), new_referral, NEW_REFERRAL_KEY),
        (_t("&Triage…"), triage, TRIAGE_KEY),
        (_t("&Import a referral file…"), import_file, IMPORT_FILE_KEY),
    ):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        menu.addAction(action)
    # Intake is for everyone who registers referrals (a community partner may register a
    # self-referral); the menu follows the signed-in role when it changes.
    menu.aboutToShow.connect(
        lambda: [a.setEnabled(session.can(permissions.EDIT_INTAKE)) for a in menu.actions()]
    )
