"""The ``Outcomes`` sheet of the monthly return, from assessments as plain tuples.

The pairing and scoring rules are those of ``core/outcomes.py`` (which the service
evaluation uses), applied to tuples in ``ASSESSMENT_FIELDS`` order rather than to records:
half a million assessments are paired without building a dict for each, and only the
answers of paired assessments are decoded and scored, each distinct set once, without
bands or flags.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from painclinic_desktop.core.codes import FOLLOW_UP_TIME_POINTS
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import DEFAULT_STS_PROTOCOL, MeasureSettings
from painclinic_desktop.core.measures.scoring import score_values
from painclinic_desktop.core.monthly_return_common import Period, iso_day
from painclinic_desktop.core.outcomes import REPORTED_SCORES, OutcomeRow, outcome_row

# One assessment as the return reads it. ``items`` are the answers: a tuple, or the JSON
# text the store keeps them as (decoded only if the assessment pairs).
ASSESSMENT_FIELDS = (
    "client_id",
    "instrument",
    "time_point",
    "administered_on",
    "protocol",
    "created_at",
    "id",
    "items",
)
AssessmentRow = tuple[Any, ...]
Scores = dict[str, Any]
_FOLLOW_UP_POINTS = frozenset(FOLLOW_UP_TIME_POINTS)
# The decoder's scanner reads one value and says where it ended (not in typeshed).
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def assessment_rows(assessments: Iterable[dict[str, Any]]) -> list[AssessmentRow]:
    """Assessment records as tuples in ``ASSESSMENT_FIELDS`` order (answers as a tuple)."""
    fields = ASSESSMENT_FIELDS[:-1]
    return [(*(a.get(name) for name in fields), tuple(a.get("items") or ())) for a in assessments]


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) else iso_day(value)


def _tiebreak(row: AssessmentRow) -> tuple[str, str]:
    """Orders assessments given on the same day: when recorded, then id."""
    return str(row[5] or ""), str(row[6] or "")


def pair_rows(rows: Iterable[AssessmentRow], window: Period) -> list[tuple[str, str, Any, Any]]:
    """``(instrument, time_point, baseline items, follow-up items)`` for each client,
    instrument and follow-up time point with a follow-up in ``window``: the latest such
    follow-up and the earliest baseline (same sit-to-stand protocol, default ``30s``;
    other instruments all pair together), if given on or before it."""
    earliest: dict[tuple[Any, Any, Any], tuple[str, AssessmentRow]] = {}
    latest: dict[tuple[Any, Any, Any], tuple[str, AssessmentRow]] = {}
    start, end = window.start, window.end
    # row: 0 client_id, 1 instrument, 2 time_point, 3 administered_on, 4 protocol,
    # 5 created_at, 6 id, 7 items; the row itself is kept, never rebuilt
    for row in rows:
        given = row[3]
        day = given[:10] if isinstance(given, str) else _day(given)
        if not day:
            continue
        point = row[2]
        if point == "baseline":
            key = (row[0], row[1], _protocol(row[1], row[4]))
            held = earliest.get(key)
            if (
                held is None
                or day < held[0]
                or (day == held[0] and _tiebreak(row) < _tiebreak(held[1]))
            ):
                earliest[key] = (day, row)
        elif point in _FOLLOW_UP_POINTS and start <= day <= end:
            key = (row[0], row[1], point)
            held = latest.get(key)
            if (
                held is None
                or day > held[0]
                or (day == held[0] and _tiebreak(row) > _tiebreak(held[1]))
            ):
                latest[key] = (day, row)
    pairs = []
    for (client_id, instrument, point), (day, followup) in latest.items():
        baseline = earliest.get((client_id, instrument, _protocol(instrument, followup[4])))
        if baseline is not None and baseline[0] <= day:
            pairs.append((instrument, point, baseline[1][7], followup[7]))
    return pairs


def _protocol(instrument: Any, protocol: Any) -> Any:
    return (protocol or DEFAULT_STS_PROTOCOL) if instrument == "sts" else ""


def outcome_rows_from(
    rows: Iterable[AssessmentRow], window: Period, settings: MeasureSettings | None = None
) -> list[OutcomeRow]:
    """One row per reported score and follow-up time point with at least one valid pair."""
    settings = settings if settings is not None else MeasureSettings()
    scored = _scored(pair_rows(rows, window))
    found = []
    for instrument, score_name in REPORTED_SCORES:
        for point in FOLLOW_UP_TIME_POINTS:
            pairs = scored.get((instrument, point), [])
            row = outcome_row(instrument, score_name, point, pairs, settings)
            if row is not None:
                found.append(row)
    return found


def _scored(
    pairs: list[tuple[str, str, Any, Any]],
) -> dict[tuple[str, str], list[tuple[Scores, Scores]]]:
    """The scores of each pair by instrument and time point; each distinct set of answers
    (per instrument) is decoded and scored once."""
    known: dict[tuple[Any, Any], Scores] = {}
    scored: dict[tuple[str, str], list[tuple[Scores, Scores]]] = defaultdict(list)
    for instrument, point, before, after in pairs:
        key = (instrument, before)
        before_scores = known.get(key)
        if before_scores is None:
            before_scores = known[key] = _score(instrument, _answers(before))
        key = (instrument, after)
        after_scores = known.get(key)
        if after_scores is None:
            after_scores = known[key] = _score(instrument, _answers(after))
        scored[(instrument, point)].append((before_scores, after_scores))
    return scored


def _answers(items: str | tuple[Any, ...]) -> tuple[Any, ...]:
    if isinstance(items, str):
        return tuple(_decode(items) or ()) if items else ()
    return items


def _decode(text: str) -> Any:
    """``json.loads(text)``, calling the JSON scanner directly when the text is exactly one
    value (half the cost over a hundred thousand answer sets)."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        end = -1
    return value if end == len(text) else json.loads(text)


def _score(instrument: Any, answers: tuple[Any, ...]) -> Scores:
    try:
        return score_values(instrument, answers)
    except InvalidInput:
        # Out-of-range answers (only ever an old damaged record) are left out rather than
        # stopping the whole return.
        return {}


def clients_with_baseline(rows: Iterable[AssessmentRow], end: str) -> set[Any]:
    """Clients with a ``baseline`` assessment (any instrument) given on or before ``end``."""
    return {row[0] for row in rows if row[2] == "baseline" and (_day(row[3]) or "9999") <= end}
