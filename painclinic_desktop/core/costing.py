"""What a programme costs: staff hours by role and band, room, administration, sundries and
optional on-costs; per enrolled participant, per completer and per client reaching the MID.

Band rates are service-editable data (`resources/band_rates.json`): an hourly rate in pence
for each Agenda for Change band (and ``medical`` for doctors) with the year they apply to.
A saved costing keeps the rates it used, so printing it again next year gives the same sums.
All money is whole pence; each line is rounded half up to the penny once, and totals add the
rounded lines, so the printed table always adds up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..resources_path import resource
from .errors import InvalidInput


@dataclass(frozen=True)
class BandRates:
    year: str
    source: str
    hourly_pence: dict[str, int]


def band_rates(path: Path | str | None = None) -> BandRates:
    path = Path(path or resource("band_rates.json"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read the band rates in {path}: {exc}", "rates") from exc
    rates = data.get("hourly_pence") if isinstance(data, dict) else None
    if not isinstance(rates, dict) or not rates:
        raise InvalidInput(f"{path} has no 'hourly_pence' rates by band", "rates")
    for band, pence in rates.items():
        if isinstance(pence, bool) or not isinstance(pence, int) or pence < 0:
            raise InvalidInput(f"{path}: the rate for band {band} must be whole pence", "rates")
    year = str(data.get("year") or "").strip()
    if not year:
        raise InvalidInput(f"{path}: say which year the rates apply to ('year')", "rates")
    return BandRates(year, str(data.get("source") or ""), {str(k): v for k, v in rates.items()})


def pence(amount: Decimal | float | int) -> int:
    return int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pounds(value: int | None) -> str:
    """£3,620 for whole pounds, £362.50 otherwise; a dash for nothing."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


@dataclass(frozen=True)
class StaffLine:
    role: str
    band: str
    hours: float
    rate_pence: int
    cost_pence: int


@dataclass(frozen=True)
class CostingResult:
    staff: list[StaffLine]
    staff_hours: float
    staff_pence: int
    room_pence: int
    admin_pence: int
    admin_rate_pence: int | None
    sundries_pence: int
    on_costs_pence: int
    total_pence: int
    per_enrolled_pence: int | None
    per_completer_pence: int | None
    per_mid_pence: int | None
    reference_difference_pence: int | None  # total per participant minus the reference price


def _share(total: int, count: Any) -> int | None:
    return pence(Decimal(total) / Decimal(count)) if count else None


def _rate(rates: dict[str, int], band: str, what: str) -> int:
    if band not in rates:
        known = ", ".join(sorted(rates))
        raise InvalidInput(f"There is no rate for band {band} ({what}); bands known: {known}.")
    return rates[band]


def compute(costing: dict[str, Any]) -> CostingResult:
    """The sums of a costing record (``programme_costings``)."""
    rates = costing.get("band_rates") or {}
    lines = []
    for entry in costing.get("staff_hours") or []:
        rate = _rate(rates, entry["band"], entry["role"])
        cost = pence(Decimal(str(entry["hours"])) * rate)
        lines.append(StaffLine(entry["role"], entry["band"], entry["hours"], rate, cost))
    staff_pence = sum(line.cost_pence for line in lines)
    room = pence(
        Decimal(str(costing.get("room_hours") or 0)) * (costing.get("room_rate_pence") or 0)
    )
    admin_rate = None
    admin = 0
    if costing.get("admin_hours"):
        admin_rate = _rate(rates, costing.get("admin_band") or "", "administration")
        admin = pence(Decimal(str(costing["admin_hours"])) * admin_rate)
    on_costs = pence(
        Decimal(staff_pence + admin) * Decimal(str(costing.get("on_costs_percent") or 0)) / 100
    )
    sundries = costing.get("sundries_pence") or 0
    total = staff_pence + room + admin + sundries + on_costs
    per_enrolled = _share(total, costing.get("enrolled"))
    reference = costing.get("reference_price_pence")
    return CostingResult(
        staff=lines,
        staff_hours=sum(line.hours for line in lines),
        staff_pence=staff_pence,
        room_pence=room,
        admin_pence=admin,
        admin_rate_pence=admin_rate,
        sundries_pence=sundries,
        on_costs_pence=on_costs,
        total_pence=total,
        per_enrolled_pence=per_enrolled,
        per_completer_pence=_share(total, costing.get("completers")),
        per_mid_pence=_share(total, costing.get("reaching_mid")),
        reference_difference_pence=(
            per_enrolled - reference if per_enrolled is not None and reference else None
        ),
    )


def parse_pounds(value: Any, field: str, words: str) -> int | None:
    """Pence from "£1,250.50", "15" or a number; None for blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace("£", "").replace(",", "")
    try:
        amount = Decimal(text)
    except ArithmeticError:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(f"Give {words} in pounds, for example 15 or 15.50.", field)
    return pence(amount * 100)


def parse_number(value: Any, field: str, words: str, whole: bool = False) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or (whole and number != int(number)):
        kind = "a whole number" if whole else "a number"
        raise InvalidInput(f"Give {words} as {kind} of 0 or more.", field)
    return int(number) if whole else float(number)
