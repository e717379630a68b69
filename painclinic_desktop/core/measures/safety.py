"""Safety flags: the answers that raise a risk flag on the client.

Read from the instruments' data (``flags`` in resources/instruments/*.json), never written
into the code: MEASURES.md's PHQ-9 question 9 above 0 is the one there today, and an
instrument given a flag there is watched the same way everywhere (the assessment form, the
saved assessment's risk flag, an imported bundle, the record's timeline, the GP summary and
``painclinic score``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from painclinic_desktop.core.measures.definitions import FlagRule, instrument, instruments
from painclinic_desktop.core.measures.names import SHORT_NAMES
from painclinic_desktop.core.measures.scoring import ScoreResult


@dataclass(frozen=True)
class SafetyFlag:
    instrument: str
    rule: FlagRule

    @property
    def code(self) -> str:
        return self.rule.flag

    @property
    def item(self) -> int:
        """The item's number as printed on the questionnaire (1 = the first)."""
        return self.rule.index + 1

    @property
    def above(self) -> int:
        return self.rule.above

    @property
    def about(self) -> str:
        return self.rule.about

    @property
    def short_name(self) -> str:
        return SHORT_NAMES.get(self.instrument, self.instrument)

    def raised_by(self, items: Sequence[int | None]) -> bool:
        answer = items[self.rule.index] if self.rule.index < len(items) else None
        return answer is not None and answer > self.rule.above


def safety_flags(instrument_name: str | None = None) -> tuple[SafetyFlag, ...]:
    """Every safety flag, or those of one instrument (the definitions are read once, at
    import, so this reads no file)."""
    names = instruments() if instrument_name is None else (instrument_name,)
    return tuple(
        SafetyFlag(name, rule)
        for name in names
        if name in instruments()
        for rule in instrument(name).flag_rules
    )


def safety_flag(code: str) -> SafetyFlag | None:
    return next((f for f in safety_flags() if f.code == code), None)


def watched_items(instrument_name: str) -> frozenset[int]:
    """Indexes (0 = the first) of the items whose answer can raise a safety flag."""
    return frozenset(f.rule.index for f in safety_flags(instrument_name))


def raised(instrument_name: str, items: Sequence[int | None]) -> list[SafetyFlag]:
    """The safety flags these answers raise (stored answers, no scoring needed)."""
    return [f for f in safety_flags(instrument_name) if f.raised_by(items)]


def flags_in(flag_codes: Sequence[str] | None) -> list[SafetyFlag]:
    """The safety flags among the flag codes a stored score result lists."""
    return [f for code in flag_codes or () if (f := safety_flag(code)) is not None]


def risk_raised(results: Mapping[str, ScoreResult]) -> list[str]:
    """Instruments (in the order given) whose answers raised a safety flag."""
    return [name for name, result in results.items() if flags_in(result.flags)]
