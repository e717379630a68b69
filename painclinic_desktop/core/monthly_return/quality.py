"""The Data quality sheet: open clients missing what the return needs."""

from __future__ import annotations

from typing import Any

from painclinic_desktop.core.monthly_return.common import Caseload, Sheet, records

QUALITY_COLUMNS = ["code", "measure", "value"]
QUALITY_MEASURES = {
    "open_missing_nhs_number": "Open clients with no NHS number",
    "open_missing_ethnicity": "Open clients with no ethnicity recorded",
    "open_no_contact_60_days": "Open clients with no attended contact in the last 60 days",
    "open_no_baseline": "Open clients with no baseline assessment",
}


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
