"""Paired baseline and follow-up outcomes: the one pairing rule of the app.

The monthly return, the service evaluation, the GP summary and the outcome charts all compare
a follow-up with its baseline by this module's rule (MONTHLY_RETURN.md), so one client never
shows two different changes:

- the **baseline** is the client's earliest ``baseline`` assessment of the instrument (same-day
  ties by recording time, then id), used only when given on or before the follow-up;
  sit-to-stand results pair only with a baseline of the same protocol (default ``30s``);
  a later baseline never replaces an earlier one, even one lacking a score;
- in a window of follow-up dates, the **follow-up** for a client, instrument and time point is
  the latest one given in the window;
- a pair counts for a score only when both assessments have that score (the instrument's
  missing-data rule).

Assessments are read as plain tuples in ``ASSESSMENT_FIELDS`` order, indexed by the names
below, so half a million of them pair without building an object each; answers may be a
tuple or the JSON text the store keeps them as (decoded only when the assessment pairs).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from painclinic_desktop.core import stats
from painclinic_desktop.core.codes import FOLLOW_UP_TIME_POINTS
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import DEFAULT_STS_PROTOCOL, MeasureSettings, reaches_mid
from painclinic_desktop.core.measures.scoring import score_values
from painclinic_desktop.core.monthly_return.common import Period, iso_day

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
# BPI "worst pain" and "average pain" (items 1 and 3 in MEASURES.md's item order) are rows of
# their own in published evaluations: the evaluation and equity reports list them after the
# BPI means. Each is one 0-10 answer, lower better, with the BPI's MID (-1) unless the service
# set its own. (The monthly return keeps the contract's list above.)
ITEM_SCORES: dict[tuple[str, str], int] = {("bpi", "worst"): 0, ("bpi", "average"): 2}
ITEM_SCORE_MID = -1.0
# The same, by instrument: (score, item index) pairs.
_ITEM_SCORES_OF: dict[str, tuple[tuple[str, int], ...]] = {
    name: tuple((score, index) for (of, score), index in ITEM_SCORES.items() if of == name)
    for name, _ in ITEM_SCORES
}
EVALUATION_SCORES = (*REPORTED_SCORES[:5], *ITEM_SCORES, *REPORTED_SCORES[5:])

# One assessment as the outcome rules read it, and the position of each field in it.
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
CLIENT, INSTRUMENT, TIME_POINT, GIVEN_ON, PROTOCOL, RECORDED_AT, ID, ITEMS = range(8)
AssessmentRow = tuple[Any, ...]
Scores = dict[str, Any]
BaselineKey = tuple[Any, Any, str]
_FOLLOW_UP_POINTS = frozenset(FOLLOW_UP_TIME_POINTS)
# The decoder's scanner reads one value and says where it ended (not in typeshed).
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def assessment_rows(assessments: Iterable[dict[str, Any]]) -> list[AssessmentRow]:
    """Assessment records as tuples in ``ASSESSMENT_FIELDS`` order (answers as a tuple)."""
    fields = ASSESSMENT_FIELDS[:-1]
    return [(*(a.get(name) for name in fields), tuple(a.get("items") or ())) for a in assessments]


def given_on(row: AssessmentRow) -> str | None:
    """The day an assessment was given, as ``YYYY-MM-DD``."""
    value = row[GIVEN_ON]
    return value[:10] if isinstance(value, str) else iso_day(value)


def protocol_of(instrument: Any, protocol: Any) -> str:
    """The sit-to-stand protocol (default ``30s``); other instruments have none, so all of
    their assessments pair together. An unrecognised protocol pairs only with itself."""
    return (protocol or DEFAULT_STS_PROTOCOL) if instrument == "sts" else ""


def baseline_key(row: AssessmentRow) -> BaselineKey:
    """Which baseline an assessment is compared with: same client, instrument, protocol."""
    return row[CLIENT], row[INSTRUMENT], protocol_of(row[INSTRUMENT], row[PROTOCOL])


def _tiebreak(row: AssessmentRow) -> tuple[str, str]:
    """Orders assessments given on the same day: when recorded, then id."""
    return str(row[RECORDED_AT] or ""), str(row[ID] or "")


def order(row: AssessmentRow) -> tuple[str, str, str]:
    """Date order of assessments: the day given, then when recorded, then id."""
    return (given_on(row) or "", *_tiebreak(row))


# (the day given, the assessment): a plain tuple, as hundreds of thousands are made.
Dated = tuple[str, AssessmentRow]
DAY: Final = 0
ROW: Final = 1


def earliest_baselines(rows: Iterable[AssessmentRow]) -> dict[BaselineKey, Dated]:
    """The earliest ``baseline`` assessment for each client, instrument and protocol."""
    earliest: dict[BaselineKey, Dated] = {}
    for row in rows:
        if row[TIME_POINT] != "baseline":
            continue
        value = row[GIVEN_ON]  # given_on(), inlined: this runs for every baseline
        day = value[:10] if isinstance(value, str) else iso_day(value)
        if not day:
            continue
        key = baseline_key(row)
        held = earliest.get(key)
        if (
            held is None
            or day < held[DAY]
            or (day == held[DAY] and _tiebreak(row) < _tiebreak(held[ROW]))
        ):
            earliest[key] = (day, row)
    return earliest


def baseline_for(
    followup: AssessmentRow, earliest: dict[BaselineKey, Dated]
) -> AssessmentRow | None:
    """The baseline a follow-up is compared with, or None (none given on or before it)."""
    return _baseline_by(earliest, baseline_key(followup), given_on(followup))


def _baseline_by(
    earliest: dict[BaselineKey, Dated], key: BaselineKey, day: str | None
) -> AssessmentRow | None:
    held = earliest.get(key)
    if held is None or day is None or held[DAY] > day:
        return None
    return held[ROW]


def latest_followups(
    rows: Iterable[AssessmentRow], window: Period
) -> dict[tuple[Any, Any, Any], Dated]:
    """The latest follow-up given in ``window`` per client, instrument and time point."""
    latest: dict[tuple[Any, Any, Any], Dated] = {}
    start, end = window.start, window.end
    for row in rows:
        point = row[TIME_POINT]
        if point not in _FOLLOW_UP_POINTS:
            continue
        value = row[GIVEN_ON]
        day = value[:10] if isinstance(value, str) else iso_day(value)
        if not day or not start <= day <= end:
            continue
        key = (row[CLIENT], row[INSTRUMENT], point)
        held = latest.get(key)
        if (
            held is None
            or day > held[DAY]
            or (day == held[DAY] and _tiebreak(row) > _tiebreak(held[ROW]))
        ):
            latest[key] = (day, row)
    return latest


class Pair(NamedTuple):
    client_id: Any
    instrument: str
    time_point: str
    baseline: AssessmentRow
    followup: AssessmentRow


def pair_rows(rows: Iterable[AssessmentRow], window: Period) -> list[Pair]:
    """One pair per client, instrument and follow-up time point with a follow-up in window."""
    rows = rows if isinstance(rows, list) else list(rows)
    earliest = earliest_baselines(rows)
    pairs = []
    for (client_id, instrument, point), (day, followup) in latest_followups(rows, window).items():
        key = (client_id, instrument, protocol_of(instrument, followup[PROTOCOL]))
        baseline = _baseline_by(earliest, key, day)  # baseline_for(), the day already known
        if baseline is not None:
            pairs.append(Pair(client_id, instrument, point, baseline, followup))
    return pairs


# One assessment with what the pairing rule derives from it already worked out (by the store's
# query, or by ``prepared``): the day given (``""`` if none), the same-day tie-break (when
# recorded, then id, as text), the protocol it pairs by (``protocol_of``), and its answers.
PREPARED_FIELDS = (
    "client_id", "instrument", "time_point", "day", "recorded_at", "id", "protocol", "items",
)  # fmt: skip
PreparedRow = tuple[Any, ...]
# A pair as the outcome tables need it: instrument, follow-up time point, the baseline's and
# the follow-up's answers.
PairedAnswers = tuple[Any, str, Any, Any]


@dataclass
class PairedOutcomes:
    """What the return's outcome figures read: the pairs of the window, in the order
    ``pair_rows`` gives them, and the clients with a baseline given by the window's end."""

    answers: list[PairedAnswers]
    with_baseline: set[Any]


