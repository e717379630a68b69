"""Walk-ins waiting for a coach: match each to a client record, or set them aside.

Possible clients are offered with the reason they might be the person; nothing is matched
until a coach chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ....services import groups, walk_ins
from ....services.database import Store
from ...errors import show_error
from ...fit import fit_to_screen
from ...widgets.client_finder import ClientFinder
from ...widgets.labels import hint
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key
from ...words import uk
from .words import match_reason, module_title

CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1


class WalkInsDialog(QDialog):
    def __init__(
        self, store: Store, staff: Callable[[], str], index: list[groups.ClientHit], parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Walk-ins to match"))
        self.store, self.staff, self.index = store, staff, index
        self.held: dict[str, walk_ins.HeldWalkIn] = {}
        self.model = RowsModel(
            [
                self.tr("Session"),
                self.tr("Module"),
                self.tr("Name given"),
                self.tr("Date of birth"),
                self.tr("Phone"),
                self.tr("Added by"),
            ],
            self,
        )
        self.table = make_table(
            self, self.model, self.tr("Walk-ins waiting"), (90, 200, 170, 100, 110)
        )
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.candidates = QListWidget(self)
        self.candidates.setAccessibleName(self.tr("Possible clients"))
        self.candidates.itemActivated.connect(lambda _: self._match_chosen())
        self.match = QPushButton(self.tr("&Match to this client"), self)
        self.match.clicked.connect(self._match_chosen)
        self.other = QPushButton(self.tr("&Find another client…"), self)
        self.other.clicked.connect(self._match_other)
        self.aside = QPushButton(self.tr("&Set aside (not a client)"), self)
        self.aside.clicked.connect(self._set_aside)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.match, self.other, self.aside):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self,
                self.tr(
                    "People added to a register who could not be matched to one client for "
                    "certain. Choose who each one is; they are then ticked on that session's "
                    "register. Someone new to the service is registered through referral intake "
                    "first."
                ),
            )
        )
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel(self.tr("Possible clients:"), self))
        layout.addWidget(self.candidates, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 560)
        self.refresh()

    def refresh(self) -> None:
        found = walk_ins.held_walk_ins(self.store)
        self.held = {h.walk_in["id"]: h for h in found}
        self.model.set_rows(
            [
                (
                    uk(h.session.held_on),
                    module_title(h.session.module),
                    f"{h.walk_in['given_name']} {h.walk_in['family_name']}",
                    uk(h.walk_in["date_of_birth"]),
                    h.walk_in["phone"] or "",
                    h.walk_in["author"] or "",
                )
                for h in found
            ],
            [h.walk_in["id"] for h in found],
        )
        if found:
            self.table.selectRow(0)
        self._chosen()

    def _chosen(self, *args) -> None:
        self.candidates.clear()
        held = self.held.get(selected_key(self.table))
        for button in (self.match, self.other, self.aside):
            button.setEnabled(held is not None)
        if held is None:
            return
        for hit, reason in held.candidates:
            item = QListWidgetItem(
                f"{hit.name}   {uk(hit.date_of_birth)}   — {match_reason(reason)}"
            )
            item.setData(CLIENT_ROLE, hit.client_id)
            self.candidates.addItem(item)
        if not held.candidates:
            none = QListWidgetItem(self.tr("No client with a similar name and date of birth."))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.candidates.addItem(none)
        self.match.setEnabled(bool(held.candidates))

    def _match_chosen(self) -> None:
        item = self.candidates.currentItem()
        if item is not None and item.data(CLIENT_ROLE):
            self._match(item.data(CLIENT_ROLE))

    def _match_other(self) -> None:
        finder = ClientFinder(
            self.index, self.tr("Find the client"), self.tr("Who is this walk-in?"), self
        )
        if finder.exec() == QDialog.DialogCode.Accepted and finder.client_id():
            self._match(finder.client_id())

    def _match(self, client_id: str) -> None:
        walk_in_id = selected_key(self.table)
        try:
            walk_ins.match_walk_in(self.store, walk_in_id, client_id, self.staff())
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
        self.refresh()

    def _set_aside(self) -> None:
        walk_in_id = selected_key(self.table)
        sure = QMessageBox.question(
            self,
            self.tr("Set aside"),
            self.tr("Set this walk-in aside? Their attendance will not count for any client."),
        )
        if sure != QMessageBox.StandardButton.Yes:
            return
        try:
            walk_ins.set_aside_walk_in(self.store, walk_in_id, self.staff())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.refresh()
