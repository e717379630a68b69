"""Outstanding MDT actions: "My actions" across every meeting, and one client's actions on
their record. Marking an action done dates it today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....core.permissions import VIEW_CLINICAL
from ....services import mdt, session
from ....services.database import Store
from ...errors import show_error
from ...widgets.labels import page_title
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key
from ...words import uk
from .words import decision

MINE, EVERYONE = "mine", "everyone"


class ActionsTable(QWidget):
    """Open actions with a "Done" button; the caller says whose."""

    changed = Signal()
    client_opened = Signal(str)

    def __init__(self, store: Store, staff: Callable[[], str], show_client: bool, parent=None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.rows: dict[tuple, mdt.ActionRow] = {}
        headers = [self.tr("Due"), self.tr("Action"), self.tr("Who"), self.tr("Meeting")]
        if show_client:
            headers.insert(2, self.tr("Client"))
        self.show_client = show_client
        self.model = RowsModel(headers, self)
        self.table = make_table(
            self,
            self.model,
            self.tr("Outstanding actions"),
            (90, 320, 170, 150, 90) if show_client else (90, 360, 150),
            empty=self.tr("No outstanding actions."),
            stretch=1,
        )
        self.table.activated.connect(self._open)
        self.count = QLabel(self)
        self.done_button = QPushButton(self.tr("Mark &done today"), self)
        self.done_button.clicked.connect(self.mark_done)
        # Only with an action chosen: a button that does nothing when pressed misleads.
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.model.modelReset.connect(self._enable)
        self._enable()
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_actions(self, found: list[mdt.ActionRow]) -> None:
        today = date.today()
        self.rows = {
            (r.action.meeting_id, r.action.discussion_id, r.action.index): r for r in found
        }
        rows, warn, tips = [], set(), {}
        for i, r in enumerate(found):
            a = r.action
            row = [uk(a.due_on) or self.tr("no date"), a.text, a.owner or "", uk(a.held_on)]
            if self.show_client:
                row.insert(2, r.client_name)
            rows.append(tuple(row))
            if a.overdue(today):
                warn.add(i)
                tips[i] = self.tr("Overdue")
        self.model.set_rows(rows, list(self.rows), warn, tips)
        overdue = len(warn)
        self.count.setText(
            self.tr("%1 outstanding, %2 overdue")
            .replace("%1", str(len(found)))
            .replace("%2", str(overdue))
        )

    def _enable(self, *args) -> None:
        chosen = selected_key(self.table) is not None
        self.done_button.setEnabled(chosen)
        self.done_button.setToolTip(
            self.tr("Mark the chosen action as done today")
            if chosen
            else self.tr("Choose an action in the list first")
        )

    def mark_done(self) -> None:
        key = selected_key(self.table)
        if key is None:
            return
        meeting_id, discussion_id, index = key
        try:
            mdt.set_action_done(
                self.store, meeting_id, discussion_id, index, date.today().isoformat(), self.staff()
            )
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
            return
        self.changed.emit()

    def _open(self, index) -> None:
        row = self.rows.get(self.model.key_at(index.row()))
        if row is not None and self.show_client:
            self.client_opened.emit(row.action.client_id)


class MyActionsPage(QWidget):
    client_opened = Signal(str)

    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self.whose = QComboBox(self)
        self.whose.setAccessibleName(self.tr("Whose actions"))
        self.whose.addItem(self.tr("My actions"), MINE)
        self.whose.addItem(self.tr("Everyone's actions"), EVERYONE)
        self.whose.currentIndexChanged.connect(self.refresh)
        self.actions = ActionsTable(store, staff, True, self)
        self.actions.changed.connect(self.refresh)
        self.actions.client_opened.connect(self.client_opened)
        top = QHBoxLayout()
        top.addWidget(page_title(self, self.tr("MDT actions")), 1)
        top.addWidget(self.whose)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.actions, 1)

    def refresh(self, *args) -> None:
        owner = self.staff() if self.whose.currentData() == MINE else None
        self.actions.table.empty_text = (
            self.tr(
                "Nothing outstanding for %1. Choose \"Everyone's actions\" to see the team's."
            ).replace("%1", owner)
            if owner
            else self.tr("No outstanding actions.")
        )
        self.actions.show_actions(mdt.open_actions(self.store, owner=owner))


class MdtSection(QWidget):
    """The "MDT" part of a client record: outstanding actions, then past discussions."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.allowed = session.can(VIEW_CLINICAL)
        self.actions = ActionsTable(context.store, context.staff, False, self)
        self.actions.changed.connect(lambda: self._refresh())
        self.history = RowsModel([self.tr("Meeting"), self.tr("Decision"), self.tr("Note")], self)
        history_box = QGroupBox(self.tr("Discussed at MDT"), self)
        QVBoxLayout(history_box).addWidget(
            make_table(
                history_box,
                self.history,
                self.tr("MDT discussions"),
                (90, 180),
                empty=self.tr("Not discussed at an MDT meeting."),
            )
        )
        actions_box = QGroupBox(self.tr("Outstanding actions"), self)
        QVBoxLayout(actions_box).addWidget(self.actions)
        layout = QVBoxLayout(self)
        layout.addWidget(actions_box, 1)
        layout.addWidget(history_box, 1)
        self.setEnabled(self.allowed)

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("mdt", "&MDT actions")

    def show_record(self, record) -> None:
        self.client_id = record.client["id"]
        self._refresh()

    def _refresh(self) -> None:
        if not self.allowed or self.client_id is None:
            return
        store = self.context.store
        self.actions.show_actions(mdt.open_actions(store, client_id=self.client_id))
        found = mdt.client_discussions(store, self.client_id)
        self.history.set_rows(
            [
                (uk(held_on), decision(d["decision"]), (d.get("note") or "").replace("\n", " "))
                for held_on, d in found
            ],
            [d["id"] for _, d in found],
        )
