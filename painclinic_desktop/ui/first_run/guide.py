"""The first-run guide: service, folder, first admin, recovery key, the first coaches, then
what to open.

It builds on the accounts service for everything about keys and accounts
(``state.create_service`` calls ``services.accounts.create_service_database``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QWizard

from ...resources_path import resource
from ...services.database import Store
from ..fit import fit_to_screen
from .account_pages import AdminPage, ReadyPage, RecoveryKeyPage
from .join_page import JoinPage
from .service_pages import FolderPage, ServicePage
from .state import GuideOutcome, ServiceDetails, create_service
from .team_page import TeamPage

SERVICE, FOLDER, ADMIN, RECOVERY, TEAM, READY, JOIN = range(7)


class FirstRunGuide(QWizard):
    def __init__(self, folder: Path, parent=None):
        super().__init__(parent)
        self.outcome: GuideOutcome | None = None
        self.setWindowTitle(self.tr("Set up PainClinic Desktop"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setPixmap(
            QWizard.WizardPixmap.LogoPixmap, QPixmap(str(resource("icons", "painclinic-64.png")))
        )
        self.service = ServicePage(self)
        self.folder = FolderPage(folder, self)
        self.admin = AdminPage(self._prepare_creation, self)
        self.recovery = RecoveryKeyPage(self)
        self.team = TeamPage(lambda: self.created[0] if self.created else None, self)
        self.ready = ReadyPage(self)
        self.join = JoinPage(lambda: self.folder.check.database, self)
        for page_id, page in enumerate(
            (self.service, self.folder, self.admin, self.recovery, self.team, self.ready,
             self.join)
        ):  # fmt: skip
            self.setPage(page_id, page)
        self.service.practise_only.connect(self._practise_only)
        self.service.join_hub.connect(self._join_hub)
        self.folder.open_existing.connect(self._open_existing)
        self.currentIdChanged.connect(self._entered)
        fit_to_screen(self, 680, 540)

    @property
    def created(self) -> tuple[Store, str] | None:
        return self.admin.created

    def _prepare_creation(self, name: str, password: str):
        """Read the pages here, on the GUI thread; the returned work runs on a worker."""
        check = self.folder.check
        details = ServiceDetails(self.service.service_name(), self.service.logo_png)
        return lambda: create_service(check, details, name, password)

    def _entered(self, page_id: int) -> None:
        if self.created is None:
            return
        # From here the database exists and its key has been made: no cancelling out.
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        store, recovery_key = self.created
        if page_id == RECOVERY:
            self.recovery.show_key(recovery_key)
        elif page_id == READY:
            self.ready.show_summary(
                self.service.service_name(),
                self.admin.name.text().strip(),
                str(self.folder.check.database),
                str(self.folder.check.backups),
                [name for name, _role in self.team.added],
            )

    def _join_hub(self) -> None:
        """Set this laptop up from the service's hub: the join page, not a new service."""
        self.service.joining = True
        self.next()

    def cleanupPage(self, page_id: int) -> None:  # noqa: N802 (Qt API)
        super().cleanupPage(page_id)
        if page_id == JOIN:  # Back from the join page: the ordinary pages again
            self.service.joining = False

    def _practise_only(self) -> None:
        self.outcome = GuideOutcome(path=None, practise=True)
        self.done(QDialog.DialogCode.Accepted)

    def _open_existing(self, path: Path) -> None:
        self.outcome = GuideOutcome(path=Path(path))
        self.done(QDialog.DialogCode.Accepted)

    def accept(self) -> None:
        if self.join.store is not None:
            self.outcome = GuideOutcome(path=self.folder.check.database, store=self.join.store)
            super().accept()
            return
        if self.created is None:
            return
        self.outcome = GuideOutcome(
            path=self.folder.check.database,
            store=self.created[0],
            practise=self.ready.practise.isChecked(),
        )
        super().accept()

    def reject(self) -> None:
        """Cancel (or Esc, or closing the window) only before the database exists: after
        that the recovery key must be seen and stored first."""
        if self.created is None and not self.admin.busy and not self.join.busy:
            if self.join.store is not None:  # joined, then closed: open what was fetched
                self.accept()
                return
            super().reject()


def run_first_run_guide(folder: Path, parent=None) -> GuideOutcome | None:
    """Show the guide; what to open afterwards, or None if the person cancelled."""
    guide = FirstRunGuide(folder, parent)
    if guide.exec() != QDialog.DialogCode.Accepted:
        return None
    return guide.outcome
