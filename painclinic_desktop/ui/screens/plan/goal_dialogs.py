"""Setting, reviewing and replacing a goal: small dialogs that save through a callback.

The callback does the saving (through ``services.plans``); a refused save is explained and
the dialog stays open with what was typed, so nothing has to be entered twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import GOAL_STATUSES
from ....core.errors import InvalidInput, PainClinicError
from ....core.footsteps import footsteps
from ... import words
from ...errors import show_error
from ...widgets.date_entry import DateEntry
from ...widgets.unsaved_guard import UnsavedGuard

UNSET = -1


def date_edit(parent: QWidget, day: date) -> DateEntry:
    return DateEntry(parent, value=day)


def iso(edit: DateEntry) -> str | None:
    """The date to save; a date that is not acceptable stops the save with its message."""
    return edit.checked_iso()


def text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class SavingDialog(QDialog):
    def __init__(self, save: Callable[[dict], object], parent=None):
        super().__init__(parent)
        self._save = save
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(480)

    def finish_layout(self, intro: str | None = None) -> None:
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.guard = UnsavedGuard(self, None, self.typed(), save=self.try_save)

    def typed(self) -> dict[str, QPlainTextEdit]:
        """The boxes whose words must not be lost."""
        return {}

    def keep_drafts(self, store, client_id: str, kind: str) -> None:
        """Autosave the typed words as the client's draft ``kind`` and offer them back."""
        self.guard.keep_drafts(store, client_id, kind)

    def done(self, result: int) -> None:  # Escape, Cancel and the close button ask first
        if self.guard.may_close(result):
            super().done(result)

    def values(self) -> dict:
        raise NotImplementedError

    def try_save(self) -> bool:
        """Save; on a refusal explain why and keep the dialog open. True when saved."""
        try:
            self._save(self.values())
        except PainClinicError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True


class GoalDialog(SavingDialog):
    """A new goal, or (with ``replacing``) the goal that replaces an old one."""

    def __init__(
        self, save, footstep: int | None, today: date, parent=None, replacing: dict | None = None
    ):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Replace the goal") if replacing else self.tr("New goal"))
        self.footstep = QComboBox(self)
        for step in footsteps():
            self.footstep.addItem(f"{step.number}. {step.title}", step.number)
        chosen = (replacing or {}).get("footstep") or footstep or 1
        self.footstep.setCurrentIndex(self.footstep.findData(chosen))
        self.text = text_box(self)
        self.text.setPlaceholderText(
            self.tr(
                "In the client's own words, e.g. \"Walk to the "
                'corner shop and back without stopping"'
            )
        )
        self.set_on = date_edit(self, today)
        self.target_on = date_edit(self, today + timedelta(weeks=8))
        self.confidence = QSpinBox(self)
        self.confidence.setRange(UNSET, 10)
        self.confidence.setSpecialValueText(self.tr("– ask the client"))
        self.confidence.setValue(UNSET)
        self.confidence.setSuffix(self.tr(" out of 10"))
        self.form.addRow(self.tr("&Footstep"), self.footstep)
        self.form.addRow(self.tr("The &goal"), self.text)
        self.form.addRow(self.tr("Replaced on") if replacing else self.tr("&Set on"), self.set_on)
        self.form.addRow(self.tr("&Target date"), self.target_on)
        self.form.addRow(self.tr("&Confidence"), self.confidence)
        hint = QLabel(
            self.tr(
                '"How sure are you that you can do this?" 0 = not at all, 10 = completely sure.'
            ),
            self,
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.note = None
        intro = None
        if replacing:
            self.note = text_box(self, 2)
            self.form.addRow(self.tr("&Why it changes"), self.note)
            intro = self.tr(
                "The old goal stays on record, marked as replaced, and the new "
                "goal is linked to it.\nOld goal: “%1”"
            ).replace("%1", replacing["text"])
        self.finish_layout(intro)
        self.text.setFocus()

    def typed(self) -> dict[str, QPlainTextEdit]:
        return {"text": self.text, **({"note": self.note} if self.note is not None else {})}

    def values(self) -> dict:
        if self.confidence.value() == UNSET:
            raise InvalidInput(
                self.tr("Ask the client how confident they are, from 0 to 10."), "confidence"
            )
        found = {
            "footstep": self.footstep.currentData(),
            "text": self.text.toPlainText(),
            "set_on": iso(self.set_on),
            "target_on": iso(self.target_on),
            "confidence": self.confidence.value(),
        }
        if self.note is not None:
            found["note"] = self.note.toPlainText()
        return found


class ReviewDialog(SavingDialog):
    """One more review of a goal: date, status and a note. Earlier reviews stay as they are."""

    def __init__(self, save, goal: dict, today: date, parent=None):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Review the goal"))
        self.reviewed_on = date_edit(self, today)
        self.status = QComboBox(self)
        for code in GOAL_STATUSES:
            if code != "replaced":  # replacing is its own action: it sets the new goal
                self.status.addItem(words.goal_status(code).capitalize(), code)
        self.status.setCurrentIndex(self.status.findData("in_progress"))
        self.note = text_box(self, 3)
        self.note.setPlaceholderText(self.tr("What has happened since the last review"))
        self.form.addRow(self.tr("&Reviewed on"), self.reviewed_on)
        self.form.addRow(self.tr("&Status"), self.status)
        self.form.addRow(self.tr("&Note"), self.note)
        self.finish_layout(
            self.tr(
                "Goal: “%1”\nThis review is added to the goal's history; "
                "earlier reviews are kept as they are."
            ).replace("%1", goal["text"])
        )
        self.status.setFocus()

    def typed(self) -> dict[str, QPlainTextEdit]:
        return {"note": self.note}

    def values(self) -> dict:
        return {
            "reviewed_on": iso(self.reviewed_on),
            "status": self.status.currentData(),
            "note": self.note.toPlainText(),
        }
