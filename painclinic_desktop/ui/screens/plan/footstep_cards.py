"""The ten footsteps as cards: tick the ones to focus on, and put them in the client's order.

Keyboard: Tab to a card's tick box, Space chooses it; Ctrl+Left / Ctrl+Right (or the arrow
buttons on a chosen card) move it earlier or later in the order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ....core.footsteps import Footstep, footsteps
from .state import FocusOrder

COLUMNS = 5
CARD_STYLE = """
QFrame#footstepCard { background: #ffffff; border: 1px solid #c9d3e0; border-radius: 8px; }
QFrame#footstepCard[chosen="true"] { background: #e8f1fc; border: 2px solid #1f5fa8; }
QLabel#footstepNumber { background: #e9eef5; color: #1b2a3a; border-radius: 13px;
                        font-weight: bold; min-width: 26px; max-width: 26px;
                        min-height: 26px; max-height: 26px; }
QFrame#footstepCard[chosen="true"] QLabel#footstepNumber { background: #1f5fa8; color: white; }
QLabel#focusBadge { color: #1f5fa8; font-weight: bold; }
QLabel#footstepDescription { color: #33404d; }
"""


class FootstepCard(QFrame):
    toggled = Signal(int)
    move_requested = Signal(int, int)  # footstep number, -1 earlier / +1 later

    def __init__(self, step: Footstep, parent=None):
        super().__init__(parent)
        self.number = step.number
        self.setObjectName("footstepCard")
        self.setProperty("chosen", False)
        self.setToolTip("\n".join(step.statements))
        number = QLabel(str(step.number), self)
        number.setObjectName("footstepNumber")
        number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.check = QCheckBox(step.title, self)
        self.check.setAccessibleName(
            self.tr("Focus on footstep %1, %2")
            .replace("%1", str(step.number))
            .replace("%2", step.title)
        )
        self.check.toggled.connect(lambda _: self.toggled.emit(self.number))
        description = QLabel(step.description, self)
        description.setObjectName("footstepDescription")
        description.setWordWrap(True)
        description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.badge = QLabel(self)
        self.badge.setObjectName("focusBadge")
        self.earlier = self._arrow("◀", self.tr("Move earlier in the order (Ctrl+Left)"), -1)
        self.later = self._arrow("▶", self.tr("Move later in the order (Ctrl+Right)"), +1)
        title_row = QHBoxLayout()
        title_row.addWidget(number)
        title_row.addWidget(self.check, 1)
        order_row = QHBoxLayout()
        order_row.addWidget(self.badge, 1)
        order_row.addWidget(self.earlier)
        order_row.addWidget(self.later)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(title_row)
        layout.addWidget(description, 1)
        layout.addLayout(order_row)
        for keys, step_by in (
            ("Ctrl+Left", -1),
            ("Ctrl+Right", 1),
            ("Ctrl+Up", -1),
            ("Ctrl+Down", 1),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step_by: self.move_requested.emit(self.number, s))

    def _arrow(self, text: str, tip: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(lambda: self.move_requested.emit(self.number, step))
        return button

    def show_position(self, position: int | None, count: int) -> None:
        chosen = position is not None
        self.check.blockSignals(True)
        self.check.setChecked(chosen)
        self.check.blockSignals(False)
        self.badge.setText(
            self.tr("Focus %1 of %2").replace("%1", str(position)).replace("%2", str(count))
            if chosen
            else ""
        )
        self.earlier.setVisible(chosen)
        self.later.setVisible(chosen)
        self.earlier.setEnabled(chosen and position > 1)
        self.later.setEnabled(chosen and position < count)
        if self.property("chosen") != chosen:
            self.setProperty("chosen", chosen)
            self.style().unpolish(self)
            self.style().polish(self)
            for child in self.findChildren(QLabel):
                self.style().unpolish(child)
                self.style().polish(child)

    def mousePressEvent(self, event) -> None:  # noqa: N802 — a click anywhere chooses the card
        if event.button() == Qt.MouseButton.LeftButton:
            self.check.toggle()
            self.check.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class FootstepCards(QWidget):
    """All ten cards; ``order`` holds the focus footsteps in the client's order."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.order = FocusOrder()
        self.setStyleSheet(CARD_STYLE)
        self.steps = {step.number: step for step in footsteps()}
        self.cards: dict[int, FootstepCard] = {}
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Focus footsteps in order"))
        grid = QGridLayout()
        grid.setSpacing(8)
        for n, step in enumerate(self.steps.values()):
            card = FootstepCard(step, self)
            card.toggled.connect(self._toggle)
            card.move_requested.connect(self._move)
            grid.addWidget(card, n // COLUMNS, n % COLUMNS)
            self.cards[step.number] = card
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        self._show()

    def set_chosen(self, chosen: list[int]) -> None:
        self.order = FocusOrder(chosen)
        self._show()

    def chosen(self) -> list[int]:
        return list(self.order.chosen)

    def _toggle(self, number: int) -> None:
        self.order.toggle(number)
        self._show()
        self.changed.emit()

    def _move(self, number: int, step: int) -> None:
        if self.order.move(number, step):
            self._show()
            self.changed.emit()

    def _show(self) -> None:
        count = len(self.order.chosen)
        for number, card in self.cards.items():
            card.show_position(self.order.position(number), count)
        if not count:
            self.summary.setText(
                self.tr(
                    "No focus footsteps chosen yet: tick the ones the "
                    "client wants to work on first."
                )
            )
            return
        names = [f"{n}. {self.steps[n].title}" for n in self.order.chosen]
        self.summary.setText(self.tr("Focus, in order: %1").replace("%1", "  →  ".join(names)))
