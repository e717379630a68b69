"""Plain words for the codes of registers and walk-ins, through Qt's translation machinery."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ....core import register_matching as matching
from ....services import walk_ins


def _t(text: str) -> str:
    return QCoreApplication.translate("groups", text)


def match_reason(code: str) -> str:
    return {
        matching.SAME_NAME_AND_BIRTH: _t("same name and date of birth"),
        matching.NAMES_SWAPPED: _t("same names, given the other way round"),
        matching.SIMILAR_NAME: _t("same family name and date of birth, similar first name"),
        matching.BIRTH_DATE_DIFFERS: _t("same name, but a different date of birth"),
    }.get(code, code)


def walk_in_outcome(walk_in: dict) -> str:
    return {
        walk_ins.MATCHED_ON_ENTRY: _t("matched to a client and ticked"),
        walk_ins.MATCHED_BY_COACH: _t("matched by %1").replace(
            "%1", walk_in.get("resolved_by") or ""
        ),
        walk_ins.SET_ASIDE: _t("set aside (not a client)"),
    }.get(walk_in.get("resolution") or "", _t("waiting for a coach to match"))


def module_title(code: str) -> str:
    from ... import words

    return words.module(code)
