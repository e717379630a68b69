"""The Contacts section of the client record: the contacts newest first, the selected one in
full, quick entry of a new contact, and amending a note with its version history."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ....core import permissions
from ....services import contacts, session
from ... import client_words as more_words
from ... import words
from ...widgets.quick_form import open_dialog
from ...widgets.rows_model import RowsModel
from ...widgets.table import current_key, make_table
from ...widgets.who_can import WhoCanNote
from .state import contact_rows

NEW_CONTACT_KEY = "Ctrl+Shift+C"


def _t(text: str) -> str:
    return QCoreApplication.translate("ContactsSection", text)


class ContactsSection(QWidget):
    @staticmethod
    def title() -> str:
        return _t("&Contacts")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.record = None
        self.by_id: dict[str, dict] = {}
        self.new_button = QPushButton(_t("New contact…"), self)
        self.new_button.setToolTip(_t("Record a contact (%1)").replace("%1", NEW_CONTACT_KEY))
        self.new_button.setMinimumHeight(36)
        self.new_button.clicked.connect(self.new_contact)
        # On the record page, so the key works from any of the record's tabs.
        shortcut = QShortcut(QKeySequence(NEW_CONTACT_KEY), parent or self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_contact)
        self.amend_button = QPushButton(_t("Amend note…"), self)
        self.amend_button.clicked.connect(self.amend_note)
        self.history_button = QPushButton(_t("Note history…"), self)
        self.history_button.clicked.connect(self.show_history)
        self.count = QLabel(self)
        top = QHBoxLayout()
        for widget in (self.new_button, self.amend_button, self.history_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.count)
        self.model = RowsModel(
            [
                _t("When"),
                _t("Type"),
                _t("Venue"),
                _t("Outcome"),
                _t("Minutes"),
                _t("Staff"),
                _t("Footsteps"),
                _t("Note"),
            ],
            self,
            cell_tips=True,
            bold_warn=False,
        )
        self.table = make_table(self, self.model, _t("Contacts"))
        for column, width in enumerate((130, 130, 130, 140, 70, 120, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.table.activated.connect(lambda _: self.show_history())
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName(_t("The selected contact in full"))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([320, 200])
        # For an admin: who does record contacts, and how to add them.
        self.who_can = WhoCanNote(_t("record contacts"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.who_can)
        layout.addWidget(split, 1)

    def notes_visible(self) -> bool:
        return session.can(permissions.VIEW_CLINICAL)

    def show_record(self, record) -> None:
        self.record = record
        found = record.records["contacts"]
        self.by_id = {c["id"]: c for c in found}
        counts = contacts.amended_counts(self.context.store, record.client["id"])
        rows = contact_rows(found, counts, self.notes_visible())
        self.model.set_rows(
            [self._words(r) for r in rows],
            [r.id for r in rows],
            {i for i, r in enumerate(rows) if r.outcome != "attended"},
        )
        attended = sum(1 for c in found if c["outcome"] == "attended")
        self.count.setText(
            words.counted(
                len(found), _t("1 contact, %2 attended"), _t("%1 contacts, %2 attended")
            ).replace("%2", str(attended))
        )
        can_write = session.can(permissions.EDIT_CLINICAL)
        self.new_button.setEnabled(can_write)
        self.who_can.refresh()
        self.amend_button.setEnabled(can_write and bool(rows))
        self.history_button.setEnabled(self.notes_visible() and bool(rows))
        if rows:
            self.table.selectRow(0)
        self._show_selected()

    def _words(self, r) -> tuple[str, ...]:
        note = r.note + (
            _t("  [amended: %1 versions]").replace("%1", str(r.versions)) if r.versions > 1 else ""
        )
        return (
            more_words.uk_date(r.starts_at),
            words.contact_type(r.type),
            words.venue(r.venue),
            words.contact_outcome(r.outcome),
            "" if r.minutes is None else str(r.minutes),
            r.staff,
            r.footsteps,
            note,
        )

    def _selected(self) -> dict | None:
        return self.by_id.get(current_key(self.table) or "")

    def _show_selected(self) -> None:
        c = self._selected()
        if not self.notes_visible():
            self.detail.setHtml(
                _t(
                    "<p>Contacts and their notes are part of the clinical "
                    "record: your account cannot read them.</p>"
                )
            )
            return
        if c is None:
            self.detail.setHtml(
                _t("<p>No contacts yet. Press %1 to record one.</p>").replace("%1", NEW_CONTACT_KEY)
            )
            return
        self.detail.setHtml(contact_html(c, self.notes_visible()))

    def new_contact(self) -> None:
        from .form import ContactDialog

        if self.record is None or not self.new_button.isEnabled():
            return
        open_dialog(self, ContactDialog(self.context, self.record, self), self.context.reload)

    def amend_note(self) -> None:
        from .notes import AmendNoteDialog

        c = self._selected()
        if c is not None:
            open_dialog(self, AmendNoteDialog(self.context, c, self), self.context.reload)

    def show_history(self) -> None:
        from .notes import NoteHistoryDialog

        c = self._selected()
        if c is not None and self.notes_visible():
            open_dialog(self, NoteHistoryDialog(self.context, c["id"], self))


def contact_html(c: dict, notes_visible: bool) -> str:
    """The contact in full: what happened in one line, what was covered, then the note."""
    minutes = c.get("duration_minutes")
    first = [
        more_words.uk_date(c["starts_at"]),
        words.contact_type(c["type"]),
        words.venue(c.get("venue")),
        words.contact_outcome(c["outcome"]),
        _t("%1 min").replace("%1", str(minutes)) if minutes else "",
        c.get("staff") or "",
    ]
    second = [
        _t("Interpreter: %1").replace("%1", c.get("interpreter_language") or _t("none")),
        _t("carer or family present") if c.get("carer_present") else "",
    ]
    steps = ", ".join(_footstep(n) for n in c.get("footsteps") or [])
    given = ", ".join(more_words.component(x) for x in c.get("components") or [])
    html = f"<p><b>{escape(' · '.join(p for p in first if p))}</b><br>"
    html += escape(" · ".join(p for p in second if p)) + "</p>"
    if steps:
        html += f"<p><b>{escape(_t('Footsteps:'))}</b> {escape(steps)}</p>"
    if given:
        html += f"<p><b>{escape(_t('Components:'))}</b> {escape(given)}</p>"
    if notes_visible:
        text = escape(c.get("note") or _t("(no note)")).replace("\n", "<br>")
        html += f"<p>{text}</p>"
    return html


def _footstep(number: int) -> str:
    from ....core.errors import PainClinicError
    from ....core.footsteps import footstep

    try:
        return f"{number} {footstep(number).title}"
    except PainClinicError:
        return str(number)