def prepared(rows: Iterable[AssessmentRow]) -> list[PreparedRow]:
    """``AssessmentRow`` tuples as ``PREPARED_FIELDS`` tuples."""
    return [
        (
            row[CLIENT],
            row[INSTRUMENT],
            row[TIME_POINT],
            given_on(row) or "",
            *_tiebreak(row),
            protocol_of(row[INSTRUMENT], row[PROTOCOL]),
            row[ITEMS],
        )
        for row in rows
    ]


def paired_outcomes(rows: Iterable[PreparedRow], window: Period) -> PairedOutcomes:
    """``pair_rows`` and ``clients_with_baseline`` (at the window's end) in one pass over
    prepared rows: the same rule, the same pairs in the same order, without a function call
    per assessment (half a million of them on a whole service's laptop). Proved the same
    as the two by tests over random awkward caseloads."""
    start, end = window.start, window.end
    earliest: dict[tuple[Any, Any, Any], tuple[tuple[str, str, str], Any]] = {}
    latest: dict[tuple[Any, Any, Any], tuple[tuple[str, str, str], Any, Any]] = {}
    with_baseline = set()
    points = _FOLLOW_UP_POINTS
    for client_id, instrument, point, day, recorded_at, row_id, protocol, items in rows:
        if not day:
            continue
        if point == "baseline":
            if day <= end:
                with_baseline.add(client_id)
            key = (client_id, instrument, protocol)
            order = (day, recorded_at, row_id)
            held = earliest.get(key)
            if held is None or order < held[0]:
                earliest[key] = (order, items)
        elif point in points and start <= day <= end:
            key = (client_id, instrument, point)
            order = (day, recorded_at, row_id)
            last = latest.get(key)
            if last is None or order > last[0]:
                latest[key] = (order, protocol, items)
    answers = []
    for (client_id, instrument, point), (order, protocol, items) in latest.items():
        baseline = earliest.get((client_id, instrument, protocol))
        if baseline is not None and baseline[0][0] <= order[0]:
            answers.append((instrument, point, baseline[1], items))
    return PairedOutcomes(answers, with_baseline)


