"""Quick contact entry: what a coach fills in after a visit, in under a minute, keyboard only.

Everything starts filled in with the likeliest answer (now; how this client is usually seen).
Alt+1 … Alt+0 tick footsteps 1 to 10; Ctrl+Enter saves from anywhere; Escape cancels.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import CONTACT_COMPONENTS, CONTACT_OUTCOMES, CONTACT_TYPES, CONTACT_VENUES
from ....core.errors import InvalidInput, PainClinicError
from ....services import contacts
from ... import client_words as more_words
from ... import words
from ...errors import show_error
from ...fit import fit_to_screen, scrolling
from ...widgets.date_entry import DateEntry
from ...widgets.form_errors import FormErrors
from ...widgets.unsaved_guard import UnsavedGuard
from .state import VENUE_FOR_TYPE, defaults_for

LANGUAGES = (
    "Arabic",
    "Bengali",
    "Gujarati",
    "Kurdish",
    "Pashto",
    "Polish",
    "Punjabi",
    "Romanian",
    "Slovak",
    "Somali",
    "Tigrinya",
    "Urdu",
)


def _footstep_titles() -> list[str]:
    try:
        from ....core.footsteps import footsteps

        return [f.title for f in footsteps()]
    except PainClinicError:  # the service's footsteps file is unreadable: numbers still work
        return [""] * 10


class ContactDialog(QDialog):
    def __init__(self, context, record, parent=None, now: datetime | None = None):
        super().__init__(parent)
        self.context = context
        self.client_id = record.client["id"]
        self.saved_contact: dict | None = None
        self._venue_set_by_hand = False  # then a change of type no longer moves the venue
        now = now or datetime.now().astimezone()
        self.defaults = defaults_for(record.client, record.records["contacts"], now)
        name = f"{record.client['given_name']} {record.client['family_name']}"
        self.setWindowTitle(self.tr("New contact — %1").replace("%1", name))
        self._build(now)
        self.who.setText(
            self.tr("New contact for <b>%1</b>, born %2")
            .replace("%1", escape(name))
            .replace("%2", more_words.uk_date(record.client["date_of_birth"]))
        )
        self._fill_defaults()
        self.guard = UnsavedGuard(
            self,
            context.store,
            {"note": self.note},
            self.client_id,
            "contact",
            save=self.try_save,
            staff=context.staff,
        )
        self.when.setFocus()

    # --- building -----------------------------------------------------------------------

    def _build(self, now: datetime) -> None:
        self.who = QLabel(self)
        # The day is typed or picked (a later day than today is refused, never changed);
        # the time is 24-hour.
        self.when = DateEntry(self, latest=now.date())
        self.at = QTimeEdit(self)
        self.at.setDisplayFormat("HH:mm")
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 720)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("not recorded"))
        self.type = self._combo([(words.contact_type(c), c) for c in CONTACT_TYPES])
        self.venue = self._combo([(words.venue(v), v) for v in CONTACT_VENUES])
        self.outcome = self._combo([(words.contact_outcome(o), o) for o in CONTACT_OUTCOMES])
        self.language = QComboBox(self)
        self.language.setEditable(True)
        self.language.addItems(["", *LANGUAGES])
        self.language.lineEdit().setPlaceholderText(self.tr("none used"))
        self.carer = QCheckBox(self.tr("&Carer or family present"), self)
        # "&1" … "&9" and "1&0": Alt and the footstep's last digit ticks it.
        self.footsteps = [
            QCheckBox((f"&{n}" if n < 10 else "1&0") + f"  {title}", self)
            for n, title in enumerate(_footstep_titles(), start=1)
        ]
        self.components = [QCheckBox(more_words.component(c), self) for c in CONTACT_COMPONENTS]
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What happened, what was agreed, what is next"))
        self.note.setAccessibleName(self.tr("Note"))
        # Messages beside the fields, a summary at the top (the form kit: no jumps).
        self.errors = FormErrors(self)
        self.error = self.errors.summary
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save contact"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, self.try_save)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.venue.activated.connect(self._venue_chosen)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._lay_out()

    def _combo(self, items) -> QComboBox:
        combo = QComboBox(self)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def _lay_out(self) -> None:
        form = QFormLayout()
        for text, widget in (
            (self.tr("&When:"), self.when),
            (self.tr("Ti&me:"), self.at),
            (self.tr("D&uration:"), self.duration),
            (self.tr("&Type:"), self.type),
            (self.tr("&Venue:"), self.venue),
            (self.tr("&Outcome:"), self.outcome),
            (self.tr("&Interpreter:"), self.language),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            key = {self.when: "starts_at", self.duration: "duration_minutes"}.get(widget)
            form.addRow(caption, self.errors.field(key, text, widget) if key else widget)
        form.addRow("", self.carer)
        steps = QGroupBox(self.tr("Footsteps covered (Alt+1 … Alt+0)"), self)
        grid = QGridLayout(steps)
        for i, box in enumerate(self.footsteps):
            grid.addWidget(box, i % 5, i // 5)
        given = QGroupBox(self.tr("Components delivered"), self)
        grid = QGridLayout(given)
        for i, box in enumerate(self.components):
            grid.addWidget(box, i % 5, i // 5)
        top = QHBoxLayout()
        top.addLayout(form, 2)
        right = QVBoxLayout()
        right.addWidget(steps)
        right.addWidget(given)
        top.addLayout(right, 3)
        note_caption = QLabel(self.tr("&Note:"), self)
        note_caption.setBuddy(self.note)
        body = QWidget(self)  # scrolls on a small screen; the buttons below stay in view
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.who)
        fields.addLayout(top)
        fields.addWidget(note_caption)
        fields.addWidget(self.errors.field("note", self.tr("Note"), self.note), 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(scrolling(body, self), 1)
        hint = QLabel(
            self.tr(
                "Ctrl+Enter saves. The note cannot be changed once saved; later "
                "amendments are added as new versions."
            ),
            self,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 600)

    def _fill_defaults(self) -> None:
        d = self.defaults
        self.when.set_date(d.starts_at.date())
        self.at.setTime(QTime(d.starts_at.hour, d.starts_at.minute))
        self.duration.setValue(d.duration_minutes)
        self.type.setCurrentIndex(self.type.findData(d.type))
        self.venue.setCurrentIndex(max(0, self.venue.findData(d.venue)))
        self.language.setEditText(d.interpreter_language)
        self.carer.setChecked(d.carer_present)

    # --- behaviour ----------------------------------------------------------------------

    def _type_changed(self) -> None:
        implied = VENUE_FOR_TYPE.get(self.type.currentData())
        if implied and not self._venue_set_by_hand:
            self.venue.setCurrentIndex(self.venue.findData(implied))

    def _venue_chosen(self) -> None:
        self._venue_set_by_hand = True

    def _outcome_changed(self) -> None:
        attended = self.outcome.currentData() == "attended"
        for box in self.footsteps + self.components:
            if not attended:
                box.setChecked(False)
            box.setEnabled(attended)

    def contact(self) -> dict:
        day = date.fromisoformat(self.when.checked_iso("starts_at") or "")
        when = datetime.combine(day, self.at.time().toPython()).astimezone()
        return {
            "client_id": self.client_id,
            "starts_at": when.isoformat(timespec="seconds"),
            "duration_minutes": self.duration.value() or None,
            "type": self.type.currentData(),
            "venue": self.venue.currentData(),
            "outcome": self.outcome.currentData(),
            "interpreter_language": self.language.currentText().strip() or None,
            "carer_present": self.carer.isChecked(),
            "footsteps": [n for n, box in enumerate(self.footsteps, start=1) if box.isChecked()],
            "components": [
                c
                for c, box in zip(CONTACT_COMPONENTS, self.components, strict=True)
                if box.isChecked()
            ],
            "note": self.note.toPlainText(),
        }

    def try_save(self) -> None:
        try:
            self.saved_contact = contacts.record_contact(
                self.context.store, self.contact(), self.context.staff()
            )
        except InvalidInput as exc:
            self._problem(str(exc), exc.field)
            return
        except PainClinicError as exc:
            self._problem(str(exc), None)
            return
        except Exception as exc:  # noqa: BLE001 — logged and worded by errors.py
            show_error(self, exc)
            return
        self.accept()

    def _problem(self, message: str, field: str | None) -> None:
        self.errors.show([(field, message)])
        if self.errors.key_for(field) is not None:
            return  # beside its field, with the cursor there
        target = {
            "starts_at": self.when,
            "duration_minutes": self.duration,
            "type": self.type,
            "venue": self.venue,
            "outcome": self.outcome,
            "note": self.note,
            "footsteps": self.footsteps[0],
            "components": self.components[0],
        }.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def done(self, result: int) -> None:  # Escape, Cancel and the close button ask first
        if self.guard.may_close(result):
            super().done(result)
