"""Oral morphine equivalent (OME) of a regimen, exactly as MEDICATION.md defines it.

The conversion factors are data (``resources/medication/ome_table.json``, or the table the
service's medicines-management team approved); this module only applies them. Arithmetic is
in ``Decimal`` so that every figure is exactly reproducible from the contract: a regimen's
total is the exact sum of its items, rounded half up to 0.1 mg. Nothing here prescribes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.resources_path import resource

ROUTES = ("oral", "sublingual", "patch")
# Routes whose daily dose is dose per administration x administrations per day; a patch is
# its strength in micrograms/hour, whatever its change interval.
PER_ADMINISTRATION = ("oral", "sublingual")
HIGH_DOSE_MG = Decimal(120)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Conversion:
    """One row of the table: ``factor`` None means never converted (methadone)."""

    drug: str
    route: str
    unit: str
    factor: Decimal | None
    by_strength: dict[Decimal, Decimal] = field(default_factory=dict)
    note: str = ""

    def daily_ome(self, daily_dose: Decimal) -> Decimal | None:
        if self.factor is None:
            return None
        if daily_dose in self.by_strength:
            return self.by_strength[daily_dose]
        return daily_dose * self.factor


@dataclass(frozen=True)
class OmeTable:
    name: str
    version: str
    source: str
    conversions: tuple[Conversion, ...]

    @property
    def label(self) -> str:
        """How the table is named wherever an OME is shown."""
        return f"{self.name}, version {self.version}"

    def drugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.drug for c in self.conversions))

    def routes_for(self, drug: str) -> tuple[str, ...]:
        return tuple(c.route for c in self.conversions if c.drug == drug)

    def conversion(self, drug: str, route: str) -> Conversion:
        """The row for ``drug`` by ``route``; anything else is refused, naming the known ones."""
        if drug not in self.drugs():
            raise InvalidInput(
                f"unknown drug {drug!r}: the table knows " + ", ".join(self.drugs()), "drug"
            )
        for row in self.conversions:
            if row.drug == drug and row.route == route:
                return row
        raise InvalidInput(
            f"route {route!r} is not in the table for {drug}: known routes for {drug} are "
            + ", ".join(self.routes_for(drug)),
            "route",
        )

    def to_json(self) -> dict:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class OpioidItem:
    """One medicine of a regimen as the OME needs it. ``times_per_day`` is None for a patch."""

    drug: str
    route: str
    dose: Decimal
    times_per_day: Decimal | None = None


@dataclass(frozen=True)
class ItemOme:
    item: OpioidItem
    unit: str
    exact: Decimal | None  # None: not converted

    @property
    def ome(self) -> Decimal | None:
        return None if self.exact is None else to_tenth(self.exact)


@dataclass(frozen=True)
class RegimenOme:
    items: tuple[ItemOme, ...]
    table: OmeTable

    @property
    def exact_total(self) -> Decimal | None:
        converted = [i.exact for i in self.items if i.exact is not None]
        return sum(converted, Decimal(0)) if converted else None

    @property
    def total(self) -> Decimal | None:
        """The regimen's daily OME to 0.1 mg, or None when nothing converts."""
        exact = self.exact_total
        return None if exact is None else to_tenth(exact)

    @property
    def not_converted(self) -> tuple[str, ...]:
        return tuple(i.item.drug for i in self.items if i.exact is None)

    @property
    def complete(self) -> bool:
        return not self.not_converted

    @property
    def high_dose(self) -> bool:
        """Flagged: a total of 120 mg/day or more, or a total that is incomplete."""
        total = self.total
        return not self.complete or (total is not None and total >= HIGH_DOSE_MG)

    def to_json(self) -> dict:
        """The object ``painclinic ome --json`` prints (MEDICATION.md)."""
        return {
            "total_ome_mg_per_day": _number(self.total),
            "items": [
                {
                    "drug": i.item.drug,
                    "route": i.item.route,
                    "dose": _number(i.item.dose),
                    "times_per_day": _number(i.item.times_per_day),
                    "ome_mg_per_day": _number(i.ome),
                }
                for i in self.items
            ],
            "not_converted": list(self.not_converted),
            "complete": self.complete,
            "high_dose": self.high_dose,
            "table": self.table.to_json(),
        }


