"""Nothing typed is lost: one guard that any form with free text wires itself to.

The guard watches the form's text fields. A second after the last keystroke it keeps an
encrypted draft of them in the database (``services.drafts``; drafts are not audited), and
again when the app locks. Closing a dialog with unsaved text (Escape, the window's close
button, Cancel) asks first — Save, Discard or Keep editing, with Keep editing the default —
instead of throwing the words away. Opening the same form for the same client again offers
the kept words back.

A dialog wires it in two lines::

    self.guard = UnsavedGuard(self, store, {"note": self.note}, client_id, "contact",
                              save=self.try_save)

    def done(self, result):
        if self.guard.may_close(result):
            super().done(result)

A form for someone who is not a client yet (File > New referral) keeps its draft for the
staff member typing it instead (``intake=True``): a client's drafts belong to the client, these
to the person who typed them, and only they are offered them back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ...core import permissions
from ...core.dates import nhs_date
from ...core.errors import PainClinicError
from ...services import drafts, session
from ...services.database import DatabaseError, Store
from .unsaved_state import is_unsaved, longest_words, payload, worth_offering

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000
TextField = QPlainTextEdit | QTextEdit | QLineEdit | QComboBox


def words_in(widget: TextField) -> str:
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return widget.text()


def put_words(widget: TextField, words: str) -> None:
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setPlainText(words)
    elif isinstance(widget, QComboBox):
        widget.setEditText(words)
    else:
        widget.setText(words)


def _changed_signal(widget: TextField):
    if isinstance(widget, QComboBox):
        return widget.editTextChanged
    return widget.textChanged


class UnsavedGuard(QObject):
    kept = Signal(str)  # "kept at HH:MM:SS", for a status line

    def __init__(
        self,
        owner: QWidget,
        store: Store | None,
        fields: dict[str, TextField],
        client_id: str | None = None,
        kind: str = "",
        save: Callable[[], object] | None = None,
        staff: Callable[[], str] | None = None,
        intake: bool = False,
    ):
        super().__init__(owner)
        self.owner, self.store, self.fields = owner, store, dict(fields)
        self.client_id, self.kind = client_id, kind
        self._save, self._staff = save, staff or session.current_staff
        self.intake = intake  # kept for the staff member: the form has no client yet
        self.baseline = self.text()
        self.question: QMessageBox | None = None  # "Save, Discard or Keep editing?"
        self.offer: QMessageBox | None = None  # "Put the kept words back?"
        self.answers: dict[str, QAbstractButton] = {}  # the question's buttons by name
        self._confirmed = False  # Discard was chosen: let the dialog close
        self._closed = False  # the dialog has closed: its words are saved or given up
        self._offered = False
        self._has_draft = False  # a draft of this form is in the database
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.keep_draft)
        for widget in self.fields.values():
            _changed_signal(widget).connect(self.timer.start)
        # The offer waits until the form is on screen (open() or exec() follows construction).
        # A child timer, not an event filter: it goes with the guard, whatever is deleted first.
        self._offer_timer = QTimer(self)
        self._offer_timer.setSingleShot(True)
        self._offer_timer.timeout.connect(self._offer_when_shown)
        self._offer_tries = 0
        self._offer_timer.start(0)

    # --- the text ---------------------------------------------------------------------------

    def text(self) -> dict[str, str]:
        return {key: words_in(widget) for key, widget in self.fields.items()}

    def has_unsaved(self) -> bool:
        return is_unsaved(self.baseline, self.text())

    def keep_drafts(self, store: Store, client_id: str, kind: str) -> None:
        """Keep this form's words as the client's draft ``kind`` (one per client and kind)."""
        self.store, self.client_id, self.kind = store, client_id, kind

    def show_client(self, client_id: str | None, kind: str) -> None:
        """A form reused for one client after another (an MDT agenda): it now shows this
        client's saved words. Call ``keep_draft()`` before the form is refilled."""
        if (client_id, kind) != (self.client_id, self.kind):
            self.client_id, self.kind = client_id, kind
            self._offered = self._has_draft = False
        self.rebase()
        if self.owner.isVisible() and not self._offered:
            self.offer_restore()

    def rebase(self, client_id: str | None = None) -> None:
        """The form now shows saved words (or another client's): they are the new baseline."""
        if client_id is not None and client_id != self.client_id:
            self.client_id, self._offered, self._has_draft = client_id, False, False
        self.timer.stop()
        self.baseline = self.text()

    # --- drafts ---------------------------------------------------------------------------

    def can_keep(self) -> bool:
        """Drafts belong to a client and are clinical: only for those who may read them."""
        if self.store is None or self.store.is_locked:
            return False
        if self.intake:
            return bool(self.kind) and session.can(permissions.EDIT_INTAKE)
        return self.client_id is not None and session.can(permissions.VIEW_CLINICAL)

    def _stored(self, words: dict | None = None, drop: bool = False) -> drafts.Draft | None:
        """Keep ``words`` as the draft, drop it, or (neither) read it back."""
        if self.intake:
            staff = self._staff()
            if drop:
                return drafts.discard_intake_draft(self.store, staff, self.kind)
            if words is not None:
                return drafts.save_intake_draft(self.store, staff, self.kind, words)
            return drafts.load_intake_draft(self.store, staff, self.kind)
        if drop:
            return drafts.discard_draft(self.store, self.client_id, self.kind)
        if words is not None:
            return drafts.save_draft(self.store, self.client_id, self.kind, words, self._staff())
        return drafts.load_draft(self.store, self.client_id, self.kind)

    def keep_draft(self) -> bool:
        """Keep the unsaved words as the draft now (the autosave timer and the lock call
        this). True when the words are safe in the database."""
        self.timer.stop()
        if self._closed or not self.can_keep():
            return False
        try:
            if self.has_unsaved():
                self._stored(payload(self.text()))
                self._has_draft = True
                self.kept.emit(datetime.now().strftime("%H:%M:%S"))
            elif self._has_draft:  # typed back to how it opened: nothing left to keep
                self.discard_draft()
        except (PainClinicError, DatabaseError):
            log.exception("could not keep a draft of a form")  # the kind only; never the words
            return False
        return True

    def discard_draft(self) -> None:
        self.timer.stop()
        if self.can_keep():
            self._stored(drop=True)
        self._has_draft = False

    def offer_restore(self) -> None:
        """Offer the words kept from the last time this form was left unfinished."""
        self._offered = True
        if not self.can_keep():
            return
        draft = self._stored()
        if draft is None or not worth_offering(self.baseline, draft.payload):
            return
        self._has_draft = True
        kept_at = datetime.fromisoformat(draft.updated_at).astimezone()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved text"),
            self.tr(
                "This form was left with unsaved text on %1 at %2 (%3): “%4”.\n\n"
                "Put it back in the form?"
            )
            .replace("%1", nhs_date(kept_at))
            .replace("%2", kept_at.strftime("%H:%M"))
            .replace("%3", draft.author or self.tr("unknown"))
            .replace("%4", longest_words(draft.payload)),
            parent=self.owner,
        )
        back = box.addButton(self.tr("&Put it back"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(self.tr("&Discard it"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)  # closing the question keeps the words
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.answers = {"restore": back, "discard": drop}

        def answered(_result: int) -> None:
            self.offer = None
            if box.clickedButton() is drop:
                self.discard_draft()
            else:
                self.restore(draft.payload)

        box.finished.connect(answered)
        self.offer = box
        box.open()

    def restore(self, kept: dict) -> None:
        for key, widget in self.fields.items():
            if isinstance(kept.get(key), str):
                put_words(widget, kept[key])
        self.timer.stop()  # the draft already holds these words

    # --- closing --------------------------------------------------------------------------

    def may_close(self, result: int) -> bool:
        """Whether the dialog may close now. Saved: the draft goes. Unsaved text: ask first,
        keep the draft meanwhile, and close only if the person says Discard (or saves)."""
        if self.question is not None:
            return False
        if result == QDialog.DialogCode.Accepted or self._confirmed or not self.has_unsaved():
            self.finished()
            self._closed = True  # a closed dialog kept for reuse must not write drafts later
            return True
        self.keep_draft()
        self.ask()
        return False

    def finished(self) -> None:
        """The form is saved or closed with nothing unsaved: its draft is not needed."""
        self.timer.stop()
        if self._has_draft:
            try:
                self.discard_draft()
            except (PainClinicError, DatabaseError):
                log.exception("could not discard a form's draft")

    def ask(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unsaved text"),
            self.tr("What you typed here has not been saved."),
            parent=self.owner,
        )
        kept = self._has_draft
        box.setInformativeText(
            self.tr("Save it now, discard it, or keep editing?")
            + (" " + self._where_kept() if kept else "")
        )
        self.answers = {}
        if self._save is not None:
            self.answers["save"] = box.addButton(
                self.tr("&Save"), QMessageBox.ButtonRole.AcceptRole
            )
        self.answers["discard"] = box.addButton(
            self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        self.answers["keep"] = keep
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._answered(box.clickedButton()))
        self.question = box
        box.open()

    def _where_kept(self) -> str:
        if self.intake:  # no client yet: the draft is the typist's own
            return self.tr("Until you choose, a draft is kept (encrypted) here, for you only.")
        return self.tr("Until you choose, a draft is kept (encrypted) with the client's record.")

    def _answered(self, button) -> None:
        self.question = None
        if button is not None and button is self.answers.get("save"):
            self._save()  # closes the dialog when it saves; explains and stays open when not
        elif button is not None and button is self.answers.get("discard"):
            self._confirmed = True
            try:
                self.finished()
            finally:
                if isinstance(self.owner, QDialog):
                    self.owner.reject()
        else:
            first = next(
                (w for k, w in self.fields.items() if words_in(w) != self.baseline.get(k)), None
            )
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def offer_when_shown(self) -> None:
        """Offer the kept words once the owner is next on screen (a page's tab chosen)."""
        self._offer_tries = 0
        self._offer_timer.start(0)

    def _offer_when_shown(self) -> None:
        if self._offered:
            return
        if self.owner.isVisible():
            self.offer_restore()
        elif self._offer_tries < 40:  # a dialog shown a little later; then give up quietly
            self._offer_tries += 1
            self._offer_timer.start(50)
