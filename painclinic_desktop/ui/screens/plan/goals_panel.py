"""Goals grouped by footstep, each with its whole review history, oldest first.

A replaced goal stays in view, greyed, with the goal that replaced it just after it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....core import goals as goal_rules
from ....core.footsteps import footsteps
from ....reports.star_drawing import short_date
from ... import words
from .state import GoalRow, goal_groups

PANEL_STYLE = """
QFrame#goalCard { background: #ffffff; border: 1px solid #c9d3e0; border-radius: 6px; }
QFrame#goalCard[replaced="true"] { background: #f3f3f3; border: 1px dashed #b0b0b0; }
QLabel#goalText { font-weight: bold; }
QFrame#goalCard[replaced="true"] QLabel { color: #666666; }
QLabel#goalFacts { color: #33404d; }
QLabel#historyHead { color: #44546a; font-weight: bold; }
QLabel#footstepHeading { font-weight: bold; }
"""
# Statuses still being worked on: a target date passed with one of these is overdue.
OPEN_STATUSES = (None, "not_started", "in_progress")


class GoalCard(QFrame):
    review_requested = Signal(str)
    replace_requested = Signal(str)

    def __init__(self, row: GoalRow, today: date, parent=None):
        super().__init__(parent)
        self.goal = row.goal
        self.setObjectName("goalCard")
        self.setProperty("replaced", not row.standing)
        text = QLabel(f"“{row.goal['text']}”", self)
        text.setObjectName("goalText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(text, 1)
        if row.standing:
            for caption, signal in (
                (self.tr("Review…"), self.review_requested),
                (self.tr("Replace…"), self.replace_requested),
            ):
                button = QPushButton(caption, self)
                button.setAccessibleName(f"{caption} {row.goal['text']}")
                button.clicked.connect(lambda _=False, s=signal: s.emit(self.goal["id"]))
                top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self._facts(row, today))
        for link in self._links(row):
            layout.addWidget(link)
        self.history = self._history(row.goal)
        layout.addLayout(self.history)

    def _facts(self, row: GoalRow, today: date) -> QLabel:
        """Set, target (in red when it has passed with the goal still open), confidence, status.
        Only dates, numbers and the service's words go into this rich text, never free text."""
        goal = row.goal
        parts = [self.tr("Set %1").replace("%1", short_date(goal["set_on"]))]
        if goal.get("target_on"):
            target = self.tr("target %1").replace("%1", short_date(goal["target_on"]))
            if row.status in OPEN_STATUSES and goal["target_on"] < today.isoformat():
                target = (
                    f"<span style='color:#b00020; font-weight:bold'>{target}"
                    f"{self.tr(' (passed)')}</span>"
                )
            parts.append(target)
        if goal.get("confidence") is not None:
            parts.append(self.tr("confidence %1 out of 10").replace("%1", str(goal["confidence"])))
        status = words.goal_status(row.status) if row.status else self.tr("not reviewed yet")
        parts.append(self.tr("now: %1").replace("%1", f"<b>{status}</b>"))
        facts = QLabel(" · ".join(parts), self)
        facts.setObjectName("goalFacts")
        facts.setTextFormat(Qt.TextFormat.RichText)
        facts.setWordWrap(True)
        return facts

    def _links(self, row: GoalRow) -> list[QLabel]:
        links = []
        if row.replaces:
            links.append(
                QLabel(
                    self.tr("Replaces the earlier goal “%1”").replace("%1", row.replaces["text"]),
                    self,
                )
            )
        if row.replaced_by:
            links.append(
                QLabel(
                    self.tr("Replaced by “%1” (below)").replace("%1", row.replaced_by["text"]), self
                )
            )
        for link in links:
            link.setWordWrap(True)
        return links

    def _history(self, goal: dict) -> QGridLayout:
        """One line per review, oldest first; ``review_lines`` keeps their text for reading."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.review_lines: list[str] = []
        reviews = goal_rules.reviews_in_order(goal)
        if not reviews:
            grid.addWidget(QLabel(self.tr("No reviews yet."), self), 0, 0, 1, 4)
            return grid
        for column, caption in enumerate(
            (self.tr("Reviewed"), self.tr("Status"), self.tr("Note"), self.tr("By"))
        ):
            head = QLabel(caption, self)
            head.setObjectName("historyHead")
            grid.addWidget(head, 0, column)
        for n, review in enumerate(reviews, start=1):
            cells = (
                short_date(review["reviewed_on"]),
                words.goal_status(review["status"]),
                review.get("note") or "",
                review.get("by") or "",
            )
            for column, value in enumerate(cells):
                cell = QLabel(value, self)
                cell.setWordWrap(column == 2)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, n, column)
            self.review_lines.append(" — ".join(c for c in cells[:3] if c))
        grid.setColumnStretch(2, 1)
        return grid


class GoalsPanel(QWidget):
    add_requested = Signal(int)  # footstep number
    review_requested = Signal(str)  # goal id
    replace_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet(PANEL_STYLE)
        self.titles = {step.number: step.title for step in footsteps()}
        self.cards: list[GoalCard] = []
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)

    def show_goals(self, goals: list[dict], focus: list[int], today: date) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone at once, not when the deletion is processed
                item.widget().deleteLater()
        self.cards = []
        groups = goal_groups(goals, focus)
        if not groups:
            hint = QLabel(
                self.tr(
                    "Choose focus footsteps above, then add a goal for each in "
                    "the client's own words."
                ),
                self,
            )
            hint.setWordWrap(True)
            self.body.addWidget(hint)
        for footstep, rows in groups:
            self.body.addWidget(self._group(footstep, rows, today))

    def _group(self, footstep: int, rows: list[GoalRow], today: date) -> QWidget:
        group = QWidget(self)
        layout = QVBoxLayout(group)
        layout.setContentsMargins(0, 6, 0, 6)
        heading = QLabel(f"{footstep}. {self.titles.get(footstep, '')}", group)
        heading.setObjectName("footstepHeading")
        add = QPushButton(self.tr("Add a goal…"), group)
        add.setAccessibleName(
            self.tr("Add a goal for %1").replace("%1", self.titles.get(footstep, ""))
        )
        add.clicked.connect(lambda: self.add_requested.emit(footstep))
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(add)
        layout.addLayout(top)
        if not rows:
            layout.addWidget(QLabel(self.tr("No goals for this footstep yet."), group))
        for row in rows:
            card = GoalCard(row, today, group)
            card.review_requested.connect(self.review_requested)
            card.replace_requested.connect(self.replace_requested)
            layout.addWidget(card)
            self.cards.append(card)
        return group

    def card_for(self, goal_id: str) -> GoalCard | None:
        return next((c for c in self.cards if c.goal["id"] == goal_id), None)
