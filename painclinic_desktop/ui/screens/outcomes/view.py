"""The Outcomes section of the client record: trend charts, a table of the same numbers, the
client's words from each assessment, and the way into a new (or unfinished) assessment."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ....core.dates import nhs_date
from ....core.errors import PainClinicError
from ....core.permissions import EDIT_CLINICAL
from ....services import assessments as assessment_service
from ....services import drafts, session
from ... import measure_words, words
from ...errors import show_error
from ...widgets.who_can import WhoCanNote
from .model import OutcomesTableModel
from .state import TrendSeries, build_trends

NEW_ASSESSMENT_KEY = "Ctrl+Shift+A"


class OutcomesSection(QWidget):
    lazy = True  # many charts: filled when its tab is chosen (see record/view.py)

    @staticmethod
    def title() -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("OutcomesSection", "&Outcomes")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.record = None
        self.series: list[TrendSeries] = []
        self.charts: list = []
        self.dialog = None
        self.new_button = QPushButton(self.tr("New assessment…"), self)
        self.new_button.setMinimumHeight(40)
        self.new_button.clicked.connect(self.new_assessment)
        # On the record page, so the key works from any of the record's tabs.
        shortcut = QShortcut(QKeySequence(NEW_ASSESSMENT_KEY), parent or self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_assessment)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.status, 1)
        self.views = QTabWidget(self)
        self.views.addTab(self._charts_page(), self.tr("Charts"))
        self.views.addTab(self._table_page(), self.tr("Table"))
        self.notes = QTextBrowser(self)
        self.notes.setAccessibleName(self.tr("The client's own words from each assessment"))
        self.views.addTab(self.notes, self.tr("Client's words"))
        # For an admin: who does record assessments, and how to add them.
        self.who_can = WhoCanNote(self.tr("record assessments"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.who_can)
        layout.addWidget(self.views, 1)

    def _charts_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.legend = QLabel(
            self.tr(
                "■ baseline   ★ reached the minimal important difference (a change that matters)"
                "   ○ not yet reached   ◇ nothing to compare with   - - - baseline level   "
                "grey bands: result ranges, named on the right"
            ),
            page,
        )
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.empty = QLabel(page)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        holder = QWidget(scroll)
        self.grid = QGridLayout(holder)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        return page

    def _table_page(self) -> QTableView:
        self.model = OutcomesTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Outcome scores"))
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return self.table

    # --- showing the record ------------------------------------------------------------

    def show_record(self, record) -> None:
        self.record = record
        self.series = build_trends(record.records["assessments"])
        self.model.set_series(self.series)
        self._show_charts()
        self._show_notes(record.client["id"])
        self._show_draft(record.client["id"])

    def _show_charts(self) -> None:
        from ...widgets.trend_chart import TrendChart  # pyqtgraph loads only when needed

        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        charted = [s for s in self.series if s.charted and s.plotted]
        self.charts = []
        for i, series in enumerate(charted):
            chart = TrendChart(self)
            chart.show_series(series)
            self.grid.addWidget(chart, i // 2, i % 2)
            self.charts.append(chart)
        self.empty.setText(
            ""
            if charted
            else self.tr(
                "No questionnaires have been completed for this client yet. Press “New "
                "assessment…” to start one with them."
            )
        )
        self.empty.setVisible(not charted)
        self.legend.setVisible(bool(charted))

    def _show_notes(self, client_id: str) -> None:
        blocks = []
        for notes in reversed(assessment_service.assessment_notes(self.store, client_id)):
            day = notes["administered_on"]
            heading = f"{nhs_date(day)} · {words.time_point(notes['time_point'])}"
            lines = [
                f"<p><b>{_html(measure_words.narrative_question(key))}</b><br>"
                f"{_html(notes[key])}</p>"
                for key in assessment_service.NARRATIVE_FIELDS
                if notes.get(key)
            ]
            blocks.append(f"<h3>{_html(heading)}</h3>" + "".join(lines))
        self.notes.setHtml(
            "".join(blocks)
            or "<p>"
            + _html(
                self.tr(
                    "Nothing recorded yet: the client's words are kept here after each assessment."
                )
            )
            + "</p>"
        )

    def _show_draft(self, client_id: str) -> None:
        allowed = session.can(EDIT_CLINICAL)
        self.new_button.setEnabled(allowed)
        self.who_can.refresh()
        self.new_button.setToolTip(
            self.tr("Start the structured assessment (%1)").replace("%1", NEW_ASSESSMENT_KEY)
            if allowed
            else self.tr("Your account cannot record assessments")
        )
        draft = drafts.load_draft(self.store, client_id, drafts.ASSESSMENT) if allowed else None
        if draft is None:
            self.new_button.setText(self.tr("New assessment…"))
            self.status.setText("")
            return
        kept = datetime.fromisoformat(draft.updated_at)
        self.new_button.setText(self.tr("Carry on with the unfinished assessment…"))
        self.status.setText(
            self.tr(
                "An unfinished assessment was kept on %1 at %2. It is not counted anywhere until "
                "it is finished."
            )
            .replace("%1", nhs_date(kept))
            .replace("%2", kept.strftime("%H:%M"))
        )

    @property
    def store(self):
        return self.context.store

    # --- a new assessment ----------------------------------------------------------------

    def new_assessment(self) -> None:
        if (
            self.record is None
            or not self.new_button.isEnabled()
            or (self.dialog is not None and self.dialog.isVisible())
        ):
            return
        from ..assessment.view import open_assessment

        try:
            pack = assessment_service.content_pack_for(self.store)
        except PainClinicError as exc:
            show_error(self, exc)  # the pack is broken: say so, carry on with "Item N"
            pack = None
        self.dialog = open_assessment(
            self,
            self.store,
            self.record.client,
            self.context.staff,
            self.record.records["assessments"],
            pack,
            self._saved,
        )
        self.dialog.finished.connect(lambda _: self._closed())

    def _saved(self, completed) -> None:
        self.context.reload()
        flag = self.tr(" A RISK flag has been added to the record.") if completed.risk_flag else ""
        self.status.setText(self.tr("Assessment saved.") + flag)

    def _closed(self) -> None:
        if self.record is not None and self.dialog is not None and self.dialog.completed is None:
            self._show_draft(self.record.client["id"])  # "carry on" now offered
        self.dialog = None


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")
