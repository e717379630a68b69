"""Small-number suppression that cannot be undone by subtraction.

A count from 1 to 4 is shown as ``<5`` (primary suppression). Where a column's total is shown,
one hidden cell could be worked out as the total minus the cells shown, so a second cell is
hidden too (complementary suppression): the smallest other non-zero cell, shown as ``[c]``.
Anything worked out from a hidden count (a percentage of it, a mean over its clients) is
hidden with it; a zero is shown, because a hidden zero would itself say "not zero".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

SMALL = "<5"  # a count from 1 to 4
COMPLEMENTARY = "[c]"  # hidden so that a small count cannot be worked out from the total
NOTE = (
    'Counts from 1 to 4 are shown as "<5". Where that would let a hidden count be worked out '
    'from the total, another count is hidden too, shown as "[c]". Percentages, means and '
    "intervals of a hidden count are not shown."
)


def is_small(count: int | None) -> bool:
    return count is not None and 1 <= count <= 4


TOTAL = -1  # the key of the total in ``hidden_cells``


def hidden_cells(parts: Sequence[int], total: int) -> dict[int, str]:
    """{index of a part: ``SMALL`` or ``COMPLEMENTARY``} for the parts to hide, when the parts
    add up to ``total`` and the total is shown unless it is small itself. Cells are added
    (smallest first) until no hidden cell's value follows from the total and the cells shown;
    where even hiding every cell leaves one determined (all hidden cells small and at their
    bound), the total is hidden too, under the key ``TOTAL``."""
    hidden = {i: SMALL for i, count in enumerate(parts) if is_small(count)}
    if is_small(total) or not hidden:
        return hidden
    while _some_determined(parts, hidden, total):
        others = [(count, i) for i, count in enumerate(parts) if i not in hidden and count > 0]
        if not others:
            hidden[TOTAL] = COMPLEMENTARY
            break
        hidden[min(others)[1]] = COMPLEMENTARY
    return hidden


def _some_determined(parts: Sequence[int], hidden: dict[int, str], total: int) -> bool:
    """Whether a hidden cell has one possible value, knowing the total, the cells shown and
    that a hidden cell is at least 1 (at most 4 when shown as ``<5``)."""
    rest = total - sum(count for i, count in enumerate(parts) if i not in hidden)
    bounds = {i: (1, 4 if mark == SMALL else rest) for i, mark in hidden.items()}
    low_sum = sum(low for low, _ in bounds.values())
    high_sum = sum(high for _, high in bounds.values())
    for low, high in bounds.values():
        least = max(low, rest - (high_sum - high))
        most = min(high, rest - (low_sum - low))
        if least >= most:
            return True
    return False


# --- tables whose cells are linked in more than one way ------------------------------------
#
# A programme's counts add up down the programmes (to the total row) and across a row
# (completed + dropped out + still enrolled = enrolled), and some are bounded by others (those
# meeting the attendance rule are among those who started). A hidden cell there can be
# worked out through any of these at once, so each hidden cell's fewest and most possible
# values are found by integer programming over every relation together, and cells are hidden
# until no hidden cell has one possible value.

Sum = tuple[Sequence[Hashable], Hashable]  # (parts, total): the parts add up to the total
AtMost = tuple[Hashable, Hashable]  # (a, b): a <= b


def hidden_in_table(
    values: Mapping[Any, int], sums: Sequence[Sum], at_most: Sequence[AtMost] = ()
) -> dict[Any, str]:
    """{cell: ``SMALL`` or ``COMPLEMENTARY``} for the cells of ``values`` to hide so that no
    hidden count follows from the counts shown and the relations (a hidden count is known
    to be at least 1, and at most 4 when shown as ``<5``). Further cells are hidden from
    those sharing a relation with a cell that could be worked out: parts before totals, the
    smallest first."""
    hidden: dict[Any, str] = {k: SMALL for k, v in values.items() if is_small(v)}
    totals = {total for _, total in sums}
    related = _relations(sums, at_most)
    while hidden:
        pinned = _determined(values, hidden, sums, at_most)
        if not pinned:
            break
        near = {cell for key in pinned for relation in related.get(key, []) for cell in relation}
        candidates = [k for k in near if k not in hidden and values[k] > 0]
        if candidates:
            pick = min(candidates, key=lambda k: (k in totals, values[k], str(k)))
            hidden[pick] = COMPLEMENTARY
            continue
        # Nothing left to hide beside it (four reasons of one each under a "<5" total pin
        # each other): a pinned "<5" is shown as "[c]" instead, which says less.
        small = [k for k in pinned if hidden[k] == SMALL]
        if not small:
            break
        hidden[min(small, key=lambda k: (k not in totals, -values[k], str(k)))] = COMPLEMENTARY
    return hidden


def _relations(
    sums: Sequence[Sum], at_most: Sequence[AtMost]
) -> dict[Hashable, list[tuple[Hashable, ...]]]:
    found: dict[Hashable, list[tuple[Hashable, ...]]] = {}
    cells_of = [(*parts, total) for parts, total in sums] + [tuple(pair) for pair in at_most]
    for cells in cells_of:
        for cell in cells:
            found.setdefault(cell, []).append(cells)
    return found


def _determined(
    values: Mapping[Any, int],
    hidden: Mapping[Hashable, str],
    sums: Sequence[Sum],
    at_most: Sequence[AtMost],
) -> list[Hashable]:
    """Hidden cells with only one possible value."""
    import numpy as np  # as scipy: slow to import, needed only where suppression is on
    from scipy.optimize import Bounds, LinearConstraint, milp

    keys = sorted(hidden, key=str)
    index = {k: i for i, k in enumerate(keys)}
    big = max(1, sum(values.values()))
    low = np.ones(len(keys))
    high = np.array([4.0 if hidden[k] == SMALL else float(big) for k in keys])
    rows, lows, highs = [], [], []

    def relation(terms: list[tuple[Hashable, int]], bound_low: float, bound_high: float) -> None:
        row = np.zeros(len(keys))
        known = 0.0
        for cell, sign in terms:
            if cell in index:
                row[index[cell]] += sign
            else:
                known += sign * values[cell]
        if row.any():
            rows.append(row)
            lows.append(bound_low - known)
            highs.append(bound_high - known)

    for parts, total in sums:
        relation([*((p, 1) for p in parts), (total, -1)], 0, 0)
    for smaller, larger in at_most:
        relation([(smaller, 1), (larger, -1)], -np.inf, 0)
    constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
    bounds = Bounds(low, high)
    whole = np.ones(len(keys))
    pinned = []
    for k in keys:
        aim = np.zeros(len(keys))
        aim[index[k]] = 1
        least = milp(aim, integrality=whole, bounds=bounds, constraints=constraints)
        most = milp(-aim, integrality=whole, bounds=bounds, constraints=constraints)
        if least.success and most.success and round(least.fun) == round(-most.fun):
            pinned.append(k)
    return pinned