def to_tenth(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    # 20 stays 20; a figure to 0.1 mg stays a decimal (132.0), as JSON readers expect.
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def positive_number(value: object, what: str) -> Decimal:
    """A dose or a number of times per day: a number above 0, or a clear refusal."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{what} must be a number, not {value!r}", what) from None
    if not number.is_finite() or number <= 0:
        raise InvalidInput(f"{what} must be above 0, not {value}", what)
    return number


def opioid_item(
    table: OmeTable, drug: str, route: str, dose: object, times_per_day: object = None
) -> OpioidItem:
    """Check one item against the table and the contract's input rules."""
    table.conversion(drug, route)
    amount = positive_number(dose, "dose")
    if route in PER_ADMINISTRATION:
        if times_per_day in (None, ""):
            raise InvalidInput(
                f"{drug} {route}: times per day is needed for an {route} dose", "times_per_day"
            )
        times = positive_number(times_per_day, "times per day")
        return OpioidItem(drug, route, amount, times)
    if times_per_day not in (None, ""):
        raise InvalidInput(
            f"{drug} {route}: a patch is its strength in micrograms/hour; give no times per day",
            "times_per_day",
        )
    return OpioidItem(drug, route, amount, None)


def daily_dose(item: OpioidItem) -> Decimal:
    """Daily amount in the table's unit (a patch: its strength)."""
    if item.times_per_day is None:
        return item.dose
    return item.dose * item.times_per_day


def item_ome(table: OmeTable, item: OpioidItem) -> ItemOme:
    row = table.conversion(item.drug, item.route)
    return ItemOme(item=item, unit=row.unit, exact=row.daily_ome(daily_dose(item)))


def regimen_ome(table: OmeTable, items: list[OpioidItem] | tuple[OpioidItem, ...]) -> RegimenOme:
    return RegimenOme(items=tuple(item_ome(table, i) for i in items), table=table)


# -- the table itself -----------------------------------------------------------------------


def default_table_path() -> Path:
    return resource("medication", "ome_table.json")


def default_table() -> OmeTable:
    path = default_table_path()
    return _load(str(path), path.stat().st_mtime_ns)


def load_table(path: Path) -> OmeTable:
    """A table from a file (the service's approved one); refused whole if anything is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", str(path)) from exc
    return table_from_text(text, str(path))


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> OmeTable:
    return load_table(Path(path))


def table_from_text(text: str, where: str = "the table") -> OmeTable:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{where} is not JSON: {exc}", where) from exc
    return table_from_json(data, where)


def table_from_json(data: object, where: str = "the table") -> OmeTable:
    if not isinstance(data, dict):
        raise InvalidInput(f"{where} must be a JSON object with name, version, source, entries")
    for key in ("name", "version", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InvalidInput(f"{where}: '{key}' must be non-empty text", key)
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        raise InvalidInput(f"{where}: 'entries' must be a non-empty list", "entries")
    rows = tuple(
        _conversion_from(entry, f"{where}, entry {n}") for n, entry in enumerate(entries, 1)
    )
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.drug, row.route) in seen:
            raise InvalidInput(f"{where}: {row.drug} {row.route} is listed twice", "entries")
        seen.add((row.drug, row.route))
    return OmeTable(
        name=data["name"].strip(),
        version=data["version"].strip(),
        source=data["source"].strip(),
        conversions=rows,
    )


def _factor(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(f"{where}: a factor must be a number, not {value!r}", "factor")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"{where}: a factor must be a number, not {value!r}", "factor") from None
    if not number.is_finite() or number <= 0:
        raise InvalidInput(f"{where}: a factor must be above 0, not {value!r}", "factor")
    return number


def _conversion_from(entry: object, where: str) -> Conversion:
    if not isinstance(entry, dict):
        raise InvalidInput(f"{where}: must be an object")
    drug, route, unit = entry.get("drug"), entry.get("route"), entry.get("unit")
    if not isinstance(drug, str) or not drug.strip() or drug != drug.strip().lower():
        raise InvalidInput(f"{where}: 'drug' must be a lower-case code", "drug")
    if route not in ROUTES:
        raise InvalidInput(f"{where}: route {route!r} is not one of {', '.join(ROUTES)}", "route")
    expected_unit = "micrograms/hour" if route == "patch" else "mg"
    if unit != expected_unit:
        # A patch's strength read as mg (or the reverse) would multiply the OME wrongly.
        raise InvalidInput(f"{where}: a {route} dose is in {expected_unit}, not {unit!r}", "unit")
    raw = entry.get("factor")
    factor = None if raw is None else _factor(raw, where)
    by_strength_raw = entry.get("by_strength") or {}
    if not isinstance(by_strength_raw, dict) or (by_strength_raw and factor is None):
        raise InvalidInput(f"{where}: 'by_strength' must map strengths to OMEs", "by_strength")
    by_strength = {_factor(k, where): _factor(v, where) for k, v in by_strength_raw.items()}
    note = entry.get("note") or ""
    return Conversion(drug, route, unit, factor, by_strength, str(note))
