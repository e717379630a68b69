"""The discussion of one client at a meeting: decision, note and actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....core.codes import MDT_DECISIONS
from ....core.errors import InvalidInput
from ....core.referral_rules import parse_date
from ...widgets.labels import hint
from ...words import uk
from . import words

ACTION_COLUMNS = ("text", "owner", "due_on", "done_on")


class DiscussionForm(QWidget):
    save_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.client_label = QLabel(self)
        font = self.client_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.client_label.setFont(font)
        self.client_label.setWordWrap(True)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.decision = QComboBox(self)
        self.decision.setAccessibleName(self.tr("Decision"))
        self.decision.addItem(self.tr("— choose —"), None)
        for code in MDT_DECISIONS:
            self.decision.addItem(words.decision(code), code)
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.consequence = hint(self, "")
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Note of the discussion"))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What was discussed and why this was decided"))
        self.actions = QTableWidget(0, len(ACTION_COLUMNS), self)
        self.actions.setAccessibleName(self.tr("Actions"))
        self.actions.setHorizontalHeaderLabels(
            [
                self.tr("Action"),
                self.tr("Who"),
                self.tr("Due (dd/mm/yyyy)"),
                self.tr("Done (dd/mm/yyyy)"),
            ]
        )
        header = self.actions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.actions.verticalHeader().setVisible(False)
        self.actions.setMinimumHeight(110)
        add = QPushButton(self.tr("Add an act&ion"), self)
        add.clicked.connect(lambda: self.add_action())
        remove = QPushButton(self.tr("Remove action"), self)
        remove.clicked.connect(self._remove_action)
        self.again = QCheckBox(self.tr("Discuss again at the next meeting (keep the flag)"), self)
        self.save = QPushButton(self.tr("&Save discussion"), self)
        self.save.setDefault(True)
        self.save.clicked.connect(self.save_requested)

        form = QFormLayout()
        form.addRow(self.tr("&Decision:"), self.decision)
        form.addRow("", self.consequence)
        form.addRow(self.tr("&Note:"), self.note)
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(add)
        action_buttons.addWidget(remove)
        action_buttons.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.again)
        bottom.addStretch(1)
        bottom.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.client_label)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Actions:"), self))
        layout.addWidget(self.actions, 1)
        layout.addLayout(action_buttons)
        layout.addLayout(bottom)

    def show_discussion(
        self, heading: str, reason: str, discussion: dict | None, applied: bool
    ) -> None:
        self.client_label.setText(heading)
        self.reason.setText(reason)
        discussion = discussion or {}
        self.decision.setCurrentIndex(max(0, self.decision.findData(discussion.get("decision"))))
        self.decision.setEnabled(not applied)
        self.decision.setToolTip(
            self.tr("The tier change this decision made is on the client's record.")
            if applied
            else ""
        )
        self.note.setPlainText(discussion.get("note") or "")
        self.actions.setRowCount(0)
        for action in discussion.get("actions") or []:
            self.add_action(action)
        self.again.setVisible(not discussion)
        self.again.setChecked(False)
        self.save.setText(self.tr("&Save changes") if discussion else self.tr("&Save discussion"))
        self._decision_changed()

    def add_action(self, action: dict | None = None) -> None:
        action = action or {}
        row = self.actions.rowCount()
        self.actions.insertRow(row)
        for column, field in enumerate(ACTION_COLUMNS):
            value = action.get(field) or ""
            if field in ("due_on", "done_on"):
                value = uk(value)
            self.actions.setItem(row, column, QTableWidgetItem(value))
        if not action:
            self.actions.setCurrentCell(row, 0)
            self.actions.editItem(self.actions.item(row, 0))

    def _remove_action(self) -> None:
        row = self.actions.currentRow()
        if row >= 0:
            self.actions.removeRow(row)

    def _decision_changed(self, *args) -> None:
        code = self.decision.currentData()
        text = {
            "move_to_tier_2": self.tr(
                "Saving moves the client to Tier 2 from the day of the meeting."
            ),
            "move_to_tier_3": self.tr(
                "Saving moves the client to Tier 3 from the day of the "
                "meeting, linked to this discussion."
            ),
            "discharge": self.tr("Record the discharge itself on the client's record."),
        }.get(code or "", "")
        self.consequence.setText(text)
        self.consequence.setVisible(bool(text))

    def values(self) -> tuple[str | None, str, list[dict]]:
        """(decision, note, actions); dates typed as dd/mm/yyyy become ISO."""
        found = []
        for row in range(self.actions.rowCount()):
            cells = {
                f: (self.actions.item(row, c).text().strip() if self.actions.item(row, c) else "")
                for c, f in enumerate(ACTION_COLUMNS)
            }
            if not any(cells.values()):
                continue
            for field in ("due_on", "done_on"):
                iso, issue = parse_date(cells[field], field)
                if issue is not None:
                    raise InvalidInput(
                        self.tr("Action %1: write the date as dd/mm/yyyy.").replace(
                            "%1", str(row + 1)
                        ),
                        "actions",
                    )
                cells[field] = iso
            found.append(cells)
        decision = self.decision.currentData()
        if decision is None:
            raise InvalidInput(self.tr("Choose the decision the meeting reached."), "decision")
        return decision, self.note.toPlainText(), found
