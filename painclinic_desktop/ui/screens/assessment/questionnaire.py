"""A questionnaire step: one question at a time, large answer buttons, digit keys, the running
score, unanswered questions marked; the sit-to-stand count; the PHQ-9 question 9 safety prompt."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ....core.measures import STS_PROTOCOLS, instrument
from ....core.measures.content_pack import ContentPack
from ... import measure_words, words
from .pages import Page, scaled_font, wrapped
from .safety import SafetyPanel
from .state import SECOND_DIGIT_WAIT_MS, AssessmentState, Typed, item_wording

ANSWER_BUTTON_HEIGHT = 64  # well above the 48 px minimum for a comfortable target
# The chosen answer is shown inverted (white on dark) with a heavy border: clear in black and
# white and to people who do not see colour; the keyboard focus has a dashed outline.
ANSWER_STYLE = """
QPushButton#answer { border: 2px solid #666; border-radius: 6px; background: #fff;
                     color: #000; padding: 4px; }
QPushButton#answer:hover { background: #eef4fc; }
QPushButton#answer:focus { border: 3px dashed #000; }
QPushButton#answer:checked { background: #1d4f91; color: #fff; border: 4px solid #000; }
"""
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}


# Questionnaires whose item wording may be shipped, and whose official translations exist
# (from the publisher, not made here); the app ships none of those translations yet.
OFFICIALLY_TRANSLATED = ("phq9", "gad7")


class QuestionnairePage(Page):
    def __init__(
        self,
        state: AssessmentState,
        name: str,
        pack: ContentPack | None,
        parent=None,
        materials=None,
    ):
        super().__init__(state, parent)
        self.name = name
        self.pack = pack
        self.inst = instrument(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.digit_wait = QTimer(self)
        self.digit_wait.setSingleShot(True)
        self.digit_wait.setInterval(SECOND_DIGIT_WAIT_MS)
        self.digit_wait.timeout.connect(self._second_digit_timed_out)
        first = item_wording(name, 1, pack)
        intro = (
            first.stem
            if first.text
            else self.tr(
                "The wording of this questionnaire is licensed and is not shown here. Read each "
                "question from your service's paper copy, then record the client's answer."
            )
        )
        self.body.addWidget(wrapped(intro or "", self, 1.1))
        self.in_english = self._in_english_note(materials) if first.text else None
        if self.in_english is not None:
            self.body.addWidget(self.in_english)
        self.body.addLayout(self._item_strip())
        self.number = wrapped("", self, 1.1, bold=True)
        self.question = wrapped("", self, 1.5)
        self.question.setMinimumHeight(self.question.fontMetrics().lineSpacing() * 2)
        self.body.addWidget(self.number)
        self.body.addWidget(self.question)
        self.body.addLayout(self._answer_buttons())
        self.anchors = wrapped("", self, 1.15, bold=True)
        self.body.addWidget(self.anchors)
        self.body.addLayout(self._moves())
        self.body.addWidget(
            wrapped(
                self.tr(
                    "Keyboard: type the number to answer · Backspace clears an answer · "
                    "Page Up / Page Down moves between questions · Enter goes on to the next step"
                ),
                self,
            )
        )
        self.score = wrapped("", self, 1.25, bold=True)
        self.score.setAccessibleName(self.tr("Score so far"))
        self.body.addWidget(self.score)
        self.safety = SafetyPanel(state, self._changed, self) if name == "phq9" else None
        if self.safety is not None:
            self.body.addWidget(self.safety)
        self.body.addStretch(1)
        if first.attribution:
            self.body.addWidget(wrapped(first.attribution, self, 0.85))
        self.refresh()

    def _in_english_note(self, materials) -> QLabel | None:
        """For a client whose materials are in another language: the items stay in English,
        because only an official translation may be used and none is shipped."""
        if self.name not in OFFICIALLY_TRANSLATED or materials is None:
            return None
        if materials.language == "en":
            return None
        note = wrapped(
            self.tr(
                "The questions are in English: no official %1 translation of the %2 is "
                "shipped with the app, and a translation made here would not be the validated "
                "questionnaire. If the client reads %1 better, use the official translation "
                "on paper (from the questionnaire's publisher) and record the answers here."
            )
            .replace("%1", materials.name)
            .replace("%2", words.instrument(self.name).split(" (")[0]),
            self,
        )
        note.setObjectName("factTitle")
        note.setAccessibleName(self.tr("Questions in English"))
        return note

    def _item_strip(self) -> QHBoxLayout:
        strip = QHBoxLayout()
        strip.addWidget(QLabel(self.tr("Questions:"), self))
        self.chips: list[QToolButton] = []
        for index in range(self.inst.item_count):
            chip = QToolButton(self)
            chip.setMinimumSize(44, 44)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the digits and Page keys move here
            chip.clicked.connect(lambda _=False, i=index: self._go(i))
            strip.addWidget(chip)
            self.chips.append(chip)
        strip.addStretch(1)
        return strip

    def _answer_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # "no answer" must be showable too
        self.buttons: dict[int, QPushButton] = {}
        for value in range(self.inst.item_min, self.inst.item_max + 1):
            button = QPushButton(self)
            button.setObjectName("answer")
            button.setStyleSheet(ANSWER_STYLE)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setMinimumHeight(ANSWER_BUTTON_HEIGHT)
            button.setMinimumWidth(56)
            button.setFont(scaled_font(button, 1.3, bold=True))
            button.clicked.connect(lambda _=False, v=value: self._clicked(v))
            self.group.addButton(button)
            row.addWidget(button, 1)
            self.buttons[value] = button
        return row

    def _moves(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.previous = QPushButton(self.tr("◀ Previous question"), self)
        self.skip = QPushButton(self.tr("Leave unanswered"), self)
        self.skip.setToolTip(self.tr("The client would rather not answer, or does not know"))
        self.following = QPushButton(self.tr("Next question ▶"), self)
        for button, slot in (
            (self.previous, lambda: self._go(self._index() - 1)),
            (self.skip, self._leave_unanswered),
            (self.following, lambda: self._go(self._index() + 1)),
        ):
            button.setAutoDefault(False)
            button.setMinimumHeight(40)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _index(self) -> int:
        return self.state.current_item(self.name)

    def refresh(self) -> None:
        index = self._index()
        answers = self.state.answers_for(self.name)
        wording = item_wording(self.name, index + 1, self.pack)
        count = self.inst.item_count
        self.number.setText(
            self.tr("Question %1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
        )
        self.question.setText(wording.text or self.tr("Item %1").replace("%1", str(index + 1)))
        self._show_answers(wording.labels, answers[index])
        pending = self.state.pending
        if pending and int(pending) in self.buttons:
            self.buttons[int(pending)].setChecked(True)
        for i, chip in enumerate(self.chips):
            self._show_chip(chip, i, answers[i], i == index)
        self.previous.setEnabled(index > 0)
        self.following.setEnabled(index < count - 1)
        self.score.setText(running_score_text(self, self.state, self.name))
        if self.safety is not None:
            self.safety.refresh()

    def _show_answers(self, labels: dict[int, str], answer: int | None) -> None:
        """Labels go on the buttons; on a long scale (0-10) they go underneath instead."""
        inside = len(self.buttons) <= 7
        lines = 1
        for value, button in self.buttons.items():
            label = labels.get(value)
            shown = f"{value}\n{textwrap.fill(label, 16)}" if label and inside else str(value)
            lines = max(lines, shown.count("\n") + 1)
            button.setText(shown)
            button.setAccessibleName(f"{value} {label}" if label else str(value))
            button.setChecked(answer == value)
        spacing = next(iter(self.buttons.values())).fontMetrics().lineSpacing()
        for button in self.buttons.values():  # tall enough for the longest label
            button.setMinimumHeight(max(ANSWER_BUTTON_HEIGHT, lines * spacing + 24))
        under = "     ".join(f"{v} = {text}" for v, text in sorted(labels.items()))
        self.anchors.setText("" if inside else under)
        self.anchors.setVisible(bool(under) and not inside)

    def _show_chip(self, chip: QToolButton, index: int, answer, current: bool) -> None:
        answered = answer is not None
        chip.setText(
            self.tr("Q%1").replace("%1", str(index + 1)) + f"\n{answer if answered else '?'}"
        )
        state = (
            self.tr("answered %1").replace("%1", str(answer))
            if answered
            else self.tr("not answered")
        )
        chip.setAccessibleName(
            self.tr("Question %1, %2").replace("%1", str(index + 1)).replace("%2", state)
        )
        # Unanswered: dashed outline and "?" (clear without colour); current: a thick border.
        border = (
            "3px solid #000"
            if current
            else ("1px solid #555" if answered else "2px dashed #8a5a00")
        )
        background = "#e8eef8" if answered else "#fff8e1"
        chip.setStyleSheet(
            f"QToolButton {{ border: {border}; background: {background}; "
            "border-radius: 4px; padding: 2px 6px; }"
        )

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _go(self, index: int) -> None:
        self.state.go_item(self.name, index)
        self._changed()

    def _clicked(self, value: int) -> None:
        self.digit_wait.stop()
        self.state.pending = str(value)
        self.state.flush_pending()
        self._changed()

    def _leave_unanswered(self) -> None:
        index = self._index()
        self.state.answer(self.name, index, None)
        self.state.go_item(self.name, index + 1)
        self._changed()

    def _second_digit_timed_out(self) -> None:
        if self.state.flush_pending() is Typed.ANSWERED:
            self._changed()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key in DIGIT_KEYS:
            typed = self.state.type_digit(DIGIT_KEYS[key])
            if typed is Typed.WAITING:
                self.digit_wait.start()
            else:
                self.digit_wait.stop()
            self._changed()
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.state.answer(self.name, self._index(), None)
            self._changed()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._go(self._index() + (1 if key == Qt.Key.Key_PageDown else -1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state.pending:
            self.digit_wait.stop()
            self.state.flush_pending()
            self._changed()
        else:
            super().keyPressEvent(event)  # Enter with nothing typed: the dialog's Next


class StsPage(Page):
    """The sit-to-stand test: the protocol and the count of full stands."""

    def __init__(self, state: AssessmentState, parent=None):
        super().__init__(state, parent)
        self.body.addWidget(
            wrapped(
                self.tr(
                    "Ask the client to sit on a firm chair without arms, arms crossed, and to "
                    "stand up "
                    "fully and sit down again as many times as they safely can. Count the full "
                    "stands. Stop at once if they feel unwell or unsafe."
                ),
                self,
                1.1,
            )
        )
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("How long:"), self))
        self.protocols: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        for code in STS_PROTOCOLS:
            button = QRadioButton(measure_words.protocol(code), self)
            button.setFont(scaled_font(button, 1.2))
            button.toggled.connect(lambda on, c=code: on and self._protocol(c))
            group.addButton(button)
            row.addWidget(button)
            self.protocols[code] = button
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(
            wrapped(
                self.tr(
                    "Use the same length of test every time: results of 30-second and 60-second "
                    "tests "
                    "are never compared."
                ),
                self,
            )
        )
        self.count = QSpinBox(self)
        self.count.setRange(-1, instrument("sts").item_max)
        self.count.setSpecialValueText(self.tr("not recorded yet"))
        self.count.setFont(scaled_font(self.count, 1.6, bold=True))
        self.count.setMinimumHeight(ANSWER_BUTTON_HEIGHT)
        self.count.setAccessibleName(self.tr("Number of full stands"))
        self.count.valueChanged.connect(self._counted)
        line = QHBoxLayout()
        line.addWidget(QLabel(self.tr("Number of full stands:"), self))
        line.addWidget(self.count)
        line.addStretch(1)
        self.body.addLayout(line)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        for code, button in self.protocols.items():
            button.blockSignals(True)
            button.setChecked(code == self.state.protocol)
            button.blockSignals(False)
        value = self.state.answers_for("sts")[0]
        self.count.blockSignals(True)
        self.count.setValue(-1 if value is None else value)
        self.count.blockSignals(False)

    def _protocol(self, code: str) -> None:
        self.state.set_protocol(code)
        self.changed.emit()

    def _counted(self, value: int) -> None:
        self.state.answer("sts", 0, None if value < 0 else value)
        self.changed.emit()

    def first_focus(self) -> QWidget:
        self.count.selectAll()  # typing a number replaces "not recorded yet"
        return self.count


def running_score_text(widget: QWidget, state: AssessmentState, name: str) -> str:
    """ "Score so far: 13 (moderate)", or when it will appear, for each score shown."""
    inst = instrument(name)
    result = state.result(name)
    shown = [s for s in inst.score_names if not (s == "raw" and len(inst.score_names) > 1)]
    lines = []
    for score_name in shown:
        value = result.scores[score_name]
        if value is None:
            text = _when_it_appears(widget, inst, score_name)
        else:
            band = measure_words.band(result.bands.get(score_name))
            text = measure_words.number(value) + (f" ({band})" if band else "")
            if result.prorated:
                text += widget.tr(" — estimated: some questions are not answered")
        if len(shown) > 1:
            text = measure_words.score_name(name, score_name).capitalize() + ": " + text
        lines.append(text)
    if len(shown) == 1:
        return widget.tr("Score so far: %1").replace("%1", lines[0])
    return widget.tr("Scores so far:") + "\n" + "\n".join(lines)


def _when_it_appears(widget: QWidget, inst, score_name: str) -> str:
    rule = inst.rule(score_name)
    if rule.from_score:  # a converted score appears with the score it converts
        rule = inst.rule(rule.from_score)
    count, first, last = rule.stop - rule.start, str(rule.start + 1), str(rule.stop)
    if count == 1:
        return widget.tr("appears when question %1 is answered").replace("%1", first)
    whole = count == inst.item_count
    if rule.max_missing == 0:
        text = (
            widget.tr("appears when all %1 questions are answered")
            if whole
            else widget.tr("appears when questions %2 to %3 are all answered")
        )
    else:
        text = (
            widget.tr("appears when at least %4 of the %1 questions are answered")
            if whole
            else widget.tr("appears when at least %4 of questions %2 to %3 are answered")
        )
    needed = str(count - rule.max_missing)
    return (
        text.replace("%1", str(count))
        .replace("%2", first)
        .replace("%3", last)
        .replace("%4", needed)
    )
