"""Rules for the community directory, signposting and personal-budget spend (SPEC §7).

Pure: values in, a bundle-shaped record (or an ``InvalidInput`` saying what and where) out.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .codes import SERVICE_CATEGORIES, SIGNPOSTING_STATUSES
from .errors import InvalidInput
from .referral_rules import uk_date

SERVICE_TEXT_FIELDS = ("venue", "schedule", "cost", "contact", "accessibility")

# Where a signposting may go next. It starts suggested, referred or on a waiting list;
# attended, declined and not available end it (a later try is a new signposting).
NEXT_STATUSES: dict[str | None, tuple[str, ...]] = {
    None: ("suggested", "referred", "waiting_list"),
    "suggested": ("referred", "waiting_list", "attended", "declined", "not_available"),
    "referred": ("waiting_list", "attended", "declined", "not_available"),
    "waiting_list": ("referred", "attended", "declined", "not_available"),
    "attended": (),
    "declined": (),
    "not_available": (),
}
ENDED = ("attended", "declined", "not_available")

LARGEST_SPEND_PENCE = 1_000_000  # £10,000: anything larger is a typing slip


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def languages_of(value: Any) -> list[str]:
    """Languages from a list or from text separated by commas; each once, as first written."""
    items = value if isinstance(value, list | tuple) else re.split(r"[,;/]", str(value or ""))
    found: dict[str, str] = {}
    for item in items:
        name = str(item).strip()
        if name and name.casefold() not in found:
            found[name.casefold()] = name
    return list(found.values())


def checked_service(values: dict[str, Any]) -> dict[str, Any]:
    """A community service record from the form's values (name and category required)."""
    name = _text(values.get("name"))
    if name is None:
        raise InvalidInput("Give the service a name.", "name")
    category = values.get("category")
    if category not in SERVICE_CATEGORIES:
        raise InvalidInput("Choose the kind of service.", "category")
    record = {
        "name": name,
        "category": category,
        "languages": languages_of(values.get("languages")),
    }
    for field in SERVICE_TEXT_FIELDS:
        record[field] = _text(values.get(field))
    return record


def same_service(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """The same name at the same venue (case and spacing aside): one listing, not two."""

    def key(r: dict[str, Any]) -> tuple[str, str]:
        return (
            " ".join((r.get("name") or "").casefold().split()),
            " ".join((r.get("venue") or "").casefold().split()),
        )

    return key(first) == key(second)


def current_status(history: list[dict[str, Any]]) -> str | None:
    return history[-1]["status"] if history else None


def is_open(history: list[dict[str, Any]]) -> bool:
    return current_status(history) not in ENDED


def next_step(history: list[dict[str, Any]], status: str, on: str, today: date) -> dict[str, Any]:
    """The step to add to a signposting's history, checked against where it stands."""
    if status not in SIGNPOSTING_STATUSES:
        raise InvalidInput(f"'{status}' is not a signposting status.", "status")
    _check_iso(on, "on")
    now = current_status(history)
    if status not in NEXT_STATUSES[now]:
        if now is None:
            raise InvalidInput(
                "A signposting starts as suggested, referred or waiting list.", "status"
            )
        if now in ENDED:
            raise InvalidInput(
                "This signposting has ended. To try this service again, "
                "signpost the client to it afresh.",
                "status",
            )
        raise InvalidInput("That does not follow from where this signposting stands.", "status")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "on")
    if history and on < history[-1]["on"]:
        raise InvalidInput(
            f"The date is before the last step ({uk_date(history[-1]['on'])}).", "on"
        )
    return {"status": status, "on": on}


def _check_iso(on: str, field: str) -> None:
    try:
        date.fromisoformat(on)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("Give the date as day/month/year.", field) from exc


def pence_of(amount: Any) -> int:
    """An amount of money as whole pence: "£12.50", "12.5", "1,200" are all accepted."""
    text = str(amount if amount is not None else "").strip().replace(",", "")
    text = text.removeprefix("£").strip()
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise InvalidInput("Give the amount in pounds, for example 12.50.", "amount") from exc
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise InvalidInput("Give the amount to the penny, for example 12.50.", "amount")
    pence = int(value * 100)
    if pence <= 0:
        raise InvalidInput("The amount must be more than nothing.", "amount")
    if pence > LARGEST_SPEND_PENCE:
        raise InvalidInput("That is more than £10,000: check the amount.", "amount")
    return pence


def pounds(pence: int) -> str:
    """Pence as the amount is written: £1,200.00."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def checked_spend(values: dict[str, Any], today: date) -> dict[str, Any]:
    """A personal-budget spend: amount (pence), purpose and date, optionally a service."""
    purpose = _text(values.get("purpose"))
    if purpose is None:
        raise InvalidInput("Say what the money was spent on.", "purpose")
    spent_on = values.get("spent_on") or ""
    _check_iso(spent_on, "spent_on")
    if spent_on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(spent_on)}) is in the future.", "spent_on")
    return {
        "amount_pence": pence_of(values.get("amount")),
        "purpose": purpose,
        "spent_on": spent_on,
        "service_id": values.get("service_id") or None,
    }
