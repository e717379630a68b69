"""The monthly return for commissioners: every sheet, exactly as MONTHLY_RETURN.md defines it.

``compute_monthly_return`` returns plain sheets (no file work); ``reports/monthly_return.py``
writes them to .xlsx. No names, NHS numbers, dates of birth or notes reach any sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from painclinic_desktop.core.monthly_return_caseload import (
    ContactFacts,
    accepted_referral_days,
    contact_facts,
    open_at_end,
)
from painclinic_desktop.core.monthly_return_common import (
    Caseload,
    Period,
    ReturnSettings,
    Sheet,
    gc_paused,
    month_period,
    only_pcn,
    records,
    year_ending,
)
from painclinic_desktop.core.monthly_return_demographics import demographics_sheet
from painclinic_desktop.core.monthly_return_goals import goals_sheet, signposting_sheet
from painclinic_desktop.core.monthly_return_summary import summary_sheet
from painclinic_desktop.core.outcomes import (
    AssessmentRow,
    assessment_rows,
    clients_with_baseline,
    outcome_rows,
    outcome_table_rows,
)

__all__ = [
    "ReturnInputs",
    "ReturnSettings",
    "Sheet",
    "SHEET_NAMES",
    "compute_monthly_return",
    "compute_monthly_return_from",
    "outcomes_sheet",
]

SHEET_NAMES = ("Summary", "Demographics", "Outcomes", "Goals", "Signposting", "Data quality")
OUTCOME_COLUMNS = [
    "instrument",
    "score",
    "time_point",
    "n",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "p_value",
    "n_mid_reached",
    "percent_mid_reached",
]
OUTCOME_FORMATS = {"p_value": "0.0000", "percent_mid_reached": "0.0"}
QUALITY_COLUMNS = ["code", "measure", "value"]
QUALITY_MEASURES = {
    "open_missing_nhs_number": "Open clients with no NHS number",
    "open_missing_ethnicity": "Open clients with no ethnicity recorded",
    "open_no_contact_60_days": "Open clients with no attended contact in the last 60 days",
    "open_no_baseline": "Open clients with no baseline assessment",
}


@dataclass
class ReturnInputs:
    """What the return reads for one month, part of it already worked out.

    ``caseload`` holds the smaller collections (clients, referrals, tier changes, discharges,
    goals, signposting, community services, MDT meetings); it may leave out goals,
    signposting and meetings that have nothing dated in the month. ``contacts`` are the
    month's contact facts and ``assessments`` every baseline plus the follow-ups that can
    fall in the outcomes window; both already narrowed to the PCN when there is one.
    """

    caseload: Caseload
    contacts: ContactFacts
    assessments: list[AssessmentRow]


def compute_monthly_return(
    caseload: Caseload,
    month: str,
    pcn: str | None = None,
    settings: ReturnSettings | None = None,
) -> dict[str, Sheet]:
    """The return for ``month`` (``YYYY-MM``) from a whole caseload, optionally for the
    clients of one PCN."""
    period = month_period(month)
    with gc_paused():
        if pcn is not None:
            caseload = only_pcn(caseload, pcn)
        inputs = ReturnInputs(
            caseload,
            contact_facts(caseload, period),
            assessment_rows(records(caseload, "assessments")),
        )
        return _sheets(inputs, period, settings or ReturnSettings())


def compute_monthly_return_from(
    inputs: ReturnInputs,
    month: str,
    pcn: str | None = None,
    settings: ReturnSettings | None = None,
) -> dict[str, Sheet]:
    """The same return from ``ReturnInputs`` (the caseload is narrowed to the PCN here)."""
    period = month_period(month)
    with gc_paused():
        if pcn is not None:
            inputs = ReturnInputs(
                only_pcn(inputs.caseload, pcn), inputs.contacts, inputs.assessments
            )
        return _sheets(inputs, period, settings or ReturnSettings())


def _sheets(inputs: ReturnInputs, period: Period, settings: ReturnSettings) -> dict[str, Sheet]:
    caseload, contacts = inputs.caseload, inputs.contacts
    suppress = settings.suppress_small
    accepted = accepted_referral_days(caseload)
    tiers = open_at_end(accepted, caseload, period.end)
    with_baseline = clients_with_baseline(inputs.assessments, period.end)
    return {
        "Summary": summary_sheet(caseload, period, accepted, tiers, contacts, suppress),
        "Demographics": demographics_sheet(caseload, period, suppress),
        "Outcomes": outcomes_sheet(
            inputs.assessments, year_ending(period.end), settings.measure_settings
        ),
        "Goals": goals_sheet(caseload, period, suppress),
        "Signposting": signposting_sheet(caseload, period, suppress),
        "Data quality": quality_sheet(caseload, tiers, contacts.recently_attended, with_baseline),
    }


def outcomes_sheet(
    assessments: list[AssessmentRow], window: Period, measure_settings: Any = None
) -> Sheet:
    found = outcome_rows(assessments, window, measure_settings)
    rows = outcome_table_rows(found, with_effect_size=False)
    return Sheet(OUTCOME_COLUMNS, rows, float_formats=dict(OUTCOME_FORMATS))


def quality_sheet(
    caseload: Caseload,
    open_clients: dict[Any, int],
    recently_attended: set[Any],
    with_baseline: set[Any],
) -> Sheet:
    clients = {c.get("id"): c for c in records(caseload, "clients")}
    missing_nhs = missing_ethnicity = 0
    for client_id in open_clients:
        client = clients.get(client_id, {})
        missing_nhs += not client.get("nhs_number")
        missing_ethnicity += not client.get("ethnicity")
    values = {
        "open_missing_nhs_number": missing_nhs,
        "open_missing_ethnicity": missing_ethnicity,
        "open_no_contact_60_days": len(open_clients.keys() - recently_attended),
        "open_no_baseline": len(open_clients.keys() - with_baseline),
    }
    rows = [[code, QUALITY_MEASURES[code], value] for code, value in values.items()]
    return Sheet(QUALITY_COLUMNS, rows)
