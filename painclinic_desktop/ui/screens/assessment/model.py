"""The summary table of the assessment guide: one row per score of each chosen questionnaire."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from ....core.codes import INSTRUMENTS
from ....core.measures import instrument
from ... import measure_words, words
from ...table_model import TableModel
from .state import AssessmentState

COLUMNS = ("questionnaire", "score", "band", "answers")


class SummaryModel(TableModel):
    def __init__(self, state: AssessmentState, parent=None):
        super().__init__(parent)
        self.state = state
        self.rows: list[tuple[str, str, str, str, str]] = []  # instrument + the four columns
        self.headers = (
            self.tr("Questionnaire"),
            self.tr("Score"),
            self.tr("Result"),
            self.tr("Answers"),
        )

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = [row for name in self.state.chosen for row in self._rows(name)]
        self.endResetModel()

    def _rows(self, name: str) -> list[tuple[str, str, str, str, str]]:
        inst = instrument(name)
        result = self.state.result(name)
        answers = self._answers_text(name, result.prorated)
        shown = [s for s in inst.score_names if len(inst.score_names) == 1 or s != "raw"]
        rows = []
        for score_name in shown:
            title = words.instrument(name)
            if len(shown) > 1:
                title += " — " + measure_words.score_name(name, score_name)
            value = result.scores[score_name]
            shown_value = (
                measure_words.number(value) if value is not None else self.tr("not enough answers")
            )
            rows.append(
                (
                    name,
                    title,
                    shown_value,
                    measure_words.band(result.bands.get(score_name)),
                    answers,
                )
            )
        return rows

    def _answers_text(self, name: str, prorated: bool) -> str:
        count = instrument(name).item_count
        missing = self.state.unanswered(name)
        if len(missing) == count:
            return self.tr("none answered yet")
        text = (
            self.tr("%1 of %2 answered")
            .replace("%1", str(count - len(missing)))
            .replace("%2", str(count))
        )
        if missing:
            text += self.tr(" — not answered: question %1").replace(
                "%1", ", ".join(str(n) for n in missing)
            )
        if prorated:
            text += self.tr(" (score estimated from the answers given)")
        return text

    def instrument_at(self, row: int) -> str:
        return self.rows[row][0] if 0 <= row < len(self.rows) else INSTRUMENTS[0]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row[index.column() + 1]
        if role == Qt.ItemDataRole.FontRole and index.column() in (1, 2):
            font = QFont()
            font.setBold(True)
            return font
        return None
