"""Instrument definitions, read once at import from `resources/instruments/<name>.json`.

One file per instrument (MEASURES.md is the source of every number in them):

- `name`, `title`, `version` (stored with every score), `item_count`, `item_min`, `item_max`.
- `wording`: `null` for licensed instruments (WEMWBS, SWEMWBS, BPI, PSEQ, PEG: their wording
  comes only from a service's licensed content pack), else `{stem, items: [one text per
  item], responses: [{value, label}], attribution}` for wording that may be shipped.
- `scores`, in display order, each `{name, method, range: [lo, hi], higher_is_better, mid,
  bands?}` where `mid` is signed as in MEASURES.md (negative for lower-better) or `null`:
    - `sum`: total of items `first_item`..`last_item`; when up to `max_missing` are
      unanswered the total is prorated: round-half-up(mean of answered x item count).
    - `mean`: mean of the answered items `first_item`..`last_item`, needing all but
      `max_missing` of them. This is the score's definition, not a substitution.
    - `item`: the single item `first_item`.
    - `table`: `table[str(value of from_score)]` (an earlier score of the same instrument).
- `bands`: `[{band, from}]` ascending from the score's lowest value; a score is in the last
  band whose `from` it reaches (so `mild` < 5 <= `moderate` < 7 <= `severe` for BPI).
- `flags`: `[{flag, item, above, about}]`: raised when that item is answered above `above`;
  each is a safety flag (it raises a risk flag on the client, see ``safety``); `about` says
  what the item asks in a few words.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from painclinic_desktop.core.codes import INSTRUMENTS
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.resources_path import resource

METHODS = ("sum", "mean", "item", "table")


@dataclass(frozen=True, slots=True)
class ScoreRule:
    """How one score is computed, banded and judged; item positions are 0-based slices."""

    name: str
    method: str
    start: int
    stop: int
    max_missing: int
    low: float
    high: float
    higher_is_better: bool
    mid: float | None
    band_names: tuple[str, ...] = ()
    band_froms: tuple[float, ...] = ()
    from_score: str | None = None
    table: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FlagRule:
    flag: str
    index: int
    above: int
    about: str = ""  # what the item asks, in a few words, for the messages that name it


@dataclass(frozen=True)
class Instrument:
    name: str
    title: str
    version: str
    item_count: int
    item_min: int
    item_max: int
    score_names: tuple[str, ...]
    banded_score_names: tuple[str, ...]
    stem: str | None
    responses: tuple[tuple[int, str], ...]
    attribution: str | None
    score_rules: tuple[ScoreRule, ...] = field(repr=False)
    flag_rules: tuple[FlagRule, ...] = field(repr=False)
    texts: tuple[str | None, ...] = field(repr=False)

    @property
    def items(self) -> list[tuple[int, str | None]]:
        """(item number, shipped wording or None) for each item, in order."""
        return list(enumerate(self.texts, start=1))

    @property
    def wording_shipped(self) -> bool:
        """False for licensed instruments, whose wording only a content pack can supply."""
        return self.texts[0] is not None

    def rule(self, score_name: str) -> ScoreRule:
        for rule in self.score_rules:
            if rule.name == score_name:
                return rule
        raise InvalidInput(
            f"{self.name} has no score {score_name!r}; its scores are "
            + ", ".join(self.score_names),
            field="score",
        )

    def higher_is_better(self, score_name: str) -> bool:
        return self.rule(score_name).higher_is_better

    def has_mid(self, score_name: str) -> bool:
        return self.rule(score_name).mid is not None

    def default_mid(self, score_name: str) -> float:
        """MEASURES.md default, signed: negative when a fall is the improvement."""
        mid = self.rule(score_name).mid
        if mid is None:
            raise InvalidInput(
                f"{self.name} {score_name} has no minimal important difference", field="score"
            )
        return mid

    def score_range(self, score_name: str) -> tuple[float, float]:
        rule = self.rule(score_name)
        return rule.low, rule.high

    def bands(self, score_name: str) -> tuple[tuple[str, float], ...]:
        """(band, lowest value in it) pairs, ascending; empty for an unbanded score."""
        rule = self.rule(score_name)
        return tuple(zip(rule.band_names, rule.band_froms, strict=True))


def instrument(name: str) -> Instrument:
    try:
        return _INSTRUMENTS[name]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"unknown instrument {name!r}; expected one of: " + ", ".join(INSTRUMENTS),
            field="instrument",
        ) from None


def instruments() -> tuple[str, ...]:
    """Every instrument name, in MEASURES.md order."""
    return INSTRUMENTS


# --- loading: a broken resource file is a build fault, so it fails loudly at import ---------


class DefinitionError(ValueError):
    """A resources/instruments file contradicts itself; raised at import."""


def _need(ok: bool, where: str, why: str) -> None:
    if not ok:
        raise DefinitionError(f"{where}: {why}")


def _load(name: str) -> Instrument:
    path = resource("instruments", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    where = f"instruments/{name}.json"
    _need(data.get("name") == name, where, "name does not match the file name")
    count, lo, hi = data["item_count"], data["item_min"], data["item_max"]
    _need(count >= 1 and lo < hi, where, "bad item_count or item range")
    rules = tuple(_score_rule(s, count, f"{where} score {s['name']}") for s in data["scores"])
    names = tuple(r.name for r in rules)
    _need(len(set(names)) == len(names), where, "score names repeat")
    for rule in rules:
        _check_table(rule, rules, where)
    wording = data.get("wording")
    texts, stem, responses, attribution = _wording(wording, count, lo, hi, where)
    flags = tuple(_flag_rule(f, count, where) for f in data.get("flags", ()))
    return Instrument(
        name=name,
        title=data["title"],
        version=data["version"],
        item_count=count,
        item_min=lo,
        item_max=hi,
        score_names=names,
        banded_score_names=tuple(r.name for r in rules if r.band_names),
        stem=stem,
        responses=responses,
        attribution=attribution,
        score_rules=rules,
        flag_rules=flags,
        texts=texts,
    )


def _score_rule(spec: dict[str, Any], count: int, where: str) -> ScoreRule:
    method = spec["method"]
    _need(method in METHODS, where, f"unknown method {method!r}")
    low, high = spec["range"]
    higher = spec["higher_is_better"]
    mid = spec.get("mid")
    if mid is not None:
        _need(mid > 0 if higher else mid < 0, where, "mid sign contradicts its direction")
        mid = float(mid)
    first, last = spec.get("first_item", 1), spec.get("last_item", 1)
    _need(1 <= first <= last <= count, where, "items outside the instrument")
    bands = spec.get("bands", ())
    froms = tuple(b["from"] for b in bands)
    _need(not froms or froms[0] == low, where, "first band must start at the lowest score")
    _need(all(a < b <= high for a, b in pairwise(froms)), where, "bands not ascending")
    table = spec.get("table")
    return ScoreRule(
        name=spec["name"],
        method=method,
        start=first - 1,
        stop=last,
        max_missing=spec.get("max_missing", 0),
        low=low,
        high=high,
        higher_is_better=higher,
        mid=mid,
        band_names=tuple(b["band"] for b in bands),
        band_froms=froms,
        from_score=spec.get("from_score"),
        table=MappingProxyType({int(k): v for k, v in (table or {}).items()}),
    )


def _check_table(rule: ScoreRule, rules: tuple[ScoreRule, ...], where: str) -> None:
    if rule.method != "table":
        return
    earlier = {r.name: r for r in rules[: rules.index(rule)]}
    source = earlier.get(rule.from_score or "")
    if source is None:
        raise DefinitionError(f"{where}: {rule.name} converts a score not defined before it")
    wanted = set(range(int(source.low), int(source.high) + 1))
    _need(set(rule.table) == wanted, where, f"{rule.name} table must cover every {source.name}")
    values = [rule.table[k] for k in sorted(wanted)]
    _need(all(math.isfinite(v) and rule.low <= v <= rule.high for v in values), where, "table")


def _wording(wording: dict | None, count: int, lo: int, hi: int, where: str):
    if wording is None:
        return (None,) * count, None, (), None
    texts = tuple(wording["items"])
    _need(len(texts) == count and all(texts), where, "wording needs one text per item")
    responses = tuple((r["value"], r["label"]) for r in wording.get("responses", ()))
    _need(all(lo <= v <= hi for v, _ in responses), where, "response value out of range")
    return texts, wording.get("stem"), responses, wording.get("attribution")


def _flag_rule(spec: dict[str, Any], count: int, where: str) -> FlagRule:
    _need(1 <= spec["item"] <= count, where, f"flag {spec['flag']} names a missing item")
    return FlagRule(
        flag=spec["flag"], index=spec["item"] - 1, above=spec["above"], about=spec.get("about", "")
    )


# Read every definition once: scoring is called in bulk by reports and must do no file I/O.
_INSTRUMENTS: dict[str, Instrument] = {name: _load(name) for name in INSTRUMENTS}
