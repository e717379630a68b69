"""The "iGro star" section of the client record: the star, its arms, a new rating, the results.

Arms can be reworded only until the second rating; after that the words are fixed (so the
ratings compare like with like) and "Start a new star…" begins another star, keeping the old
one and its ratings. Earlier stars can be looked at but not rated.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....core.igro import ARM_COUNT
from ....reports.star_drawing import short_date
from ....services import plans
from ...errors import show_error
from ...widgets.igro_star import IgroStarWidget, label_word
from ...widgets.igro_star_state import StarState
from ...widgets.who_can import WhoCanNote
from ...words import counted
from .goal_dialogs import SavingDialog, date_edit, iso

LABELS = ("start", "mid", "end", "review")


def arm_edits(parent: QWidget, form: QFormLayout, arms: list[str]) -> list[QLineEdit]:
    edits = []
    for n in range(ARM_COUNT):
        edit = QLineEdit(arms[n] if n < len(arms) else "", parent)
        edit.setPlaceholderText(parent.tr('e.g. "able to stand and cook a meal"'))
        edit.setAccessibleName(parent.tr("Arm %1").replace("%1", str(n + 1)))
        form.addRow(parent.tr("Arm &%1").replace("%1", str(n + 1)), edit)
        edits.append(edit)
    return edits


class NewStarDialog(SavingDialog):
    def __init__(self, save, arms: list[str], parent=None):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Start a new star"))
        self.edits = arm_edits(self, self.form, arms)
        self.finish_layout(
            self.tr(
                "The current star and all its ratings are kept. The new "
                "star starts with no ratings: write its five arms in the "
                "client's own positive words."
            )
        )

    def typed(self) -> dict:
        return {f"arm_{n}": edit for n, edit in enumerate(self.edits, start=1)}

    def values(self) -> dict:
        return {"arms": [e.text() for e in self.edits]}


class ArmWordsEdit(QLineEdit):
    """An arm in the client's own words. Reached by Tab it is not selected, so a score typed
    by mistake is added beside the words (and seen) instead of replacing them."""

    def focusInEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().focusInEvent(event)
        if event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        ):
            self.deselect()
            self.end(False)


class StarSection(QWidget):
    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("StarSection", "&iGro star")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.stars: list[dict] = []
        self.open_dialog = None  # the dialog on screen, if any (tests fill it in)
        self.model = StarState()
        self.star = IgroStarWidget(self.model, self)
        self._build()
        self.model.subscribe(self._draft_changed)

    def today(self) -> date:
        return date.today()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName(self.tr("Which star"))
        self.chooser.currentIndexChanged.connect(self._show_chosen)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.chooser)
        side.addWidget(self._entry_group())
        side.addStretch(1)
        panel = QWidget(self)
        panel.setLayout(side)
        panel.setMinimumWidth(380)
        panel.setMaximumWidth(480)
        self.star.setMinimumHeight(380)
        self.top_row = QWidget(self)
        top = QHBoxLayout(self.top_row)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.star, 1)
        top.addWidget(panel)
        self.results = QTableWidget(0, 0, self)
        self.results.setAccessibleName(self.tr("Ratings and results"))
        self.results.verticalHeader().setVisible(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setMinimumHeight(120)
        page = QWidget(self)
        body = QVBoxLayout(page)
        body.addWidget(self.top_row, 1)
        results_title = QLabel(self.tr("Results of each rating"), page)
        results_title.setObjectName("sectionHeading")
        body.addWidget(results_title)
        body.addWidget(self.results)
        self.results_note = QLabel(star_measures_explained(), page)
        self.results_note.setWordWrap(True)
        self.results_note.setObjectName("factTitle")
        body.addWidget(self.results_note)
        # Scrolls on a small laptop screen rather than squeezing the star or the form.
        self.scroller = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        scroll.viewport().installEventFilter(self)
        # For an admin: who rates stars, and how to add them.
        self.who_can = WhoCanNote(self.tr("set up and rate iGro stars"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.who_can)
        layout.addWidget(scroll)
        self.setStyleSheet(
            "QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"
            " QLabel#sectionHeading, QLabel#columnHead { font-weight: bold; }"
        )

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 — Qt's name
        # The star and its legend fill what is visible (up to a point); the table of
        # results follows, scrolled to on a small laptop screen.
        if watched is self.scroller.viewport() and event.type() == QEvent.Type.Resize:
            visible = event.size().height() - 12
            self.top_row.setMinimumHeight(max(380, min(visible, 560)))
        return super().eventFilter(watched, event)

    def _entry_group(self) -> QGroupBox:
        """Each arm's words beside its score for the new rating, then the rating's details."""
        group = QGroupBox(self.tr("Arms and a new rating"), self)
        grid = QGridLayout()
        self.score_head = QLabel(self.tr("New score"), group)
        for column, head in enumerate(
            (QLabel(self.tr("Arm, in the client's words"), group), self.score_head)
        ):
            head.setObjectName("columnHead")
            grid.addWidget(head, 0, column + 1)
        self.arm_edits, self.spins = [], []
        for arm in range(ARM_COUNT):
            edit = ArmWordsEdit(group)
            edit.setPlaceholderText(self.tr('e.g. "able to stand and cook a meal"'))
            edit.setAccessibleName(self.tr("Arm %1").replace("%1", str(arm + 1)))
            edit.textEdited.connect(self._arms_edited)
            spin = QSpinBox(group)
            spin.setRange(-1, 10)
            spin.setSpecialValueText("–")
            spin.setAccessibleName(self.tr("Score for arm %1").replace("%1", str(arm + 1)))
            spin.valueChanged.connect(
                lambda v, a=arm: self.model.set_score(a, None if v < 0 else v)
            )
            number = QLabel(f"&{arm + 1}", group)
            number.setBuddy(edit)
            grid.addWidget(number, arm + 1, 0)
            grid.addWidget(edit, arm + 1, 1)
            grid.addWidget(spin, arm + 1, 2)
            self.arm_edits.append(edit)
            self.spins.append(spin)
        grid.setColumnStretch(1, 1)
        self.arms_note = QLabel(group)
        self.arms_note.setWordWrap(True)
        self.arms_note.setObjectName("factTitle")
        self.save_arms = QPushButton(group)
        self.save_arms.clicked.connect(self.save_arm_words)
        self.new_star = QPushButton(self.tr("Start a new star…"), group)
        self.new_star.clicked.connect(self.start_new_star)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_arms)
        buttons.addWidget(self.new_star)
        buttons.addStretch(1)
        layout = QVBoxLayout(group)
        layout.addLayout(grid)
        layout.addWidget(self.arms_note)
        layout.addLayout(buttons)
        layout.addWidget(self._rating_box(group))
        self._keyboard_order()
        return group

    def _keyboard_order(self) -> None:
        """Tab from the star goes to the score boxes, then the rating's date and label and
        Save, and only then to the arms' words: a score typed after Tab lands in a score."""
        chain = [
            self.star,
            *self.spins,
            self.rated_on,
            self.label,
            self.save_rating,
            *self.arm_edits,
            self.save_arms,
            self.new_star,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _rating_box(self, parent: QWidget) -> QWidget:
        self.rating_box = QWidget(parent)
        form = QFormLayout(self.rating_box)
        form.setContentsMargins(0, 8, 0, 0)
        self.rated_on = date_edit(self.rating_box, self.today())
        self.label = QComboBox(self.rating_box)
        for code in LABELS:
            self.label.addItem(label_word(code), code)
        form.addRow(self.tr("Rated &on"), self.rated_on)
        form.addRow(self.tr("&When"), self.label)
        self.draft_result = QLabel(self.rating_box)
        self.draft_result.setWordWrap(True)
        self.save_rating = QPushButton(self.tr("Save rating"), self.rating_box)
        self.save_rating.clicked.connect(self.save_new_rating)
        hint = QLabel(
            self.tr(
                "Or drag a point along its arm on the star. With the star "
                "selected, ← → choose the arm and 0–9 or ↑ ↓ set its score."
            ),
            self.rating_box,
        )
        hint.setWordWrap(True)
        hint.setObjectName("factTitle")
        form.addRow(self.draft_result)
        form.addRow(self.save_rating)
        form.addRow(hint)
        return self.rating_box

    # --- showing --------------------------------------------------------------------------

    def show_record(self, record) -> None:
        self.who_can.refresh()
        self.client_id = record.client["id"]
        self.stars = plans.stars_in_order(record.records.get("igro_stars") or [])
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for n, star in enumerate(self.stars):
            self.chooser.addItem(self._star_name(star, n == len(self.stars) - 1), star["id"])
        self.chooser.setCurrentIndex(len(self.stars) - 1)
        self.chooser.setVisible(len(self.stars) > 1)
        self.chooser.blockSignals(False)
        self._client_words(record.client)
        self._show_chosen()

    def _client_words(self, client: dict) -> None:
        """The star's legend in the client's materials language (right to left where it
        reads so), as the client sees it beside the coach; the panel's forms stay in the
        staff member's language."""
        from ....core.errors import InvalidInput
        from ....services.translations import materials_pack
        from ...materials import ensure_fonts

        try:
            pack = materials_pack(self.context.store, client.get("materials_language"))
        except InvalidInput:  # a damaged service pack: the legend stays in English
            pack = None
        if pack is not None and pack.language == "en":
            pack = None
        ensure_fonts()
        self.star.set_client_words(pack)

    def _star_name(self, star: dict, current: bool) -> str:
        started = (star.get("created_at") or "")[:10] or (
            min((r["rated_on"] for r in star.get("ratings") or []), default="")
        )
        when = short_date(started) if started else ""
        count = len(star.get("ratings") or [])
        if current:
            said = counted(
                count,
                self.tr("Current star, started %2 (1 rating)"),
                self.tr("Current star, started %2 (%1 ratings)"),
            )
        else:
            said = counted(
                count,
                self.tr("Earlier star, started %2 (1 rating, kept)"),
                self.tr("Earlier star, started %2 (%1 ratings, kept)"),
            )
        return said.replace("%2", when)

    def current_star(self) -> dict | None:
        index = self.chooser.currentIndex()
        return self.stars[index] if 0 <= index < len(self.stars) else None

    def _show_chosen(self) -> None:
        star = self.current_star()
        is_latest = star is not None and star is self.stars[-1]
        self.model.set_star(star, read_only=not is_latest)
        for edit, arm in zip(
            self.arm_edits, star["arms"] if star else [""] * ARM_COUNT, strict=True
        ):
            edit.setText(arm)
        self._show_arm_rules(star, is_latest)
        self.rating_box.setVisible(self.model.can_rate)
        self.score_head.setVisible(self.model.can_rate)
        for spin in self.spins:
            spin.setVisible(self.model.can_rate)
        if all(v is None for v in self.model.draft):  # a fresh rating: today, next label
            self.rated_on.setDate(self.today())
            self.label.setCurrentIndex(self.label.findData(self.model.next_label()))
        self._show_results()
        self._draft_changed()

    def _show_arm_rules(self, star: dict | None, is_latest: bool) -> None:
        locked = star is not None and (self.model.arms_locked or not is_latest)
        for edit in self.arm_edits:
            edit.setReadOnly(locked)
        # Until the second rating the words can simply change; after it, a new star.
        self.new_star.setVisible(locked and is_latest)
        self.save_arms.setVisible(not locked)
        if star is None:
            self.save_arms.setText(self.tr("Start the star"))
            self.arms_note.setText(
                self.tr("Write five things the client wants to grow, in their own positive words.")
            )
        elif locked and is_latest:
            self.arms_note.setText(
                self.tr(
                    "The arms are fixed now that the star has been rated twice, so the ratings "
                    "compare like with like. To use new words, start a new star: this one and "
                    "its ratings are kept."
                )
            )
        elif locked:
            self.arms_note.setText(self.tr("An earlier star, kept as it was."))
        else:
            self.save_arms.setText(self.tr("Save new wording"))
            self.arms_note.setText(self.tr("The words can change until the second rating."))
        self._arms_edited()

    def _arms_edited(self) -> None:
        star = self.current_star()
        typed = [e.text().strip() for e in self.arm_edits]
        changed = star is None or typed != list(star["arms"])
        self.save_arms.setEnabled(all(typed) and changed)

    def _draft_changed(self) -> None:
        for spin, value in zip(self.spins, self.model.draft, strict=True):
            spin.blockSignals(True)
            spin.setValue(-1 if value is None else value)
            spin.blockSignals(False)
        result = self.model.draft_summary()
        self.draft_result.setText(
            self.tr("Average %1 of 10 · area %2% of the full star")
            .replace("%1", f"{result[0]:.1f}")
            .replace("%2", f"{result[1]:.0f}")
            if result
            else self.tr("Give every arm a score to save the rating.")
        )
        self.save_rating.setEnabled(result is not None)

    def _show_results(self) -> None:
        summaries = self.model.summaries()
        heads = (
            [self.tr("Rating"), self.tr("Date")]
            + [str(n + 1) for n in range(ARM_COUNT)]
            + [
                self.tr("Average (of 10)"),
                self.tr("Area (% of full star)"),
                self.tr("Change since the first"),
            ]
        )
        self.results.setColumnCount(len(heads))
        self.results.setHorizontalHeaderLabels(heads)
        for n, arm in enumerate(self.model.arms):
            self.results.horizontalHeaderItem(2 + n).setToolTip(arm)
        self.results.setRowCount(len(summaries))
        for row, s in enumerate(summaries):
            change = (
                "—"
                if row == 0
                else self.tr("%1 points of area, average %2")
                .replace("%1", f"{s.percent_change:+.0f}")
                .replace("%2", f"{s.mean_change:+.1f}")
            )
            cells = [
                label_word(s.label),
                short_date(s.rated_on),
                *map(str, s.scores),
                f"{s.mean:.1f}",
                f"{s.percent:.0f}%",
                change,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= column < 2 + ARM_COUNT + 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.results.setItem(row, column, item)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    # --- saving ---------------------------------------------------------------------------

    def _save(self, work) -> bool:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 — every failure is shown, none swallowed
            show_error(self, exc)
            return False
        self.context.reload()
        return True

    def save_arm_words(self) -> bool:
        store, staff, star = self.context.store, self.context.staff(), self.current_star()
        arms = [e.text() for e in self.arm_edits]
        if star is None:
            return self._save(lambda: plans.start_star(store, self.client_id, arms, staff))
        return self._save(lambda: plans.reword_arms(store, star["id"], arms, staff))

    def save_new_rating(self) -> bool:
        star = self.current_star()
        if star is None or not self.model.draft_complete:
            return False
        scores = [int(v) for v in self.model.draft if v is not None]
        return self._save(
            lambda: plans.rate_star(
                self.context.store,
                star["id"],
                iso(self.rated_on),
                self.label.currentData(),
                scores,
                self.context.staff(),
            )
        )

    def start_new_star(self) -> None:
        store, staff = self.context.store, self.context.staff()

        def save(values: dict) -> None:
            plans.start_star(store, self.client_id, values["arms"], staff)

        self.open_dialog = NewStarDialog(save, self.model.arms, self)
        self.open_dialog.keep_drafts(store, self.client_id, "igro_new_star")
        if self.open_dialog.exec():
            self.context.reload()
        self.open_dialog = None


def star_measures_explained() -> str:
    """What the two numbers measure: read side by side, a lower area is not a contradiction."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "igro",
        "The average is of the five scores, each 0 to 10. The area is how much of the full "
        "star (every arm at 10) the shape fills; it grows faster than the scores, so it reads "
        "lower: every arm at 4 fills 16%, every arm at 5 fills 25%.",
    )
