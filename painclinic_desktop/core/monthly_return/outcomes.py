"""The Outcomes sheet: each measure's paired change over the year ending with the month
(pairing and the baseline rule live in ``core/outcomes.py``, shared with the evaluation)."""

from __future__ import annotations

from typing import Any

from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.core.outcomes import PairedAnswers, outcome_rows_of, outcome_table_rows

OUTCOME_COLUMNS = [
    "instrument",
    "score",
    "time_point",
    "n",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "p_value",
    "n_mid_reached",
    "percent_mid_reached",
]
OUTCOME_FORMATS = {"p_value": "0.0000", "percent_mid_reached": "0.0"}


def outcomes_sheet(answers: list[PairedAnswers], measure_settings: Any = None) -> Sheet:
    """From the pairs of the year ending with the month (``core.outcomes``)."""
    found = outcome_rows_of(answers, measure_settings)
    rows = outcome_table_rows(found, with_effect_size=False)
    return Sheet(OUTCOME_COLUMNS, rows, float_formats=dict(OUTCOME_FORMATS))
