"""Plain-language words for the service's codes, all through Qt's translation machinery."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ..core.dates import nhs_date, nhs_time


def _t(text: str) -> str:
    return QCoreApplication.translate("words", text)


def status(code: str) -> str:
    return {
        "open": _t("Open"),
        "awaiting_triage": _t("Awaiting triage"),
        "discharged": _t("Discharged"),
        "declined": _t("Declined"),
        "signposted_elsewhere": _t("Signposted elsewhere"),
        "no_referral": _t("No referral"),
    }.get(code, code)


def flag(code: str) -> str:
    return {
        "mdt_discuss": _t("Discuss at MDT"),
        "faith_barrier": _t("Faith or belief may be a barrier"),
        "interpreter_needed": _t("Interpreter needed"),
        "safeguarding": _t("Safeguarding concern"),
        "carer_involved": _t("Carer or family involved"),
        "risk": _t("RISK — check the latest assessment and follow the risk procedure"),
        "high_dose_opioid": _t("Opioids: 120 mg/day OME or more, or a total not complete"),
    }.get(code, code)


def tier(value: int | None) -> str:
    return _t("Tier %1").replace("%1", str(value)) if value else ""


def contact_type(code: str) -> str:
    return {
        "face_to_face": _t("1:1 face to face"),
        "home_visit": _t("Home visit"),
        "telephone": _t("Telephone"),
        "video": _t("Video"),
        "group": _t("Group session"),
    }.get(code, code)


def contact_outcome(code: str) -> str:
    return {
        "attended": _t("Attended"),
        "dna": _t("Did not attend"),
        "cancelled_by_client": _t("Cancelled by client"),
        "cancelled_by_service": _t("Cancelled by service"),
    }.get(code, code)


def venue(code: str | None) -> str:
    return {
        "gp_practice": _t("GP practice"),
        "faith_centre": _t("Faith centre"),
        "community_venue": _t("Community venue"),
        "home": _t("Client's home"),
        "remote": _t("Remote"),
        "other": _t("Other venue"),
    }.get(code or "", code or "")


def referral_source(code: str) -> str:
    return {
        "gp": _t("GP"),
        "msk_practitioner": _t("MSK practitioner"),
        "pcn_other": _t("PCN (other)"),
        "self": _t("Self-referral"),
        "community_partner": _t("Community partner"),
        "secondary_care": _t("Secondary care"),
        "other": _t("Other"),
    }.get(code, code)


def referral_outcome(code: str) -> str:
    return {
        "pending": _t("awaiting triage"),
        "accepted": _t("accepted"),
        "declined": _t("declined"),
        "signposted_elsewhere": _t("signposted elsewhere"),
    }.get(code, code)


def discharge_reason(code: str) -> str:
    return {
        "goals_met": _t("goals met"),
        "disengaged": _t("disengaged"),
        "moved_away": _t("moved away"),
        "declined_further_support": _t("declined further support"),
        "transferred": _t("transferred"),
        "deceased": _t("deceased"),
        "other": _t("other reason"),
    }.get(code, code)


def instrument(code: str) -> str:
    return {
        "pseq": _t("PSEQ (pain self-efficacy)"),
        "wemwbs": _t("WEMWBS (wellbeing)"),
        "swemwbs": _t("SWEMWBS (short wellbeing)"),
        "bpi": _t("BPI (pain severity and interference)"),
        "ons4": _t("ONS4 (personal wellbeing)"),
        "phq9": _t("PHQ-9 (mood)"),
        "gad7": _t("GAD-7 (anxiety)"),
        "peg": _t("PEG (pain, enjoyment, activity)"),
        "sts": _t("Sit-to-stand test"),
    }.get(code, code)


def time_point(code: str) -> str:
    return {
        "baseline": _t("baseline"),
        "mid": _t("mid-point"),
        "end": _t("end of episode"),
        "fu_10w": _t("10-week follow-up"),
        "fu_6m": _t("6-month follow-up"),
        "fu_12m": _t("12-month follow-up"),
        "review": _t("review"),
    }.get(code, code)


def goal_status(code: str) -> str:
    return {
        "not_started": _t("not started"),
        "in_progress": _t("in progress"),
        "achieved": _t("achieved"),
        "partly_achieved": _t("partly achieved"),
        "not_achieved": _t("not achieved"),
        "replaced": _t("replaced"),
    }.get(code, code)


def module(code: str) -> str:
    from ..core.footsteps import modules

    for m in modules():
        if getattr(m, "code", None) == code:
            return m.title  # service-editable data, not a translatable string
    return code


def uk(iso: str | None) -> str:
    """03/10/2026, as dates are read in the UK."""
    if not iso:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def local_time(iso: str | None) -> str:
    """10:42 today, else 05-Dec-2026 10:42, in this laptop's own time zone."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    if moment.date() == datetime.now().astimezone().date():
        return nhs_time(moment)
    return f"{nhs_date(moment)} {nhs_time(moment)}"


def counted(number: int, one: str, many: str) -> str:
    """``one`` when ``number`` is exactly 1, otherwise ``many`` with ``%1`` as the number
    (grouped: 50,000). Each wording is translated by the caller, as it is written."""
    return one if number == 1 else many.replace("%1", f"{number:,}")
