"""A small form dialog built from a list of fields: the tier, discharge, flag and triage forms
(and any other short form) differ only by their fields and what saving does.

Saving calls ``save(values)``; an expected error (InvalidInput naming a field) is shown inside
the dialog beside the form and the cursor goes to the field at fault, so nothing typed is lost.
Ctrl+Enter saves from anywhere in the form; Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import InvalidInput, PainClinicError
from ..errors import show_error
from ..fit import scrolling
from .date_entry import DateEntry, make_date_edit
from .form_errors import FormErrors
from .unsaved_guard import UnsavedGuard

DATE, CHOICE, TEXT, NOTE, CHECK, EDITABLE_CHOICE = (
    "date",
    "choice",
    "text",
    "note",
    "check",
    "editable_choice",
)


@dataclass
class FormField:
    key: str
    label: str  # with an & mnemonic
    kind: str = TEXT
    choices: list[tuple[str, Any]] = field(default_factory=list)  # (words, value)
    default: Any = None
    hint: str = ""  # placeholder or tooltip
    errors_for: tuple[str, ...] = ()  # the record fields whose errors belong here


class QuickForm(QDialog):
    def __init__(
        self,
        title: str,
        intro: str,
        fields: list[FormField],
        save: Callable[[dict[str, Any]], Any],
        parent=None,
        save_text: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._save = save
        self.fields = fields
        self.widgets: dict[str, QWidget] = {}
        self.result_value: Any = None
        # The words and fields scroll on a small or scaled screen; the buttons stay in view.
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if intro:
            words = QLabel(intro, self)
            words.setTextFormat(Qt.TextFormat.RichText)  # callers escape what they insert
            words.setWordWrap(True)
            layout.addWidget(words)
        # Each message beside its field, a summary above the fields (the form kit: no jumps).
        self.errors = FormErrors(self)
        self.error = self.errors.summary
        layout.addWidget(self.error)
        form = QFormLayout()
        for f in fields:
            widget = self._widget(f)
            self.widgets[f.key] = widget
            caption = QLabel(f.label, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(f.label.replace("&", ""))
            form.addRow(caption, self.errors.field(f.key, f.label, widget, also=f.errors_for))
        layout.addLayout(form)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body, self), 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save_text:
            self.save_button.setText(save_text)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.try_save)
        typed = {f.key: self.widgets[f.key] for f in fields if f.kind in (TEXT, NOTE)}
        # Asks before typed words are thrown away; keeps a draft once given a client.
        self.guard = UnsavedGuard(self, None, typed, save=self.try_save)

    def keep_drafts(self, store, client_id: str, kind: str) -> None:
        """Autosave the typed words as the client's draft ``kind`` and offer them back."""
        self.guard.keep_drafts(store, client_id, kind)

    def done(self, result: int) -> None:  # Escape, Cancel and the close button ask first
        if self.guard.may_close(result):
            super().done(result)

    def _widget(self, f: FormField) -> QWidget:
        if f.kind == DATE:
            return make_date_edit(self, f.default)
        if f.kind in (CHOICE, EDITABLE_CHOICE):
            combo = QComboBox(self)
            combo.setEditable(f.kind == EDITABLE_CHOICE)
            for text, value in f.choices:
                combo.addItem(text, value)
            if f.default is not None:
                index = combo.findData(f.default)
                if index >= 0:
                    combo.setCurrentIndex(index)
                elif f.kind == EDITABLE_CHOICE:
                    combo.setEditText(str(f.default))
            return combo
        if f.kind == NOTE:
            note = QPlainTextEdit(self)
            note.setTabChangesFocus(True)
            note.setPlaceholderText(f.hint)
            note.setPlainText(f.default or "")
            note.setFixedHeight(90)
            return note
        if f.kind == CHECK:
            box = QCheckBox(self)
            box.setChecked(bool(f.default))
            return box
        line = QLineEdit(self)
        line.setPlaceholderText(f.hint)
        line.setText(f.default or "")
        return line

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if isinstance(w, DateEntry):
                found[f.key] = w.iso()
            elif isinstance(w, QComboBox) and w.isEditable():
                text = w.currentText().strip()  # a listed choice, or words typed in
                index = w.findText(text)
                listed = w.itemData(index) if index >= 0 else None
                found[f.key] = listed if listed is not None else (text or None)
            elif isinstance(w, QComboBox):
                found[f.key] = w.currentData()
            elif isinstance(w, QPlainTextEdit):
                found[f.key] = w.toPlainText().strip()
            elif isinstance(w, QCheckBox):
                found[f.key] = w.isChecked()
            else:
                found[f.key] = w.text().strip()
        return found

    def try_save(self) -> None:
        for f in self.fields:
            entry = self.widgets[f.key]
            if isinstance(entry, DateEntry) and not entry.check():  # refused, never clamped
                self.show_problem(entry.problem(), f.key)
                return
        try:
            self.result_value = self._save(self.values())
        except InvalidInput as exc:
            self.errors.show(exc.problems or [(None, str(exc))])
            return
        except PainClinicError as exc:
            self.show_problem(str(exc), None)
            return
        except Exception as exc:  # noqa: BLE001 — unexpected: logged and shown by errors.py
            show_error(self, exc)
            return
        self.accept()

    def show_problem(self, message: str, field_name: str | None) -> None:
        """The message beside its field (or, for no one field, in the summary at the top),
        and the cursor in the field."""
        self.errors.show([(field_name, message)])


def open_dialog(
    owner, dialog: QDialog, on_accepted=None, on_finished=None, name: str = "dialog"
) -> QDialog:
    """Show ``dialog`` modal to its window without blocking: the app keeps painting and a
    test can drive it. It is kept on ``owner.<name>`` until it closes."""
    if on_accepted is not None:
        dialog.accepted.connect(on_accepted)
    if on_finished is not None:
        dialog.finished.connect(lambda _result: on_finished())
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    setattr(owner, name, dialog)
    dialog.open()
    return dialog
