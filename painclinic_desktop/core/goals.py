"""Goals: status on a date, reviews that only ever add to the history, and replacing a goal.

Goals are set, reset and reviewed many times. Nothing here changes a record in place: every
function returns new dicts, and a review once recorded is never altered or removed.
"""

from __future__ import annotations

import re
from datetime import date

from painclinic_desktop.core.codes import FOOTSTEPS, GOAL_STATUSES
from painclinic_desktop.core.errors import InvalidInput

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def reviews_in_order(goal: dict) -> list[dict]:
    """Reviews by date; reviews on the same date keep the order they were entered."""
    return sorted(goal.get("reviews") or [], key=lambda r: r["reviewed_on"])


def status_on(goal: dict, on: str | date) -> str | None:
    """The status of the latest review on or before `on`; None when there is none yet."""
    day = _iso(on, "on")
    earlier = [r for r in reviews_in_order(goal) if r["reviewed_on"] <= day]
    return earlier[-1]["status"] if earlier else None


def current_status(goal: dict) -> str | None:
    """The status of the latest review recorded; None when the goal has not been reviewed."""
    reviews = reviews_in_order(goal)
    return reviews[-1]["status"] if reviews else None


def replaced_on(goal: dict) -> str | None:
    """The date the goal was replaced by another, or None while it still stands."""
    dates = [r["reviewed_on"] for r in reviews_in_order(goal) if r["status"] == "replaced"]
    return dates[0] if dates else None


def current_goals(goals: list[dict]) -> list[dict]:
    """The goals still standing (not replaced), in the order they were set."""
    standing = [g for g in goals if replaced_on(g) is None]
    return sorted(standing, key=lambda g: g.get("set_on") or "")


def add_review(goal: dict, reviewed_on: str | date, status: str, note: str = "") -> dict:
    """A copy of the goal with one more review; earlier reviews stay exactly as they were."""
    day = _iso(reviewed_on, "reviewed_on")
    if status not in GOAL_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(GOAL_STATUSES)}", "status")
    if status == "replaced":
        raise InvalidInput("to replace a goal, set the new goal; it records the old one", "status")
    if goal.get("set_on") and day < goal["set_on"]:
        raise InvalidInput(f"a review cannot be before the goal was set ({goal['set_on']})")
    ended = replaced_on(goal)
    if ended is not None and day >= ended:
        raise InvalidInput(f"this goal was replaced on {ended}; review the new goal instead")
    return _with_review(goal, {"reviewed_on": day, "status": status, "note": note or ""})


def replace_goal(
    old: dict,
    new_id: str,
    on: str | date,
    text: str,
    target_on: str | date,
    confidence: int,
    footstep: int | None = None,
    note: str = "",
) -> tuple[dict, dict]:
    """(old goal closed with a `replaced` review, new goal that `replaces` it); both new dicts."""
    day = _iso(on, "on")
    if replaced_on(old) is not None:
        raise InvalidInput(f"this goal was already replaced on {replaced_on(old)}")
    if old.get("set_on") and day < old["set_on"]:
        raise InvalidInput(f"a goal cannot be replaced before it was set ({old['set_on']})")
    new = new_goal(
        new_id, old["client_id"], footstep or old["footstep"], text, day, target_on, confidence
    )
    new["replaces"] = old["id"]
    closing = {"reviewed_on": day, "status": "replaced", "note": note or f"replaced by {new_id}"}
    return _with_review(old, closing), new


def new_goal(
    goal_id: str,
    client_id: str,
    footstep: int,
    text: str,
    set_on: str | date,
    target_on: str | date,
    confidence: int,
) -> dict:
    """A goal in the client's words, checked: footstep 1-10, confidence 0-10, target after set."""
    if footstep not in FOOTSTEPS or isinstance(footstep, bool):
        raise InvalidInput("choose a footstep from 1 to 10", "footstep")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("write the goal in the client's words", "text")
    if isinstance(confidence, bool) or not isinstance(confidence, int) or not 0 <= confidence <= 10:
        raise InvalidInput("confidence is a whole number from 0 to 10", "confidence")
    set_day, target = _iso(set_on, "set_on"), _iso(target_on, "target_on")
    if target < set_day:
        raise InvalidInput("the target date cannot be before the date the goal is set", "target_on")
    return {
        "id": goal_id,
        "client_id": client_id,
        "footstep": footstep,
        "text": text.strip(),
        "set_on": set_day,
        "target_on": target,
        "confidence": confidence,
        "reviews": [],
    }


def _with_review(goal: dict, review: dict) -> dict:
    # Appending then a stable sort keeps same-day reviews in the order they were entered.
    reviews = [dict(r) for r in goal.get("reviews") or []] + [review]
    return {**goal, "reviews": sorted(reviews, key=lambda r: r["reviewed_on"])}


def _iso(value: str | date, field: str) -> str:
    text = value.isoformat() if isinstance(value, date) else value
    if isinstance(text, str) and _ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be a date written YYYY-MM-DD", field)
