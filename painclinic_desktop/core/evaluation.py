"""The service evaluation: the paired outcomes table for any date range, in the form of
published community pain programme evaluations (follow-ups administered in the range)."""

from __future__ import annotations

from typing import Any

from painclinic_desktop.core import stats
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import MeasureSettings
from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    Sheet,
    gc_paused,
    only_pcn,
    parse_day,
    records,
)
from painclinic_desktop.core.outcomes import (
    EVALUATION_SCORES,
    OutcomeRow,
    ScoreCache,
    assessment_rows,
    outcome_rows,
    outcome_table_rows,
    score_mid,
)

COLUMNS = [
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
    "d_z",
    "n_mid_reached",
    "percent_mid_reached",
    "mid",
    "mid_met",
]
FLOAT_FORMATS = {"p_value": "0.0000", "percent_mid_reached": "0.0"}
MID_MET_NOTE = (
    "mid: the minimal important difference used (negative where lower is better); mid_met: "
    "yes when the group's mean change is an improvement at least as large as it."
)
PAIRING = (
    "Each client's latest follow-up at a time point administered in the date range is paired "
    "with their earliest baseline of the same instrument on or before it; both scores must be "
    "valid; sit-to-stand results pair only within one protocol."
)


def compute_evaluation(
    caseload: Caseload,
    date_from: Any,
    date_to: Any,
    settings: Any = None,
    *,
    pcn: str | None = None,
    score_cache: ScoreCache | None = None,
) -> Sheet:
    """Outcomes of follow-ups administered from ``date_from`` to ``date_to`` (inclusive).

    ``settings`` is a MeasureSettings (None = the published MIDs).
    """
    start = parse_day(date_from, "date_from").isoformat()
    end = parse_day(date_to, "date_to").isoformat()
    if start > end:
        raise InvalidInput("the date range ends before it starts", field="date_to")
    if pcn is not None:
        caseload = only_pcn(caseload, pcn)
    with gc_paused():
        assessments = assessment_rows(records(caseload, "assessments"))
        found = outcome_rows(
            assessments, Period(start, end), settings, score_cache, EVALUATION_SCORES
        )
    measure_settings = settings if settings is not None else MeasureSettings()
    rows = [
        [*cells, *_mid_met(row, measure_settings)]
        for row, cells in zip(found, outcome_table_rows(found, with_effect_size=True), strict=True)
    ]
    return Sheet(
        list(COLUMNS),
        rows,
        float_formats=dict(FLOAT_FORMATS),
        notes=[stats.FORMULAS, PAIRING, MID_MET_NOTE],
    )


def _mid_met(row: OutcomeRow, settings: MeasureSettings) -> tuple[float, str | None]:
    """The score's MID and whether the mean change reaches it ("MID met" in published tables)."""
    mid = score_mid(row.instrument, row.score, settings)
    change = row.summary.mean_change
    if change is None:
        return mid, None
    improvement = change if mid > 0 else -change
    return mid, "yes" if round(improvement, 9) >= abs(mid) else "no"
