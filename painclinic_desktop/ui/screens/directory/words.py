"""Plain words for the directory's codes, through Qt's translation machinery."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("directory", text)


def category(code: str) -> str:
    return {
        "physical_activity": _t("Physical activity"),
        "relaxation": _t("Relaxation group"),
        "arts_crafts": _t("Arts and crafts"),
        "music_choir": _t("Music or choir"),
        "peer_support": _t("Peer support"),
        "mens_shed": _t("Men in Sheds"),
        "financial_advice": _t("Money and benefits advice"),
        "employment_volunteering": _t("Work and volunteering"),
        "faith_group": _t("Faith group"),
        "carers_support": _t("Carers' support"),
        "other": _t("Other"),
    }.get(code, code)


def signposting_status(code: str | None) -> str:
    return {
        "suggested": _t("Suggested"),
        "referred": _t("Referred"),
        "attended": _t("Attended"),
        "declined": _t("Declined"),
        "waiting_list": _t("On the waiting list"),
        "not_available": _t("Not available"),
    }.get(code or "", code or "")
