"""Amending a contact note (a new version; the earlier text stays) and reading its history."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
)

from ....core.errors import PainClinicError
from ....services import contacts
from ...client_words import uk_date
from ...errors import show_error
from ...fit import fit_to_screen
from ...widgets.unsaved_guard import UnsavedGuard


class AmendNoteDialog(QDialog):
    def __init__(self, context, contact: dict, parent=None):
        super().__init__(parent)
        self.context = context
        self.contact = contact
        self.setWindowTitle(self.tr("Amend the note"))
        versions = contacts.history(context.store, contact["id"])
        intro = QLabel(
            self.tr(
                "Write the note as it should now read. Saving adds version %1, recorded as you "
                "and now; the %2 earlier version(s) stay readable in the history."
            )
            .replace("%1", str(versions[-1].number + 1))
            .replace("%2", str(len(versions))),
            self,
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlainText(contact.get("note") or "")
        self.text.setAccessibleName(self.tr("Amended note"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save amendment"))
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 380)
        self.guard = UnsavedGuard(
            self,
            context.store,
            {"note": self.text},
            contact["client_id"],
            f"contact_amend_{contact['id']}",
            save=self.try_save,
            staff=context.staff,
        )
        self.text.setFocus()

    def try_save(self) -> None:
        try:
            contacts.amend_note(
                self.context.store,
                self.contact["id"],
                self.text.toPlainText(),
                self.context.staff(),
            )
        except PainClinicError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.accept()

    def done(self, result: int) -> None:  # Escape, Cancel and the close button ask first
        if self.guard.may_close(result):
            super().done(result)


def history_html(versions, tr) -> str:
    """Newest first, each with who saved it and when; the current text marked."""
    parts = []
    for v in reversed(versions):
        heading = (
            tr("Version %1 — %2, %3")
            .replace("%1", str(v.number))
            .replace("%2", escape(v.saved_by or tr("unknown")))
            .replace("%3", uk_date(v.saved_at))
        )
        if v.current:
            heading += " " + tr("(current)")
        text = escape(v.text or tr("(no note)")).replace("\n", "<br>")
        parts.append(f"<h3>{heading}</h3><p>{text}</p>")
    return "".join(parts)


class NoteHistoryDialog(QDialog):
    def __init__(self, context, contact_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Note history"))
        versions = contacts.history(context.store, contact_id)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(self.tr("Every version of the note, newest first"))
        self.view.setHtml(history_html(versions, self.tr))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 480)
        self.versions = versions
