"""The PHQ-9 question 9 safety prompt: what to do now, and a box to tick before finishing."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QVBoxLayout

from .pages import scaled_font, wrapped
from .state import AssessmentState, item_wording


class SafetyPanel(QFrame):
    """Shown while PHQ-9 question 9 is answered above 0; finishing needs its box ticked."""

    def __init__(self, state: AssessmentState, on_change, parent=None):
        super().__init__(parent)
        self.state = state
        self._on_change = on_change
        self.setObjectName("safetyPanel")
        # A thick border and a heading word carry the warning in black and white too.
        self.setStyleSheet("#safetyPanel { border: 4px solid #b00020; background: #fff4f4; }")
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr("⚠ SAFETY — act on this now"), self, 1.4, bold=True))
        self.text = wrapped("", self, 1.1)
        layout.addWidget(self.text)
        self.tick = QCheckBox(
            self.tr("I have read this and I am following the service's risk procedure"), self
        )
        self.tick.setFont(scaled_font(self.tick, 1.2, bold=True))
        self.tick.setMinimumHeight(48)
        self.tick.toggled.connect(self._ticked)
        layout.addWidget(self.tick)
        self.refresh()

    def refresh(self) -> None:
        show = self.state.risk_found()
        self.setVisible(show)
        if not show:
            return
        value = self.state.answers_for("phq9")[8]
        label = item_wording("phq9", 9).labels.get(value, str(value))
        self.text.setText(
            self.tr(
                "The client answered question 9 (thoughts that they would be better off dead, or "
                "of hurting themselves) with “%1”.\n\nWhat to do now:\n"
                "• Follow the service's risk procedure now, before the client leaves or the call "
                "ends.\n• If anyone is in immediate danger, call 999.\n"
                "• Tell your supervisor or the duty clinician today.\n\n"
                "When you finish, a RISK flag is added to the client's record so the team and the "
                "MDT see it."
            ).replace("%1", label)
        )
        self.tick.blockSignals(True)
        self.tick.setChecked(self.state.risk_acknowledged)
        self.tick.blockSignals(False)

    def _ticked(self, on: bool) -> None:
        self.state.acknowledge_risk(on)
        self._on_change()
