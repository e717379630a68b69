"""Rules for flags on a client (SPEC §2): raised with who, when and why; cleared with who and
when. One open flag of each kind at a time, so the agenda and the icons never double up."""

from __future__ import annotations

from datetime import date
from typing import Any

from .codes import FLAG_KINDS
from .errors import InvalidInput
from .referral_rules import uk_date


def check_raise(kind: str, on: str, why: str | None, open_kinds: set[str], today: date) -> None:
    if kind not in FLAG_KINDS:
        raise InvalidInput(f"'{kind}' is not a kind of flag.", "kind")
    if kind in open_kinds:
        raise InvalidInput("This flag is already raised for the client.", "kind")
    if not (why or "").strip():
        hint = " (for an interpreter, the language)" if kind == "interpreter_needed" else ""
        raise InvalidInput(f"Say why the flag is raised{hint}.", "note")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "raised_on")


def check_clear(flag: dict[str, Any], on: str, today: date) -> None:
    if flag.get("cleared_on"):
        raise InvalidInput(
            f"This flag was already cleared on {uk_date(flag['cleared_on'])}.", "cleared_on"
        )
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "cleared_on")
    if on < flag["raised_on"]:
        raise InvalidInput(
            f"A flag cannot be cleared before it was raised ({uk_date(flag['raised_on'])}).",
            "cleared_on",
        )


def note_when_cleared(flag: dict[str, Any], why: str | None) -> str | None:
    """The flag's note with the reason for clearing added after the reason it was raised.

    The bundle has no field for why a flag was cleared, so it travels in the note; the reason
    it was raised is kept, never replaced.
    """
    why = (why or "").strip()
    if not why:
        return flag.get("note")
    raised = (flag.get("note") or "").rstrip()
    return f"{raised}\nCleared: {why}" if raised else f"Cleared: {why}"
