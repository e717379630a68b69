"""The register of one session: tick names as people arrive, find others, add walk-ins.

Built for a shared laptop at the door: type a few letters of a name, press Enter, and the one
name found is ticked and the box cleared for the next person. Each tick is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....core import register_matching as matching
from ....core.referral_rules import parse_date
from ....services import groups, walk_ins
from ....services.database import Store
from ...errors import show_error
from ...widgets.labels import hint
from ...words import uk
from .state import RegisterState
from .words import module_title, walk_in_outcome

CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1


class RegisterPanel(QWidget):
    changed = Signal()  # attendance or walk-ins changed (the session list shows counts)

    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store = store
        self.staff = staff
        self.state = RegisterState()
        self._filling = False
        self._build()
        self.setEnabled(False)

    def _build(self) -> None:
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setWordWrap(True)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Type a name or date of birth, then Enter"))
        self.search.setAccessibleName(self.tr("Find a name on the register"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._tick_only_match)
        find = QLabel(self.tr("&Find:"), self)
        find.setBuddy(self.search)

        self.names = QListWidget(self)
        self.names.setAccessibleName(self.tr("Names on the register"))
        names_font = QFont(self.names.font())
        names_font.setPointSizeF(names_font.pointSizeF() * 1.2)
        self.names.setFont(names_font)
        self.names.setStyleSheet(
            "QListWidget::item { padding: 5px 4px; } "
            "QListWidget::indicator { width: 20px; height: 20px; }"
        )
        self.names.itemChanged.connect(self._ticked)
        self.names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("How many are here"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Last change to the register"))

        row = QHBoxLayout()
        row.addWidget(find)
        row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addLayout(row)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(self._walk_in_box())

    def _walk_in_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Someone not on the list? Add a walk-in"), self)
        self.given = QLineEdit(box)
        self.family = QLineEdit(box)
        self.born = QLineEdit(box)
        self.born.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.phone = QLineEdit(box)
        self.phone.setPlaceholderText(self.tr("optional"))
        form = QFormLayout()
        for label, edit in (
            (self.tr("First &name:"), self.given),
            (self.tr("Famil&y name:"), self.family),
            (self.tr("Date of &birth:"), self.born),
            (self.tr("P&hone:"), self.phone),
        ):
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, edit)
        self.add_walk_in = QPushButton(self.tr("&Add to register"), box)
        self.add_walk_in.clicked.connect(self._add_walk_in)
        self.born.returnPressed.connect(self._add_walk_in)
        self.walk_ins = QLabel(box)
        self.walk_ins.setWordWrap(True)
        self.walk_ins.setAccessibleName(self.tr("Walk-ins on this register"))
        layout = QVBoxLayout(box)
        layout.addWidget(
            hint(
                box,
                self.tr(
                    "If they are already a client they are ticked straight away. If not, or if "
                    "it is not certain who they are, a coach matches them to a record later."
                ),
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.add_walk_in, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.walk_ins)
        return box

    # Showing a session.

    def set_index(self, index: list[groups.ClientHit]) -> None:
        self.state.index = index
        if self.state.search:
            self._fill()

    def show_session(self, session_id: str | None) -> None:
        if session_id is None:
            self.state = RegisterState(index=self.state.index)
            self.setEnabled(False)
            self.heading.setText(self.tr("Choose a session to take its register."))
            self.details.clear()
            self.names.clear()
            self.count.clear()
            return
        self.state.load(groups.register(self.store, session_id))
        self.setEnabled(True)
        session = self.state.register.session
        self.heading.setText(f"{module_title(session['module'])} — {uk(session['held_on'])}")
        self.details.setText(
            self.tr("%1 · run by %2")
            .replace("%1", session["venue"] or "")
            .replace("%2", session["facilitator"] or "")
        )
        self.message.clear()
        self.search.clear()
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        self.names.clear()
        for line in self.state.visible:
            tags = [
                t
                for t, on in (
                    (self.tr("booked"), line.booked),
                    (self.tr("came last time"), line.came_last_time),
                )
                if on
            ]
            self._add_item(line.client_id, line.name, line.date_of_birth, tags, line.present)
        others = self.state.others
        if others:
            header = QListWidgetItem(self.tr("Not on this register — clients on the caseload:"))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            self.names.addItem(header)
            for hit in others:
                self._add_item(hit.client_id, hit.name, hit.date_of_birth, [], False)
        if self.state.search and not self.state.visible and not others:
            empty = QListWidgetItem(self.tr("Nobody found. Add them below as a walk-in."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.names.addItem(empty)
        self._filling = False
        if self.names.count():
            self.names.setCurrentRow(0)
        self._show_counts()

    def _add_item(
        self, client_id: str, name: str, born: str, tags: list[str], present: bool
    ) -> None:
        text = self.tr("%1   born %2").replace("%1", name).replace("%2", uk(born))
        if tags:
            text += "   (" + ", ".join(tags) + ")"
        item = QListWidgetItem(text)
        item.setData(CLIENT_ROLE, client_id)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
        self.names.addItem(item)

    def _show_counts(self) -> None:
        self.count.setText(
            self.tr("%1 here of %2 on the register")
            .replace("%1", str(self.state.here))
            .replace("%2", str(len(self.state.lines)))
        )
        held = self.state.register.walk_ins if self.state.register else []
        self.walk_ins.setText(
            "\n".join(
                f"{w['given_name']} {w['family_name']} ({uk(w['date_of_birth'])}): "
                f"{walk_in_outcome(w)}"
                for w in held
            )
        )

    # Ticking.

    def _search_changed(self, text: str) -> None:
        self.state.search = text
        self._fill()

    def _checkable(self) -> list[QListWidgetItem]:
        items = (self.names.item(i) for i in range(self.names.count()))
        return [i for i in items if i.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def _tick_only_match(self) -> None:
        """Enter in the search box ticks the one name found; with several, go to the list."""
        found = self._checkable()
        if len(found) == 1 and found[0].checkState() != Qt.CheckState.Checked:
            found[0].setCheckState(Qt.CheckState.Checked)
        elif found:
            self.names.setFocus()

    def _ticked(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        client_id = item.data(CLIENT_ROLE)
        present = item.checkState() == Qt.CheckState.Checked
        session_id = self.state.register.session["id"]
        try:
            groups.mark_attendance(self.store, session_id, client_id, present, self.staff())
        except Exception as exc:  # noqa: BLE001 — shown to the person; the tick is undone
            self._filling = True
            item.setCheckState(Qt.CheckState.Unchecked if present else Qt.CheckState.Checked)
            self._filling = False
            show_error(self, exc)
            return
        name = item.text().split("   ")[0]
        listed = any(line.client_id == client_id for line in self.state.lines)
        if listed:
            self.state.set_present(client_id, present)
        else:
            self.state.load(groups.register(self.store, session_id))
        self.message.setText(
            (self.tr("%1 ticked as here.") if present else self.tr("%1 no longer ticked.")).replace(
                "%1", name
            )
        )
        # The list is refilled after this signal returns: the item is still in use now.
        QTimer.singleShot(0, self._ready_for_next if present else self._show_counts)
        self.changed.emit()

    def _ready_for_next(self) -> None:
        if self.search.text():
            self.search.clear()  # refills the list
            self.search.setFocus()
        else:
            self._fill()

    # Walk-ins.

    def _add_walk_in(self) -> None:
        born, issue = parse_date(self.born.text(), "date_of_birth")
        if issue is not None or born is None:
            self.message.setText(
                self.tr("Give the date of birth as day/month/year, for example 12/04/1961.")
            )
            self.born.setFocus()
            return
        session_id = self.state.register.session["id"]
        try:
            result = walk_ins.add_walk_in(
                self.store,
                session_id,
                self.given.text(),
                self.family.text(),
                born,
                self.staff(),
                phone=self.phone.text(),
            )
        except Exception as exc:  # noqa: BLE001 — shown to the person; the form keeps its text
            show_error(self, exc)
            return
        name = f"{result.walk_in['given_name']} {result.walk_in['family_name']}"
        if result.outcome == matching.MATCHED:
            text = self.tr("%1 is a client: ticked as here.")
        else:
            text = self.tr("%1 added as a walk-in. A coach will match them to a client record.")
        for edit in (self.given, self.family, self.born, self.phone):
            edit.clear()
        self.state.load(groups.register(self.store, session_id))
        # A matched walk-in is named as on their record, however the name was typed.
        name = next(
            (line.name for line in self.state.lines if line.client_id == result.client_id), name
        )
        self.search.clear()
        self._fill()
        self.message.setText(text.replace("%1", name))
        self.search.setFocus()
        self.changed.emit()
