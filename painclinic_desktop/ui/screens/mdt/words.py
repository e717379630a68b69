"""Plain words for MDT codes, through Qt's translation machinery."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ....core import mdt_rules


def _t(text: str) -> str:
    return QCoreApplication.translate("mdt", text)


def decision(code: str | None) -> str:
    return {
        "continue": _t("Continue as now"),
        "move_to_tier_2": _t("Move to Tier 2"),
        "move_to_tier_3": _t("Move to Tier 3 (CBT)"),
        "refer_on": _t("Refer on"),
        "discharge": _t("Discharge"),
        "safeguarding_action": _t("Safeguarding action"),
    }.get(code or "", code or "")


def why(code: str) -> str:
    return {mdt_rules.FLAGGED: _t("Flagged"), mdt_rules.ADDED: _t("Added")}.get(code, code)
