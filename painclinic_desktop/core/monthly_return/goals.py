"""The ``Goals`` sheet of the monthly return: goals reviewed in the month, by footstep."""

from __future__ import annotations

from collections import Counter
from typing import Any

from painclinic_desktop.core.codes import (
    FOOTSTEPS,
    GOAL_STATUSES,
)
from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    Sheet,
    iso_day,
    records,
    shown_count,
)

GOAL_COLUMNS = ["footstep", "reviewed", *GOAL_STATUSES, "percent_achieved_or_partly"]


def status_reviewed_in(goal: dict[str, Any], month: Period) -> str | None:
    """The status of the goal's latest review dated in the month (a later entry wins a tie)."""
    latest_day, status = "", None
    for review in goal.get("reviews") or []:
        day = iso_day(review.get("reviewed_on"))
        if day is None or not month.holds(day) or review.get("status") not in GOAL_STATUSES:
            continue
        if day >= latest_day:
            latest_day, status = day, review.get("status")
    return status


def goals_sheet(caseload: Caseload, month: Period, suppress: bool) -> Sheet:
    counts: dict[str, Counter[str]] = {str(f): Counter() for f in FOOTSTEPS}
    counts["all"] = Counter()
    for goal in records(caseload, "goals"):
        status = status_reviewed_in(goal, month)
        if status is None:
            continue
        counts["all"][status] += 1
        footstep = str(goal.get("footstep"))
        if footstep in counts and footstep != "all":
            counts[footstep][status] += 1
    rows = [_goal_row(footstep, found, suppress) for footstep, found in counts.items()]
    return Sheet(GOAL_COLUMNS, rows, float_formats={"percent_achieved_or_partly": "0.0"})


def _goal_row(footstep: str, counts: Counter[str], suppress: bool) -> list[Any]:
    reviewed = sum(counts.values())
    good = counts["achieved"] + counts["partly_achieved"]
    percent = 100 * good / reviewed if reviewed else None
    shown = [shown_count(counts[s], suppress) for s in GOAL_STATUSES]
    return [footstep, shown_count(reviewed, suppress), *shown, percent]
