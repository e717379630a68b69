"""The client's 10-Footsteps plan, their goals and their iGro stars: saved, reviewed, replaced.

Every write goes through ``writes`` (authorship in one place) and reads the stored record
inside the same transaction, so a goal review or a star rating added in the meantime (another
window, an imported bundle) is built on, never lost. Goal reviews and star ratings are only
ever appended: the rules in ``core.goals`` and ``core.igro`` return new records, and
``_check_kept`` refuses any write that would drop or alter an earlier entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core import goals as goal_rules
from ..core import igro
from ..core.codes import FOOTSTEPS
from ..core.errors import InvalidInput, RecordNotFound
from ..core.stamps import new_id
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client

SETBACK_PARTS = ("warning_signs", "what_helps", "who_to_contact", "avoid")
PLAN_FIELDS = ("what_matters", "best_hopes", "focus_footsteps", "setback_plan", "resources_given")


# --- the plan (one per client) ------------------------------------------------------------


def plan_for(store: Store, client_id: str) -> dict[str, Any] | None:
    return next(records.select(store, "plans", "client_id = ?", (client_id,)), None)


def save_plan(store: Store, client_id: str, fields: dict[str, Any], author: str) -> dict[str, Any]:
    """Create or update the client's plan with any of PLAN_FIELDS; other fields are kept."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise InvalidInput(f"a plan has no field {sorted(unknown)[0]!r}", sorted(unknown)[0])
    checked = _checked_plan_fields(fields)
    with store.atomic():
        existing_client(store, client_id)
        plan = plan_for(store, client_id)
        if plan is None:
            return writes.add(store, "plans", {"client_id": client_id, **checked}, author)
        return writes.change(store, "plans", {**plan, **checked}, author)


def _checked_plan_fields(fields: dict[str, Any]) -> dict[str, Any]:
    checked = dict(fields)
    for name in ("what_matters", "best_hopes"):
        if name in fields:
            checked[name] = (fields[name] or "").strip()
    if "focus_footsteps" in fields:
        checked["focus_footsteps"] = _focus(fields["focus_footsteps"])
    if "setback_plan" in fields:
        checked["setback_plan"] = _setback(fields["setback_plan"])
    if "resources_given" in fields:
        checked["resources_given"] = [_resource(r) for r in fields["resources_given"] or []]
    return checked


def _focus(chosen: Any) -> list[int]:
    chosen = list(chosen or [])
    for number in chosen:
        if isinstance(number, bool) or number not in FOOTSTEPS:
            raise InvalidInput(
                f"there is no footstep {number!r}: footsteps are 1 to 10", "focus_footsteps"
            )
    if len(set(chosen)) != len(chosen):
        raise InvalidInput("each footstep can be chosen as a focus only once", "focus_footsteps")
    return chosen


def _setback(plan: Any) -> dict[str, str]:
    plan = dict(plan or {})
    unknown = set(plan) - set(SETBACK_PARTS)
    if unknown:
        raise InvalidInput(f"a setback plan has no part {sorted(unknown)[0]!r}", "setback_plan")
    return {part: (plan.get(part) or "").strip() for part in SETBACK_PARTS}


def _resource(given: Any) -> dict[str, str]:
    what = (given or {}).get("resource")
    if not isinstance(what, str) or not what.strip():
        raise InvalidInput("say which resource was given", "resources_given")
    return {"resource": what.strip(), "given_on": _day(given.get("given_on"), "given_on")}


# --- goals ----------------------------------------------------------------------------------


def set_goal(
    store: Store,
    client_id: str,
    footstep: int,
    text: str,
    set_on: str | date,
    target_on: str | date,
    confidence: int,
    author: str,
) -> dict[str, Any]:
    """A new goal in the client's words, tied to one footstep."""
    goal = goal_rules.new_goal(new_id(), client_id, footstep, text, set_on, target_on, confidence)
    with store.atomic():
        existing_client(store, client_id)
        return writes.add(store, "goals", goal, author)


