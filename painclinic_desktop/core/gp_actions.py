"""Actions requested of the GP, each with its status history (requested, done, declined,
withdrawn). The GP summary prints them; a status is never overwritten, only followed."""

from __future__ import annotations

from datetime import date
from typing import Any

from .codes import GP_ACTION_STATUSES
from .errors import InvalidInput
from .referral_rules import uk_date


def current_status(action: dict[str, Any]) -> tuple[str, str]:
    """(status, since): the latest entry of the history, or "requested" on the request date."""
    history = sorted(action.get("history") or [], key=lambda h: h["on"])
    if not history:
        return "requested", action["requested_on"]
    return history[-1]["status"], history[-1]["on"]


def check_request(text: str, on: str, today: date) -> None:
    if not (text or "").strip():
        raise InvalidInput("Write what the GP is asked to do.", "text")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "requested_on")


def next_entry(
    action: dict[str, Any], status: str, on: str, note: str | None, today: date
) -> dict[str, Any]:
    if status not in GP_ACTION_STATUSES:
        raise InvalidInput(f"{status!r} is not one of {', '.join(GP_ACTION_STATUSES)}", "status")
    now, _since = current_status(action)
    if status == now:
        raise InvalidInput("That is already its status.", "status")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "on")
    if on < action["requested_on"]:
        raise InvalidInput("This is before the GP was asked.", "on")
    entry: dict[str, Any] = {"status": status, "on": on}
    if (note or "").strip():
        entry["note"] = note.strip()  # type: ignore[union-attr]
    return entry
