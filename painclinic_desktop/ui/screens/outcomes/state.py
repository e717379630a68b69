"""A client's outcome scores over time, without Qt: what the charts plot and the table lists.

One series per instrument score (and, for sit-to-stand, per protocol: 30- and 60-second
results are never on one line or compared). Each follow-up is compared with its baseline by
the app's one pairing rule (``core/outcomes.py``, as in the monthly return and the GP
summary): the client's earliest ``baseline`` assessment of the instrument given on or before
it; its date goes with every change. A follow-up "reaches the MID" by the rule in
MEASURES.md. Scores are always computed from the stored item answers, never stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ....core.codes import FOLLOW_UP_TIME_POINTS, INSTRUMENTS
from ....core.errors import InvalidInput
from ....core.measures import MeasureSettings, instrument, reaches_mid, score
from ....core.outcomes import (
    ID,
    TIME_POINT,
    assessment_rows,
    baseline_for,
    earliest_baselines,
    given_on,
    protocol_of,
)


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: str
    administered_on: str
    time_point: str
    value: float | None  # None: not enough answers for this score
    band: str | None
    prorated: bool
    is_baseline: bool
    baseline_value: float | None  # the baseline this point is compared with
    baseline_on: str | None  # the day that baseline was given
    change: float | None  # value - baseline_value
    reaches_mid: bool | None  # None for the baseline itself or with nothing to compare


@dataclass(frozen=True)
class TrendSeries:
    instrument: str
    score: str
    protocol: str | None  # sit-to-stand only
    points: tuple[TrendPoint, ...]
    low: float
    high: float
    higher_is_better: bool
    mid: float | None
    bands: tuple[tuple[str, float, float], ...]  # (band, from, to) ascending
    charted: bool  # False for a score that another converts (SWEMWBS raw): table only

    @property
    def plotted(self) -> list[TrendPoint]:
        """The points a chart draws: those with a score, in date order."""
        return [p for p in self.points if p.value is not None]


def _order(assessment: dict[str, Any]) -> tuple[str, str, str]:
    return (
        assessment.get("administered_on") or "",
        assessment.get("created_at") or "",
        assessment.get("id") or "",
    )


def _group_key(assessment: dict[str, Any]) -> tuple[str, str | None] | None:
    name = assessment.get("instrument")
    if name not in INSTRUMENTS:
        return None
    if name != "sts":
        return name, None
    return name, protocol_of(name, assessment.get("protocol"))


def build_trends(
    assessments: list[dict[str, Any]], settings: MeasureSettings | None = None
) -> list[TrendSeries]:
    """Every score series of the client's assessments, in the service's instrument order."""
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for assessment in sorted(assessments, key=_order):
        key = _group_key(assessment)
        if key is not None:
            groups[key].append(assessment)
    series = []
    for key in sorted(groups, key=lambda k: (INSTRUMENTS.index(k[0]), k[1] or "")):
        series.extend(_instrument_series(*key, groups[key], settings))
    return series


def _scored(name: str, items: Any):
    try:
        return score(name, items)
    except InvalidInput:
        return None  # a damaged old record: left out rather than shown wrong


def _instrument_series(name, protocol, assessments, settings) -> list[TrendSeries]:
    inst = instrument(name)
    scored = [(a, r) for a in assessments if (r := _scored(name, a.get("items"))) is not None]
    converted = {r.from_score for r in inst.score_rules if r.from_score}
    found = []
    for rule in inst.score_rules:
        mid = settings.mid(name, rule.name) if settings and rule.mid else rule.mid
        points = _points(name, rule.name, scored, settings)
        tops = (*rule.band_froms[1:], rule.high) if rule.band_froms else ()
        bands = tuple(zip(rule.band_names, rule.band_froms, tops, strict=True))
        found.append(
            TrendSeries(
                name,
                rule.name,
                protocol,
                tuple(points),
                rule.low,
                rule.high,
                rule.higher_is_better,
                mid,
                bands,
                rule.name not in converted,
            )
        )
    return found


def _points(name, score_name, scored, settings) -> list[TrendPoint]:
    rows = assessment_rows(a for a, _ in scored)
    earliest = earliest_baselines(rows)
    values = {
        row[ID]: result.scores[score_name] for row, (_, result) in zip(rows, scored, strict=True)
    }
    has_mid = instrument(name).rule(score_name).mid is not None
    points = []
    for row, (assessment, result) in zip(rows, scored, strict=True):
        value = result.scores[score_name]
        is_baseline = row[TIME_POINT] == "baseline"
        base = baseline_for(row, earliest) if row[TIME_POINT] in FOLLOW_UP_TIME_POINTS else None
        baseline = values[base[ID]] if base is not None else None
        compare = baseline is not None and value is not None
        points.append(
            TrendPoint(
                assessment_id=assessment.get("id") or "",
                administered_on=assessment.get("administered_on") or "",
                time_point=assessment.get("time_point") or "",
                value=value,
                band=result.bands.get(score_name),
                prorated=result.prorated,
                is_baseline=is_baseline,
                baseline_value=baseline,
                baseline_on=given_on(base) if base is not None else None,
                change=round(value - baseline, 9) if compare else None,
                reaches_mid=(
                    reaches_mid(name, score_name, baseline, value, settings)
                    if compare and has_mid
                    else None
                ),
            )
        )
    return points
