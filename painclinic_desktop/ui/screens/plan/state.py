"""The plan page without Qt: the chosen focus footsteps in order, and goals grouped by footstep."""

from __future__ import annotations

from dataclasses import dataclass

from ....core import goals as goal_rules
from ....core.codes import FOOTSTEPS


class FocusOrder:
    """The footsteps chosen as focus, in the order the client put them."""

    def __init__(self, chosen: list[int] | None = None):
        self.chosen: list[int] = [n for n in chosen or [] if n in FOOTSTEPS]

    def position(self, number: int) -> int | None:
        """1 for the first focus, 2 for the second…; None when not chosen."""
        return self.chosen.index(number) + 1 if number in self.chosen else None

    def toggle(self, number: int) -> None:
        if number in self.chosen:
            self.chosen.remove(number)
        elif number in FOOTSTEPS:
            self.chosen.append(number)

    def move(self, number: int, step: int) -> bool:
        """Move a chosen footstep earlier (-1) or later (+1); False when it cannot move."""
        if number not in self.chosen:
            return False
        at = self.chosen.index(number)
        to = at + step
        if not 0 <= to < len(self.chosen):
            return False
        self.chosen[at], self.chosen[to] = self.chosen[to], self.chosen[at]
        return True


@dataclass(frozen=True)
class GoalRow:
    goal: dict
    status: str | None  # latest review's status; None before the first review
    replaced_by: dict | None  # the goal that replaced this one
    replaces: dict | None  # the goal this one replaced

    @property
    def standing(self) -> bool:
        return self.status != "replaced"


def goal_groups(goals: list[dict], focus: list[int]) -> list[tuple[int, list[GoalRow]]]:
    """(footstep, goals) for the focus footsteps in order, then any other footstep with goals.

    Within a footstep, goals are in the order set; a replaced goal stays in view (greyed by
    the screen) just before the goal that replaced it, so the history reads top to bottom.
    """
    by_id = {g["id"]: g for g in goals}
    replaced_by = {g["replaces"]: g for g in goals if g.get("replaces") in by_id}
    rows: dict[int, list[GoalRow]] = {}
    for goal in sorted(goals, key=lambda g: (g.get("set_on") or "", g.get("created_at") or "")):
        row = GoalRow(
            goal,
            goal_rules.current_status(goal),
            replaced_by.get(goal["id"]),
            by_id.get(goal.get("replaces") or ""),
        )
        rows.setdefault(goal["footstep"], []).append(row)
    order = [n for n in focus if n in FOOTSTEPS] + sorted(n for n in rows if n not in focus)
    return [(n, rows.get(n, [])) for n in order]
