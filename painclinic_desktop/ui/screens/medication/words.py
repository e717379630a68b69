"""Plain words for medication codes and figures, through Qt's translation machinery."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


def source(code: str | None) -> str:
    return {
        "gp_record": _t("GP record"),
        "client_report": _t("Client's report"),
        "pharmacy": _t("Pharmacy"),
    }.get(code or "", code or "")


def route(code: str | None) -> str:
    return {
        "oral": _t("By mouth"),
        "sublingual": _t("Under the tongue"),
        "patch": _t("Patch"),
        "topical": _t("On the skin"),
        "injection": _t("Injection"),
        "other": _t("Other"),
    }.get(code or "", code or "")


def number(value: float | Decimal | None) -> str:
    """20.0 -> "20", 2.5 -> "2.5": doses as people write them."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return text


def dose(item: dict) -> str:
    """ "30 mg, 4 times a day" or "25 micrograms/hour patch"."""
    amount = number(item.get("dose"))
    if not amount:
        return ""
    unit = item.get("dose_unit") or ""
    text = f"{amount} {unit}".strip()
    times = item.get("times_per_day")
    if times is not None and float(times) == 1:
        text += _t(", once a day")
    elif times is not None:
        text += _t(", %1 times a day").replace("%1", number(times))
    return text


def ome(value: Decimal | None) -> str:
    return _t("not converted — ask the prescriber") if value is None else f"{value}"


def table_used(label: str) -> str:
    return _t("Table used: %1").replace("%1", label)
