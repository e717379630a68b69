"""The equity report: who the service reaches and who benefits, group by group.

For one dimension (``core/equity_groups``) and a date range:

- **reach**, per group: referrals received in the range, those accepted, first contacts (a
  client's first attended contact ever, in the range), completed episodes (discharges in the
  range), and the DNA rate of contacts in the range; beside the group's share of the
  referrals and, where the service has loaded it, of the registered population;
- **outcomes**, per group and for all clients: the service evaluation's table (the one pairing
  rule, ``core/outcomes``) with the 95 % interval of the mean change.

Every client is in exactly one group, so the groups' counts add up to the whole. With
suppression on (the default) small counts are hidden so that none can be worked out from the
totals (``core/suppression``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import stats, t_distribution
from .codes import FOLLOW_UP_TIME_POINTS
from .equity_groups import DIMENSIONS, group_label, groups_of, ordered
from .errors import InvalidInput
from .measures import MeasureSettings
from .monthly_return.common import Caseload, Period, gc_paused, iso_day, parse_day, records
from .outcomes import (
    EVALUATION_SCORES,
    ITEMS,
    OutcomeRow,
    ScoreCache,
    assessment_rows,
    outcome_row,
    pair_rows,
)
from .suppression import NOTE, SMALL, TOTAL, hidden_cells

ALL = "all"  # the whole service's row
REACH_COUNTS = ("referrals", "accepted", "first_contacts", "completed_episodes")
REACH_COLUMNS = [
    "group",
    "label",
    *REACH_COUNTS,
    "referral_share_percent",
    "dna_rate_percent",
    "population_share_percent",
]
OUTCOME_COLUMNS = [
    "group",
    "label",
    "instrument",
    "score",
    "time_point",
    "n",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "change_ci_low",
    "change_ci_high",
    "p_value",
    "n_mid_reached",
    "percent_mid_reached",
]
_MEANS = OUTCOME_COLUMNS[6:14]
REACH_NOTE = (
    "Reach: referrals received in the range and those accepted; first contacts: clients whose "
    "first attended contact ever is in the range; completed episodes: discharges in the "
    "range; DNA rate: did-not-attend contacts in the range / (attended + did-not-attend). "
    "Each client is in one group (age on the last day of the range; staff: the assigned "
    "coach), so the groups add up to the whole service."
)
INTERVAL_NOTE = (
    "95% interval of the mean change: mean difference ± t(0.975, n − 1) × SD of differences / √n."
)


@dataclass
class EquityReport:
    dimension: str
    date_from: str
    date_to: str
    suppressed: bool
    reach: list[list[Any]]  # rows in REACH_COLUMNS order (hidden cells as text)
    outcomes: list[list[Any]]  # rows in OUTCOME_COLUMNS order
    groups: list[str]  # in report order, without ALL
    notes: list[str] = field(default_factory=list)


def compute_equity(
    caseload: Caseload,
    dimension: str,
    date_from: Any,
    date_to: Any,
    settings: MeasureSettings | None = None,
    *,
    suppress: bool = True,
    population: dict[str, float] | None = None,
) -> EquityReport:
    """``population``: {group: people registered} for this dimension, when the service has it."""
    if dimension not in DIMENSIONS:
        raise InvalidInput(
            f"'{dimension}' is not a way to group clients; use one of {', '.join(DIMENSIONS)}",
            "by",
        )
    start = parse_day(date_from, "date_from").isoformat()
    end = parse_day(date_to, "date_to").isoformat()
    if start > end:
        raise InvalidInput("the date range ends before it starts", field="date_to")
    period = Period(start, end)
    group_of = groups_of(dimension, records(caseload, "clients"), end)
    with gc_paused():
        reach = _reach_counts(caseload, period, group_of)
        outcome = _outcomes(caseload, period, group_of, settings or MeasureSettings())
    found = {g for g in reach} | {g for g, _ in outcome}
    groups = ordered(dimension, found - {ALL})
    notes = [REACH_NOTE, stats.FORMULAS, INTERVAL_NOTE]
    if suppress:
        notes.append(NOTE)
    return EquityReport(
        dimension,
        start,
        end,
        suppress,
        _reach_rows(dimension, groups, reach, population, suppress),
        _outcome_rows(dimension, groups, outcome, suppress),
        groups,
        notes,
    )


# --- reach -------------------------------------------------------------------------------


def _reach_counts(
    caseload: Caseload, period: Period, group_of: dict[Any, str]
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(client_id: Any, what: str) -> None:
        group = group_of.get(client_id)
        if group is None:
            return  # a record of a client not in this caseload: counted nowhere
        counts[group][what] += 1
        counts[ALL][what] += 1

    for referral in records(caseload, "referrals"):
        if period.holds(iso_day(referral.get("received_on"))):
            add(referral.get("client_id"), "referrals")
            if referral.get("outcome") == "accepted":
                add(referral.get("client_id"), "accepted")
    first: dict[Any, str] = {}
    for contact in records(caseload, "contacts"):
        day = iso_day(contact.get("starts_at"))
        if day is None:
            continue
        outcome = contact.get("outcome")
        if outcome == "attended" and day < first.get(contact.get("client_id"), "9999"):
            first[contact.get("client_id")] = day
        if period.holds(day) and outcome in ("attended", "dna"):
            add(contact.get("client_id"), "seen_or_dna")
            if outcome == "dna":
                add(contact.get("client_id"), "dna")
    for client_id, day in first.items():
        if period.holds(day):
            add(client_id, "first_contacts")
    for discharge in records(caseload, "discharges"):
        if period.holds(iso_day(discharge.get("discharged_on"))):
            add(discharge.get("client_id"), "completed_episodes")
    counts.setdefault(ALL, defaultdict(int))
    return counts


def _reach_rows(
    dimension: str,
    groups: list[str],
    counts: dict[str, dict[str, int]],
    population: dict[str, float] | None,
    suppress: bool,
) -> list[list[Any]]:
    names = [*groups, ALL]
    cells: dict[str, dict[str, Any]] = {g: dict(counts.get(g, {})) for g in names}
    hidden: dict[str, dict[str, str]] = {g: {} for g in names}
    if suppress:
        for what in REACH_COUNTS:
            parts = [cells[g].get(what, 0) for g in groups]
            for i, mark in hidden_cells(parts, cells[ALL].get(what, 0)).items():
                hidden[ALL if i == TOTAL else groups[i]][what] = mark
            if 1 <= cells[ALL].get(what, 0) <= 4:
                hidden[ALL][what] = SMALL
    people = sum((population or {}).values())
    rows = []
    for g in names:
        c, h = cells[g], hidden[g]
        referrals, all_referrals = c.get("referrals", 0), cells[ALL].get("referrals", 0)
        share = 100 * referrals / all_referrals if all_referrals else None
        dna_base = c.get("seen_or_dna", 0)
        dna = 100 * c.get("dna", 0) / dna_base if dna_base else None
        if suppress and ("referrals" in h or "referrals" in hidden[ALL]):
            share = None  # a share of a hidden count would give the count away
        if suppress and 1 <= dna_base <= 4:
            dna = None
        pop_share = None
        if population and people and g != ALL:
            pop_share = 100 * population.get(g, 0) / people
        elif population and people:
            pop_share = 100.0
        label = "All clients" if g == ALL else group_label(dimension, g)
        counted = [h.get(what, c.get(what, 0)) for what in REACH_COUNTS]
        rows.append([g, label, *counted, share, dna, pop_share])
    return rows


# --- outcomes ----------------------------------------------------------------------------

Changes = dict[tuple[str, str], list[tuple[dict, dict]]]


@dataclass(frozen=True)
class _GroupOutcome:
    row: OutcomeRow
    interval: tuple[float, float] | None


def _outcomes(
    caseload: Caseload, period: Period, group_of: dict[Any, str], settings: MeasureSettings
) -> dict[tuple[str, tuple[str, str, str]], _GroupOutcome]:
    """{(group or ALL, (instrument, score, time point)): its row}."""
    cache = ScoreCache()
    scored: dict[str, Changes] = defaultdict(lambda: defaultdict(list))
    for pair in pair_rows(assessment_rows(records(caseload, "assessments")), period):
        group = group_of.get(pair.client_id)
        if group is None:
            continue
        scores = (
            cache.scores(pair.instrument, pair.baseline[ITEMS]),
            cache.scores(pair.instrument, pair.followup[ITEMS]),
        )
        for who in (group, ALL):
            scored[who][(pair.instrument, pair.time_point)].append(scores)
    found = {}
    for who, changes in scored.items():
        for instrument, score_name in EVALUATION_SCORES:
            for point in FOLLOW_UP_TIME_POINTS:
                pairs = changes.get((instrument, point), [])
                row = outcome_row(instrument, score_name, point, pairs, settings)
                if row is not None:
                    interval = change_interval(pairs, score_name)
                    found[(who, (instrument, score_name, point))] = _GroupOutcome(row, interval)
    return found


def change_interval(pairs: list[tuple[dict, dict]], score_name: str) -> tuple[float, float] | None:
    """The 95 % interval of the mean change (t distribution, df = n − 1); None when n < 2."""
    diffs = [
        after[score_name] - before[score_name]
        for before, after in pairs
        if before.get(score_name) is not None and after.get(score_name) is not None
    ]
    n = len(diffs)
    if n < 2:
        return None
    centre = stats.mean(diffs) or 0.0
    sd = stats.sample_sd(diffs) or 0.0
    half = t_distribution.quantile(0.975, n - 1) * sd / math.sqrt(n)
    return centre - half, centre + half


def _outcome_rows(
    dimension: str,
    groups: list[str],
    found: dict[tuple[str, tuple[str, str, str]], _GroupOutcome],
    suppress: bool,
) -> list[list[Any]]:
    rows = []
    keys = [(i, s, p) for i, s in EVALUATION_SCORES for p in FOLLOW_UP_TIME_POINTS]
    for key in keys:
        whole = found.get((ALL, key))
        if whole is None:
            continue
        parts = [found[(g, key)].row.summary.n if (g, key) in found else 0 for g in groups]
        reached = [found[(g, key)].row.n_mid_reached if (g, key) in found else 0 for g in groups]
        hide_n = hidden_cells(parts, whole.row.summary.n) if suppress else {}
        hide_mid = hidden_cells(reached, whole.row.n_mid_reached) if suppress else {}
        for i, g in enumerate(groups):
            if (g, key) in found:
                rows.append(
                    _outcome_cells(dimension, g, found[(g, key)], hide_n.get(i), hide_mid.get(i))
                )
        small = SMALL if suppress and 1 <= whole.row.summary.n <= 4 else hide_n.get(TOTAL)
        small_mid = SMALL if suppress and 1 <= whole.row.n_mid_reached <= 4 else hide_mid.get(TOTAL)
        rows.append(_outcome_cells(dimension, ALL, whole, small, small_mid))
    return rows


def _outcome_cells(
    dimension: str, group: str, found: _GroupOutcome, hide_n: str | None, hide_mid: str | None
) -> list[Any]:
    row, s = found.row, found.row.summary
    low, high = found.interval or (None, None)
    means = [
        s.baseline_mean,
        s.baseline_sd,
        s.followup_mean,
        s.followup_sd,
        s.mean_change,
        low,
        high,
        s.p_value,
    ]
    if hide_n:
        means = [None] * len(means)  # a mean over a hidden count is hidden with it
    # The MID count has its own check across the groups; its percentage goes with either.
    reached: Any = hide_mid or row.n_mid_reached
    percent = None if hide_n or hide_mid else row.percent_mid_reached
    label = "All clients" if group == ALL else group_label(dimension, group)
    return [
        group,
        label,
        row.instrument,
        row.score,
        row.time_point,
        hide_n or s.n,
        *means,
        reached,
        percent,
    ]


# --- for charts ----------------------------------------------------------------------------


def outcome_records(report: EquityReport) -> list[dict[str, Any]]:
    return [dict(zip(OUTCOME_COLUMNS, r, strict=True)) for r in report.outcomes]


def measures_reported(report: EquityReport) -> list[tuple[str, str]]:
    """(instrument, score) of each measure with a row, in report order."""
    found: list[tuple[str, str]] = []
    for r in outcome_records(report):
        if (r["instrument"], r["score"]) not in found:
            found.append((r["instrument"], r["score"]))
    return found


def time_points_reported(report: EquityReport, instrument: str, score: str) -> list[str]:
    return [
        r["time_point"]
        for r in outcome_records(report)
        if (r["instrument"], r["score"], r["group"]) == (instrument, score, ALL)
    ]


def busiest_time_point(report: EquityReport, instrument: str, score: str) -> str | None:
    """The follow-up time point with the most clients for a measure (a chart's default)."""
    wholes = [
        r
        for r in outcome_records(report)
        if (r["instrument"], r["score"], r["group"]) == (instrument, score, ALL)
        and isinstance(r["n"], int)
    ]
    return max(wholes, key=lambda r: r["n"])["time_point"] if wholes else None


def change_points(
    report: EquityReport, instrument: str, score: str, time_point: str
) -> list[dict[str, Any]]:
    """The rows a change chart draws: each group's, then the whole service's."""
    return [
        r
        for r in outcome_records(report)
        if (r["instrument"], r["score"], r["time_point"]) == (instrument, score, time_point)
    ]
