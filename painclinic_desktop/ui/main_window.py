"""The main window: the caseload and the client record, with the File and Help menus."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import permissions
from ..core.codes import BUNDLE_COLLECTIONS
from ..services import session
from ..services.access import open_client_record
from ..services.caseload import caseload_of, first_screen, load_caseload
from ..services.database import Store
from ..services.session import current_staff
from ..services.sync_status import changed_by_others
from . import words
from .errors import show_error
from .fit import fit_to_screen, keep_on_screen, scrolling, watch_windows, widen_for_title
from .ops import Changed, announcer, store_op
from .screens.caseload.view import CaseloadView
from .settings import app_settings

CLASHES_TAB = 1  # the hub page's tab of open clashes

if TYPE_CHECKING:
    from .screens.record.view import RecordView

# Calm, high-contrast styling; no fixed font sizes, so the app follows the system font size.
STYLE = """
QLabel#pageTitle { padding: 4px 2px; }
QLabel#demoBanner { background: #ffd866; color: #000; font-weight: bold; padding: 6px 12px; }
QFrame#recordHeader { background: #f4f7fb; border: 1px solid #c9d3e0; border-radius: 6px; }
QLabel#factTitle { color: #44546a; }
QLabel#emptyHint { padding: 10px; background: #eef4fb; border-radius: 4px; }
QTableView { gridline-color: #d8dde6; selection-background-color: #1f5fa8;
             selection-color: white; }
