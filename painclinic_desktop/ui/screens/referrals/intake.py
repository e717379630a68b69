"""The referral intake form: the person, the referral, and — before any client is created —
anyone already on the database who may be the same person.

Possible matches (same NHS number; same name and date of birth; same family name, date of
birth and initial) appear as the details are typed. Choosing one records the referral for that
client; a same NHS number can never become a second client, and a same name and date of birth
only with the box "this is a different person" ticked.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....core import nhs_number
from ....core.codes import ETHNICITIES, GENDERS
from ....core.errors import InvalidInput, PainClinicError
from ....core.permissions import VIEW_CLINICAL
from ....core.referral_rules import parse_date, uk_date
from ....services import drafts, referrals, session
from ... import client_words as more_words
from ...client_words import source_choices
from ...errors import show_error
from ...fit import fit_to_screen, scrolling
from ...widgets.area_fields import AreaFields
from ...widgets.date_entry import DateEntry, make_date_edit
from ...widgets.form_errors import FormErrors
from ...widgets.unsaved_guard import UnsavedGuard
from .held import held_reason

PERSON = (
    "nhs_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "postcode",
    "gp_practice_name",
    "pcn",
    "first_language",
    "ethnicity",
)
MATCH_WORDS = {
    referrals.SAME_NHS_NUMBER: "same NHS number",
    referrals.SAME_NAME_AND_BIRTH: "same name and date of birth",
    referrals.SIMILAR_NAME_SAME_BIRTH: "same family name, date of birth and initial",
}


class IntakeDialog(QDialog):
    def __init__(
        self, context, parent=None, held: referrals.HeldRow | None = None, source: str | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.held = held
        self.chosen: dict | None = None  # an existing client the referral is for
        self.saved: dict | None = None
        self.setWindowTitle(self.tr("New referral"))
        self._build(source)
        self._search = QTimer(self, singleShot=True, interval=250)
        self._search.timeout.connect(self.look_for_matches)
        for key in ("nhs_number", "given_name", "family_name", "date_of_birth"):
            self.edits[key].textChanged.connect(self._search.start)
        self.edits["nhs_number"].textChanged.connect(self._check_number)
        if held is not None:
            self._fill_from_held(held)
        # The person is not a client yet: the words are kept for the staff member typing them
        # (a held row's corrections apart from a new referral's), offered back next time.
        typed = {
            **self.edits,
            "referrer_name": self.referrer,
            "reason": self.reason,
            "pain_duration_months": self.area.pain_months,
            "address": self.address,
        }
        kind = drafts.NEW_REFERRAL if held is None else f"{drafts.NEW_REFERRAL}_held_{held.id}"
        self.guard = UnsavedGuard(
            self, context.store, typed, None, kind, self.try_save, context.staff, intake=True
        )
        self.edits["nhs_number"].setFocus()

    # --- building -----------------------------------------------------------------------

    def _build(self, source: str | None) -> None:
        self.edits: dict[str, QLineEdit] = {}
        # Messages beside their fields, a summary at the top (also where a held row's
        # problems are listed); each field that can be refused has its message line already.
        self.errors = FormErrors(self, self.tr("All put right: press Save referral."))
        self.problems = self.errors.summary
        person = QGroupBox(self.tr("The person"), self)
        form = QFormLayout(person)
        for key, text, hint in (
            ("nhs_number", self.tr("&NHS number:"), "943 476 5919"),
            ("given_name", self.tr("&Given name:"), ""),
            ("family_name", self.tr("&Family name:"), ""),
        ):
            self.edits[key] = self._row(form, text, QLineEdit(person), hint, key)
        self.edits["date_of_birth"] = self._row(
            form,
            self.tr("Date of &birth:"),
            DateEntry(person, earliest=date(1900, 1, 1), latest=date.today()),
            key="date_of_birth",
        )
        self.gender = self._row(
            form,
            self.tr("G&ender:"),
            self._combo([("", None)] + [(more_words.gender(g), g) for g in GENDERS]),
        )
        self.address = QPlainTextEdit(person)
        self.address.setTabChangesFocus(True)
        self.address.setPlaceholderText(self.tr("house, street, town (one per line)"))
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 12)
        self._row(form, self.tr("Addr&ess:"), self.address, key="address")
        for key, text in (
            ("postcode", self.tr("&Postcode:")),
            ("gp_practice_name", self.tr("GP &practice:")),
            ("pcn", self.tr("PC&N:")),
            ("first_language", self.tr("First &language:")),
        ):
            checked = key if key == "postcode" else None
            self.edits[key] = self._row(form, text, QLineEdit(person), key=checked)
        self.interpreter = QCheckBox(self.tr("&Interpreter needed"), person)
        form.addRow("", self.interpreter)
        self.ethnicity = self._row(
            form,
            self.tr("E&thnic category:"),
            self._combo([("", None)] + [(more_words.ethnicity(k), k) for k in ETHNICITIES]),
        )
        self.area = AreaFields(self.context.store, person)
        self.area.follow(self.edits["postcode"])
        self._row(form, self.tr("IMD &decile:"), self.area.decile)
        form.addRow("", self.area.found)
        self._row(form, self.tr("E&mployment:"), self.area.employment)
        self._row(
            form,
            self.tr("Pain for (months):"),
            self.area.pain_months,
            key="pain_duration_months",
        )
        referral = QGroupBox(self.tr("The referral"), self)
        form = QFormLayout(referral)
        self.received = self._row(
            form, self.tr("&Received:"), make_date_edit(referral), key="received_on"
        )
        self.source = self._row(form, self.tr("&Source:"), self._combo(source_choices()))
        if source:
            self.source.setCurrentIndex(max(0, self.source.findData(source)))
        self.referrer = self._row(
            form,
            self.tr("Re&ferrer:"),
            QLineEdit(referral),
            self.tr("e.g. Dr A. Shah, Bradford City PCN"),
        )
        self.reason = QPlainTextEdit(referral)
        self.reason.setTabChangesFocus(True)
        self._row(form, self.tr("Reas&on:"), self.reason)
        self.health_details_note: QLabel | None = None
        if not session.can(VIEW_CLINICAL):
            # A partner's laptop never keeps health details: no box to type them into.
            for widget in (self.referrer, self.reason):
                form.setRowVisible(widget, False)
            self.health_details_note = QLabel(
                self.tr(
                    "Why the person wants help, and who referred them, are health details: "
                    "this laptop does not keep them. A coach asks the person at triage."
                ),
                referral,
            )
            self.health_details_note.setWordWrap(True)
            form.addRow(self.health_details_note)
        self.layout_all(person, referral)

    def _combo(self, items) -> QComboBox:
        combo = QComboBox(self)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def _row(
        self, form: QFormLayout, text: str, widget: QWidget, hint: str = "", key: str | None = None
    ):
        """A row of the form; with ``key``, the field can be refused and has its message
        line under it."""
        caption = QLabel(text, self)
        caption.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
        if hint and isinstance(widget, QLineEdit):
            widget.setPlaceholderText(hint)
        check = self._number_problem if key == "nhs_number" else None
        form.addRow(caption, self.errors.field(key, text, widget, check) if key else widget)
        return widget

    def layout_all(self, person: QGroupBox, referral: QGroupBox) -> None:
        self.matches_box = QGroupBox(self.tr("Possible existing clients"), self)
        box = QVBoxLayout(self.matches_box)
        self.matches = QListWidget(self.matches_box)
        self.matches.setAccessibleName(self.tr("Possible existing clients"))
        self.matches.itemActivated.connect(lambda _: self.use_selected())
        self.use_button = QPushButton(self.tr("&Use this client"), self.matches_box)
        self.use_button.clicked.connect(self.use_selected)
        self.different = QCheckBox(
            self.tr("I have checked: this is a &different person"), self.matches_box
        )
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.different)
        row.addStretch(1)
        box.addWidget(self.matches)
        box.addLayout(row)
        self.matches_box.hide()
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        self.chosen_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save referral"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.try_save)
        body = QWidget(self)  # scrolls on a small screen; the buttons stay in view
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(person, 1)
        columns.addWidget(referral, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addWidget(scrolling(body, self), 1)
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.matches_box)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 940, 560)

    def _fill_from_held(self, held: referrals.HeldRow) -> None:
        self.setWindowTitle(
            self.tr("Correct row %1 of %2")
            .replace("%1", str(held.row_number))
            .replace("%2", held.file_name)
        )
        v = held.values
        for key, edit in self.edits.items():
            edit.setText(v.get(key) or "")
        for combo, key in (
            (self.gender, "gender"),
            (self.ethnicity, "ethnicity"),
            (self.source, "source"),
            (self.area.decile, "imd_decile"),
            (self.area.employment, "employment_status"),
        ):
            self._choose_parsed(combo, key, v.get(key))
        self.area.pain_months.setText(v.get("pain_duration_months") or "")
        self.address.setPlainText(v.get("address") or "")
        if self.area.decile.currentData() is None:
            self.area.fill_from_postcode(v.get("postcode") or "")
        received, _ = parse_date(v.get("received_on"), "received_on")
        if received:
            self.received.set_date(date.fromisoformat(received))
        self.referrer.setText(v.get("referrer_name") or "")
        self.reason.setPlainText(v.get("reason") or "")
        self.interpreter.setChecked(
            (v.get("interpreter_needed") or "").casefold() in ("y", "yes", "true", "1")
        )
        # Why the row was held back, beside each field and in the summary.
        self.errors.show([(p["field"], held_reason(p)) for p in held.problems])

    def _choose_parsed(self, combo: QComboBox, key: str, text: str | None) -> None:
        from ....core.referral_rules import parse_field

        value, _ = parse_field(key, text) if text else (None, None)
        index = combo.findData(value) if value else -1
        if index >= 0:
            combo.setCurrentIndex(index)

    # --- behaviour ----------------------------------------------------------------------

    def _number_problem(self) -> str:
        text = self.edits["nhs_number"].text()
        return (nhs_number.problem(text) or "") if text.strip() else ""

    def _check_number(self, text: str) -> None:
        """The check digit is checked as it is typed, in the field's own message line."""
        self.errors.recheck("nhs_number")
        if text.strip() and not self._number_problem():
            self.errors.note("nhs_number", self.tr("✓ a valid NHS number"))

    def look_for_matches(self) -> list:
        if self.chosen is not None:
            return []
        born, _ = parse_date(self.edits["date_of_birth"].text(), "date_of_birth")
        number = self.edits["nhs_number"].text()
        try:
            found = referrals.find_duplicates(
                self.context.store,
                number if nhs_number.is_valid(number) else None,
                self.edits["given_name"].text(),
                self.edits["family_name"].text(),
                born,
            )
        except PainClinicError:
            # Locked (or closed) while typing: saving checks again, so nothing is missed.
            return []
        self.show_matches(found)
        return found

    def show_matches(self, found: list) -> None:
        self.matches.clear()
        for match in found:
            c = match.client
            text = (
                self.tr("%1 — born %2 — NHS %3 — %4")
                .replace("%1", f"{c['given_name']} {c['family_name']}")
                .replace("%2", uk_date(c["date_of_birth"]))
                .replace("%3", nhs_number.formatted(c.get("nhs_number")) or self.tr("not recorded"))
                .replace("%4", self.tr(MATCH_WORDS[match.reason]))
            )
            text += " — " + self._where(c["id"])
            item = QListWidgetItem(text, self.matches)
            item.setData(Qt.ItemDataRole.UserRole, c)
        exact = any(m.reason != referrals.SIMILAR_NAME_SAME_BIRTH for m in found)
        self.different.setVisible(exact)
        self.different.setChecked(False)
        self.matches_box.setVisible(bool(found))
        if found:
            self.matches.setCurrentRow(0)

    def _where(self, client_id: str) -> str:
        from ....services import pathway
        from ... import words

        episode = pathway.episode(self.context.store, client_id)
        found = words.status(episode.status)
        if episode.is_open:
            found += f" ({words.tier(episode.tier)})"
        elif episode.discharged_on:
            found += " " + uk_date(episode.discharged_on)
        return found

    def use_selected(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        c = self.chosen
        self.chosen_label.setText(
            self.tr(
                "<b>This referral will be recorded for the existing client %1 (born %2).</b> "
                "Their details are not changed."
            )
            .replace("%1", f"{c['given_name']} {c['family_name']}")
            .replace("%2", uk_date(c["date_of_birth"]))
        )
        self.chosen_label.show()
        self.matches_box.hide()
        for edit in self.edits.values():
            edit.setEnabled(False)
        for widget in (self.gender, self.ethnicity, self.interpreter):
            widget.setEnabled(False)
        self.area.set_enabled(False)
        self.address.setEnabled(False)
        self.received.setFocus()

    def values(self) -> dict:
        found = {key: edit.text() for key, edit in self.edits.items()}
        born = self.edits["date_of_birth"]
        found["date_of_birth"] = born.iso() or born.text()  # as typed when not a date
        found.update(
            gender=self.gender.currentData(),
            ethnicity=self.ethnicity.currentData(),
            interpreter_needed=self.interpreter.isChecked(),
            received_on=self.received.iso() or self.received.text(),
            source=self.source.currentData(),
            referrer_name=self.referrer.text(),
            reason=self.reason.toPlainText(),
        )
        found.update(self.area.values())
        found["address"] = self.address.toPlainText()
        return found

    def try_save(self) -> None:
        store, staff, values = self.context.store, self.context.staff(), self.values()
        held_id = self.held.id if self.held else None
        try:
            if self.chosen is not None:
                referral_only = {
                    k: values[k] for k in ("received_on", "source", "referrer_name", "reason")
                }
                self.saved = referrals.add_referral(
                    store, referral_only, staff, client_id=self.chosen["id"], resolves_held=held_id
                )
            else:
                self.saved = referrals.add_referral(
                    store,
                    values,
                    staff,
                    not_a_duplicate=self.different.isChecked(),
                    resolves_held=held_id,
                )
        except referrals.DuplicateClient as exc:
            self.show_matches(exc.matches)
            self._problem(str(exc))
            self.matches.setFocus()
            return
        except InvalidInput as exc:
            self.errors.show(exc.problems or [(None, str(exc))])
            return
        except PainClinicError as exc:
            self._problem(str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 — asks before typed words are lost
        if not self.guard.may_close(result):
            return
        self._search.stop()  # closing stops the pending look-up
        super().done(result)

    def _problem(self, message: str) -> None:
        self.errors.show([(None, message)])
