"""The Signposting sheet: where clients were pointed in the month, by category and status."""

from __future__ import annotations

from collections import Counter

from painclinic_desktop.core.codes import SERVICE_CATEGORIES, SIGNPOSTING_STATUSES
from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    Sheet,
    iso_day,
    order_categories,
    records,
    shown_count,
)

SIGNPOSTING_COLUMNS = ["category", "status", "count"]


def signposting_sheet(caseload: Caseload, month: Period, suppress: bool) -> Sheet:
    categories = {s.get("id"): s.get("category") for s in records(caseload, "community_services")}
    counts: Counter[tuple[str, str]] = Counter()
    for signposting in records(caseload, "signposting"):
        category = categories.get(signposting.get("service_id")) or "unknown"
        for entry in signposting.get("history") or []:
            if month.holds(iso_day(entry.get("on"))):
                counts[(category, str(entry.get("status")))] += 1
    rows = []
    for category in order_categories({c for c, _ in counts}, SERVICE_CATEGORIES):
        statuses = {s for c, s in counts if c == category}
        for status in order_categories(statuses, SIGNPOSTING_STATUSES):
            rows.append([category, status, shown_count(counts[(category, status)], suppress)])
    return Sheet(SIGNPOSTING_COLUMNS, rows)
