"""The programme report: each programme's enrolment, attendance, completion and drop-out,
and the outcomes of those meeting its attendance rule beside those of everyone enrolled.

Programmes starting in the date range are reported, each on its own row and (with more than
one) all together. Counts are of enrolments:

- **enrolled**: every enrolment; **started**: attended at least one of the programme's
  sessions; **met rule**: attended at least the rule's share of the *planned* sessions
  (``core/programmes``); **completed**, **dropped out**, **still enrolled**: the status the
  coach recorded (the three add up to enrolled); **completed below rule**: completions the
  coach recorded with a reason although the rule was not met (among those completed);
- **drop-out rate**: dropped out / enrolled; drop-outs by reason add up to dropped out.

Outcomes use the service evaluation's pairing rule and columns (``core/outcomes``): for each
enrolment, the client's latest follow-up at each time point given from the programme's start
(or the range's, if later) to the end of the range, with their earliest baseline on or before
it. **Completers** are those meeting the attendance rule, as the published programmes
analyse; **all enrolled** is everyone, side by side. The all-programmes row pools the
programmes' pairs, so its N is their sum.

With suppression on (the default) counts of 1 to 4 are hidden, with further cells hidden so
that none can be worked out from totals, rows or bounds (``core/suppression``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import stats
from .codes import DROPOUT_REASONS, FOLLOW_UP_TIME_POINTS
from .errors import InvalidInput
from .measures import MeasureSettings
from .monthly_return.common import Caseload, Period, gc_paused, parse_day, records
from .outcomes import (
    ITEMS,
    REPORTED_SCORES,
    OutcomeRow,
    ScoreCache,
    assessment_rows,
    outcome_row,
    pair_rows,
)
from .programmes import attendance, rule_words
from .suppression import NOTE, hidden_in_table

ALL = "all"  # the all-programmes row
ALL_LABEL = "All programmes"
COUNTS = (
    "enrolled",
    "started",
    "met_rule",
    "completed",
    "completed_below_rule",
    "dropped_out",
    "still_enrolled",
)
COUNT_COLUMNS = [
    "programme",
    "starts_on",
    "planned_sessions",
    "rule_percent",
    *COUNTS,
    "dropout_rate_percent",
]
REASON_COLUMNS = ["programme", *DROPOUT_REASONS, "dropped_out"]
OUTCOME_FIGURES = (
    "n",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "p_value",
    "n_mid_reached",
    "percent_mid_reached",
)
GROUPS = ("completers", "all_enrolled")
OUTCOME_COLUMNS = [
    "programme",
    "instrument",
    "score",
    "time_point",
    *(f"{group}_{figure}" for group in GROUPS for figure in OUTCOME_FIGURES),
]
COUNT_NOTE = (
    "Counts are of enrolments: a client enrolled in two programmes counts once in each, and "
    "twice in All programmes. Started: attended at least one of the programme's sessions. "
    "Met rule: attended at least the rule's share of the planned sessions, as ticked on the "
    "programme's registers (the denominator is always the planned number of sessions). "
    "Completed, dropped out and still enrolled are the statuses recorded and add up to "
    "enrolled; completed below rule: completions recorded with the coach's reason although "
    "the rule was not met. Drop-out rate: dropped out / enrolled."
)
OUTCOME_NOTE = (
    "Outcomes pair each enrolled client's latest follow-up at a time point, given from the "
    "programme's start (or the start of the range, if later) to the end of the range, with "
    "their earliest baseline of the same instrument on or before it (the service "
    "evaluation's rule). Completers: enrolments meeting the attendance rule (completions "
    "below the rule are not among them); all enrolled: every enrolment. All programmes pools "
    "the programmes' pairs, so a client in two programmes gives a pair for each."
)

LINKED_NOTE = (
    "Counts here are linked across rows (completed, dropped out and still enrolled add up to "
    "enrolled; reasons add up to dropped out) as well as down the programmes, and hidden "
    'counts are chosen so that none follows from any of these; a count shown as "[c]" may '
    "itself be from 1 to 4."
)


@dataclass
class ProgrammeReport:
    date_from: str
    date_to: str
    suppressed: bool
    rules: list[tuple[str, str]]  # (programme, the rule in words)
    counts: list[list[Any]]  # COUNT_COLUMNS
    reasons: list[list[Any]]  # REASON_COLUMNS
    outcomes: list[list[Any]]  # OUTCOME_COLUMNS
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Enrolled:
    programme: str  # the row it counts in
    status: str
    started: bool
    met_rule: bool
    reason: str | None


def compute_programme_report(
    caseload: Caseload,
    date_from: Any,
    date_to: Any,
    settings: MeasureSettings | None = None,
    *,
    programme: str | None = None,
    suppress: bool = True,
) -> ProgrammeReport:
    """``caseload`` holds ``programmes``, ``programme_enrolments``, ``module_sessions``
    (``id``, ``attendees``) and ``assessments``. ``programme``: report only the programme
    of that name."""
    start = parse_day(date_from, "date_from").isoformat()
    end = parse_day(date_to, "date_to").isoformat()
    if start > end:
        raise InvalidInput("the date range ends before it starts", field="date_to")
    chosen = _programmes(caseload, start, end, programme)
    attendees = {s["id"]: s.get("attendees") or [] for s in records(caseload, "module_sessions")}
    by_programme: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for enrolment in records(caseload, "programme_enrolments"):
        by_programme[enrolment.get("programme_id")].append(enrolment)
    names = [p["name"] for p in chosen]
    rows = names + ([ALL] if len(chosen) > 1 else [])
    enrolled: list[_Enrolled] = []
    meeting: dict[str, set[str]] = {}  # programme id -> enrolment ids meeting the rule
    for p in chosen:
        meeting[p["id"]] = set()
        for e in by_programme.get(p["id"], []):
            found = attendance(p, attendees, e["client_id"])
            if found.meets_rule:
                meeting[p["id"]].add(e["id"])
            enrolled.append(
                _Enrolled(
                    p["name"], e["status"], found.started, found.meets_rule, e.get("dropout_reason")
                )
            )
    with gc_paused():
        outcome = _outcomes(caseload, chosen, by_programme, meeting, start, end, settings)
    notes = [COUNT_NOTE, OUTCOME_NOTE, stats.FORMULAS]
    if suppress:
        notes += [NOTE, LINKED_NOTE]
    return ProgrammeReport(
        start,
        end,
        suppress,
        [
            (p["name"], rule_words(p["attendance_rule_percent"], p["planned_sessions"]))
            for p in chosen
        ],
        *_count_rows(chosen, rows, enrolled, suppress),
        _outcome_rows(names, rows, outcome, suppress),
        notes,
    )


def _programmes(caseload: Caseload, start: str, end: str, name: str | None) -> list[dict[str, Any]]:
    every = sorted(records(caseload, "programmes"), key=lambda p: (p["starts_on"], p["name"]))
    chosen = [p for p in every if start <= p["starts_on"] <= end]
    if name is None:
        return chosen
    wanted = name.strip().casefold()
    found = [p for p in chosen if p["name"].casefold() == wanted]
    if not found:
        known = ", ".join(p["name"] for p in chosen) or "none"
        raise InvalidInput(
            f"No programme called '{name}' starts in the range (programmes starting then: "
            f"{known}).",
            "programme",
        )
    return found


# --- counts ----------------------------------------------------------------------------------


def _count_rows(
    chosen: list[dict[str, Any]], rows: list[str], enrolled: list[_Enrolled], suppress: bool
) -> tuple[list[list[Any]], list[list[Any]]]:
    values: dict[tuple[str, str], int] = {
        (r, c): 0 for r in rows for c in (*COUNTS, *DROPOUT_REASONS)
    }
    for e in enrolled:
        for r in (e.programme, ALL) if ALL in rows else (e.programme,):
            values[(r, "enrolled")] += 1
            values[(r, "started")] += e.started
            values[(r, "met_rule")] += e.met_rule
            status = "still_enrolled" if e.status == "enrolled" else e.status
            values[(r, status)] += 1
            if e.status == "completed" and not e.met_rule:
                values[(r, "completed_below_rule")] += 1
            if e.status == "dropped_out":
                values[(r, e.reason if e.reason in DROPOUT_REASONS else "other")] += 1
    hidden = hidden_in_table(values, *_count_relations(rows)) if suppress else {}

    def shown(r: str, c: str) -> Any:
        return hidden.get((r, c), values[(r, c)])

    counts, reasons = [], []
    by_name = {p["name"]: p for p in chosen}
    for r in rows:
        p = by_name.get(r)
        rate = None
        if values[(r, "enrolled")] and not (
            (r, "enrolled") in hidden or (r, "dropped_out") in hidden
        ):
            rate = 100 * values[(r, "dropped_out")] / values[(r, "enrolled")]
        counts.append(
            [
                ALL_LABEL if r == ALL else r,
                p["starts_on"] if p else None,
                p["planned_sessions"] if p else None,
                p["attendance_rule_percent"] if p else None,
                *(shown(r, c) for c in COUNTS),
                rate,
            ]
        )
        reasons.append(
            [
                ALL_LABEL if r == ALL else r,
                *(shown(r, c) for c in DROPOUT_REASONS),
                shown(r, "dropped_out"),
            ]
        )
    return counts, reasons


def _count_relations(rows: list[str]) -> tuple[list, list]:
    """How the counts are linked: the sums and the bounds a reader knows."""
    parts = [r for r in rows if r != ALL]
    sums: list = []
    if ALL in rows:
        for c in (*COUNTS, *DROPOUT_REASONS):
            sums.append(([(r, c) for r in parts], (ALL, c)))
    at_most: list = []
    for r in rows:
        sums.append(
            (
                [(r, "completed"), (r, "dropped_out"), (r, "still_enrolled")],
                (r, "enrolled"),
            )
        )
        sums.append(([(r, c) for c in DROPOUT_REASONS], (r, "dropped_out")))
        at_most += [
            ((r, "met_rule"), (r, "started")),
            ((r, "started"), (r, "enrolled")),
            ((r, "completed_below_rule"), (r, "completed")),
        ]
    return sums, at_most


# --- outcomes --------------------------------------------------------------------------------

Scored = list[tuple[dict, dict]]
Found = dict[tuple[str, str, tuple[str, str, str]], OutcomeRow]  # (row, group, measure)


def _outcomes(
    caseload: Caseload,
    chosen: list[dict[str, Any]],
    by_programme: dict[Any, list[dict[str, Any]]],
    meeting: dict[str, set[str]],
    start: str,
    end: str,
    settings: MeasureSettings | None,
) -> Found:
    settings = settings or MeasureSettings()
    cache = ScoreCache()
    rows = assessment_rows(records(caseload, "assessments"))
    by_client: dict[Any, list] = defaultdict(list)
    for row in rows:
        by_client[row[0]].append(row)
    scored: dict[tuple[str, str], dict[tuple[str, str], Scored]] = defaultdict(
        lambda: defaultdict(list)
    )
    pooled = len(chosen) > 1
    for p in chosen:
        window = Period(max(start, p["starts_on"]), end)
        for e in by_programme.get(p["id"], []):
            groups = ["all_enrolled"] + (["completers"] if e["id"] in meeting[p["id"]] else [])
            for pair in pair_rows(by_client.get(e["client_id"], []), window):
                scores = (
                    cache.scores(pair.instrument, pair.baseline[ITEMS]),
                    cache.scores(pair.instrument, pair.followup[ITEMS]),
                )
                for group in groups:
                    for r in (p["name"], ALL) if pooled else (p["name"],):
                        scored[(r, group)][(pair.instrument, pair.time_point)].append(scores)
    found: Found = {}
    for (r, group), changes in scored.items():
        for instrument, score_name in REPORTED_SCORES:
            for point in FOLLOW_UP_TIME_POINTS:
                pairs = changes.get((instrument, point), [])
                made = outcome_row(instrument, score_name, point, pairs, settings)
                if made is not None:
                    found[(r, group, (instrument, score_name, point))] = made
    return found


def _outcome_rows(
    names: list[str], rows: list[str], found: Found, suppress: bool
) -> list[list[Any]]:
    out = []
    measures = [(i, s, p) for i, s in REPORTED_SCORES for p in FOLLOW_UP_TIME_POINTS]
    for measure in measures:
        present = [r for r in rows if (r, "all_enrolled", measure) in found]
        if not present:
            continue
        values: dict[tuple[str, str, str], int] = {}
        for r in rows:
            for group in GROUPS:
                row = found.get((r, group, measure))
                values[(r, group, "n")] = row.summary.n if row else 0
                values[(r, group, "mid")] = row.n_mid_reached if row else 0
        hidden = hidden_in_table(values, *_outcome_relations(names, rows)) if suppress else {}
        for r in present:
            cells: list[Any] = []
            for group in GROUPS:
                cells += _figures(found.get((r, group, measure)), hidden, (r, group))
            out.append([ALL_LABEL if r == ALL else r, *measure, *cells])
    return out


def _outcome_relations(names: list[str], rows: list[str]) -> tuple[list, list]:
    sums: list = []
    if ALL in rows:
        for group in GROUPS:
            for what in ("n", "mid"):
                sums.append(([(r, group, what) for r in names], (ALL, group, what)))
    at_most: list = []
    for r in rows:
        at_most += [
            ((r, "completers", "n"), (r, "all_enrolled", "n")),
            ((r, "completers", "mid"), (r, "all_enrolled", "mid")),
            ((r, "completers", "mid"), (r, "completers", "n")),
            ((r, "all_enrolled", "mid"), (r, "all_enrolled", "n")),
        ]
    return sums, at_most


def _figures(row: OutcomeRow | None, hidden: dict, key: tuple[str, str]) -> list[Any]:
    if row is None:
        return [0, *([None] * (len(OUTCOME_FIGURES) - 1))]
    s = row.summary
    hide_n, hide_mid = hidden.get((*key, "n")), hidden.get((*key, "mid"))
    means = [s.baseline_mean, s.baseline_sd, s.followup_mean, s.followup_sd, s.mean_change]
    p_value = s.p_value
    if hide_n:
        means, p_value = [None] * len(means), None  # a mean over a hidden count goes with it
    percent = None if hide_n or hide_mid else row.percent_mid_reached
    return [hide_n or s.n, *means, p_value, hide_mid or row.n_mid_reached, percent]
