"""The ``Demographics`` sheet: new clients in the month (distinct clients with an accepted
referral received in the month), counted per dimension. Categories are written as text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from painclinic_desktop.core.codes import EMPLOYMENT_STATUSES, ETHNICITIES, GENDERS
from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    Sheet,
    iso_day,
    order_categories,
    records,
    shown_count,
)

COLUMNS = ["dimension", "category", "count"]
AGE_BANDS = (
    (0, "under_18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-54"),
    (55, "55-64"),
    (65, "65-74"),
    (75, "75+"),
)
UNKNOWN = "unknown"


def age_on(born: date, day: date) -> int:
    """Completed years (a 29 February birthday comes on 1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(date_of_birth: Any, referral_day: str) -> str:
    born = iso_day(date_of_birth)
    if not born:
        return UNKNOWN
    try:
        age = age_on(date.fromisoformat(born), date.fromisoformat(referral_day))
    except ValueError:
        return UNKNOWN
    if age < 0:  # born after the referral: a data error, not a baby
        return UNKNOWN
    return [band for lowest, band in AGE_BANDS if age >= lowest][-1]


def _text_or_unknown(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    return text or UNKNOWN


def _imd(value: Any) -> str:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10:
        return str(value)
    return UNKNOWN


# dimension -> (category of a client, the known categories in order)
DIMENSIONS: dict[str, tuple[Callable[[dict[str, Any], str], str], tuple[str, ...]]] = {
    "age_band": (
        lambda c, day: age_band(c.get("date_of_birth"), day),
        tuple(b for _, b in AGE_BANDS) + (UNKNOWN,),
    ),
    "gender": (lambda c, _: _text_or_unknown(c.get("gender")), GENDERS),
    "ethnicity": (lambda c, _: _text_or_unknown(c.get("ethnicity")), tuple(ETHNICITIES)),
    "first_language": (lambda c, _: _text_or_unknown(c.get("first_language")), ()),
    # Absent counts as "no": the contract has only yes/no.
    "interpreter_needed": (
        lambda c, _: "yes" if c.get("interpreter_needed") else "no",
        ("yes", "no"),
    ),
    "imd_decile": (lambda c, _: _imd(c.get("imd_decile")), tuple(str(n) for n in range(1, 11))),
    "employment_status": (
        lambda c, _: _text_or_unknown(c.get("employment_status")),
        EMPLOYMENT_STATUSES,
    ),
    "pcn": (lambda c, _: _text_or_unknown(c.get("pcn")), ()),
}


def new_clients(caseload: Caseload, month: Period) -> dict[Any, str]:
    """Client id -> the day of their first accepted referral received in the month."""
    first: dict[Any, str] = {}
    for referral in records(caseload, "referrals"):
        day = iso_day(referral.get("received_on"))
        if day is None or referral.get("outcome") != "accepted" or not month.holds(day):
            continue
        client_id = referral.get("client_id")
        if day < first.get(client_id, "9999"):
            first[client_id] = day
    return first


def demographics_sheet(caseload: Caseload, month: Period, suppress: bool) -> Sheet:
    clients = {c.get("id"): c for c in records(caseload, "clients")}
    newcomers = new_clients(caseload, month)
    rows = []
    for dimension, (category_of, known) in DIMENSIONS.items():
        counts = Counter(category_of(clients.get(cid, {}), day) for cid, day in newcomers.items())
        for category in order_categories(counts, known):
            rows.append([dimension, category, shown_count(counts[category], suppress)])
    return Sheet(COLUMNS, rows)
