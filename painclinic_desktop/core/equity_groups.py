"""Who is in which group, for the equity report: one group per client for each dimension, so
the groups of a dimension always add up to the whole service.

Groups are codes (``"J"``, ``"1"``, ``"unknown"``); reports word them with ``group_label``.
Age is taken on the last day of the report's range; the other dimensions are the client's
record as it stands. ``staff`` is the client's assigned coach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .codes import ETHNICITIES, GENDERS
from .monthly_return.demographics import AGE_BANDS, UNKNOWN, age_band

UNASSIGNED = "unassigned"
# The NHS ethnic category's top-level groups and the letters in each.
ETHNIC_GROUPS = (
    ("white", "White", "ABC"),
    ("mixed", "Mixed", "DEFG"),
    ("asian", "Asian or Asian British", "HJKL"),
    ("black", "Black or Black British", "MNP"),
    ("other", "Other ethnic group", "RS"),
    ("not_stated", "Not stated", "Z"),
)
_GROUP_OF_LETTER = {letter: code for code, _, letters in ETHNIC_GROUPS for letter in letters}
_GROUP_NAMES = {code: name for code, name, _ in ETHNIC_GROUPS}
QUINTILE_NAMES = {"1": "1 (most deprived)", "5": "5 (least deprived)"}
DECILE_NAMES = {"1": "1 (most deprived)", "10": "10 (least deprived)"}


def _decile(client: dict[str, Any]) -> int | None:
    value = client.get("imd_decile")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10:
        return value
    return None


def _ethnicity(client: dict[str, Any], _: str) -> str:
    letter = client.get("ethnicity")
    return letter if letter in ETHNICITIES else UNKNOWN


def _ethnic_group(client: dict[str, Any], _: str) -> str:
    return _GROUP_OF_LETTER.get(client.get("ethnicity") or "", UNKNOWN)


def _imd_quintile(client: dict[str, Any], _: str) -> str:
    decile = _decile(client)
    return str((decile + 1) // 2) if decile else UNKNOWN


def _imd_decile(client: dict[str, Any], _: str) -> str:
    decile = _decile(client)
    return str(decile) if decile else UNKNOWN


def _language(client: dict[str, Any], _: str) -> str:
    # "urdu" and "Urdu " are one language: grouped without case or spare spaces.
    text = " ".join(str(client.get("first_language") or "").split())
    return text[:1].upper() + text[1:].casefold() if text else UNKNOWN


def _text(field: str, empty: str = UNKNOWN) -> Callable[[dict[str, Any], str], str]:
    def group(client: dict[str, Any], _: str) -> str:
        text = " ".join(str(client.get(field) or "").split())
        return text or empty

    return group


# dimension -> (the group of a client on a day, the known groups in report order)
DIMENSIONS: dict[str, tuple[Callable[[dict[str, Any], str], str], tuple[str, ...]]] = {
    "ethnicity": (_ethnicity, tuple(ETHNICITIES)),
    "ethnic_group": (_ethnic_group, tuple(code for code, _, _ in ETHNIC_GROUPS)),
    "imd_quintile": (_imd_quintile, tuple(str(n) for n in range(1, 6))),
    "imd_decile": (_imd_decile, tuple(str(n) for n in range(1, 11))),
    "first_language": (_language, ()),
    # Absent counts as "no", as in the monthly return.
    "interpreter_needed": (
        lambda c, _: "yes" if c.get("interpreter_needed") else "no",
        ("yes", "no"),
    ),
    "gender": (_text("gender"), GENDERS),
    "age_band": (
        lambda c, day: age_band(c.get("date_of_birth"), day),
        tuple(band for _, band in AGE_BANDS),
    ),
    "pcn": (_text("pcn"), ()),
    "staff": (_text("assigned_staff", UNASSIGNED), ()),
}


def groups_of(dimension: str, clients: Iterable[dict[str, Any]], day: str) -> dict[Any, str]:
    """Client id -> their group in ``dimension`` on ``day``."""
    group, _ = DIMENSIONS[dimension]
    return {c.get("id"): group(c, day) for c in clients}


def ordered(dimension: str, found: Iterable[str]) -> list[str]:
    """The groups found, in the dimension's own order (others by name), unknown last."""
    _, known = DIMENSIONS[dimension]
    found = set(found)
    listed = [g for g in known if g in found]
    rest = sorted(
        (g for g in found if g not in known and g not in (UNKNOWN, UNASSIGNED)), key=str.casefold
    )
    last = [g for g in (UNKNOWN, UNASSIGNED) if g in found]
    return listed + rest + last


def group_label(dimension: str, group: str) -> str:
    """The group in words, for a report: ``Asian or Asian British: J Pakistani``."""
    if group == UNKNOWN:
        return "Not recorded"
    if group == UNASSIGNED:
        return "No coach assigned"
    if dimension == "ethnicity":
        top = _GROUP_NAMES[_GROUP_OF_LETTER[group]]
        return f"{top}: {group} {ETHNICITIES[group]}"
    if dimension == "ethnic_group":
        return _GROUP_NAMES.get(group, group)
    if dimension == "imd_quintile":
        return QUINTILE_NAMES.get(group, group)
    if dimension == "imd_decile":
        return DECILE_NAMES.get(group, group)
    if dimension == "gender":
        return {"non_binary": "Non-binary", "not_stated": "Not stated"}.get(
            group, group.capitalize()
        )
    if dimension == "age_band":
        return group.replace("under_18", "under 18")
    return group.capitalize() if dimension == "interpreter_needed" else group
