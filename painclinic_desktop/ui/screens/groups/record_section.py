"""The "Groups & signposting" part of a client record: modules attended, sessions booked,
and — for roles that may read the client's support — signposting and personal budget."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ....core.permissions import VIEW_CLINICAL
from ....services import groups, session
from ...errors import show_error
from ...fit import fit_to_screen
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key
from ...words import uk
from .words import module_title

SESSION_ROLE = Qt.ItemDataRole.UserRole + 1


class GroupsSection(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client: dict | None = None
        inner = QWidget(self)
        columns = QHBoxLayout(inner)
        left = QVBoxLayout()
        left.addWidget(self._modules_box(inner))
        left.addStretch(1)
        columns.addLayout(left, 1)
        self.clinical = session.can(VIEW_CLINICAL)
        self.signposting = self.budget = None
        if self.clinical:  # a community partner sees the groups, not the client's support
            from ..directory.client_panels import BudgetPanel, SignpostingPanel

            store, staff, reload = context.store, context.staff, context.reload
            self.signposting = SignpostingPanel(store, staff, reload, inner)
            self.budget = BudgetPanel(store, staff, reload, inner)
            right = QVBoxLayout()
            for title, panel in (
                (self.tr("Signposting to community services"), self.signposting),
                (self.tr("Personal budget"), self.budget),
            ):
                box = QGroupBox(title, inner)
                QVBoxLayout(box).addWidget(panel)
                right.addWidget(box)
            right.addStretch(1)
            columns.addLayout(right, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("groups", "Groups && s&ignposting")

    def _modules_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Education modules"), parent)
        self.summary = QLabel(box)
        self.summary.setWordWrap(True)
        self.attended = RowsModel([self.tr("Date"), self.tr("Module"), self.tr("Venue")], self)
        self.attended_table = make_table(
            box,
            self.attended,
            self.tr("Education modules attended"),
            (90, 250),
            empty=self.tr("No sessions attended yet."),
        )
        self.booked = RowsModel([self.tr("Date"), self.tr("Module"), self.tr("Venue")], self)
        self.booked_table = make_table(
            box,
            self.booked,
            self.tr("Sessions booked"),
            (90, 250),
            empty=self.tr("Not booked onto a session."),
        )
        book = QPushButton(self.tr("&Book onto a session…"), box)
        book.clicked.connect(self.book)
        cancel = QPushButton(self.tr("Cancel boo&king"), box)
        cancel.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(book)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.summary)
        layout.addWidget(self.attended_table)
        layout.addWidget(QLabel(self.tr("Booked onto:"), box))
        layout.addWidget(self.booked_table)
        layout.addLayout(buttons)
        return box

    def show_record(self, record) -> None:
        self.client = record.client
        sessions = sorted(
            record.records.get("module_sessions", []), key=lambda s: s["held_on"], reverse=True
        )
        self.attended.set_rows(
            [(uk(s["held_on"]), module_title(s["module"]), s["venue"] or "") for s in sessions],
            [s["id"] for s in sessions],
        )
        self.summary.setText(self._summary(sessions))
        upcoming = groups.upcoming_bookings(self.context.store, self.client["id"])
        self.booked.set_rows(
            [(uk(s.held_on), module_title(s.module), s.venue or "") for s in upcoming],
            [s.id for s in upcoming],
        )
        self.attended_table.fit_rows(most=10)
        self.booked_table.fit_rows(most=4)
        for panel in (self.signposting, self.budget):
            if panel is not None:
                panel.show_client(self.client)

    def _summary(self, sessions: list[dict]) -> str:
        tier_1 = [s for s in sessions if s["module"] == "understanding_pain"]
        tier_2 = {s["module"] for s in sessions if s["module"] != "understanding_pain"}
        first = (
            self.tr("Understanding Pain: attended on %1.").replace(
                "%1", ", ".join(uk(s["held_on"]) for s in reversed(tier_1))
            )
            if tier_1
            else self.tr("Understanding Pain: not yet attended.")
        )
        return (
            first
            + " "
            + self.tr("Tier 2 modules attended: %1 of 10.").replace("%1", str(len(tier_2)))
        )

    def book(self) -> None:
        today = date.today().isoformat()
        coming = sorted(groups.sessions(self.context.store, since=today), key=lambda s: s.held_on)
        dialog = _ChooseSession(coming, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session_id() is None:
            return
        try:
            groups.book(
                self.context.store, dialog.session_id(), self.client["id"], self.context.staff()
            )
        except Exception as exc:  # noqa: BLE001 — shown to the person
            show_error(self, exc)
            return
        self.context.reload()

    def cancel(self) -> None:
        session_id = selected_key(self.booked_table)
        if session_id is None:
            return
        groups.cancel_booking(
            self.context.store, session_id, self.client["id"], self.context.staff()
        )
        self.context.reload()


class _ChooseSession(QDialog):
    def __init__(self, coming: list[groups.SessionRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Book onto a session"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Sessions coming up"))
        for s in coming:
            item = QListWidgetItem(
                f"{uk(s.held_on)}   {module_title(s.module)}   — {s.venue or ''}"
            )
            item.setData(SESSION_ROLE, s.id)
            self.list.addItem(item)
        if not coming:
            none = QListWidgetItem(
                self.tr("No sessions are planned yet. Add one on the Education sessions page.")
            )
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(none)
        self.list.itemActivated.connect(lambda _: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 380)

    def session_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(SESSION_ROLE) if item else None
