"""The education sessions page: sessions on the left, the chosen session's register on the
right. A community partner uses it as it is; it shows names and dates of birth only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ....core.permissions import EDIT_CLINICAL
from ....services import groups, session, walk_ins
from ....services.database import Store
from ...errors import show_error
from ...widgets.client_finder import ClientFinder
from ...widgets.labels import page_title
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, select_key, selected_key
from ...words import uk
from .register_view import RegisterPanel
from .session_form import SessionDialog
from .words import module_title

RECENT_DAYS = 28
UPCOMING, RECENT, EVERYTHING = "upcoming", "recent", "all"


class GroupsPage(QWidget):
    client_opened = Signal(str)
    walk_ins_requested = Signal()

    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store = store
        self.staff = staff
        self.index: list[groups.ClientHit] = []
        self._build()

    def _build(self) -> None:
        self.period = QComboBox(self)
        self.period.setAccessibleName(self.tr("Sessions to show"))
        for text, value in (
            (self.tr("Today and coming up"), UPCOMING),
            (self.tr("The last four weeks and coming up"), RECENT),
            (self.tr("All sessions"), EVERYTHING),
        ):
            self.period.addItem(text, value)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(lambda _: self.refresh())
        show = QLabel(self.tr("&Show:"), self)
        show.setBuddy(self.period)

        self.model = RowsModel(
            [
                self.tr("Date"),
                self.tr("Module"),
                self.tr("Venue"),
                self.tr("Run by"),
                self.tr("Here"),
                self.tr("Booked"),
            ],
            self,
        )
        self.table = make_table(
            self,
            self.model,
            self.tr("Education sessions"),
            (90, 230, 200, 120, 50, 60),
            empty=self.tr('No sessions in this period. Add one with "New session".'),
        )
        self.table.selectionModel().selectionChanged.connect(self._session_chosen)
        self.table.activated.connect(lambda _: self.register.search.setFocus())

        self.new = QPushButton(self.tr("Ne&w session…"), self)
        self.new.clicked.connect(self.new_session)
        self.change = QPushButton(self.tr("&Change session…"), self)
        self.change.clicked.connect(self.change_session)
        self.book = QPushButton(self.tr("Boo&k a client…"), self)
        self.book.setToolTip(self.tr("Put a client's name on this session's register"))
        self.book.clicked.connect(self.book_client)
        self.walk_ins = QPushButton(self, clicked=self.walk_ins_requested.emit)

        self.register = RegisterPanel(self.store, self.staff, self)
        self.register.changed.connect(self._register_changed)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(show)
        top.addWidget(self.period)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.new, self.change, self.book):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.walk_ins, 0, Qt.AlignmentFlag.AlignLeft)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.register)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self, self.tr("Education sessions and registers")))
        layout.addWidget(split, 1)

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or selected_key(self.table)
        today = date.today()
        since = {UPCOMING: today, RECENT: today - timedelta(days=RECENT_DAYS)}.get(
            self.period.currentData()
        )
        found = groups.sessions(self.store, since=since.isoformat() if since else None)
        found.sort(key=lambda s: (s.held_on < today.isoformat(), _distance(s.held_on, today)))
        self.model.set_rows(
            [
                (
                    self._when(s.held_on, today),
                    module_title(s.module),
                    s.venue or "",
                    s.facilitator or "",
                    str(s.attended),
                    str(s.booked),
                )
                for s in found
            ],
            [s.id for s in found],
            tips={
                i: self.tr("%1 walk-in(s) waiting for a coach").replace("%1", str(s.walk_ins_held))
                for i, s in enumerate(found)
                if s.walk_ins_held
            },
        )
        if not (keep and select_key(self.table, keep)) and found:
            self.table.selectRow(0)
        self._session_chosen()
        self._show_walk_ins()

    def _when(self, held_on: str, today: date) -> str:
        if held_on == today.isoformat():
            return self.tr("Today")
        return uk(held_on)

    def _show_walk_ins(self) -> None:
        waiting = walk_ins.held_walk_ins_count(self.store)
        self.walk_ins.setVisible(waiting > 0 and session.can(EDIT_CLINICAL))
        self.walk_ins.setText(
            self.tr("Walk-ins to match to a client: %1…").replace("%1", str(waiting))
        )

    def _session_chosen(self, *args) -> None:
        session_id = selected_key(self.table)
        self.change.setEnabled(session_id is not None)
        self.book.setEnabled(session_id is not None)
        if session_id != (
            self.register.state.register.session["id"] if self.register.state.register else None
        ):
            self.register.show_session(session_id)

    def _register_changed(self) -> None:
        session_id = selected_key(self.table)
        self.refresh(keep=session_id)

    def new_session(self) -> None:
        dialog = SessionDialog(self.store, self.staff(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            saved = groups.create_session(self.store, dialog.values(), self.staff())
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
            return
        if saved["held_on"] < (date.today() - timedelta(days=RECENT_DAYS)).isoformat():
            self.period.setCurrentIndex(self.period.findData(EVERYTHING))
        self.refresh(keep=saved["id"])

    def change_session(self) -> None:
        session_id = selected_key(self.table)
        if session_id is None:
            return
        chosen = self.register.state.register.session
        dialog = SessionDialog(self.store, self.staff(), chosen, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            groups.change_session(self.store, session_id, dialog.values(), self.staff())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.register.show_session(None)
        self.refresh(keep=session_id)

    def book_client(self) -> None:
        session_id = selected_key(self.table)
        if session_id is None:
            return
        finder = ClientFinder(
            self.index, self.tr("Book a client"), self.tr("Who is expected at this session?"), self
        )
        if finder.exec() != QDialog.DialogCode.Accepted or not finder.client_id():
            return
        try:
            groups.book(self.store, session_id, finder.client_id(), self.staff())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.register.show_session(None)
        self.refresh(keep=session_id)


def _distance(held_on: str, today: date) -> int:
    """Coming sessions soonest first, then past ones latest first."""
    return abs((date.fromisoformat(held_on) - today).days)
