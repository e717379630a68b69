"""Score one completed questionnaire exactly as MEASURES.md says.

Speed: reports score hundreds of thousands of assessments, so everything here works on
definitions prepared at import (see definitions.py) and does no file I/O per call.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures.definitions import Instrument, ScoreRule, instrument

Answers = tuple[int | None, ...]
Score = int | float | None

# A private context so a caller's global decimal settings cannot change clinical totals.
_DECIMAL = Context(prec=28, rounding=ROUND_HALF_UP)
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class ScoreResult:
    instrument: str
    scores: dict[str, Score]
    bands: dict[str, str | None]
    flags: list[str]
    prorated: bool
    valid: bool

    def to_json(self) -> dict:
        """The `painclinic score --json` object, keys in the MEASURES.md order."""
        return {
            "instrument": self.instrument,
            "valid": self.valid,
            "scores": dict(self.scores),
            "bands": dict(self.bands),
            "flags": list(self.flags),
            "prorated": self.prorated,
        }


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole number, halves upwards (never to even)."""
    quotient = _DECIMAL.divide(Decimal(numerator), Decimal(denominator))
    return int(quotient.quantize(_ONE, context=_DECIMAL))


def check_items(inst: Instrument, items: Sequence) -> Answers:
    """The answers as a tuple, or InvalidInput naming the first bad item.

    Only None means unanswered: a bool, a float (even 2.0) or text is refused, never
    treated as missing, so a typing slip cannot silently change a total.
    """
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        raise InvalidInput(f"{inst.name} items must be a list of answers", field="items")
    if len(items) != inst.item_count:
        raise InvalidInput(
            f"{inst.name} has {inst.item_count} items; {len(items)} were given", field="items"
        )
    low, high = inst.item_min, inst.item_max
    for number, value in enumerate(items, start=1):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"item {number}: {value!r} is not a whole number", f"item {number}")
        if not low <= value <= high:
            raise InvalidInput(f"item {number}: {value} is outside {low}-{high}", f"item {number}")
    return tuple(None if v is None else int(v) for v in items)


def _sum(rule: ScoreRule, answers: Answers, _scores: dict) -> tuple[Score, bool]:
    part = answers[rule.start : rule.stop]
    answered = [a for a in part if a is not None]
    missing = len(part) - len(answered)
    if missing == 0:
        return sum(answered), False
    if missing > rule.max_missing or not answered:
        return None, False
    return round_half_up(sum(answered) * len(part), len(answered)), True


def _mean(rule: ScoreRule, answers: Answers, _scores: dict) -> tuple[Score, bool]:
    # The mean of the answered items is the score's definition, so it is not "prorated".
    answered = [a for a in answers[rule.start : rule.stop] if a is not None]
    if rule.stop - rule.start - len(answered) > rule.max_missing or not answered:
        return None, False
    return sum(answered) / len(answered), False


def _item(rule: ScoreRule, answers: Answers, _scores: dict) -> tuple[Score, bool]:
    return answers[rule.start], False


def _table(rule: ScoreRule, _answers: Answers, scores: dict) -> tuple[Score, bool]:
    source = scores[rule.from_score]
    return (None if source is None else rule.table[source]), False


_METHODS = {"sum": _sum, "mean": _mean, "item": _item, "table": _table}


def band_of(rule: ScoreRule, value: Score) -> str | None:
    if value is None:
        return None
    return rule.band_names[bisect_right(rule.band_froms, value) - 1]


def score(instrument_name: str, items: Sequence) -> ScoreResult:
    """Score one administration; raises InvalidInput (field "item N") on bad input."""
    inst = instrument(instrument_name)
    answers = _answers(inst, items)
    scores, prorated = _apply_rules(inst, answers)
    bands = {r.name: band_of(r, scores[r.name]) for r in inst.score_rules if r.band_names}
    # Flags look at single items, so they are raised even when no total can be computed.
    flags = [
        f.flag
        for f in inst.flag_rules
        if (answer := answers[f.index]) is not None and answer > f.above
    ]
    return ScoreResult(
        instrument=inst.name,
        scores=scores,
        bands=bands,
        flags=flags,
        prorated=prorated,
        valid=None not in scores.values(),
    )


def score_values(instrument_name: str, items: Sequence) -> dict[str, Score]:
    """Just the scores of ``score`` (no bands or flags), for reports that total up hundreds
    of thousands of administrations. Same rules, same errors."""
    inst = instrument(instrument_name)
    answers = _answers(inst, items)
    if None in answers:
        return _apply_rules(inst, answers)[0]
    return _complete_scores(inst, answers)  # type: ignore[arg-type]  # no None: all int


def _complete_scores(inst: Instrument, answers: tuple[int, ...]) -> dict[str, Score]:
    """``_apply_rules`` for answers with none missing, where no rule has a gap to allow
    for: the same values (tested against it), without a call and a filtered list per score,
    as a whole service's return scores a hundred thousand answer sets."""
    scores: dict[str, Score] = {}
    for rule in inst.score_rules:
        method = rule.method
        if method == "sum":
            scores[rule.name] = sum(answers[rule.start : rule.stop])
        elif method == "item":
            scores[rule.name] = answers[rule.start]
        else:
            scores[rule.name] = _METHODS[method](rule, answers, scores)[0]
    return scores


def _apply_rules(inst: Instrument, answers: Answers) -> tuple[dict[str, Score], bool]:
    scores: dict[str, Score] = {}
    prorated = False
    for rule in inst.score_rules:
        value, substituted = _METHODS[rule.method](rule, answers, scores)
        scores[rule.name] = value
        prorated = prorated or substituted
    return scores, prorated


def _answers(inst: Instrument, items: Sequence) -> Answers:
    """``check_items``, with the usual case (every item a plain whole number in range)
    checked by a few built-in calls instead of a loop over the items."""
    if (
        type(items) in (list, tuple)
        and len(items) == inst.item_count
        and items
        and set(map(type, items)) == {int}
        and inst.item_min <= min(items)
        and max(items) <= inst.item_max
    ):
        return tuple(items)
    return check_items(inst, items)
