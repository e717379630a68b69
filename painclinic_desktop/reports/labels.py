"""Words for the codes of the monthly return and the evaluation, as people reading them say.

The workbooks keep the contract's codes in the contract's columns; these words go in the
label columns written after them (MONTHLY_RETURN.md allows extra columns after the
contract's). A code without words here is shown as itself, so a new code never breaks a
report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from painclinic_desktop.core.measures.names import SHORT_NAMES

DASH = " — "

REFERRAL_SOURCES = {
    "gp": "GP",
    "msk_practitioner": "MSK practitioner",
    "pcn_other": "PCN (other)",
    "self": "Self-referral",
    "community_partner": "Community partner",
    "secondary_care": "Secondary care",
    "other": "Other source",
}
REFERRAL_OUTCOMES = {
    "pending": "Awaiting triage",
    "accepted": "Accepted",
    "declined": "Declined",
    "signposted_elsewhere": "Signposted elsewhere",
}
CONTACT_TYPES = {
    "face_to_face": "1:1 face to face",
    "home_visit": "Home visit",
    "telephone": "Telephone",
    "video": "Video",
    "group": "Group session",
}
DISCHARGE_REASONS = {
    "goals_met": "Goals met",
    "disengaged": "Disengaged",
    "moved_away": "Moved away",
    "declined_further_support": "Declined further support",
    "transferred": "Transferred",
    "deceased": "Deceased",
    "other": "Other reason",
}
# Summary code -> the words for its breakdown codes ("all" and tiers are worded for all).
SUMMARY_BREAKDOWNS = {
    "referrals_received": REFERRAL_SOURCES,
    "referrals_by_outcome": REFERRAL_OUTCOMES,
    "contacts_attended": CONTACT_TYPES,
    "discharges": DISCHARGE_REASONS,
}

DIMENSIONS = {
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "first_language": "First language",
    "interpreter_needed": "Interpreter needed",
    "imd_decile": "IMD decile",
    "employment_status": "Employment status",
    "pcn": "PCN",
}
NOT_RECORDED = "Not recorded"
AGE_BANDS = {
    "under_18": "Under 18",
    "18-24": "18 to 24",
    "25-34": "25 to 34",
    "35-44": "35 to 44",
    "45-54": "45 to 54",
    "55-64": "55 to 64",
    "65-74": "65 to 74",
    "75+": "75 and over",
}
GENDERS = {
    "female": "Female",
    "male": "Male",
    "non_binary": "Non-binary",
    "other": "Other",
    "not_stated": "Not stated",
}
# The NHS ethnic category codes, worded as the NHS Data Dictionary groups them.
ETHNICITIES = {
    "A": "White: British",
    "B": "White: Irish",
    "C": "White: Any other White background",
    "D": "Mixed: White and Black Caribbean",
    "E": "Mixed: White and Black African",
    "F": "Mixed: White and Asian",
    "G": "Mixed: Any other mixed background",
    "H": "Asian or Asian British: Indian",
    "J": "Asian or Asian British: Pakistani",
    "K": "Asian or Asian British: Bangladeshi",
    "L": "Asian or Asian British: Any other Asian background",
    "M": "Black or Black British: Caribbean",
    "N": "Black or Black British: African",
    "P": "Black or Black British: Any other Black background",
    "R": "Other ethnic group: Chinese",
    "S": "Other ethnic group: Any other ethnic group",
    "Z": "Not stated",
}
EMPLOYMENT_STATUSES = {
    "employed": "Employed",
    "self_employed": "Self-employed",
    "unemployed": "Unemployed",
    "unable_to_work_sick_disabled": "Unable to work (sick or disabled)",
    "retired": "Retired",
    "student": "Student",
    "carer": "Carer",
    "not_stated": "Not stated",
}
IMD_ENDS = {"1": "1 (most deprived)", "10": "10 (least deprived)"}

SCORES = {
    "total": "total",
    "metric": "metric score",
    "severity": "pain severity",
    "interference": "pain interference",
    "life_satisfaction": "life satisfaction",
    "worthwhile": "things done are worthwhile",
    "happy": "happiness yesterday",
    "anxious": "anxiety yesterday",
    "count": "stands completed",
    "worst": "worst pain",
    "average": "average pain",
}
TIME_POINTS = {
    "baseline": "baseline",
    "mid": "mid-point",
    "end": "end of programme",
    "fu_10w": "10-week follow-up",
    "fu_6m": "6-month follow-up",
    "fu_12m": "12-month follow-up",
    "review": "review",
}

SERVICE_CATEGORIES = {
    "physical_activity": "Physical activity",
    "relaxation": "Relaxation",
    "arts_crafts": "Arts and crafts",
    "music_choir": "Music and choir",
    "peer_support": "Peer support",
    "mens_shed": "Men's shed",
    "financial_advice": "Financial advice",
    "employment_volunteering": "Employment and volunteering",
    "faith_group": "Faith group",
    "carers_support": "Carers' support",
    "other": "Other",
    "unknown": "Category not recorded",
}
SIGNPOSTING_STATUSES = {
    "suggested": "suggested",
    "referred": "referred",
    "attended": "attended",
    "declined": "declined",
    "waiting_list": "on a waiting list",
    "not_available": "not available",
}


def _words(table: dict[str, str], code: Any) -> str:
    return table.get(str(code), str(code))


def breakdown(code: str, value: str) -> str:
    """``referrals_received``/``gp`` -> "GP"; ``active_at_month_end``/``tier_2`` -> "Tier 2"."""
    if value == "all":
        return "All"
    if value.startswith("tier_"):
        return "Tier " + value.removeprefix("tier_")
    return _words(SUMMARY_BREAKDOWNS.get(code, {}), value)


def dimension(code: str) -> str:
    return _words(DIMENSIONS, code)


def category(dimension_code: str, value: Any) -> str | None:
    """Words for a demographic category: "A — White: British", "1 (most deprived)".

    Free-text categories (first language, PCN) are already words: None (nothing to add).
    """
    value = str(value)
    if value == "unknown":
        return NOT_RECORDED
    if dimension_code == "ethnicity":
        words = ETHNICITIES.get(value)
        return f"{value}{DASH}{words}" if words else value
    tables = {
        "age_band": AGE_BANDS,
        "gender": GENDERS,
        "employment_status": EMPLOYMENT_STATUSES,
        "imd_decile": IMD_ENDS,
        "interpreter_needed": {"yes": "Yes", "no": "No"},
    }
    if dimension_code in tables:
        return _words(tables[dimension_code], value)
    return None


def outcome(instrument: str, score: str, time_point: str) -> str:
    """``phq9``, ``total``, ``end`` -> "PHQ-9 total, end of programme"."""
    name = SHORT_NAMES.get(instrument, instrument)
    return f"{name} {_words(SCORES, score)}, {_words(TIME_POINTS, time_point)}"


def footstep(value: Any, titles: dict[str, str]) -> str:
    if str(value) == "all":
        return "All footsteps"
    title = titles.get(str(value))
    return f"Footstep {value}: {title}" if title else f"Footstep {value}"


def signposting(category_code: str, status: str) -> str:
    return f"{_words(SERVICE_CATEGORIES, category_code)}: {_words(SIGNPOSTING_STATUSES, status)}"


# What the contract's column names mean, for the notes sheet ("Outcomes: n" -> words).
OUTCOME_COLUMNS = {
    "n": "clients with a valid baseline and a valid follow-up at this time point",
    "baseline_mean": "mean score at baseline (baseline_sd: its standard deviation)",
    "followup_mean": "mean score at this follow-up (followup_sd: its standard deviation)",
    "mean_change": "follow-up mean minus baseline mean",
    "p_value": "two-sided paired t-test of the change",
    "d_z": "effect size: mean change divided by the standard deviation of the changes",
    "n_mid_reached": (
        "clients whose change is an improvement at least as large as the minimal "
        "important difference"
    ),
    "percent_mid_reached": "n_mid_reached as a percentage of n",
}
COLUMN_MEANINGS: dict[str, dict[str, str]] = {
    "Summary": {
        "code": "the contract's code for the measure (measure words it)",
        "breakdown": "the contract's code for the row (breakdown_label words it)",
    },
    "Demographics": {
        "count": "new clients in the month: accepted referral received in the month",
    },
    "Outcomes": OUTCOME_COLUMNS,
    "Evaluation": OUTCOME_COLUMNS,
    "Goals": {
        "reviewed": "goals with a review dated in the month, counted once at their latest status",
        "percent_achieved_or_partly": "achieved and partly achieved as a percentage of reviewed",
    },
    "Signposting": {"count": "signposting steps dated in the month"},
}


def column_notes(columns: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """("Outcomes: n", "clients with…") for each sheet's columns that need words."""
    return [
        (f"{sheet}: {column}", words)
        for sheet, present in columns.items()
        for column, words in COLUMN_MEANINGS.get(sheet, {}).items()
        if column in present
    ]
