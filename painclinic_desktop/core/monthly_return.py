"""The monthly return for commissioners: every sheet, exactly as MONTHLY_RETURN.md defines it.

``compute_monthly_return`` returns plain sheets (no file work); ``reports/monthly_return.py``
writes them to .xlsx. No names, NHS numbers, dates of birth or notes reach any sheet.
"""

from __future__ import annotations

from typing import Any

from painclinic_desktop.core.monthly_return_caseload import (
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
    iso_day,
    month_period,
    only_pcn,
    records,
    year_ending,
)
from painclinic_desktop.core.monthly_return_demographics import demographics_sheet
from painclinic_desktop.core.monthly_return_goals import goals_sheet, signposting_sheet
from painclinic_desktop.core.monthly_return_summary import summary_sheet
from painclinic_desktop.core.outcomes import ScoreCache, outcome_rows, outcome_table_rows

__all__ = ["ReturnSettings", "Sheet", "SHEET_NAMES", "compute_monthly_return", "outcomes_sheet"]

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


def compute_monthly_return(
    caseload: Caseload,
    month: str,
    pcn: str | None = None,
    settings: ReturnSettings | None = None,
    score_cache: ScoreCache | None = None,
) -> dict[str, Sheet]:
    """The return for ``month`` (``YYYY-MM``), optionally for the clients of one PCN."""
    with gc_paused():
        return _compute(caseload, month, pcn, settings or ReturnSettings(), score_cache)


def _compute(
    caseload: Caseload,
    month: str,
    pcn: str | None,
    settings: ReturnSettings,
    score_cache: ScoreCache | None,
) -> dict[str, Sheet]:
    period = month_period(month)
    if pcn is not None:
        caseload = only_pcn(caseload, pcn)
    suppress = settings.suppress_small
    accepted = accepted_referral_days(caseload)
    tiers = open_at_end(accepted, caseload, period.end)
    contacts = contact_facts(caseload, period)
    return {
        "Summary": summary_sheet(caseload, period, accepted, tiers, contacts, suppress),
        "Demographics": demographics_sheet(caseload, period, suppress),
        "Outcomes": outcomes_sheet(
            records(caseload, "assessments"),
            year_ending(period.end),
            settings.measure_settings,
            score_cache,
        ),
        "Goals": goals_sheet(caseload, period, suppress),
        "Signposting": signposting_sheet(caseload, period, suppress),
        "Data quality": quality_sheet(caseload, period, tiers, contacts.recently_attended),
    }


def outcomes_sheet(
    assessments: list[dict[str, Any]],
    window: Period,
    measure_settings: Any = None,
    score_cache: ScoreCache | None = None,
) -> Sheet:
    found = outcome_rows(assessments, window, measure_settings, score_cache)
    rows = outcome_table_rows(found, with_effect_size=False)
    return Sheet(OUTCOME_COLUMNS, rows, float_formats=dict(OUTCOME_FORMATS))


def quality_sheet(
    caseload: Caseload, period: Period, open_clients: dict[Any, int], recently_attended: set[Any]
) -> Sheet:
    clients = {c.get("id"): c for c in records(caseload, "clients")}
    with_baseline = {
        a.get("client_id")
        for a in records(caseload, "assessments")
        if a.get("time_point") == "baseline"
        and (iso_day(a.get("administered_on")) or "9999") <= period.end
    }
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
