"""The service report's figures for commissioners' quarterly meetings, for a date range:

- referrals received month by month and cumulatively, against the planned number for the
  year (a service setting, spread evenly over the months);
- new clients (distinct clients with an accepted referral received in the range): the share
  from IMD deciles 1–2 (of those whose decile is known) and the employment mix;
- of clients with an attended contact in the range, the share who received each
  within-session component;
- per coach (the contact's staff member; caseload by assigned coach): clients seen, contacts
  attended, DNA rate, clients open and assigned at the end, and paired outcomes reaching the
  MID (all reported scores together, by the client's assigned coach).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .codes import CONTACT_COMPONENTS, EMPLOYMENT_STATUSES
from .errors import InvalidInput
from .measures import MeasureSettings
from .monthly_return.common import Caseload, Period, iso_day, parse_day, records
from .outcomes import assessment_rows, outcome_rows

UNKNOWN = "unknown"


@dataclass
class CoachRow:
    coach: str
    clients_seen: int = 0
    contacts_attended: int = 0
    dna: int = 0
    caseload_at_end: int = 0
    pairs: int = 0
    pairs_reaching_mid: int = 0

    @property
    def dna_rate_percent(self) -> float | None:
        base = self.contacts_attended + self.dna
        return 100 * self.dna / base if base else None

    @property
    def percent_reaching_mid(self) -> float | None:
        return 100 * self.pairs_reaching_mid / self.pairs if self.pairs else None


@dataclass
class ServiceFigures:
    date_from: str
    date_to: str
    months: list[str]  # YYYY-MM in the range
    referrals_by_month: list[int]
    planned_per_year: int | None
    planned_by_month: list[float] | None  # cumulative plan at each month end
    new_clients: int
    imd_known: int
    imd_1_2: int
    employment: dict[str, int]
    clients_with_contact: int
    components: dict[str, int]  # clients who received the component
    coaches: list[CoachRow] = field(default_factory=list)

    @property
    def referrals(self) -> int:
        return sum(self.referrals_by_month)

    @property
    def imd_1_2_percent(self) -> float | None:
        return 100 * self.imd_1_2 / self.imd_known if self.imd_known else None


def _months(start: date, end: date) -> list[str]:
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def compute_service_figures(
    caseload: Caseload,
    date_from: Any,
    date_to: Any,
    planned_per_year: int | None = None,
    settings: MeasureSettings | None = None,
) -> ServiceFigures:
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start > end:
        raise InvalidInput("the date range ends before it starts", "to")
    period = Period(start.isoformat(), end.isoformat())
    months = _months(start, end)
    by_month: Counter[str] = Counter()
    new: set[Any] = set()
    for r in records(caseload, "referrals"):
        day = iso_day(r.get("received_on"))
        if day is not None and period.holds(day):
            by_month[day[:7]] += 1
            if r.get("outcome") == "accepted":
                new.add(r.get("client_id"))
    clients = {c.get("id"): c for c in records(caseload, "clients")}
    deciles = [clients.get(c, {}).get("imd_decile") for c in new]
    known = [d for d in deciles if isinstance(d, int) and 1 <= d <= 10]
    employment = Counter(clients.get(c, {}).get("employment_status") or UNKNOWN for c in new)
    planned = None
    if planned_per_year:
        planned = [planned_per_year / 12 * (i + 1) for i in range(len(months))]
    seen, given = _components(caseload, period)
    return ServiceFigures(
        period.start,
        period.end,
        months,
        [by_month[m] for m in months],
        planned_per_year,
        planned,
        len(new),
        len(known),
        sum(1 for d in known if d <= 2),
        {s: employment[s] for s in (*EMPLOYMENT_STATUSES, UNKNOWN) if employment[s]},
        len(seen),
        {c: len(given[c]) for c in CONTACT_COMPONENTS},
        _coaches(caseload, period, clients, settings),
    )


def _components(caseload: Caseload, period: Period) -> tuple[set, dict[str, set]]:
    seen: set[Any] = set()
    given: dict[str, set[Any]] = defaultdict(set)
    for k in records(caseload, "contacts"):
        if k.get("outcome") != "attended" or not period.holds(iso_day(k.get("starts_at"))):
            continue
        seen.add(k.get("client_id"))
        for component in k.get("components") or []:
            given[component].add(k.get("client_id"))
    return seen, given


def _coaches(
    caseload: Caseload, period: Period, clients: dict, settings: MeasureSettings | None
) -> list[CoachRow]:
    rows: dict[str, CoachRow] = {}

    def row(name: Any) -> CoachRow:
        key = str(name or "").strip() or UNKNOWN
        return rows.setdefault(key, CoachRow(key))

    seen: dict[str, set] = defaultdict(set)
    for k in records(caseload, "contacts"):
        if not period.holds(iso_day(k.get("starts_at"))):
            continue
        if k.get("outcome") == "attended":
            row(k.get("staff")).contacts_attended += 1
            seen[row(k.get("staff")).coach].add(k.get("client_id"))
        elif k.get("outcome") == "dna":
            row(k.get("staff")).dna += 1
    for coach, ids in seen.items():
        rows[coach].clients_seen = len(ids)
    for client_id in _open_at(caseload, period.end):
        assigned = clients.get(client_id, {}).get("assigned_staff")
        if assigned:
            row(assigned).caseload_at_end += 1
    by_coach: dict[str, list] = defaultdict(list)
    for a in records(caseload, "assessments"):
        coach = clients.get(a.get("client_id"), {}).get("assigned_staff")
        if coach:
            by_coach[str(coach).strip()].append(a)
    for coach, assessments in by_coach.items():
        found = outcome_rows(assessment_rows(assessments), period, settings)
        if found:
            row(coach).pairs = sum(r.summary.n for r in found)
            row(coach).pairs_reaching_mid = sum(r.n_mid_reached for r in found)
    return sorted(rows.values(), key=lambda r: (r.coach == UNKNOWN, r.coach.casefold()))


def _open_at(caseload: Caseload, end: str) -> set[Any]:
    """Clients open at ``end`` (MONTHLY_RETURN.md): latest accepted referral on or before it,
    no discharge between that referral and ``end``."""
    latest: dict[Any, str] = {}
    for r in records(caseload, "referrals"):
        day = iso_day(r.get("received_on"))
        if r.get("outcome") == "accepted" and day and day <= end:
            latest[r.get("client_id")] = max(day, latest.get(r.get("client_id"), day))
    closed = {
        d.get("client_id")
        for d in records(caseload, "discharges")
        if d.get("client_id") in latest
        and latest[d.get("client_id")] <= (iso_day(d.get("discharged_on")) or "") <= end
    }
    return set(latest) - closed
