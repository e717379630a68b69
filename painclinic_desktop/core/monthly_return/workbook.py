"""The monthly return for commissioners: every sheet for a month, in the order of the workbook.

``compute_monthly_return`` returns plain sheets (no file work); ``reports/monthly_return.py``
writes them to .xlsx. No names, NHS numbers, dates of birth or notes reach any sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from painclinic_desktop.core.monthly_return.caseload import (
    ContactFacts,
    accepted_referral_days,
    contact_facts,
    open_at_end,
)
from painclinic_desktop.core.monthly_return.common import (
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
from painclinic_desktop.core.monthly_return.demographics import demographics_sheet
from painclinic_desktop.core.monthly_return.goals import goals_sheet
from painclinic_desktop.core.monthly_return.outcomes import outcomes_sheet
from painclinic_desktop.core.monthly_return.quality import quality_sheet
from painclinic_desktop.core.monthly_return.signposting import signposting_sheet
from painclinic_desktop.core.monthly_return.summary import summary_sheet
from painclinic_desktop.core.outcomes import (
    PairedOutcomes,
    assessment_rows,
    clients_with_baseline,
    pair_rows,
    paired_answers,
)

__all__ = [
    "ReturnInputs",
    "ReturnSettings",
    "Sheet",
    "SHEET_NAMES",
    "compute_monthly_return",
    "compute_monthly_return_from",
]

SHEET_NAMES = ("Summary", "Demographics", "Outcomes", "Goals", "Signposting", "Data quality")


@dataclass
class ReturnInputs:
    """What the return reads for one month, part of it already worked out.

    ``caseload`` holds the smaller collections (clients, referrals, tier changes, discharges,
    goals, signposting, community services, MDT meetings); it may leave out goals,
    signposting and meetings that have nothing dated in the month. ``contacts`` are the
    month's contact facts and ``outcomes`` the assessments paired over the year ending with
    the month (``core.outcomes.paired_outcomes``); both already narrowed to the PCN when
    there is one.
    """

    caseload: Caseload
    contacts: ContactFacts
    outcomes: PairedOutcomes


def compute_monthly_return(
    caseload: Caseload,
    month: str,
    pcn: str | None = None,
    settings: ReturnSettings | None = None,
) -> dict[str, Sheet]:
    """The return for ``month`` (``YYYY-MM``) from a whole caseload, optionally for the
    clients of one PCN. (The pairs by ``pair_rows`` itself: the store's quicker reads are
    tested against this.)"""
    period = month_period(month)
    with gc_paused():
        if pcn is not None:
            caseload = only_pcn(caseload, pcn)
        rows = assessment_rows(records(caseload, "assessments"))
        outcomes = PairedOutcomes(
            paired_answers(pair_rows(rows, year_ending(period.end))),
            clients_with_baseline(rows, period.end),
        )
        inputs = ReturnInputs(caseload, contact_facts(caseload, period), outcomes)
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
            inputs = ReturnInputs(only_pcn(inputs.caseload, pcn), inputs.contacts, inputs.outcomes)
        return _sheets(inputs, period, settings or ReturnSettings())


def _sheets(inputs: ReturnInputs, period: Period, settings: ReturnSettings) -> dict[str, Sheet]:
    caseload, contacts = inputs.caseload, inputs.contacts
    suppress = settings.suppress_small
    accepted = accepted_referral_days(caseload)
    tiers = open_at_end(accepted, caseload, period.end)
    with_baseline = inputs.outcomes.with_baseline
    return {
        "Summary": summary_sheet(caseload, period, accepted, tiers, contacts, suppress),
        "Demographics": demographics_sheet(caseload, period, suppress),
        "Outcomes": outcomes_sheet(inputs.outcomes.answers, settings.measure_settings),
        "Goals": goals_sheet(caseload, period, suppress),
        "Signposting": signposting_sheet(caseload, period, suppress),
        "Data quality": quality_sheet(caseload, tiers, contacts.recently_attended, with_baseline),
    }