QHeaderView::section { background: #e9eef5; padding: 4px; border: none;
                       border-right: 1px solid #d0d7e2; font-weight: bold; }
"""

logger = logging.getLogger(__name__)

# The collections a caseload row is made from (status, tier, next contact, outcome, flags).
CASELOAD_SHOWS = (
    "clients",
    "referrals",
    "tier_changes",
    "discharges",
    "contacts",
    "assessments",
    "flags",
)
# Also shown in a client's row (next review, the high-dose flag): refreshed when a sync says
# whose records they are; a local save refreshes the client's row itself.
CASELOAD_SHOWS_ALSO = ("goals", "medication_items")
PARTIAL_REFRESH_MOST = 2000  # more changed clients than this: reload the whole caseload


class MainWindow(QMainWindow):
    first_screen_shown = Signal(float)  # seconds the first screen of the caseload took
    caseload_shown = Signal(float)  # seconds the whole caseload took

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self._painted = False  # see paintEvent: some of the window waits for its first paint
        self._finished = False
        self._after_paint: list = []  # work that waits for it (see _when_painted)
        self._loads = 0
        self._loading_all = False  # a whole-caseload load is on its way
        self._reveal: str | None = None  # a client just saved, shown when the caseload loads
        self.caseload = CaseloadView(self)
        self._record: RecordView | None = None  # made when the first record is opened
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.caseload)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if store.is_demo:
            banner = QLabel(
                self.tr(
                    "DEMO — made-up clients for practice. Never enter real client details here."
                ),
                self,
            )
            banner.setObjectName("demoBanner")
            banner.setAccessibleName(self.tr("Demo caseload"))
            layout.addWidget(banner)
        # On a small screen (or large text) a page scrolls rather than push the window past
        # the screen's edge; on a laptop screen the pages fit and no scroll bar shows.
        layout.addWidget(scrolling(self.pages, central), 1)
        self.setCentralWidget(central)
        self.setStyleSheet(STYLE)
        self.status_text = QLabel(self)
        self.statusBar().addWidget(self.status_text, 1)
        from .screens.hub.controller import SyncController

        self.hub_sync = SyncController(self)  # the team hub's state, always in view
        self.hub_sync.synced.connect(self._synced)
        self.hub_sync.status_changed.connect(lambda _status: self._show_clash_badges())
        self.caseload.show_clashes(self.hub_sync.clash_clients)
        self.caseload.client_opened.connect(self.open_client)
        announcer().changed.connect(self._refresh_after)
        self._build_menus()
        self._set_title()
        self._restore_layout()
        from .security_menu import install_security

        install_security(self, store)  # lock (Ctrl+L, idle), audit trail, backup now
        from .report_warm_up import load_after_caseload_shown

        load_after_caseload_shown(self.caseload_shown)  # the first report need not wait

    @property
    def record(self) -> RecordView:
        if self._record is None:
            from .record_context import RecordContext
            from .screens.record.view import RecordView

            self._record = RecordView(
                RecordContext(self.store, current_staff, self.reload_record), self
            )
            self.pages.addWidget(self._record)
            self._record.back_requested.connect(self.show_caseload)
            self._record.clashes_requested.connect(
                lambda client_id: self.service_hub(CLASHES_TAB, client_id)
            )
        return self._record

    def _set_title(self) -> None:
        title = self.tr("PainClinic Desktop — %1").replace("%1", self.store.path.name)
        if self.store.is_demo:
            title += self.tr("  [DEMO — synthetic practice data]")
        self.setWindowTitle(title)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new = self._action(file_menu, self.tr("&New client…"), self.new_client, "Ctrl+Shift+N")
        file_menu.aboutToShow.connect(lambda: new.setEnabled(session.can(permissions.EDIT_INTAKE)))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Import bundle…"), self.import_bundle, "Ctrl+I")
        self._action(file_menu, self.tr("&Export bundle…"), self.export_bundle, "Ctrl+E")
        self._action(file_menu, self.tr("Export a &partner bundle…"), self.export_partner_bundle)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Service &settings…"), self.service_settings)
        self._action(file_menu, self.tr("Service &hub…"), self.service_hub)
        self._action(file_menu, self.tr("Sync &now"), self.hub_sync.sync_now_asked, "F9")
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("&Caseload"), self.show_caseload, "Ctrl+1")
        self._action(view_menu, self.tr("&Reload caseload"), self.reload, "F5")
        self._build_text_size_menu(view_menu)
        self._build_reports_menu()
        # The rest is built just after the first paint (``_after_first_paint``), or after a
        # second if the window is not painted by then (shown minimised, or never shown).
        QTimer.singleShot(1000, self, self._after_first_paint)

    def _build_text_size_menu(self, view_menu) -> None:
        from . import text_size

        apply_text_size = text_size.apply_text_size
        apply_text_size(int(app_settings().value(text_size.SETTING, text_size.NORMAL)))

        def change(percent: int) -> None:
            used = apply_text_size(percent)
            app_settings().setValue(text_size.SETTING, used)
            self.status_text.setText(self.tr("Text size %1 %").replace("%1", str(used)))

        menu = view_menu.addMenu(self.tr("&Text size"))
        self._action(
            menu,
            self.tr("&Larger text"),
            lambda: change(text_size.step(text_size.current_size(), +1)),
            "Ctrl+=",
        ).setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self._action(
            menu,
            self.tr("&Smaller text"),
            lambda: change(text_size.step(text_size.current_size(), -1)),
            "Ctrl+-",
        )
        self._action(menu, self.tr("&Normal size"), lambda: change(text_size.NORMAL), "Ctrl+0")

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # The screen watcher is installed only after the first paint, so this window does
        # at Show what it does for the others: its frame is known now, not when it was built.
        if not self.isMaximized() and not self.isFullScreen():
            keep_on_screen(self)
        super().showEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What the first screen of the caseload need not wait for: the rest of the menus
        (their modules' imports), and the watcher that keeps every later window and dialog
        inside the screen (an application-wide event filter: each event Qt delivers passes
        through Python, and the first ones made PySide build the types and enums of every
        object that received one; this window was fitted by ``_restore_layout``)."""
        if self._finished:
            return
        self._finished = True
        waiting, self._after_paint = self._after_paint, []
        for work in waiting:
            work()
        watch_windows()
        self._build_more_menus()

    def _when_painted(self, work) -> None:
        """``work`` once the window's first paint is over (at once if it is)."""
        if self._finished:
            work()
        else:
            self._after_paint.append(work)

    def _build_more_menus(self) -> None:
        from .help import install_help_menu
        from .screens.accounts.menu import install_account_menus
        from .screens.groups.menu import install_group_menus
        from .screens.referrals.menu import install_referral_menu

        install_referral_menu(self)
        install_group_menus(self)
        install_account_menus(self)
        install_help_menu(self)  # user guide, keyboard shortcuts, about

    def open_accounts(self, add_role: str | None = None, over=None):
        """Admin ▸ Accounts, for a screen or note that offers to add an account (a screen
        never imports another screen: it asks the window)."""
        from .screens.accounts.menu import open_accounts

        return open_accounts(self, add_role=add_role, over=over)

    def _build_reports_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Reports"))
        for text, dialog, shortcut in (
            (self.tr("&Monthly return…"), "MonthlyReturnDialog", "Ctrl+M"),
            (self.tr("Service &evaluation…"), "EvaluationDialog", None),
            (self.tr("E&quity…"), "EquityDialog", None),
            (self.tr("&Follow-ups due…"), "FollowUpsDueDialog", None),
            (self.tr("Service &report…"), "ServiceReportDialog", None),
            (self.tr("&Programme outcomes…"), "ProgrammeReportDialog", None),
            (self.tr("&GP summaries for a month's discharges…"), "BatchGpSummariesDialog", None),
        ):
            self._action(menu, text, lambda _=False, d=dialog: self._report_dialog(d), shortcut)
        menu.addSeparator()
        self._action(menu, self.tr("Programme &costing…"), self._costing_dialog)

    def _costing_dialog(self) -> None:
        from .screens.training.costing import CostingDialog  # loaded when first asked for

        CostingDialog(self.store, current_staff, self).exec()

    def _report_dialog(self, name: str) -> None:
        # loaded when first asked for, not at start
        from .screens.reports import (
            dialogs,
            equity_dialog,
            followups_dialog,
            programme_dialog,
            service_report_dialog,
        )

        modules = (
            dialogs,
            equity_dialog,
            followups_dialog,
            service_report_dialog,
            programme_dialog,
        )
        found = next(getattr(m, name) for m in modules if hasattr(m, name))
        found(self.store, current_staff(), self).exec()

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def start(self) -> None:
        """Opening the app: a screen of the caseload from a quick read (name order, the
        filters as set), then everyone from a worker. Sorted by another column, the whole
        caseload is needed before the first row is known, so it waits for the worker."""
        started = time.perf_counter()
        state = self.caseload.state
        if state.sort_column == "name" and not self.store.is_locked:
            try:
                rows = first_screen(self.store, state.shows, descending=state.descending)
            except Exception:  # noqa: BLE001 — the full load below reports any real problem
                logger.exception("first screen of the caseload not read")
            else:
                self.caseload.show_rows(rows, complete=False)
                self.first_screen_shown.emit(time.perf_counter() - started)
                # The whole caseload's load begins once that screen is painted: its worker's
                # Python would otherwise take turns with the paint for the interpreter lock.
                self.status_text.setText(self.tr("Loading the caseload…"))
                self._when_painted(self.reload)
                self.hub_sync.start()  # on a laptop joined to a hub: a first sync at once
                return
        self.reload()
        self.hub_sync.start()

    def reload(self) -> None:
        started = time.perf_counter()
        self.status_text.setText(self.tr("Loading the caseload…"))
        path = self.store.path
        self._loads += 1
        this_load = self._loads
        self._loading_all = True

        def failed(exc: BaseException) -> None:
            if this_load == self._loads:
                self._loading_all = False
            show_error(self, exc)

        def shown(rows) -> None:
            if this_load != self._loads:
                return  # a later load (after a change) is on its way: show that one
            self._loading_all = False
            self.caseload.show_rows(rows, in_name_order=True)  # load_caseload sorts
            self.status_text.setText(
                words.counted(
                    len(rows),
                    self.tr("1 client in this database."),
                    self.tr("%1 clients in this database."),
                )
            )
            if self._reveal is not None:
                self._show_saved_client(self._reveal)
            self.caseload_shown.emit(time.perf_counter() - started)

        store_op(self, path, lambda store, _progress: load_caseload(store), shown, on_error=failed)

    def _refresh_after(self, changed: Changed) -> None:
        """Records changed by background work (an import, a sync): the caseload shows them.
        When the work says whose records changed (a sync's pull), and they are few, only
        their rows are read again: re-reading everyone takes seconds on a large caseload."""
        if self.store.is_locked:
            return
        if changed.clients is not None and len(changed.clients) <= PARTIAL_REFRESH_MOST:
            if changed.touches(*CASELOAD_SHOWS, *CASELOAD_SHOWS_ALSO):
                self.refresh_clients(changed.clients)
        elif changed.touches(*CASELOAD_SHOWS):
            self.reload()

    def refresh_clients(self, client_ids: frozenset[str]) -> None:
        """Read these clients' caseload rows again (on a worker) and show them in place; a
        client no longer in the database leaves the caseload. While the whole caseload is
        still loading, or being loaded again, that load may have read them before the
        change: load everyone again instead (the later load wins)."""
        if not client_ids:
            return
        if self.caseload.loading or self._loading_all:
            self.reload()
            return
        loads_then = self._loads

        def shown(rows) -> None:
            if loads_then != self._loads:
                return  # a whole load started since: it reads these clients too
            self.caseload.update_rows(rows, client_ids)

        ids = sorted(client_ids)
        store_op(self, self.store.path, lambda store, _progress: caseload_of(store, ids), shown)

    def new_client(self) -> None:
        """Register a new client: the referral form, which records the person and their
        referral together (every client comes to the service by a referral)."""
        from .screens.referrals.menu import open_intake

        open_intake(self)

    def show_new_client(self, client_id: str) -> None:
        """After a client is saved: reload the caseload, then show them in it, selected."""
        self._reveal = client_id
        self.show_caseload()
        self.reload()
        self.hub_sync.after_save()

    def _show_saved_client(self, client_id: str) -> None:
        self._reveal = None
        row = self.caseload.reveal(client_id)
        if row is not None:
            self.status_text.setText(
                self.tr("Saved. The new client is selected in the caseload (status: %1).").replace(
                    "%1", words.status(row.status)
                )
            )

    def open_client(self, client_id: str) -> None:
        try:
            record = open_client_record(self.store, client_id)  # role-filtered, audited
        except Exception as exc:  # noqa: BLE001 — shown to the person, not swallowed
            show_error(self, exc)
            return
        joined = self.hub_sync.status is not None and self.hub_sync.status.joined
        ids = [r["id"] for rows in record.records.values() for r in rows if isinstance(r, dict)]
        self.record.timeline.changed = changed_by_others(self.store, ids) if joined else {}
        self.record.show_record(record)
        self.record.show_clashes(self.hub_sync.clash_clients.get(client_id, 0))
        self.pages.setCurrentWidget(self.record)
        self.record.timeline_table.setFocus()

    def reload_record(self) -> None:
        """After a change on the record page: show it afresh, and refresh its caseload row
        (only that client's: re-reading everyone takes seconds on a large caseload)."""
        self.hub_sync.after_save()
        self._refresh_record()

    def _refresh_record(self) -> None:
        if self._record is None or self._record.record is None:
            self.reload()
            return
        index = self.record.tabs.currentIndex()
        self.open_client(self.record.record.client["id"])
        self.record.tabs.setCurrentIndex(index)
        if self.caseload.loading:
            self.reload()  # the load under way may have read this client before the change
        elif self.record.record is not None:
            self.caseload.update_row(self.record.record.row)

    def show_caseload(self) -> None:
        self.pages.setCurrentWidget(self.caseload)
        self.caseload.table.setFocus()

    def import_bundle(self) -> None:
        from .save_places import BUNDLE, start_folder

        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a bundle"),
            str(start_folder(BUNDLE)),
            self.tr("PainClinic bundle (*.json)"),
        )
        if not name:
            return
        path = self.store.path

        def work(store, progress):
            from ..services.bundles import import_bundle, read_bundle_file
            from ..services.session import require

            if not session.can(permissions.PARTNER_BUNDLE):  # a partner imports partner
                require("import_bundle")  # bundles; others are refused before reading
            doc = read_bundle_file(name)
            return import_bundle(store, doc, progress)  # Cancel rolls the whole import back

        def done(summary) -> None:
            QMessageBox.information(self, self.tr("Import finished"), summary.line())
            self.hub_sync.after_save()

        store_op(self, path, work, done, label=self.tr("Importing…"), changes=BUNDLE_COLLECTIONS)

    def export_bundle(self) -> None:
        from datetime import date

        from .save_places import BUNDLE, ask_save_path

        name = ask_save_path(
            self,
            BUNDLE,
            self.tr("Export a bundle"),
            f"PainClinic export {date.today().isoformat()}.json",
            self.tr("PainClinic bundle (*.json)"),
            ".json",
        )
        if not name:
            return
        path = self.store.path

        def work(store, progress):
            from ..services.bundles import export_bundle_to

            return export_bundle_to(store, name, progress)  # Cancel leaves no file

        def done(count) -> None:
            self.status_text.setText(
                words.counted(
                    count,
                    self.tr("Exported 1 client to %2."),
                    self.tr("Exported %1 clients to %2."),
                ).replace("%2", Path(name).name)
            )

        store_op(self, path, work, done, label=self.tr("Exporting…"))

    def export_partner_bundle(self) -> None:
        """No clinical record or column in it: for a community partner's own database (from
        here), or a partner's registers going back (from a community database)."""
        from ..services.session import require
        from .partner_bundle import export_partner_bundle

        try:
            require(permissions.PARTNER_BUNDLE)
        except Exception as exc:  # noqa: BLE001 — refused: said plainly, nothing asked
            show_error(self, exc)
            return
        export_partner_bundle(self, self.store, self.status_text.setText)

    def service_settings(self) -> None:
        from .screens.settings.dialog import ServiceSettingsDialog

        ServiceSettingsDialog(self.store, self).exec()

    def service_hub(self, tab: int = 0, client_id: str | None = None) -> None:
        """File ▸ Service hub…: connect to the hub, or see its state, clashes and refusals."""
        from .screens.hub.page import HubDialog

        HubDialog(self, self.hub_sync, tab, client_id).exec()

    def _synced(self, report) -> None:
        """After a sync that brought others' changes (the caseload follows the announcement):
        the open record afresh, keeping what the person is typing on it."""
        if report.pulled:
            self.refresh_open_record(report.clients_changed)

    def refresh_open_record(self, clients: set) -> None:
        open_record = self._record.record if self._record is not None else None
        if open_record is not None and open_record.client["id"] in clients:
            self._refresh_record()

    def _show_clash_badges(self) -> None:
        self.caseload.show_clashes(self.hub_sync.clash_clients)
        if self._record is not None and self._record.record is not None:
            client_id = self._record.record.client["id"]
            self._record.show_clashes(self.hub_sync.clash_clients.get(client_id, 0))

    def about(self) -> None:
        from .about import show_about

        show_about(self, self.store)  # version, database, last backup, licences

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1280, 800)
        if not self.isMaximized():  # remembered from a larger screen or scaling: shrink it
            widen_for_title(self)  # as the screen watcher does for later windows
            keep_on_screen(self)
        self.caseload.restore_layout(settings)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        self.caseload.save_layout(settings)
        super().closeEvent(event)
