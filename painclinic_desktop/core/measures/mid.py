"""Minimal important differences (MIDs): service settings and the "reaches the MID" rule."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeGuard

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures.definitions import instrument

# Differences of means (thirds, quarters, sevenths) carry binary float noise such as
# 0.9999999999999996; rounding the change well below any real step keeps "exactly the MID"
# counting as reached.
_CHANGE_DIGITS = 9


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _checked_mid(key: object, value: object) -> tuple[tuple[str, str], float]:
    if not (isinstance(key, tuple) and len(key) == 2):
        raise InvalidInput(f"MID setting {key!r} must be (instrument, score)", field="mid")
    inst = instrument(key[0])
    where = f"MID {key[0]} {key[1]}"
    higher_is_better = inst.higher_is_better(key[1])
    number = float(value) if _is_number(value) else math.nan
    if not math.isfinite(number) or number == 0:
        raise InvalidInput(f"{where}: {value!r} is not a non-zero number", field=where)
    if higher_is_better and number < 0:
        # A negative MID here would count a worsening as an improvement.
        raise InvalidInput(f"{where}: must be above 0 (a rise is the improvement)", field=where)
    # For lower-better scores MEASURES.md compares with |MID|; keep it signed like the defaults.
    return (key[0], key[1]), number if higher_is_better else -abs(number)


@dataclass(frozen=True)
class MeasureSettings:
    """A service's MID overrides, keyed by (instrument, score name); defaults elsewhere.

    Overrides are checked on creation; lower-better values are stored negative.
    """

    mids: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked = dict(_checked_mid(key, value) for key, value in self.mids.items())
        object.__setattr__(self, "mids", checked)

    def mid(self, instrument_name: str, score_name: str) -> float:
        override = self.mids.get((instrument_name, score_name))
        if override is not None:
            return override
        return instrument(instrument_name).default_mid(score_name)


_DEFAULTS = MeasureSettings()


def reaches_mid(
    instrument_name: str,
    score_name: str,
    baseline: float,
    followup: float,
    settings: MeasureSettings | None = None,
) -> bool:
    """True when the change is an improvement at least as large as the MID (MEASURES.md)."""
    for what, value in (("baseline", baseline), ("follow-up", followup)):
        if not _is_number(value):
            raise InvalidInput(f"{what} score {value!r} is not a number", field=what)
    mid = (settings or _DEFAULTS).mid(instrument_name, score_name)
    if instrument(instrument_name).higher_is_better(score_name):
        improvement = followup - baseline
    else:
        improvement = baseline - followup
    return round(improvement, _CHANGE_DIGITS) >= abs(mid)
