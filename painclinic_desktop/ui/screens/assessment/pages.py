"""The guide's pages that are not questionnaires: start, the client's words, the summary.

Every page reads and writes the shared AssessmentState and emits ``changed`` after an edit;
the dialog keeps the draft and the other pages in step.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import INSTRUMENTS, TIME_POINTS
from ....services.assessments import NARRATIVE_FIELDS
from ... import measure_words, words
from ...widgets.date_entry import DateEntry
from .model import SummaryModel
from .state import NARRATIVE_STEPS, AssessmentState


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def wrapped(text: str, parent: QWidget, factor: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if factor != 1.0 or bold:
        label.setFont(scaled_font(label, factor, bold))
    return label


class Page(QWidget):
    """A step of the guide with its heading ("Step 2 of 8 · …")."""

    changed = Signal()

    def __init__(self, state: AssessmentState, parent=None):
        super().__init__(parent)
        self.state = state
        self.heading = wrapped("", self, 1.5, bold=True)
        self.heading.setAccessibleName(self.tr("Step"))
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.heading)

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)

    def refresh(self) -> None:
        """Show the state afresh (after a draft was restored or another page changed it)."""

    def first_focus(self) -> QWidget:
        return self


class StartPage(Page):
    def __init__(self, state: AssessmentState, history: list[dict], has_pack: bool, parent=None):
        super().__init__(state, parent)
        self.history = history
        self.body.addWidget(
            wrapped(
                self.tr(
                    "This guide takes you through the assessment with the client beside you. "
                    "Everything is kept as you go: if you close this window you can carry on "
                    "later. "
                    "Nothing counts until you press “Finish and save” at the end."
                ),
                self,
            )
        )
        self.body.addWidget(wrapped(self.tr("1. Which assessment is this?"), self, 1.15, True))
        self.body.addWidget(self._time_points())
        self.body.addWidget(
            wrapped(self.tr("2. When, and which questionnaires?"), self, 1.15, True)
        )
        self.body.addWidget(self._date_and_questionnaires(has_pack))
        self.warning = wrapped("", self, bold=True)
        self.warning.setObjectName("warning")
        self.body.addWidget(self.warning)
        self.body.addStretch(1)
        self.refresh()

    def _time_points(self) -> QGroupBox:
        box = QGroupBox(self)
        grid = QGridLayout(box)
        self.time_group = QButtonGroup(self)
        self.time_buttons: dict[str, QRadioButton] = {}
        for row, code in enumerate(TIME_POINTS):
            button = QRadioButton(words.time_point(code).capitalize(), box)
            button.setAccessibleDescription(measure_words.time_point_help(code))
            self.time_group.addButton(button)
            self.time_buttons[code] = button
            button.toggled.connect(lambda on, c=code: on and self._time_point(c))
            grid.addWidget(button, row, 0)
            grid.addWidget(QLabel(measure_words.time_point_help(code), box), row, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _date_and_questionnaires(self, has_pack: bool) -> QGroupBox:
        box = QGroupBox(self)
        form = QFormLayout(box)
        self.date = DateEntry(box, latest=self.state.today)
        self.date.setAccessibleName(self.tr("Date of the assessment"))
        self.date.date_changed.connect(self._date)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addStretch(1)
        form.addRow(self.tr("Date of the assessment:"), when)
        grid = QGridLayout()
        self.ticks: dict[str, QCheckBox] = {}
        for i, name in enumerate(INSTRUMENTS):
            tick = QCheckBox(words.instrument(name), box)
            tick.toggled.connect(lambda on, n=name: self._choose(n, on))
            grid.addWidget(tick, i // 2, i % 2)
            self.ticks[name] = tick
        form.addRow(self.tr("Questionnaires:"), grid)
        if not has_pack:
            form.addRow(
                wrapped(
                    self.tr(
                        "PSEQ, WEMWBS, SWEMWBS, BPI and PEG wording is licensed and not shown "
                        "here: "
                        "have your service's paper copy ready and read each question from it."
                    ),
                    box,
                )
            )
        return box

    def refresh(self) -> None:
        for code, button in self.time_buttons.items():
            button.blockSignals(True)
            button.setChecked(code == self.state.time_point)
            button.blockSignals(False)
        self.date.blockSignals(True)
        self.date.set_date(date.fromisoformat(self.state.administered_on))
        self.date.blockSignals(False)
        for name, tick in self.ticks.items():
            tick.blockSignals(True)
            tick.setChecked(name in self.state.chosen)
            tick.blockSignals(False)
        self._warn_about_baseline()

    def _warn_about_baseline(self) -> None:
        earlier = sorted(
            a["administered_on"] for a in self.history if a.get("time_point") == "baseline"
        )
        show = self.state.time_point == "baseline" and bool(earlier)
        if show:
            day = earlier[0]
            self.warning.setText(
                self.tr(
                    "This client already has a baseline assessment (%1). Choose “baseline” again "
                    "only if a new episode of support is starting."
                ).replace("%1", f"{day[8:10]}/{day[5:7]}/{day[0:4]}")
            )
        self.warning.setVisible(show)

    def _time_point(self, code: str) -> None:
        self.state.set_time_point(code)
        self._warn_about_baseline()
        self.changed.emit()

    def _date(self, value: date | None) -> None:
        if value is not None:  # a refused date is shown beside the field and not kept
            self.state.set_date(value.isoformat())
            self.changed.emit()

    def _choose(self, name: str, on: bool) -> None:
        if not self.state.choose(name, on):
            self.refresh()  # ticked again
            self.warning.setText(
                self.tr(
                    "PHQ-9 stays in this assessment: question 9 was answered above 0, so "
                    "it must be saved and the safety prompt followed."
                )
            )
            self.warning.setVisible(True)
            return
        self.changed.emit()

    def first_focus(self) -> QWidget:
        return self.time_buttons[self.state.time_point or TIME_POINTS[0]]


class NarrativePage(Page):
    """The client's own words: one box per question, Tab moves to the next box."""

    def __init__(self, state: AssessmentState, step: str, parent=None, materials=None):
        super().__init__(state, parent)
        self.body.addWidget(wrapped(measure_words.narrative_intro(step), self))
        self.boxes: dict[str, QPlainTextEdit] = {}
        self.asked: dict[str, QLabel] = {}  # each question in the client's language
        for key in NARRATIVE_STEPS[step]:
            question = wrapped(measure_words.narrative_question(key), self, 1.15, bold=True)
            asked = client_question(self, key, materials)
            if asked is not None:
                self.asked[key] = asked
                self.body.addWidget(question)
                question = asked
            box = QPlainTextEdit(self)
            box.setTabChangesFocus(True)
            box.setAccessibleName(measure_words.narrative_question(key))
            # Four lines show at once; longer answers scroll inside the box.
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
            box.textChanged.connect(lambda k=key, b=box: self._typed(k, b))
            self.body.addWidget(question)
            self.body.addWidget(box)
            self.boxes[key] = box
        self.body.addStretch(1)
        self.refresh()

    def _typed(self, key: str, box: QPlainTextEdit) -> None:
        self.state.set_narrative(key, box.toPlainText())
        self.changed.emit()

    def refresh(self) -> None:
        for key, box in self.boxes.items():
            text = self.state.narrative.get(key, "")
            if box.toPlainText() != text:
                box.blockSignals(True)
                box.setPlainText(text)
                box.blockSignals(False)

    def first_focus(self) -> QWidget:
        return next(iter(self.boxes.values()))


