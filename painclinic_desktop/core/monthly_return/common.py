"""Pieces shared by the monthly return and the service evaluation: the sheet shape, the
reporting period, dates as ISO text, the PCN filter and small-number suppression.

Dates are compared as ISO ``YYYY-MM-DD`` text, which orders like the dates themselves and
keeps the passes over hundreds of thousands of records cheap.
"""

from __future__ import annotations

import calendar
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from painclinic_desktop.core.errors import InvalidInput

Caseload = dict[str, list[dict[str, Any]]]
SUPPRESSED = "<5"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass
class Sheet:
    """One table of a report: a header and rows of plain values (None = empty cell).

    ``float_formats`` maps a column to the display format of its non-integer numbers;
    ``notes`` are sentences a writer shows beside the table (for example the formulas used).
    """

    columns: list[str]
    rows: list[list[Any]]
    float_formats: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReturnSettings:
    suppress_small: bool = False
    measure_settings: Any = None  # a MeasureSettings; None = the published MIDs


@dataclass(frozen=True)
class Period:
    """Inclusive first and last day, as ISO text."""

    start: str
    end: str

    def holds(self, day: str | None) -> bool:
        return day is not None and self.start <= day <= self.end


def month_period(month: str) -> Period:
    """The calendar month ``YYYY-MM`` as a period."""
    found = _MONTH.match(month or "")
    if not found:
        raise InvalidInput(f"a month is written YYYY-MM, not {month!r}", field="month")
    year, number = int(found[1]), int(found[2])
    last = calendar.monthrange(year, number)[1]
    return Period(f"{month}-01", f"{month}-{last:02d}")


def iso_day(value: Any) -> str | None:
    """The date part of a date, date-time or ISO text (date-times keep their own offset)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    raise InvalidInput(f"not a date: {value!r}")


def parse_day(value: Any, field_name: str = "date") -> date:
    day = iso_day(value)
    try:
        return date.fromisoformat(day or "")
    except ValueError:
        raise InvalidInput(
            f"a date is written YYYY-MM-DD, not {value!r}", field=field_name
        ) from None


def shift_days(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def year_ending(end: str) -> Period:
    """The 12 months ending at ``end``: from end minus one year plus one day, to end."""
    last = date.fromisoformat(end)
    try:
        year_before = last.replace(year=last.year - 1)
    except ValueError:  # 29 February: a year earlier has only the 28th
        year_before = last.replace(year=last.year - 1, day=28)
    return Period((year_before + timedelta(days=1)).isoformat(), end)


def records(caseload: Caseload, collection: str) -> list[dict[str, Any]]:
    return caseload.get(collection) or []


def only_pcn(caseload: Caseload, pcn: str) -> Caseload:
    """The part of a caseload about clients of one PCN (services stay: they are shared)."""
    clients = [c for c in records(caseload, "clients") if c.get("pcn") == pcn]
    ids = {c.get("id") for c in clients}
    chosen: Caseload = {"clients": clients}
    for name, rows in caseload.items():
        if name in ("clients", "community_services", "mdt_meetings", "module_sessions"):
            continue
        if isinstance(rows, list):
            chosen[name] = [r for r in rows if r.get("client_id") in ids]
    chosen["community_services"] = records(caseload, "community_services")
    chosen["mdt_meetings"] = [_meeting_about(m, ids) for m in records(caseload, "mdt_meetings")]
    chosen["module_sessions"] = [
        {**s, "attendees": [a for a in s.get("attendees") or [] if a in ids]}
        for s in records(caseload, "module_sessions")
    ]
    return chosen


def _meeting_about(meeting: dict[str, Any], ids: set[Any]) -> dict[str, Any]:
    discussions = [d for d in meeting.get("discussions") or [] if d.get("client_id") in ids]
    return {**meeting, "discussions": discussions}


def shown_count(count: int, suppress: bool) -> int | str:
    """A count as written in the return: ``<5`` for 1–4 when small numbers are suppressed."""
    return SUPPRESSED if suppress and 1 <= count <= 4 else count


def order_categories(found: Iterable[str], known: Iterable[str]) -> list[str]:
    """Known codes in their own order, then any others alphabetically, ``unknown`` last."""
    found = set(found)
    known = list(known)
    extra = sorted(c for c in found if c not in known and c != "unknown")
    tail = ["unknown"] if "unknown" in found and "unknown" not in known else []
    return [c for c in known if c in found] + extra + tail


def latest_key(record: dict[str, Any], day_field: str) -> tuple[str, str, str]:
    """Orders records by their date, then when they were recorded, then id (ties stay stable)."""
    return (
        iso_day(record.get(day_field)) or "",
        str(record.get("created_at") or ""),
        str(record.get("id") or ""),
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report builds many small tuples.

    The records form no cycles; without this, repeated full collections over a large
    caseload cost more than the report itself (about three times as long).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
