"""Paired baseline and follow-up outcomes, shared by the monthly return and the evaluation.

For a window of follow-up dates, per client, instrument and follow-up time point:
- the follow-up is the client's latest assessment at that time point administered in the
  window (a later one replaces an earlier one; same-day ties by recording time, then id);
- the baseline is the client's earliest ``baseline`` assessment of the instrument, used only
  when it was administered on or before the follow-up;
- sit-to-stand results pair only with a baseline of the same protocol (default ``30s``);
- a pair counts for a score only when both assessments have that score (the instrument's
  missing-data rule); an invalid earliest baseline is not replaced by a later one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from painclinic_desktop.core import stats
from painclinic_desktop.core.codes import FOLLOW_UP_TIME_POINTS
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import (
    DEFAULT_STS_PROTOCOL,
    MeasureSettings,
    reaches_mid,
    score,
)
from painclinic_desktop.core.monthly_return_common import Period, iso_day

REPORTED_SCORES = (
    ("pseq", "total"),
    ("wemwbs", "total"),
    ("swemwbs", "metric"),
    ("bpi", "severity"),
    ("bpi", "interference"),
    ("ons4", "life_satisfaction"),
    ("ons4", "worthwhile"),
    ("ons4", "happy"),
    ("ons4", "anxious"),
    ("phq9", "total"),
    ("gad7", "total"),
    ("peg", "total"),
    ("sts", "count"),
)


class ScoreCache:
    """Scores by instrument and item answers, so each distinct assessment is scored once.

    Keyed by content rather than by record id: an edited assessment can never be reported
    with its old scores, and identical answer sets share one scoring. A caller may keep one
    cache across reports.
    """

    def __init__(self) -> None:
        self._scores: dict[tuple[Any, tuple[Any, ...]], dict[str, float | None]] = {}

    def scores(self, assessment: dict[str, Any]) -> dict[str, float | None]:
        key = (assessment.get("instrument"), tuple(assessment.get("items") or ()))
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = _score(key[0], list(key[1]))
        return found


def _score(instrument: Any, items: list[Any]) -> dict[str, float | None]:
    try:
        return dict(score(instrument, items).scores)
    except InvalidInput:
        # Items out of range cannot be scored; imports refuse them, so this is only ever
        # an old damaged record, which is left out rather than stopping the whole report.
        return {}


@dataclass(frozen=True)
class Pair:
    client_id: Any
    instrument: str
    time_point: str
    baseline: dict[str, Any]
    followup: dict[str, Any]


@dataclass(frozen=True)
class OutcomeRow:
    instrument: str
    score: str
    time_point: str
    summary: stats.PairedSummary
    n_mid_reached: int

    @property
    def percent_mid_reached(self) -> float:
        return 100 * self.n_mid_reached / self.summary.n


def protocol(assessment: dict[str, Any]) -> str:
    """The sit-to-stand protocol; other instruments have none (all pair together).

    An unrecognised protocol is kept as it is, so it pairs only with the same value.
    """
    if assessment.get("instrument") != "sts":
        return ""
    return assessment.get("protocol") or DEFAULT_STS_PROTOCOL


def _tiebreak(assessment: dict[str, Any]) -> tuple[str, str]:
    """Orders assessments given on the same day: when recorded, then id."""
    return str(assessment.get("created_at") or ""), str(assessment.get("id") or "")


def _day(assessment: dict[str, Any]) -> str | None:
    value = assessment.get("administered_on")
    return value[:10] if isinstance(value, str) else iso_day(value)


Held = dict[tuple[Any, Any, str], tuple[str, dict[str, Any]]]


def pair_assessments(assessments: Iterable[dict[str, Any]], window: Period) -> list[Pair]:
    """One pair per client, instrument and follow-up time point with a follow-up in window."""
    earliest_baseline: Held = {}
    latest_followup: Held = {}
    follow_up_points = frozenset(FOLLOW_UP_TIME_POINTS)
    start, end = window.start, window.end
    for a in assessments:
        point = a.get("time_point")
        day = _day(a)
        if not day:
            continue
        if point == "baseline":
            key = (a.get("client_id"), a.get("instrument"), protocol(a))
            held = earliest_baseline.get(key)
            if (
                held is None
                or day < held[0]
                or (day == held[0] and _tiebreak(a) < _tiebreak(held[1]))
            ):
                earliest_baseline[key] = (day, a)
        elif point in follow_up_points and start <= day <= end:
            key = (a.get("client_id"), a.get("instrument"), point)
            held = latest_followup.get(key)
            if (
                held is None
                or day > held[0]
                or (day == held[0] and _tiebreak(a) > _tiebreak(held[1]))
            ):
                latest_followup[key] = (day, a)
    pairs = []
    for (client_id, instrument, point), (day, followup) in latest_followup.items():
        baseline = earliest_baseline.get((client_id, instrument, protocol(followup)))
        if baseline is not None and baseline[0] <= day:
            pairs.append(Pair(client_id, instrument, point, baseline[1], followup))
    return pairs


def outcome_rows(
    assessments: Iterable[dict[str, Any]],
    window: Period,
    measure_settings: MeasureSettings | None = None,
    cache: ScoreCache | None = None,
) -> list[OutcomeRow]:
    """One row per reported score and follow-up time point with at least one valid pair."""
    settings = measure_settings if measure_settings is not None else MeasureSettings()
    cache = cache if cache is not None else ScoreCache()
    scored: dict[tuple[str, str], list[tuple[dict, dict]]] = defaultdict(list)
    for pair in pair_assessments(assessments, window):
        scores = (cache.scores(pair.baseline), cache.scores(pair.followup))
        scored[(pair.instrument, pair.time_point)].append(scores)
    rows = []
    for instrument, score_name in REPORTED_SCORES:
        for point in FOLLOW_UP_TIME_POINTS:
            row = outcome_row(
                instrument, score_name, point, scored.get((instrument, point), []), settings
            )
            if row is not None:
                rows.append(row)
    return rows


def outcome_row(
    instrument: str,
    score_name: str,
    point: str,
    scored_pairs: list[tuple[dict, dict]],
    settings: MeasureSettings,
) -> OutcomeRow | None:
    baseline, followup = [], []
    for before_scores, after_scores in scored_pairs:
        before, after = before_scores.get(score_name), after_scores.get(score_name)
        if before is not None and after is not None:
            baseline.append(before)
            followup.append(after)
    if not baseline:
        return None
    # Scores take few distinct values, so each (baseline, follow-up) is judged once.
    judged: dict[tuple[float, float], bool] = {}
    reached = 0
    for change in zip(baseline, followup, strict=True):
        if change not in judged:
            judged[change] = reaches_mid(instrument, score_name, *change, settings)
        reached += judged[change]
    summary = stats.paired_summary(baseline, followup)
    return OutcomeRow(instrument, score_name, point, summary, reached)


def outcome_table_rows(found: list, with_effect_size: bool) -> list[list]:
    """Rows of the Outcomes sheet (MONTHLY_RETURN.md) or, with the effect size d_z after the
    p-value, of the service evaluation table."""
    rows = []
    for row in found:
        s = row.summary
        rows.append(
            [
                row.instrument,
                row.score,
                row.time_point,
                s.n,
                s.baseline_mean,
                s.baseline_sd,
                s.followup_mean,
                s.followup_sd,
                s.mean_change,
                s.p_value,
                *([s.d_z] if with_effect_size else []),
                row.n_mid_reached,
                row.percent_mid_reached,
            ]
        )
    return rows
