"""Words about a client for the pathway, referral and contact screens (codes in, translated
words out), and the client's name at the top of their forms."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..core.codes import ETHNICITIES, REFERRAL_SOURCES
from ..core.dates import nhs_datetime
from . import words


def _t(text: str) -> str:
    return QCoreApplication.translate("pathway_words", text)


def gender(code: str | None) -> str:
    return {
        "female": _t("Female"),
        "male": _t("Male"),
        "non_binary": _t("Non-binary"),
        "other": _t("Other"),
        "not_stated": _t("Not stated"),
    }.get(code or "", code or "")


def employment(code: str | None) -> str:
    return {
        "employed": _t("Employed"),
        "self_employed": _t("Self-employed"),
        "unemployed": _t("Unemployed"),
        "unable_to_work_sick_disabled": _t("Unable to work (sick or disabled)"),
        "retired": _t("Retired"),
        "student": _t("Student"),
        "carer": _t("Carer"),
        "not_stated": _t("Not stated"),
    }.get(code or "", code or "")


def imd_decile(decile: int | None) -> str:
    if decile == 1:
        return _t("1 (most deprived)")
    if decile == 10:
        return _t("10 (least deprived)")
    return str(decile) if decile else ""


def component(code: str) -> str:
    return {
        "pain_book": _t("Pain management book"),
        "relaxation_audio": _t("Relaxation audio"),
        "pacing_diary": _t("Pacing diary"),
        "exercise_planning": _t("Exercise planning"),
        "sleep_hygiene": _t("Sleep hygiene"),
        "medication_worksheet": _t("Medication review worksheet"),
        "oad_worksheet": _t("Opioid dependence (OAD) worksheet"),
        "de_scripting": _t("De-scripting"),
        "goal_review": _t("Goal review"),
        "igro_rating": _t("iGro star rating"),
        "signposting": _t("Signposting"),
    }.get(code, code)


def ethnicity(letter: str | None) -> str:
    # The NHS category names are data from core/codes; translated by their English text.
    name = ETHNICITIES.get(letter or "")
    return f"{letter} — {QCoreApplication.translate('ethnicity', name)}" if name else ""


def field_label(code: str) -> str:
    """The referral-file and intake field names (core/referral_rules.LABELS)."""
    from ..core.referral_rules import LABELS

    return QCoreApplication.translate("referral_fields", LABELS.get(code, code))


def reason(template: str, params: dict[str, Any]) -> str:
    """A problem found in a referral row, from the English template core gives."""
    return QCoreApplication.translate("referral_problems", template).format(**params)


def triage_decision(code: str) -> str:
    return {
        "accepted": _t("Accept"),
        "declined": _t("Decline"),
        "signposted_elsewhere": _t("Signpost elsewhere"),
    }.get(code, code)


def flag_short(code: str) -> str:
    """The flag's name without the instruction some flags carry ("RISK — check …")."""
    return words.flag(code).split(" —")[0]


def progress(phase: str) -> str:
    return {
        "reading": _t("Reading the file…"),
        "checking": _t("Checking each row…"),
        "saving": _t("Saving the referrals…"),
    }.get(phase, phase)


def uk_date(iso: str | None) -> str:
    """06-Dec-2026, or 06-Dec-2026 14:05 for a moment (core.dates: one style everywhere)."""
    return nhs_datetime(iso)


def who(context, client_id: str) -> str:
    """The client's name and birth date at the top of every form: the right record, always."""
    from ..services.directory import client_details

    client = client_details(context.store, client_id) or {}
    name = escape(f"{client.get('given_name', '')} {client.get('family_name', '')}")
    born = QCoreApplication.translate("pathway_dialogs", "born %1").replace(
        "%1", uk_date(client.get("date_of_birth"))
    )
    return f"<b>{name}</b>, {born}"


def source_choices() -> list[tuple[str, str]]:
    """Where a referral came from, in words, with its code."""
    return [(words.referral_source(s), s) for s in REFERRAL_SOURCES]
