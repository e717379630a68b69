"""The "Plan" section of the client record: the 10-Footsteps plan in the client's words.

What matters, best hopes, the focus footsteps, the setback plan and the resources given are
edited together and saved with "Save plan". Goals are saved as soon as their dialog is
saved; reviewing or replacing a goal only ever adds to its history. "Plan for the client
(PDF)…" writes their own copy on a worker thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ....reports.star_drawing import short_date
from ....services import plans
from ...errors import show_error
from ...ops import store_op
from ...widgets.unsaved_guard import UnsavedGuard
from ...widgets.who_can import WhoCanNote
from ...words import counted
from .footstep_cards import FootstepCards
from .goal_dialogs import GoalDialog, ReviewDialog, text_box
from .goals_panel import GoalsPanel
from .parts import ResourcesBox, SetbackPlanBox

GROUP_STYLE = "QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"


class PlanSection(QWidget):
    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("PlanSection", "&Plan")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.record = None
        self.client_id: str | None = None
        self.dirty = False
        self.open_dialog = None  # the dialog on screen, if any (tests fill it in)
        self._build()

    def today(self) -> date:
        return date.today()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.what_matters = self._words_box(self.tr("What matters to the client"))
        self.best_hopes = self._words_box(self.tr("Best hopes"))
        self.cards = FootstepCards(self)
        self.cards.changed.connect(self._focus_changed)
        self.goals = GoalsPanel(self)
        self.goals.add_requested.connect(self.add_goal)
        self.goals.review_requested.connect(self.review_goal)
        self.goals.replace_requested.connect(self.replace_goal)
        self.setback = SetbackPlanBox(self)
        self.setback.changed.connect(self._edited)
        self.resources = ResourcesBox(self.today(), self)
        self.resources.changed.connect(self._edited)

        words = QGridLayout()
        words.addWidget(
            self._caption(
                self.tr("What &matters to the client, in their words"), self.what_matters
            ),
            0,
            0,
        )
        words.addWidget(self._caption(self.tr("Their &best hopes"), self.best_hopes), 0, 1)
        words.addWidget(self.what_matters, 1, 0)
        words.addWidget(self.best_hopes, 1, 1)
        lower = QHBoxLayout()
        lower.addWidget(self._group(self.tr("Setback plan"), self.setback), 3)
        lower.addWidget(self._group(self.tr("Resources given"), self.resources), 2)

        page = QWidget(self)
        body = QVBoxLayout(page)
        body.addWidget(self._group(self.tr("In the client's words"), words))
        body.addWidget(self._group(self.tr("Focus footsteps"), self.cards))
        body.addWidget(self._group(self.tr("Goals"), self.goals))
        body.addLayout(lower)
        body.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        # For an admin: who writes plans and goals, and how to add them.
        self.who_can = WhoCanNote(self.tr("write plans and goals"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        layout.addLayout(self._language_bar())
        layout.addWidget(self.who_can)
        layout.addWidget(scroll, 1)
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setStyleSheet(GROUP_STYLE)
        # The plan's words are autosaved as the client's "plan" draft until "Save plan", so
        # opening another client, the lock or a crash loses nothing; offered back on return.
        words = {"what_matters": self.what_matters, "best_hopes": self.best_hopes}
        words |= {f"setback_{part}": box for part, box in self.setback.boxes.items()}
        self.guard = UnsavedGuard(
            self, self.context.store, words, None, "plan", staff=self.context.staff
        )

    def _top_bar(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("Save plan"), self)
        self.save_button.setToolTip(
            self.tr(
                "Save what matters, best hopes, focus footsteps, "
                "setback plan and resources (Ctrl+S)"
            )
        )
        self.save_button.clicked.connect(self.save)
        self.saved_note = QLabel(self)
        self.large_print = QCheckBox(self.tr("&Large print"), self)
        self.pdf_button = QPushButton(self.tr("Plan for the client (PDF)…"), self)
        self.pdf_button.clicked.connect(self.export_pdf)
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.saved_note, 1)
        bar.addWidget(self.large_print)
        bar.addWidget(self.pdf_button)
        return bar

    def _language_bar(self) -> QHBoxLayout:
        """The client's materials language: kept on their record, changeable for one print."""
        from ...materials import language_combo

        self.language = language_combo(self)
        self.language.setAccessibleName(self.tr("Language of the client's materials"))
        self.language.setToolTip(
            self.tr(
                "The plan for the client and its preview are in this language. It starts as "
                "the language kept on the client's record; choose another for one print."
            )
        )
        self.language.currentIndexChanged.connect(self._language_chosen)
        caption = QLabel(self.tr("Client &materials in:"), self)
        caption.setBuddy(self.language)
        self.keep_language = QPushButton(self.tr("&Keep for this client"), self)
        self.keep_language.setToolTip(
            self.tr("Save this language on the client's record for their printed materials")
        )
        self.keep_language.clicked.connect(self.keep_materials_language)
        self.preview_button = QPushButton(self.tr("Pre&view for the client…"), self)
        self.preview_button.clicked.connect(self.preview)
        bar = QHBoxLayout()
        bar.addWidget(caption)
        bar.addWidget(self.language)
        bar.addWidget(self.keep_language)
        bar.addStretch(1)
        bar.addWidget(self.preview_button)
        return bar

    def materials_language(self) -> str:
        return self.language.currentData()

    def _language_chosen(self) -> None:
        kept = (self.record.client.get("materials_language") if self.record else None) or "en"
        self.keep_language.setEnabled(self.record is not None and self.materials_language() != kept)

    def keep_materials_language(self) -> None:
        """Keep the chosen language on the client's record."""
        from ....services.translations import set_materials_language

        if self.client_id is None:
            return
        try:
            set_materials_language(
                self.context.store, self.client_id, self.materials_language(), self.context.staff()
            )
        except Exception as exc:  # noqa: BLE001 — said plainly, nothing changed
            show_error(self, exc)
            return
        self.context.reload()

    def preview(self) -> None:
        """The plan as the client will read it, in the chosen language, on screen."""
        from ....services.service_settings import service_details
        from ....services.translations import materials_pack
        from .preview import PlanPreviewDialog

        if self.record is None:
            return
        store = self.context.store
        client_records = {
            "client": self.record.client,
            "plan": (self.record.records.get("plans") or [None])[0],
            "goals": self.record.records.get("goals") or [],
            "igro_stars": self.record.records.get("igro_stars") or [],
        }
        dialog = PlanPreviewDialog(
            client_records,
            service_details(store),
            self.today(),
            lambda language: materials_pack(store, language),
            self.materials_language(),
            self,
        )
        self.open_dialog = dialog
        dialog.exec()
        self.open_dialog = None

    def _words_box(self, name: str):
        box = text_box(self, 4)
        box.setAccessibleName(name)
        box.textChanged.connect(self._edited)
        return box

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _group(self, title: str, content) -> QGroupBox:
        group = QGroupBox(title, self)
        layout = QVBoxLayout(group)
        if isinstance(content, QWidget):
            layout.addWidget(content)
        else:
            layout.addLayout(content)
        return group

    # --- showing --------------------------------------------------------------------------

    def show_record(self, record) -> None:
        """Show the record; unsaved plan edits for the same client are kept across reloads."""
        same_client = record.client["id"] == self.client_id
        if not same_client and self.dirty:
            self.guard.keep_draft()  # the other client's words, before they leave the screen
        self.record, self.client_id = record, record.client["id"]
        plan = (record.records.get("plans") or [None])[0]
        if not (same_client and self.dirty):
            self._fill(plan)
            self.guard.rebase(self.client_id)
            if not same_client and self.isVisible():
                self.guard.offer_restore()  # else when the Plan tab is first shown
        else:
            self._take_new_words(plan or {})
        self._show_goals()
        self._show_saved(plan)
        self.who_can.refresh()
        if not same_client or not self.keep_language.isEnabled():
            from ...materials import choose

            self.language.blockSignals(True)
            choose(self.language, record.client.get("materials_language"))
            self.language.blockSignals(False)
        self._language_chosen()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.guard.offer_when_shown()  # kept plan words, when the Plan tab is chosen

    def _take_new_words(self, plan: dict) -> None:
        """Words saved meanwhile (a finished assessment brings "what matters") go into a box
        the coach has not touched, so "Save plan" does not put the old words back."""
        for box, name in ((self.what_matters, "what_matters"), (self.best_hopes, "best_hopes")):
            stored, shown = plan.get(name) or "", self.guard.baseline.get(name, "")
            if stored != shown and box.toPlainText() == shown:
                box.blockSignals(True)
                box.setPlainText(stored)
                box.blockSignals(False)
                self.guard.baseline[name] = stored

    def _fill(self, plan: dict | None) -> None:
        plan = plan or {}
        for box, name in ((self.what_matters, "what_matters"), (self.best_hopes, "best_hopes")):
            box.blockSignals(True)
            box.setPlainText(plan.get(name) or "")
            box.blockSignals(False)
        self.cards.set_chosen(plan.get("focus_footsteps") or [])
        self.setback.set_plan(plan.get("setback_plan"))
        self.resources.set_given(plan.get("resources_given") or [])
        self.resources.suggest_for(self.cards.chosen())
        self._set_dirty(False)

    def _show_goals(self) -> None:
        self.goals.show_goals(
            self.record.records.get("goals") or [], self.cards.chosen(), self.today()
        )

    def _show_saved(self, plan: dict | None) -> None:
        if self.dirty:
            return
        if plan and plan.get("updated_at"):
            self.saved_note.setText(
                self.tr("Saved %1").replace("%1", short_date(plan["updated_at"][:10]))
            )
        else:
            self.saved_note.setText(self.tr("No plan saved yet"))

    def _edited(self) -> None:
        self._set_dirty(True)

    def _focus_changed(self) -> None:
        self._set_dirty(True)
        self.resources.suggest_for(self.cards.chosen())
        if self.record is not None:
            self._show_goals()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        if dirty:
            self.saved_note.setText(self.tr("Unsaved changes"))

    # --- saving ---------------------------------------------------------------------------

    def plan_fields(self) -> dict:
        return {
            "what_matters": self.what_matters.toPlainText(),
            "best_hopes": self.best_hopes.toPlainText(),
            "focus_footsteps": self.cards.chosen(),
            "setback_plan": self.setback.plan(),
            "resources_given": self.resources.given,
        }

    def save(self) -> bool:
        if self.client_id is None or not self.dirty:
            return True
        if not self._saved(
            lambda: plans.save_plan(
                self.context.store, self.client_id, self.plan_fields(), self.context.staff()
            )
        ):
            return False
        self.guard.finished()  # saved: the draft has served its turn
        self._set_dirty(False)
        self.context.reload()
        return True

    def _saved(self, work) -> bool:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 — every failure is shown, none swallowed
            show_error(self, exc)
            return False
        return True

    # --- goals ----------------------------------------------------------------------------

    def _goal(self, goal_id: str) -> dict:
        return next(g for g in self.record.records["goals"] if g["id"] == goal_id)

    def add_goal(self, footstep: int) -> None:
        store, staff = self.context.store, self.context.staff()

        def save(v: dict) -> None:
            plans.set_goal(
                store,
                self.client_id,
                v["footstep"],
                v["text"],
                v["set_on"],
                v["target_on"],
                v["confidence"],
                staff,
            )

        self._run_dialog(GoalDialog(save, footstep, self.today(), self), "goal_new")

    def review_goal(self, goal_id: str) -> None:
        store, staff = self.context.store, self.context.staff()

        def save(v: dict) -> None:
            plans.review_goal(store, goal_id, v["reviewed_on"], v["status"], v["note"], staff)

        dialog = ReviewDialog(save, self._goal(goal_id), self.today(), self)
        self._run_dialog(dialog, f"goal_review_{goal_id}")

    def replace_goal(self, goal_id: str) -> None:
        store, staff = self.context.store, self.context.staff()

        def save(v: dict) -> None:
            plans.replace_goal(
                store,
                goal_id,
                v["set_on"],
                v["text"],
                v["target_on"],
                v["confidence"],
                staff,
                footstep=v["footstep"],
                note=v["note"],
            )

        dialog = GoalDialog(save, None, self.today(), self, replacing=self._goal(goal_id))
        self._run_dialog(dialog, f"goal_replace_{goal_id}")

    def _run_dialog(self, dialog, draft_kind: str) -> None:
        """Show a goal dialog; after a save the record (and caseload) is shown afresh."""
        dialog.keep_drafts(self.context.store, self.client_id, draft_kind)
        self.open_dialog = dialog  # reachable while open, for keyboard-driven tests
        if dialog.exec():
            self.context.reload()
        self.open_dialog = None

    # --- the client's copy ----------------------------------------------------------------

    def export_pdf(self) -> None:
        if self.client_id is None:
            return
        out = self.ask_pdf_path()
        if not out or not self.save():
            return
        db_path, client_id = self.context.store.path, self.client_id
        staff, large = self.context.staff(), self.large_print.isChecked()
        language = self.materials_language()
        self.pdf_button.setEnabled(False)

        def done(pages: int) -> None:
            self.pdf_button.setEnabled(True)
            self.offer_folder(Path(out), pages)

        def failed(exc: BaseException) -> None:
            self.pdf_button.setEnabled(True)
            show_error(self, exc)

        def work(store, _progress):
            from ....services.client_reports import write_client_plan_for

            return write_client_plan_for(store, client_id, out, staff, large, language=language)

        store_op(
            self,
            db_path,
            work,
            done,
            label=self.tr("Writing the plan for the client…"),
            on_error=failed,
        )

    def ask_pdf_path(self) -> str:
        """Ask where to save, starting where plans were last saved (else Documents) with the
        name the service's file-name setting gives."""
        from ....services.client_reports import suggested_file_name
        from ....services.service_settings import SAVE_DIALOG
        from ...save_places import PLAN, ask_save_path

        document = "plan_large_print" if self.large_print.isChecked() else "plan"
        name = suggested_file_name(self.context.store, self.client_id, document, SAVE_DIALOG)
        return ask_save_path(
            self,
            PLAN,
            self.tr("Save the plan for the client"),
            name,
            self.tr("PDF files (*.pdf)"),
            ".pdf",
        )

    def offer_folder(self, out: Path, pages: int) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Plan for the client"),
            counted(
                pages,
                self.tr("The plan was saved as %2 (1 page)."),
                self.tr("The plan was saved as %2 (%1 pages)."),
            ).replace("%2", out.name),
            parent=self,
        )
        open_folder = box.addButton(self.tr("Open the folder"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))