def paired_answers(pairs: Iterable[Pair]) -> list[PairedAnswers]:
    return [(p.instrument, p.time_point, p.baseline[ITEMS], p.followup[ITEMS]) for p in pairs]


class ScoreCache:
    """Scores by instrument and answers, so each distinct set of answers is decoded and scored
    once. Keyed by content rather than by record id: an edited assessment can never be
    reported with its old scores. A caller may keep one cache across reports."""

    def __init__(self) -> None:
        self._scores: dict[tuple[Any, Any], Scores] = {}

    def scores(self, instrument: Any, items: Any) -> Scores:
        key = (instrument, items)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = _score(instrument, _answers(items))
        return found


def _answers(items: str | tuple[Any, ...] | list[Any]) -> tuple[Any, ...]:
    if isinstance(items, str):
        return tuple(_decode(items) or ()) if items else ()
    return tuple(items)


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
        scores = score_values(instrument, answers)
    except InvalidInput:
        # Out-of-range answers (only ever an old damaged record; imports refuse them) are
        # left out rather than stopping the whole report.
        return {}
    for score_name, index in _ITEM_SCORES_OF.get(instrument, ()):
        scores[score_name] = answers[index] if index < len(answers) else None
    return scores


def score_reaches_mid(
    instrument: str, score_name: str, baseline: float, followup: float, settings: MeasureSettings
) -> bool:
    """``reaches_mid``, also for the single-item scores of ``ITEM_SCORES`` (lower better)."""
    if (instrument, score_name) not in ITEM_SCORES:
        return reaches_mid(instrument, score_name, baseline, followup, settings)
    mid = settings.mids.get((instrument, score_name), ITEM_SCORE_MID)
    return baseline - followup >= abs(mid)


def score_mid(instrument: str, score_name: str, settings: MeasureSettings) -> float:
    """The MID of a reported score (signed: negative where lower is better)."""
    if (instrument, score_name) in ITEM_SCORES:
        return -abs(settings.mids.get((instrument, score_name), ITEM_SCORE_MID))
    return settings.mid(instrument, score_name)


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


def outcome_rows(
    rows: Iterable[AssessmentRow],
    window: Period,
    measure_settings: MeasureSettings | None = None,
    cache: ScoreCache | None = None,
    scores: tuple[tuple[str, str], ...] = REPORTED_SCORES,
) -> list[OutcomeRow]:
    """One row per score of ``scores`` and follow-up time point with at least one valid
    pair."""
    answers = paired_answers(pair_rows(rows, window))
    return outcome_rows_of(answers, measure_settings, cache, scores)


def outcome_rows_of(
    answers: Iterable[PairedAnswers],
    measure_settings: MeasureSettings | None = None,
    cache: ScoreCache | None = None,
    scores: tuple[tuple[str, str], ...] = REPORTED_SCORES,
) -> list[OutcomeRow]:
    """``outcome_rows`` from pairs already made."""
    settings = measure_settings if measure_settings is not None else MeasureSettings()
    cache = cache if cache is not None else ScoreCache()
    scored: dict[tuple[str, str], list[tuple[Scores, Scores]]] = defaultdict(list)
    score = cache.scores
    for instrument, point, before, after in answers:
        scored[(instrument, point)].append((score(instrument, before), score(instrument, after)))
    found = []
    for instrument, score_name in scores:
        for point in FOLLOW_UP_TIME_POINTS:
            pairs = scored.get((instrument, point), [])
            row = outcome_row(instrument, score_name, point, pairs, settings)
            if row is not None:
                found.append(row)
    return found


def outcome_row(
    instrument: str,
    score_name: str,
    point: str,
    scored_pairs: list[tuple[Scores, Scores]],
    settings: MeasureSettings,
) -> OutcomeRow | None:
    both = [(b.get(score_name), a.get(score_name)) for b, a in scored_pairs]
    changes: list[tuple[float, float]] = [
        (before, after) for before, after in both if before is not None and after is not None
    ]
    if not changes:
        return None
    # Scores take few distinct values, so each (baseline, follow-up) is judged once.
    reached: int = sum(
        count
        for (before, after), count in Counter(changes).items()
        if score_reaches_mid(instrument, score_name, before, after, settings)
    )
    baseline = [before for before, _ in changes]
    followup = [after for _, after in changes]
    summary = stats.paired_summary(baseline, followup)
    return OutcomeRow(instrument, score_name, point, summary, reached)


def outcome_table_rows(found: list[OutcomeRow], with_effect_size: bool) -> list[list]:
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


def clients_with_baseline(rows: Iterable[AssessmentRow], end: str) -> set[Any]:
    """Clients with a ``baseline`` assessment (any instrument) given on or before ``end``."""
    return {
        row[CLIENT]
        for row in rows
        if row[TIME_POINT] == "baseline" and (given_on(row) or "9999") <= end
    }
