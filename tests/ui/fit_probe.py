"""Opens each window and dialog of the app on the screen Qt was started with and prints, as
JSON, the controls a person could not reach there. Run in a subprocess by test_fit.py with
``QT_QPA_PLATFORM=offscreen:configfile=…`` (the screen size) and ``QT_SCALE_FACTOR``.

Usage: python -m tests.ui.fit_probe DATABASE
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.record_context import RecordContext
from tests.ui.reach import unreachable_controls


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def main(db: str) -> dict[str, list[str]]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    area = QGuiApplication.primaryScreen().availableGeometry()
    store = open_store(db)
    window = MainWindow(store)
    window.show()
    window.reload()
    found: dict[str, list[str]] = {}

    def check(name: str, widget: QWidget) -> None:
        settle(app)
        found[name] = unreachable_controls(widget, area)

    # The caseload loads on a worker: wait for it by the clock, not by a count of event-loop
    # passes, which a busy machine can use up before the worker has finished.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        settle(app)
        if window.caseload.state.rows and not window.caseload.loading:
            break
        time.sleep(0.02)
    if not window.caseload.state.rows:
        raise SystemExit("the caseload did not load within 60 s")
    check("main window: caseload", window)
    window.showMaximized()
    check("main window maximised: caseload", window)
    window.open_client(window.caseload.state.rows[0].client_id)
    for index in range(window.record.tabs.count()):
        window.record.tabs.setCurrentIndex(index)
        check(f"record: {window.record.tabs.tabText(index).replace('&', '')}", window)
    for action in window.menuBar().actions():
        for item in action.menu().actions() if action.menu() else ():
            keys = item.shortcut().toString()
            if keys in ("Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5") and item.isEnabled():
                item.trigger()
                check(f"page {item.text().replace('&', '')}", window)
    context = RecordContext(store, lambda: "Coach One", lambda: None)
    record = window.record.record
    for name, make in dialogs(store, context, record, window).items():
        dialog = make()
        dialog.show()
        check(name, dialog)
        for step in range(20) if name == "assessment" else ():
            if not dialog.next.isEnabled() or not dialog.next.isVisible():
                break
            dialog.next.click()
            check(f"assessment step {step + 2}", dialog)
        dialog.hide()
        dialog.deleteLater()
    window.hide()
    return found


def dialogs(store, context, record, window) -> dict[str, Callable[[], QWidget]]:
    from painclinic_desktop.ui import help as help_screens
    from painclinic_desktop.ui.screens.accounts import forms as account_forms
    from painclinic_desktop.ui.screens.accounts import view as accounts_view
    from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog
    from painclinic_desktop.ui.screens.audit.view import AuditTrailDialog
    from painclinic_desktop.ui.screens.contacts.form import ContactDialog
    from painclinic_desktop.ui.screens.pathway import dialogs as pathway_dialogs
    from painclinic_desktop.ui.screens.referrals.import_wizard import ImportWizard
    from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog
    from painclinic_desktop.ui.screens.referrals.triage import TriageDialog
    from painclinic_desktop.ui.screens.reports import dialogs as reports
    from painclinic_desktop.ui.screens.settings.dialog import ServiceSettingsDialog

    staff = "Coach One"
    found: dict[str, Callable[[], QWidget]] = {
        "assessment": lambda: AssessmentDialog(
            store, record.client, lambda: staff, [], None, parent=window
        ),
        "referral intake": lambda: IntakeDialog(context, window),
        "triage": lambda: TriageDialog(context, window),
        "import referrals": lambda: ImportWizard(context, window),
        "contact": lambda: ContactDialog(context, record, window),
        "monthly return": lambda: reports.MonthlyReturnDialog(store, staff, window),
        "evaluation": lambda: reports.EvaluationDialog(store, staff, window),
        "batch GP summaries": lambda: reports.BatchGpSummariesDialog(store, staff, window),
        "audit trail": lambda: AuditTrailDialog(store, window),
        "service settings": lambda: ServiceSettingsDialog(store, window),
        "accounts": lambda: accounts_view.AccountsDialog(store, window),
        "add an account": lambda: account_forms.AddAccountForm(store, window),
        "change my password": lambda: account_forms.ChangeOwnPasswordForm(store, window),
        "new recovery key": lambda: account_forms.NewRecoveryKeyDialog(
            "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", window
        ),
        "user guide": lambda: help_screens.GuideDialog(window),
        "keyboard shortcuts": lambda: help_screens.ShortcutsDialog(window),
    }
    client_id = record.client["id"]
    for maker in (
        pathway_dialogs.change_tier,
        pathway_dialogs.discharge,
        pathway_dialogs.new_referral,
        pathway_dialogs.raise_flag,
    ):
        found[f"form {maker.__name__}"] = lambda m=maker: m(context, client_id, window)
    return found


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
