"""Importing a referral file (CSV or Excel) in four steps: the file; which column holds what
(remembered for files laid out the same way); every problem found, row by row; the import.

Reading, checking and importing run on a worker with a progress dialog that can cancel; the
import is one transaction, so cancelling or an error leaves the database as it was.
"""

from __future__ import annotations

import textwrap

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ....core.errors import PainClinicError
from ....core.referral_rules import FIELDS, text_of
from ....services import referral_file as rf
from ... import client_words as more_words
from ... import words
from ...client_words import source_choices
from ...errors import show_error
from ...fit import fit_to_screen
from ...ops import store_op
from ...widgets.date_entry import make_date_edit
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table


def _reporter(progress):
    return lambda done, total, phase: progress.report(done, total, more_words.progress(phase))


class ImportWizard(QWizard):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.table: rf.Table | None = None
        self.mapping: dict[str, str] = {}
        self.remembered = False
        self.check: rf.FileCheck | None = None
        self.result: rf.ImportResult | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Import a referral file"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.done_page):
            self.addPage(page)
        fit_to_screen(self, 980, 640)

    def defaults(self) -> dict:
        return {
            "source": self.file_page.source.currentData(),
            "received_on": self.file_page.received.iso(),
        }

    def work(self, label: str, work, done, answer=None, changes=()) -> None:
        """Run ``work(store, progress)`` off the GUI thread, then ``done(result)`` and move on.
        ``answer(exc)`` may take an error it can answer (True); others are shown. ``changes``
        are announced, so the caseload shows new clients."""
        if self.busy:
            return
        self.busy = True
        db_path = self.context.store.path

        def finished(result) -> None:
            self.busy = False
            done(result)
            self.next()

        def failed(exc) -> None:
            self.busy = False
            if answer is None or not answer(exc):
                show_error(self, exc)

        store_op(self, db_path, work, finished, label=label, changes=changes, on_error=failed)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("1. The file"))
        self.setSubTitle(
            self.tr(
                "A CSV or Excel (.xlsx) file with one referral per row and "
                "column headings in the first row."
            )
        )
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("File to import"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.source = QComboBox(self)
        for text, value in source_choices():
            self.source.addItem(text, value)
        remembered = rf.remembered_source(wizard.context.store) or "pcn_other"
        self.source.setCurrentIndex(max(0, self.source.findData(remembered)))
        self.received = make_date_edit(self)
        form = QFormLayout(self)
        caption = QLabel(self.tr("&File:"), self)
        caption.setBuddy(self.path)
        form.addRow(caption, row)
        for text, widget in (
            (self.tr("&Source, for rows that do not say:"), self.source),
            (self.tr("Date &received, for rows that do not say:"), self.received),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(caption, widget)
        self.read_from = ""
        self.encoding: str | None = None  # chosen by the person for a file that does not say
        self.encoding_for = ""

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the referral file"),
            "",
            self.tr("Referral files (*.csv *.xlsx *.txt)"),
        )
        if name:
            self.path.setText(name)

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        wizard: ImportWizard = self.wizard()
        name = self.path.text().strip()
        if wizard.table is not None and name == self.read_from:
            return True
        if not name:
            self.path.setFocus()
            return False
        if not self.received.check():  # refused beside the field, never clamped
            self.received.setFocus()
            return False

        encoding = self.encoding if self.encoding_for == name else None

        def read(store, progress):
            table = rf.read_table(name, _reporter(progress), encoding=encoding)
            return table, *rf.mapping_for(store, table.headers)

        def done(found) -> None:
            wizard.table, wizard.mapping, wizard.remembered = found
            self.read_from = name
            wizard.mapping_page.show_table()

        def ask_encoding(exc) -> bool:
            if not isinstance(exc, rf.UnknownEncoding):
                return False
            choices = list(rf.ENCODINGS.values())
            question = textwrap.fill(str(exc), 72)  # fits a small screen
            choice, chosen = QInputDialog.getItem(
                self, self.tr("Which encoding?"), question, choices, 0, False
            )
            if chosen:
                self.encoding = list(rf.ENCODINGS)[choices.index(choice)]
                self.encoding_for = name
                wizard.next()  # read it again, in the encoding chosen
            return True

        wizard.work(self.tr("Reading the file…"), read, done, answer=ask_encoding)
        return False


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("2. Which column holds what"))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.grid = QGridLayout()
        self.combos: dict[str, QComboBox] = {}
        self.examples: dict[str, QLabel] = {}
        self.grid.addWidget(QLabel(self.tr("<b>Information</b>"), self), 0, 0)
        self.grid.addWidget(QLabel(self.tr("<b>Column in the file</b>"), self), 0, 1)
        self.grid.addWidget(QLabel(self.tr("<b>First row says</b>"), self), 0, 2)
        for i, f in enumerate(FIELDS, start=1):
            label = QLabel(more_words.field_label(f.code) + (" *" if f.required else ""), self)
            combo = QComboBox(self)
            combo.setAccessibleName(more_words.field_label(f.code))
            label.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _, code=f.code: self._example(code))
            example = QLabel(self)
            self.grid.addWidget(label, i, 0)
            self.grid.addWidget(combo, i, 1)
            self.grid.addWidget(example, i, 2)
            self.combos[f.code], self.examples[f.code] = combo, example
        self.grid.setColumnStretch(2, 1)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        self.checked_for: tuple | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.grid)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def show_table(self) -> None:
        wizard: ImportWizard = self.wizard()
        table = wizard.table
        self.note.setText(
            (
                self.tr("Remembered from the last file laid out like this one.")
                if wizard.remembered
                else self.tr("Guessed from the column headings: please check each one.")
            )
            + " "
            + self.tr("%1 rows in %2. * must have a column.")
            .replace("%1", f"{len(table.rows):,}")
            .replace("%2", table.file_name)
        )
        for code, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("— not in this file —"), None)
            for header in table.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(wizard.mapping.get(code))))
            combo.blockSignals(False)
            self._example(code)
        self.error.setText("")

    def _example(self, code: str) -> None:
        table = self.wizard().table if self.wizard() else None
        header = self.combos[code].currentData()
        if table is None or header is None:
            given = self.wizard().defaults().get(code) if self.wizard() else None
            shown = ""
            if code == "source" and given:
                shown = self.tr("every row: %1").replace("%1", words.referral_source(given))
            elif code == "received_on" and given:
                shown = self.tr("every row: %1").replace("%1", more_words.uk_date(given))
            self.examples[code].setText(shown)
            return
        cells = table.rows[0][1]
        index = table.headers.index(header)
        self.examples[code].setText(text_of(cells[index]) if index < len(cells) else "")

    def chosen(self) -> dict[str, str]:
        return {
            code: combo.currentData()
            for code, combo in self.combos.items()
            if combo.currentData() is not None
        }

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        mapping = self.chosen()
        headers = list(mapping.values())
        if len(set(headers)) != len(headers):
            self.error.setText(self.tr("One column is chosen for two kinds of information."))
            return False
        missing = [f for f in FIELDS if f.required and f.code not in mapping]
        if missing:
            self.error.setText(
                self.tr("Choose the column for: %1.").replace(
                    "%1", ", ".join(more_words.field_label(f.code) for f in missing)
                )
            )
            self.combos[missing[0].code].setFocus()
            return False
        table, defaults = wizard.table, wizard.defaults()
        key = (id(table), tuple(sorted(mapping.items())), tuple(sorted(defaults.items())))
        if wizard.check is not None and key == self.checked_for:
            return True  # moving on after the check below finished

        def check(store, progress):
            return rf.check_table(store, table, mapping, defaults, report=_reporter(progress))

        def done(found) -> None:
            wizard.mapping, wizard.check, self.checked_for = mapping, found, key
            wizard.check_page.show_check()

        wizard.work(self.tr("Checking every row…"), check, done)
        return False


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("3. What was found"))
        self.setCommitPage(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = RowsModel(
            [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")],
            self,
            cell_tips=True,
            bold_warn=False,
        )
        self.table = make_table(self, self.problems, self.tr("Problems found, row by row"))
        for column, width in enumerate((60, 150, 150)):
            self.table.setColumnWidth(column, width)
        save = QPushButton(self.tr("Save the list of &problems…"), self)
        save.setToolTip(
            self.tr(
                "Row numbers, columns and reasons only — no patient details — "
                "to send back to whoever sent the file"
            )
        )
        save.clicked.connect(self.save_problems)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def show_check(self) -> None:
        check: rf.FileCheck = self.wizard().check
        held_new = sum(1 for h in check.held if not h.already_held)
        lines = [
            words.counted(
                len(check.good),
                self.tr("<b>1 referral is ready to import</b> (%2 for a client already known)."),
                self.tr("<b>%1 referrals are ready to import</b> (%2 for clients already known)."),
            ).replace("%2", f"{check.known_clients:,}")
        ]
        if check.held:
            lines.append(
                self.tr(
                    "<b>%1 rows will be held back</b> for correction, listed "
                    "below; correct them later from Referrals → Triage → Held "
                    "back."
                ).replace("%1", f"{len(check.held):,}")
            )
        if len(check.held) != held_new:
            lines.append(
                self.tr(
                    "%1 of them were already held back from an earlier import "
                    "and are not held twice."
                ).replace("%1", f"{len(check.held) - held_new:,}")
            )
        if check.already_imported:
            lines.append(
                words.counted(
                    len(check.already_imported),
                    self.tr("1 row was imported before and is skipped."),
                    self.tr("%1 rows were imported before and are skipped."),
                )
            )
        if check.blank_rows:
            lines.append(
                self.tr("%1 blank rows are ignored.").replace("%1", f"{check.blank_rows:,}")
            )
        self.summary.setText("<br>".join(lines))
        self.problems.set_rows(
            [
                (
                    str(p.row),
                    p.column or self.tr("(no column)"),
                    p.value,
                    more_words.field_label(p.field)
                    + ": "
                    + more_words.reason(p.template, p.params),
                )
                for p in check.problems
            ]
        )
        importing = len(check.good) + held_new
        self.setButtonText(
            QWizard.WizardButton.CommitButton,
            words.counted(
                len(check.good), self.tr("&Import 1 referral"), self.tr("&Import %1 referrals")
            )
            if importing
            else self.tr("&Finish"),
        )

    def save_problems(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the list of problems"), "referral-file-problems.csv", "CSV (*.csv)"
        )
        if name:
            try:
                rf.problems_csv(self.wizard().check, name)
            except (OSError, PainClinicError) as exc:
                show_error(self, exc)

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        check = wizard.check
        if wizard.result is not None:
            return True
        if not check.good and all(h.already_held for h in check.held):
            return True  # nothing to write
        table, mapping, defaults = wizard.table, wizard.mapping, wizard.defaults()
        staff = wizard.context.staff()

        def save(store, progress):
            result = rf.import_table(
                store, table, mapping, defaults, staff, report=_reporter(progress)
            )
            rf.remember_mapping(store, table.headers, mapping, defaults["source"])
            return result

        def done(result) -> None:
            wizard.result = result
            wizard.done_page.show_result()

        wizard.work(self.tr("Importing…"), save, done, changes=("clients", "referrals"))
        return False


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("4. Done"))
        self.words = QLabel(self)
        self.words.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.words)

    def initializePage(self) -> None:  # noqa: N802
        self.show_result()

    def show_result(self) -> None:
        r = self.wizard().result
        if r is None:
            self.words.setText(self.tr("Nothing new was imported."))
            return
        if r.referrals_added != 1:
            text = (
                self.tr("%1 referrals imported, %2 of them for new clients. They wait for triage.")
                .replace("%1", f"{r.referrals_added:,}")
                .replace("%2", f"{r.clients_added:,}")
            )
        elif r.clients_added:
            text = self.tr("1 referral imported, for a new client. It waits for triage.")
        else:
            text = self.tr("1 referral imported. It waits for triage.")
        if r.rows_held:
            text += "<br>" + self.tr(
                "%1 rows were held back for correction: Referrals → Triage → Held back."
            ).replace("%1", f"{r.rows_held:,}")
        self.words.setText(text)
