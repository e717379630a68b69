"""Matching a walk-in on a register to a client already on the caseload.

A walk-in is given by name and date of birth on a shared laptop, often in a hurry, so names
are compared without case, accents, spaces, hyphens or apostrophes. Only the same name AND
the same date of birth, belonging to exactly one client, is a match. Everything weaker — names
given the other way round, a similar first name, the same name with another date of birth —
is only offered to the coach as a possible match; a name alone never matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Why a client is offered for a walk-in (codes; the UI words them).
SAME_NAME_AND_BIRTH = "same_name_and_birth"
NAMES_SWAPPED = "names_swapped"  # given and family name entered the other way round
SIMILAR_NAME = "similar_name"  # same family name and birth date, first name alike
BIRTH_DATE_DIFFERS = "birth_date_differs"  # same name, another date of birth
REASONS = (SAME_NAME_AND_BIRTH, NAMES_SWAPPED, SIMILAR_NAME, BIRTH_DATE_DIFFERS)

# Outcomes of matching.
MATCHED = "matched"
HOLD = "hold"

# Letters that do not decompose into a base letter and an accent.
_FOLDED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
)


def squash(name: str | None) -> str:
    """A name as compared: lower case, accents dropped, letters and digits only.

    "Łukasz", "LUKASZ" and "lukasz" compare equal, as do "O'Neill" and "ONeill".
    """
    text = unicodedata.normalize("NFKD", (name or "").casefold()).translate(_FOLDED)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\W_]", "", text)


@dataclass(frozen=True)
class Candidate:
    client_id: str
    reason: str


@dataclass(frozen=True)
class Match:
    outcome: str  # MATCHED or HOLD
    client_id: str | None  # the client, when MATCHED
    candidates: tuple[Candidate, ...]  # possible clients for the coach, best first


def _alike(first: str, second: str) -> bool:
    """First names close enough to ask about ("Muhammad" / "Mohammed", "Liz" / "Lizzie"):
    the same initial. Only ever asked with the same family name and date of birth."""
    return bool(first) and bool(second) and first[0] == second[0]


def reason_for(walk_in: dict[str, Any], client: dict[str, Any]) -> str | None:
    """Why ``client`` might be the person on the register, or None if they cannot be."""
    given, family = squash(walk_in.get("given_name")), squash(walk_in.get("family_name"))
    their_given, their_family = squash(client.get("given_name")), squash(client.get("family_name"))
    if not family or not given:
        return None
    same_birth = bool(walk_in.get("date_of_birth")) and (
        walk_in.get("date_of_birth") == client.get("date_of_birth")
    )
    same_name = (given, family) == (their_given, their_family)
    if same_birth and same_name:
        return SAME_NAME_AND_BIRTH
    if same_birth and (given, family) == (their_family, their_given):
        return NAMES_SWAPPED
    if same_birth and family == their_family and _alike(given, their_given):
        return SIMILAR_NAME
    if same_name:
        return BIRTH_DATE_DIFFERS
    return None


def match(walk_in: dict[str, Any], clients: Iterable[dict[str, Any]]) -> Match:
    """Match a walk-in (``given_name``, ``family_name``, ``date_of_birth``) among ``clients``.

    MATCHED only when exactly one client has the same name and date of birth; two such clients
    (or none) leave the walk-in held, with every possible client listed for the coach.
    """
    found = []
    for client in clients:
        reason = reason_for(walk_in, client)
        if reason is not None:
            found.append(Candidate(client["id"], reason))
    found.sort(key=lambda c: REASONS.index(c.reason))
    exact = [c for c in found if c.reason == SAME_NAME_AND_BIRTH]
    if len(exact) == 1:
        return Match(MATCHED, exact[0].client_id, tuple(found))
    return Match(HOLD, None, tuple(found))
