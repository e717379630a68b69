"""Dates as the NHS writes them, and dates as people type them.

Shown: ``06-Dec-2026`` (the month as a word, so 06/12 and 12/06 cannot be confused) and
times 24-hour, ``06-Dec-2026 14:05``. Typed: ``28/12/2026``, ``28-12-2026``, ``28.12.2026``,
``28-Dec-2026``, ``28 December 2026``, ``2026-12-28``, and a two-digit year when the allowed
range leaves only one century it can mean. Month names are English on purpose: the clinical
record is read the same way on every computer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _as_datetime(value: str | date | datetime) -> datetime | date:
    if isinstance(value, datetime | date):
        return value
    text = value.strip()
    if len(text) > 10:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return date.fromisoformat(text)


def nhs_date(value: str | date | datetime | None) -> str:
    """``06-Dec-2026`` from an ISO date (or date-time) or a date; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        day = _as_datetime(value)
    except ValueError:
        return str(value)  # never hide what was stored, even if it is not a date
    return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year:04d}"


def nhs_time(value: str | datetime | None) -> str:
    """``14:05`` (24-hour) from an ISO date-time or a datetime; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        moment = _as_datetime(value)
    except ValueError:
        return ""
    if not isinstance(moment, datetime):
        return ""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def nhs_datetime(value: str | date | datetime | None) -> str:
    """``06-Dec-2026 14:05``; a plain date gives just the date."""
    if value is None or value == "":
        return ""
    shown = nhs_date(value)
    time_part = ""
    if isinstance(value, str | datetime):
        time_part = nhs_time(value)
    return f"{shown} {time_part}" if time_part else shown


# --- typed dates --------------------------------------------------------------------------


# Why a typed date was refused: the UI words these (core returns codes, not sentences).
EMPTY, NOT_A_DATE, NOT_A_MONTH, YEAR_IN_FULL, NOT_REAL, TOO_LATE, TOO_EARLY = (
    "empty",
    "not_a_date",
    "not_a_month",
    "year_in_full",
    "not_real",
    "too_late",
    "too_early",
)


@dataclass(frozen=True)
class TypedDate:
    """What a typed date came to: a date, or why not (a code above) — never both."""

    day: date | None = None
    problem: str = ""
    refused: date | None = None  # a real date outside the allowed range


_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})")
_WORDED = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*([A-Za-z]{3,9})\.?\s*[/.\-\s]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _month_number(word: str) -> int | None:
    word = word.casefold()
    if word == "sept":
        return 9
    for n, full in enumerate(_FULL_MONTHS, start=1):
        if full == word or (len(word) >= 3 and full.startswith(word)):
            return n
    return None


def _full_year(two: int, earliest: date | None, latest: date | None) -> int | None:
    """The one century a two-digit year can mean inside the allowed range, or None when
    both 19xx and 20xx are possible (a date of birth: '03/04/45' could be either)."""
    if earliest is None or latest is None:
        return None
    fits = [c + two for c in (1900, 2000) if earliest.year <= c + two <= latest.year]
    return fits[0] if len(fits) == 1 else None


def _parts(text: str) -> tuple[int, int | None, int, bool] | None:
    """(day, month or None for an unknown month word, year, two-digit year) or None."""
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
        return day, month, year, False
    found = _NUMERIC.fullmatch(text) or _WORDED.fullmatch(text)
    if not found:
        return None
    month_text, year_text = found.group(2), found.group(3)
    month_found = int(month_text) if month_text.isdigit() else _month_number(month_text)
    return int(found.group(1)), month_found, int(year_text), len(year_text) == 2


def parse_typed_date(
    text: str, earliest: date | None = None, latest: date | None = None
) -> TypedDate:
    """Read a date as typed; refuse (with a reason code) what is not a real date or lies
    outside ``earliest``..``latest``. Nothing is clamped, and no century is guessed."""
    text = (text or "").strip()
    if not text:
        return TypedDate(problem=EMPTY)
    parts = _parts(text)
    if parts is None:
        return TypedDate(problem=NOT_A_DATE)
    day, month, year, two_digit = parts
    if month is None:
        return TypedDate(problem=NOT_A_MONTH)
    if two_digit:
        full = _full_year(year, earliest, latest)
        if full is None:
            return TypedDate(problem=YEAR_IN_FULL)
        year = full
    try:
        found = date(year, month, day)
    except ValueError:
        return TypedDate(problem=NOT_REAL)
    if latest is not None and found > latest:
        return TypedDate(problem=TOO_LATE, refused=found)
    if earliest is not None and found < earliest:
        return TypedDate(problem=TOO_EARLY, refused=found)
    return TypedDate(day=found)
