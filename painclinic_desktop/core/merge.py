"""The one field rule for bringing two copies of a record together (SYNC.md).

Used by the laptop on what the hub sends back, by bundle import, and written again in SQL
on the hub (``store/hub_schema.py``; a test checks the two agree). A change is a record
``before`` and ``after`` one person's edit; it meets the ``current`` copy:

- a field the edit did not change keeps the current value;
- a field the edit changed takes the new value when the current copy still holds the old
  one (nobody else changed it) or already holds the new one;
- a growing history list (goal reviews, star ratings, signposting steps) keeps both sides'
  entries;
- otherwise both changed it differently: the current value stays live and the edit's value
  is kept as a clash, never dropped. Which copy is "current" depends only on where the merge
  happens, never on clocks.

``before`` None means the edit created the record (or is a copy with no known base): every
field it fills counts as changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .sync_rules import APPEND_LISTS, META_FIELDS


@dataclass
class Merged:
    record: dict[str, Any]
    clashes: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, live, other
    changed: bool = False


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _same(a: Any, b: Any) -> bool:
    return _canonical(a) == _canonical(b)


def union_history(current: list | None, incoming: list | None) -> list:
    """Both sides' entries once each, in the order of their dates."""
    seen, out = set(), []
    for item in (current or []) + (incoming or []):
        key = _canonical(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return sorted(out, key=_entry_date)


def _entry_date(item: Any) -> str:
    if isinstance(item, dict):
        for name in ("reviewed_on", "rated_on", "on"):
            if item.get(name):
                return str(item[name])
    return ""


def merge_change(
    collection: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    current: dict[str, Any],
) -> Merged:
    """``current`` with one edit (``before`` -> ``after``) brought in by the field rule."""
    result = dict(current)
    merged = Merged(result)
    for name, new in after.items():
        if name in META_FIELDS:
            continue
        old = before.get(name) if before is not None else None
        if before is not None and _same(old, new):
            continue  # this edit did not touch the field
        if before is None and new is None:
            continue  # a copy with no known base that lacks a value has not blanked it
        live = current.get(name)
        if _same(live, new):
            continue
        if before is not None and _same(live, old):
            result[name] = new
            merged.changed = True
        elif (collection, name) in APPEND_LISTS:
            joined = union_history(live, new)
            if not _same(joined, live):
                result[name] = joined
                merged.changed = True
        elif before is None and live is None:
            result[name] = new  # a field the current copy never had
            merged.changed = True
        else:
            merged.clashes.append((name, live, new))
    if merged.changed:
        for name in ("updated_at", "author"):
            if name in after:
                result[name] = after[name]
    return merged
