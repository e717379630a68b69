"""The structured assessment dialog: the guide's steps, autosaved as a draft, saved at the end.

The draft is written a second after the last change and again when the window closes, so
neither closing nor a crash loses the work. Opening the assessment for a client with a draft
carries on from it. Only "Finish and save" writes assessments (services.assessments).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import INSTRUMENTS
from ....core.dates import nhs_date
from ....core.errors import PainClinicError
from ....core.measures import instrument
from ....core.measures.content_pack import ContentPack
from ....services import drafts
from ....services.assessments import CompletedAssessment, save_assessment
from ....services.database import DatabaseError, Store
from ... import measure_words, words
from ...errors import show_error
from ...fit import fit_to_screen
from ...text_size import heading_font
from .pages import NarrativePage, Page, StartPage, SummaryPage
from .questionnaire import QuestionnairePage, StsPage
from .safety import SafetyPanel
from .state import DEFAULT_INSTRUMENTS, NARRATIVE_STEPS, AssessmentState

AUTOSAVE_MS = 1000


def fresh_state(
    client_id: str, history: list[dict], today: date, by_post: str | None = None
) -> AssessmentState:
    """A new assessment: baseline for a new client; else the questionnaires of their baseline.
    ``by_post`` is the follow-up time point of a postal questionnaire that came back: chosen
    already, without what is only done in person (the sit-to-stand test)."""
    baselines = [a for a in history if a.get("time_point") == "baseline"]
    if not history:
        return AssessmentState(
            client_id, today, time_point="baseline", chosen=list(DEFAULT_INSTRUMENTS)
        )
    latest = max((a["administered_on"] for a in baselines), default=None)
    chosen = sorted({a["instrument"] for a in baselines if a["administered_on"] == latest})
    if by_post is not None:
        from ....services.followups import NOT_BY_POST

        chosen = [name for name in chosen if name not in NOT_BY_POST]
    # A follow-up has no default time point: choosing it is part of the assessment, unless
    # the list it was opened from says which follow-up came back.
    return AssessmentState(
        client_id, today, time_point=by_post, chosen=chosen or list(DEFAULT_INSTRUMENTS)
    )


class AssessmentDialog(QDialog):
    saved = Signal(object)  # the CompletedAssessment

    def __init__(
        self,
        store: Store,
        client: dict,
        staff: Callable[[], str],
        history: list[dict] | None = None,
        pack: ContentPack | None = None,
        today: date | None = None,
        parent=None,
        by_post: str | None = None,
    ):
        super().__init__(parent)
        self.store, self.client, self.staff, self.pack = store, client, staff, pack
        self.by_post = by_post
        self.materials = _materials(store, client)
        self.history = list(history or [])
        self.today = today or date.today()
        self.completed: CompletedAssessment | None = None
        self.draft = drafts.load_draft(store, client["id"], drafts.ASSESSMENT)
        self.state = (
            AssessmentState.from_payload(client["id"], self.draft.payload, self.today)
            if self.draft
            else fresh_state(client["id"], self.history, self.today, by_post)
        )
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.keep_draft)
        name = f"{client['given_name']} {client['family_name']}"
        self.setWindowTitle(self.tr("Assessment — %1").replace("%1", name))
        self.setAccessibleName(self.windowTitle())
        self._build(name)
        fit_to_screen(self, 1100, 820)
        self._show_step()

    # --- layout --------------------------------------------------------------------------

    def _build(self, name: str) -> None:
        title = QLabel(self.tr("Assessment with %1").replace("%1", name), self)
        heading_font(title, 1.3)
        self.resumed = self._resumed_banner()
        self.step_list = QListWidget(self)
        self.step_list.setAccessibleName(self.tr("Steps of the assessment"))
        self.step_list.setFixedWidth(300)
        self.step_list.setWordWrap(True)
        self.step_list.setSpacing(3)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.currentRowChanged.connect(self._step_clicked)
        self.pages = QStackedWidget(self)
        self.page_for: dict[str, Page] = {}
        self.scroll_for: dict[str, QScrollArea] = {}
        self.summary_safety = SafetyPanel(self.state, self._changed, self)
        self._ensure_pages()
        middle = QHBoxLayout()
        middle.addWidget(self.step_list)
        middle.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.resumed)
        layout.addLayout(middle, 1)
        layout.addLayout(self._buttons())

    def _resumed_banner(self) -> QWidget:
        banner = QFrame(self)
        banner.setObjectName("resumedBanner")
        banner.setStyleSheet("#resumedBanner { border: 2px solid #1d4f91; background: #eef4fc; }")
        row = QHBoxLayout(banner)
        self.resumed_text = QLabel(banner)
        self.resumed_text.setWordWrap(True)
        again = QPushButton(self.tr("Start again instead…"), banner)
        again.setAutoDefault(False)
        again.clicked.connect(self.start_again)
        row.addWidget(self.resumed_text, 1)
        row.addWidget(again)
        if self.draft is not None:
            saved = datetime.fromisoformat(self.draft.updated_at)
            self.resumed_text.setText(
                self.tr(
                    "Carrying on with the unfinished assessment kept on %1 at %2 by %3. "
                    "Nothing in it has been saved to the record yet."
                )
                .replace("%1", nhs_date(saved))
                .replace("%2", saved.strftime("%H:%M"))
                .replace("%3", self.draft.author or self.tr("unknown"))
            )
        banner.setVisible(self.draft is not None)
        return banner

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.close_button = QPushButton(self.tr("Close — finish later"), self)
        self.close_button.setToolTip(self.tr("Everything entered is kept as a draft (Esc)"))
        self.close_button.clicked.connect(self.reject)
        self.draft_status = QLabel(self)
        self.back = QPushButton(self.tr("◀ &Back"), self)
        self.next = QPushButton(self.tr("&Next ▶"), self)
        self.finish = QPushButton(self.tr("&Finish and save"), self)
        for button in (self.close_button, self.back, self.next, self.finish):
            button.setAutoDefault(False)
            button.setMinimumHeight(44)
        self.back.clicked.connect(lambda: self._move(-1))
        self.next.clicked.connect(lambda: self._move(+1))
        self.finish.clicked.connect(self.finish_and_save)
        row.addWidget(self.close_button)
        row.addWidget(self.draft_status, 1)
        row.addWidget(self.back)
        row.addWidget(self.next)
        row.addWidget(self.finish)
        return row

    def _ensure_pages(self) -> None:
        """A page for every step; questionnaire pages are made when first ticked."""
        for step in self.state.steps():
            if step not in self.page_for:
                page = self._make_page(step)
                page.changed.connect(self._changed)
                self.page_for[step] = page
                # Each page scrolls on its own, so a long page never stretches the others.
                scroll = QScrollArea(self.pages)
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setWidget(page)
                self.scroll_for[step] = scroll
                self.pages.addWidget(scroll)

    def _make_page(self, step: str) -> Page:
        if step == "start":
            return StartPage(self.state, self.history, self.pack is not None, self)
        if step in NARRATIVE_STEPS:
            return NarrativePage(self.state, step, self, self.materials)
        if step == "sts":
            return StsPage(self.state, self)
        if step in INSTRUMENTS:
            return QuestionnairePage(self.state, step, self.pack, self, self.materials)
        page = SummaryPage(self.state, self.summary_safety, self)
        page.go_to_step.connect(lambda name: self.go_to(name))
        return page

    # --- moving between steps ------------------------------------------------------------

    def go_to(self, step: str) -> None:
        self.state.go(self.state.steps().index(step))
        self._show_step()

    def _move(self, by: int) -> None:
        self.state.go(self.state.step + by)
        self._show_step()

    def _step_clicked(self, row: int) -> None:
        if row >= 0 and row != self.state.step:
            self.state.go(row)
            self._show_step()

    def _show_step(self) -> None:
        self._ensure_pages()
        steps = self.state.steps()
        step = self.state.current_step
        page = self.page_for[step]
        page.set_heading(
            self.tr("Step %1 of %2 · %3")
            .replace("%1", str(self.state.step + 1))
            .replace("%2", str(len(steps)))
            .replace("%3", step_name(step))
        )
        page.refresh()
        self.pages.setCurrentWidget(self.scroll_for[step])
        self._refresh_chrome()
        page.first_focus().setFocus()

    def _refresh_chrome(self) -> None:
        steps = self.state.steps()
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for number, step in enumerate(steps, start=1):
            self.step_list.addItem(f"{number}. {step_name(step)}{self._progress(step)}")
        self.step_list.setCurrentRow(self.state.step)
        self.step_list.blockSignals(False)
        last = self.state.step == len(steps) - 1
        start_ready = self.state.time_point is not None and bool(self.state.chosen)
        self.back.setEnabled(self.state.step > 0)
        self.next.setVisible(not last)
        self.next.setEnabled(self.state.current_step != "start" or start_ready)
        self.next.setToolTip(
            ""
            if self.next.isEnabled()
            else self.tr("Choose which assessment this is and at least one questionnaire")
        )
        self.next.setDefault(not last)
        self.finish.setVisible(last)
        self.finish.setEnabled(self.state.can_finish)

    def _progress(self, step: str) -> str:
        """How far a questionnaire has got, e.g. " — 5 of 9 answered"; "✓" when complete."""
        if step not in INSTRUMENTS:
            return ""
        count = instrument(step).item_count
        answered = count - len(self.state.unanswered(step))
        if answered == count:
            return "  ✓"
        return (
            self.tr(" — %1 of %2 answered").replace("%1", str(answered)).replace("%2", str(count))
        )

    # --- changes, drafts, finishing ------------------------------------------------------

    def _changed(self) -> None:
        self.autosave.start()  # restarts: written a second after the last change
        self._ensure_pages()
        for page in self.page_for.values():
            if page is not self.page_for[self.state.current_step]:
                page.refresh()
        self.summary_safety.refresh()
        self._refresh_chrome()

    def keep_draft(self, closing: bool = False) -> None:
        """Write the draft now (the autosave timer, and closing the window, call this)."""
        self.autosave.stop()
        if self.completed is not None or not self.state.dirty:
            return
        try:
            drafts.save_draft(
                self.store,
                self.client["id"],
                drafts.ASSESSMENT,
                self.state.to_payload(),
                self.staff(),
            )
        except (PainClinicError, DatabaseError) as exc:
            if closing:
                show_error(self, exc)  # the last chance: say so plainly
            else:  # while working, a quiet line rather than a dialog every second
                self.draft_status.setStyleSheet("color: #b00020; font-weight: bold;")
                self.draft_status.setText(
                    self.tr("The draft could not be kept just now; trying again.")
                )
                self.autosave.start()
            return
        self.draft_status.setStyleSheet("")
        self.draft_status.setText(
            self.tr("Draft kept at %1").replace("%1", datetime.now().strftime("%H:%M:%S"))
        )

    def finish_and_save(self) -> None:
        if not self.state.can_finish:
            return
        start = self.page_for["start"]
        if start.date.problem():  # a refused date: back to it, its message beside it
            self.go_to("start")
            start.date.setFocus()
            return
        try:
            self.completed = save_assessment(
                self.store,
                self.client["id"],
                self.state.time_point,
                self.state.administered_on,
                self.state.entries(),
                self.staff(),
                narrative=self.state.words(),
                risk_acknowledged=self.state.risk_acknowledged,
                today=self.today,
            )
        except PainClinicError as exc:
            show_error(self, exc)
            return
        self.autosave.stop()
        self.saved.emit(self.completed)
        self.accept()

    def start_again(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Start again?"),
            self.tr("Delete the unfinished assessment and start a new one? This cannot be undone."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.discard_and_restart()

    def discard_and_restart(self) -> None:
        drafts.discard_draft(self.store, self.client["id"], drafts.ASSESSMENT)
        self.draft = None
        self.resumed.setVisible(False)
        replacement = fresh_state(self.client["id"], self.history, self.today, self.by_post)
        self.state.__dict__.update(replacement.__dict__)  # pages keep their shared state
        for page in self.page_for.values():
            page.refresh()
        self._show_step()

    def done(self, result: int) -> None:  # closing in any way keeps the draft
        self.keep_draft(closing=True)
        super().done(result)


def _materials(store: Store, client: dict):
    """The client's materials language pack, for the questions read with them; PHQ-9 and
    GAD-7 items stay in English, and their pages say so (no official translation is
    shipped)."""
    from ....services.translations import materials_pack

    try:
        return materials_pack(store, client.get("materials_language"))
    except Exception:  # noqa: BLE001 — a damaged service pack: the questions stay English
        return None


def step_name(step: str) -> str:
    if step in INSTRUMENTS:
        return words.instrument(step)
    return measure_words.step_title(step)


def open_assessment(
    parent: QWidget,
    store: Store,
    client: dict,
    staff: Callable[[], str],
    history: list[dict],
    pack: ContentPack | None,
    on_saved: Callable[[CompletedAssessment], None],
    by_post: str | None = None,
) -> AssessmentDialog:
    """Open the guide for a client (window-modal) and call ``on_saved`` when it is finished;
    ``by_post``: the follow-up a returned postal questionnaire is for (see ``fresh_state``)."""
    dialog = AssessmentDialog(store, client, staff, history, pack, parent=parent, by_post=by_post)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
