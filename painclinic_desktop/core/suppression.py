"""Small-number suppression that cannot be undone by subtraction.

A count from 1 to 4 is shown as ``<5`` (primary suppression). Where a column's total is shown,
one hidden cell could be worked out as the total minus the cells shown, so a second cell is
hidden too (complementary suppression): the smallest other non-zero cell, shown as ``[c]``.
Anything worked out from a hidden count (a percentage of it, a mean over its clients) is
hidden with it; a zero is shown, because a hidden zero would itself say "not zero".
"""

from __future__ import annotations

from collections.abc import Sequence

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
