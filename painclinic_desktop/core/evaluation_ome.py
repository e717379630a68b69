"""The service evaluation's opioid table (issue 15): mean daily OME at baseline and at
follow-up for clients on opioids, paired, with its p-value; how many fell by 25 % or more;
how many were on 120 mg/day or more at each point.

Baseline is the regimen on the day the client's opioids were first recorded; follow-up is
the regimen on the last day of the range. A client is paired when the baseline falls in the
range at least ``MIN_DAYS`` before its end. A total that does not convert (methadone) cannot
be compared: such clients are counted apart, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from . import stats
from .medication import opioid_items, regimen_ome_of, regimen_on
from .monthly_return.common import Sheet, parse_day
from .ome import HIGH_DOSE_MG, OmeTable

MIN_DAYS = 28
FALL = Decimal("0.25")
COLUMNS = [
    "measure",
    "n",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "p_value",
    "n_fell_25_percent",
    "percent_fell_25_percent",
    "n_120_or_more_baseline",
    "n_120_or_more_followup",
    "n_not_comparable",
]
FLOAT_FORMATS = {"p_value": "0.0000", "percent_fell_25_percent": "0.0"}


def ome_pairs(
    items: list[dict[str, Any]], table: OmeTable, start: str, end: str
) -> tuple[list[tuple[Decimal, Decimal]], int]:
    """(baseline, follow-up) OME per client paired in the range; clients not comparable."""
    by_client: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_client.setdefault(item["client_id"], []).append(item)
    latest_baseline = (date.fromisoformat(end) - timedelta(days=MIN_DAYS)).isoformat()
    pairs: list[tuple[Decimal, Decimal]] = []
    not_comparable = 0
    for client_items in by_client.values():
        opioids = opioid_items(client_items)
        if not opioids:
            continue
        baseline_on = min(i["started_on"] for i in opioids)
        if not (start <= baseline_on <= latest_baseline):
            continue
        before = regimen_ome_of(regimen_on(client_items, baseline_on), table)
        after = regimen_ome_of(regimen_on(client_items, end), table)
        if before is None or not before.complete or (after is not None and not after.complete):
            not_comparable += 1
            continue
        after_total = after.total if after is not None else None
        pairs.append((before.total or Decimal(0), after_total or Decimal(0)))
    return pairs, not_comparable


def compute_ome_evaluation(
    items: list[dict[str, Any]], table: OmeTable, date_from: Any, date_to: Any
) -> Sheet:
    start = parse_day(date_from, "date_from").isoformat()
    end = parse_day(date_to, "date_to").isoformat()
    pairs, not_comparable = ome_pairs(items, table, start, end)
    baseline = [float(b) for b, _ in pairs]
    followup = [float(f) for _, f in pairs]
    summary = stats.paired_summary(baseline, followup)
    fell = sum(1 for b, f in pairs if b > 0 and (b - f) >= b * FALL)
    row = [
        "ome_mg_per_day",
        len(pairs),
        summary.baseline_mean,
        summary.baseline_sd,
        summary.followup_mean,
        summary.followup_sd,
        summary.mean_change,
        summary.p_value,
        fell,
        100.0 * fell / len(pairs) if pairs else None,
        sum(1 for b, _ in pairs if b >= HIGH_DOSE_MG),
        sum(1 for _, f in pairs if f >= HIGH_DOSE_MG),
        not_comparable,
    ]
    notes = [
        f"Oral morphine equivalent (OME, mg/day) from {table.label}. Baseline: the regimen on "
        "the day the client's opioids were first recorded, in the date range and at least "
        f"{MIN_DAYS} days before its end; follow-up: the regimen on the last day of the range "
        "(0 when every opioid has stopped). Paired t-test p-value. Fell by 25 %: follow-up at "
        "most three quarters of baseline. A total that does not convert (methadone) cannot be "
        "compared: those clients are counted as not comparable, never estimated.",
    ]
    return Sheet(list(COLUMNS), [row], float_formats=dict(FLOAT_FORMATS), notes=notes)
