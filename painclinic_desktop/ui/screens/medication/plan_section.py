"""The "Dose reduction" part of a client record: the plan agreed with the prescriber, where
the client is on it, planned against recorded OME over time, and setbacks and pauses."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ....core import permissions
from ....core.codes import PLAN_EVENT_KINDS
from ....core.dates import nhs_date
from ....services import reduction_plans, session
from ...client_words import who
from ...widgets.button_row import button_row
from ...widgets.ome_chart import OmeChart
from ...widgets.quick_form import CHOICE, DATE, TEXT, FormField, QuickForm, open_dialog
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table
from . import words
from .plan_dialog import AgreePlanDialog


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


def event_words(kind: str) -> str:
    return {"setback": _t("Setback"), "pause": _t("Pause"), "resume": _t("Resumed")}.get(kind, kind)


class ReductionPlanSection(QWidget):
    lazy = True  # a chart: drawn when the tab is chosen

    @staticmethod
    def title() -> str:
        return _t("Dose red&uction")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.progress: reduction_plans.PlanProgress | None = None
        self.allowed = session.can(permissions.VIEW_CLINICAL)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName(_t("Where the client is on the plan"))
        self.chart = OmeChart(self)
        self.chart.setMinimumHeight(150)
        self.steps = RowsModel([_t("Date"), _t("Regimen agreed"), _t("Planned OME mg/day")], self)
        self.steps_table = make_table(
            self, self.steps, _t("Steps of the plan"), (100, 420), empty=_t("No plan recorded.")
        )
        self.events = RowsModel([_t("Date"), _t("What"), _t("Reason")], self)
        self.events_table = make_table(
            self,
            self.events,
            _t("Setbacks and pauses"),
            (100, 90),
            empty=_t("No setbacks or pauses recorded."),
        )
        actions, self.buttons = button_row(
            self,
            (
                ("agree", _t("Record an agreed plan…"), self.agree_plan),
                ("event", _t("Setback, pause or resume…"), self.record_event),
                ("end", _t("End the plan…"), self.end_plan),
            ),
        )
        tables = QSplitter(Qt.Orientation.Horizontal, self)
        tables.addWidget(self.steps_table)
        tables.addWidget(self.events_table)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart)
        split.addWidget(tables)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self.setEnabled(self.allowed)

    def show_record(self, record) -> None:
        self.client_id = record.client["id"]
        self._show()

    def _show(self) -> None:
        if not self.allowed or self.client_id is None:
            return
        today = date.today()
        self.progress = found = reduction_plans.progress(self.context.store, self.client_id, today)
        editing = session.can(permissions.EDIT_CLINICAL)
        self.buttons["agree"].setEnabled(editing)
        self.buttons["event"].setEnabled(editing and found is not None)
        self.buttons["end"].setEnabled(editing and found is not None)
        if found is None:
            self.summary.setText(
                _t(
                    "No dose-reduction plan recorded. A plan is agreed with the prescriber; "
                    "the app records it and shows progress, it never changes a dose."
                )
            )
            self.steps.set_rows([], [])
            self.events.set_rows([], [])
            self.chart.show_progress([], [], today.isoformat(), today)
            return
        self.summary.setText(self._summary_words(found))
        plan = found.plan
        self.steps.set_rows(
            [
                (nhs_date(s["on"]), s["regimen"], words.number(s.get("ome_mg_per_day")))
                for s in plan["steps"]
            ],
            [s["on"] for s in plan["steps"]],
        )
        self.events.set_rows(
            [
                (nhs_date(e["on"]), event_words(e["kind"]), e["reason"])
                for e in reversed(plan.get("events") or [])
            ],
            list(range(len(plan.get("events") or []))),
        )
        self.chart.show_progress(found.planned, found.recorded, plan["agreed_on"], today)

    def _summary_words(self, found: reduction_plans.PlanProgress) -> str:
        plan, at = found.plan, found.position
        lines = [
            _t("Agreed with <b>%1</b> on %2.")
            .replace("%1", escape(plan["agreed_with"]))
            .replace("%2", nhs_date(plan["agreed_on"]))
        ]
        if at.step is None:
            lines.append(_t("First step on %1.").replace("%1", nhs_date(plan["steps"][0]["on"])))
        else:
            lines.append(
                _t("Now at step %1 of %2 (from %3): %4 — planned %5 mg/day.")
                .replace("%1", str(at.step_number))
                .replace("%2", str(len(plan["steps"])))
                .replace("%3", nhs_date(at.step["on"]))
                .replace("%4", escape(at.step["regimen"]))
                .replace("%5", words.number(at.planned_ome) or "—")
            )
        recorded = words.ome(at.recorded_ome) if at.recorded_ome is not None else "—"
        line = _t("Recorded regimen now: %1 mg/day").replace("%1", recorded)
        if not at.recorded_complete:
            line += " " + _t("(incomplete: not every opioid converts)")
        lines.append(line + ". " + words.table_used(found.table.label) + ".")
        if at.next_step:
            lines.append(
                _t("Next step %1: %2.")
                .replace("%1", nhs_date(at.next_step["on"]))
                .replace("%2", escape(at.next_step["regimen"]))
            )
        if at.paused and at.last_event:
            lines.append(
                "<b>"
                + _t("On hold since %1 (%2): %3")
                .replace("%1", nhs_date(at.last_event["on"]))
                .replace("%2", event_words(at.last_event["kind"]).lower())
                .replace("%3", escape(at.last_event["reason"]))
                + "</b>"
            )
        return "<br>".join(lines)

    # --- actions ------------------------------------------------------------------------

    def agree_plan(self) -> None:
        if self.client_id is None:
            return
        intro = who(self.context, self.client_id)
        dialog = AgreePlanDialog(self.context, self.client_id, intro, self)
        open_dialog(self, dialog, self.context.reload)

    def record_event(self) -> None:
        if self.client_id is None or self.progress is None:
            return
        plan_id = self.progress.plan["id"]
        fields = [
            FormField(
                "kind",
                _t("&What:"),
                CHOICE,
                [(event_words(k), k) for k in PLAN_EVENT_KINDS],
                errors_for=("kind",),
            ),
            FormField("reason", _t("&Reason:"), TEXT, errors_for=("reason",)),
            FormField("on", _t("&Date:"), DATE, errors_for=("on",)),
        ]

        def save(v):
            return reduction_plans.record_event(
                self.context.store, plan_id, v["kind"], v["reason"], self.context.staff(),
                on=v["on"],
            )  # fmt: skip

        form = QuickForm(
            _t("Setback, pause or resume"),
            who(self.context, self.client_id),
            fields,
            save,
            self,
            _t("Save"),
        )
        open_dialog(self, form, self.context.reload)

    def end_plan(self) -> None:
        if self.client_id is None or self.progress is None:
            return
        plan_id = self.progress.plan["id"]
        fields = [
            FormField(
                "reason",
                _t("&Why:"),
                TEXT,
                hint=_t("e.g. completed, stopped by the prescriber"),
                errors_for=("reason",),
            ),
            FormField("on", _t("&Ended on:"), DATE, errors_for=("on",)),
        ]

        def save(v):
            return reduction_plans.end_plan(
                self.context.store, plan_id, v["reason"], self.context.staff(), on=v["on"]
            )

        form = QuickForm(
            _t("End the plan"), who(self.context, self.client_id), fields, save, self, _t("End")
        )
        open_dialog(self, form, self.context.reload)