def client_question(parent: QWidget, key: str, materials) -> QLabel | None:
    """The question in the client's materials language, to read with them (right to left for
    Urdu, Arabic and Shahmukhi); None for English or a question the pack lacks."""
    from ....core.material_words import ENGLISH
    from ...materials import direction, ensure_fonts

    english = ENGLISH.get(f"ask.{key}")
    if materials is None or materials.language == "en" or english is None:
        return None
    words = materials.words(f"ask.{key}", english)
    if words == english:
        return None
    ensure_fonts()
    label = wrapped(words, parent, 1.15)
    label.setLayoutDirection(direction(materials))
    label.setAlignment(Qt.AlignmentFlag.AlignRight if materials.rtl else Qt.AlignmentFlag.AlignLeft)
    label.setAccessibleName(
        QCoreApplication.translate("NarrativePage", "The question in %1").replace(
            "%1", materials.name
        )
    )
    return label


class SummaryPage(Page):
    """What still stops finishing, the safety prompt, then scores, bands and gaps."""

    go_to_step = Signal(str)

    def __init__(self, state: AssessmentState, safety: QWidget, parent=None):
        super().__init__(state, parent)
        self.problems = wrapped("", self, 1.15, bold=True)
        self.problems.setObjectName("problems")
        self.body.addWidget(self.problems)
        self.safety = safety
        self.body.addWidget(safety)
        self.body.addWidget(
            wrapped(
                self.tr(
                    "Check the answers with the client. Double-click a row to go back to that "
                    "questionnaire."
                ),
                self,
            )
        )
        self.model = SummaryModel(state, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Scores so far"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(
            lambda index: self.go_to_step.emit(self.model.instrument_at(index.row()))
        )
        self.body.addWidget(self.table)
        self.words_line = wrapped("", self)
        self.body.addWidget(self.words_line)
        self.body.addStretch(1)

    def refresh(self) -> None:
        self.model.refresh()
        self.table.resizeRowsToContents()
        # The whole table shows at once; the page scrolls instead.
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setFixedHeight(height + 2)
        filled = len(self.state.words())
        self.words_line.setText(
            self.tr("Client's own words: %1 of %2 questions answered.")
            .replace("%1", str(filled))
            .replace("%2", str(len(NARRATIVE_FIELDS)))
        )
        self.safety.refresh()
        lines = [problem_text(code, name) for code, name in self.state.problems()]
        if lines:
            self.problems.setText(
                self.tr("Before you can finish:") + "\n" + "\n".join(f"• {line}" for line in lines)
            )
        else:
            self.problems.setText(self.tr("Ready to save: press “Finish and save”."))

    def first_focus(self) -> QWidget:
        return self.table


def problem_text(code: str, name: str | None) -> str:
    def t(text: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("assessment", text)

    title = words.instrument(name) if name else ""
    return {
        "no_time_point": t("Choose which assessment this is (step 1)."),
        "date_in_future": t("The date of the assessment is in the future (step 1)."),
        "no_questionnaire": t("Tick at least one questionnaire (step 1)."),
        "no_answers": t("%1 has no answers: answer it, or untick it in step 1."),
        "risk_not_acknowledged": t("Read the safety prompt and tick its box to finish."),
    }.get(code, code).replace("%1", title)