def review_goal(
    store: Store, goal_id: str, reviewed_on: str | date, status: str, note: str, author: str
) -> dict[str, Any]:
    """Add one review (date, status, note, who) to the goal's history; nothing is overwritten."""
    with store.atomic():
        goal = _stored(store, "goals", goal_id, "goal")
        reviewed = goal_rules.add_review(goal, reviewed_on, status, (note or "").strip())
        _sign_new_review(reviewed, _day(reviewed_on, "reviewed_on"), author)
        _check_kept(goal["reviews"], reviewed["reviews"], "reviews")
        return writes.change(store, "goals", reviewed, author)


def replace_goal(
    store: Store,
    goal_id: str,
    on: str | date,
    text: str,
    target_on: str | date,
    confidence: int,
    author: str,
    footstep: int | None = None,
    note: str = "",
) -> tuple[dict, dict]:
    """(old goal closed as replaced, new goal whose ``replaces`` names the old); one commit."""
    with store.atomic():
        old = _stored(store, "goals", goal_id, "goal")
        closed, new = goal_rules.replace_goal(
            old, new_id(), on, text, target_on, confidence, footstep, (note or "").strip()
        )
        _sign_new_review(closed, _day(on, "on"), author)
        _check_kept(old["reviews"], closed["reviews"], "reviews")
        return (
            writes.change(store, "goals", closed, author),
            writes.add(store, "goals", new, author),
        )


def _sign_new_review(goal: dict, day: str, author: str) -> None:
    # The review just added is the last of its date: reviews on one date keep entry order.
    added = max(i for i, r in enumerate(goal["reviews"]) if r["reviewed_on"] == day)
    goal["reviews"][added] = {**goal["reviews"][added], "by": author}


# --- iGro stars -----------------------------------------------------------------------------


def stars_in_order(stars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Oldest star first; the last one is the star in use (earlier stars are kept).

    By when each was started; a star started in the same second as another but not yet
    rated is the newer one (a new star is started only after the old one's ratings).
    """

    def started(star: dict) -> tuple[str, str]:
        first = min((r["rated_on"] for r in star.get("ratings") or []), default="9999-12-31")
        return (star.get("created_at") or first, first)

    return sorted(stars, key=started)


def start_star(store: Store, client_id: str, arms: list[str], author: str) -> dict[str, Any]:
    """A new star with no ratings. Any earlier star is kept exactly as it is."""
    star = igro.new_star(new_id(), client_id, arms)
    with store.atomic():
        existing_client(store, client_id)
        return writes.add(store, "igro_stars", star, author)


def rate_star(
    store: Store, star_id: str, rated_on: str | date, label: str, scores: list[int], author: str
) -> dict[str, Any]:
    with store.atomic():
        star = _stored(store, "igro_stars", star_id, "star")
        rated = igro.add_rating(star, rated_on, label, scores)
        _check_kept(star["ratings"], rated["ratings"], "ratings")
        return writes.change(store, "igro_stars", rated, author)


def reword_arms(store: Store, star_id: str, arms: list[str], author: str) -> dict[str, Any]:
    """New wording for the arms; refused once the star has two ratings (start a new star)."""
    with store.atomic():
        star = _stored(store, "igro_stars", star_id, "star")
        reworded = igro.reword_arms(star, arms)
        if reworded["arms"] == star["arms"]:
            return star
        return writes.change(store, "igro_stars", reworded, author)


# --- shared ---------------------------------------------------------------------------------


def _check_kept(before: list[dict], after: list[dict], what: str) -> None:
    """Every earlier entry is still there, unchanged and in the same order."""
    remaining = iter(after)
    if not all(any(entry == later for later in remaining) for entry in before):
        raise InvalidInput(f"saving this would change earlier {what}; nothing was saved", what)


def _stored(store: Store, collection: str, record_id: str, what: str) -> dict[str, Any]:
    record = records.get(store, collection, record_id)
    if record is None:
        raise RecordNotFound(f"That {what} is no longer in this database.")
    return record


def _day(value: Any, field: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a date written YYYY-MM-DD", field) from None
