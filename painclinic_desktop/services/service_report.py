"""The service report (PDF) for the commissioners' quarterly meeting, from the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.permissions import EXPORT_MONTHLY_RETURN
from ..core.service_figures import ServiceFigures, compute_service_figures
from ..store.database import Store
from ..store.snapshot import RETURN_COLUMNS, snapshot
from .client_reports import log_export
from .returns import _now, _target
from .service_settings import measure_settings, planned_referrals, service_details
from .session import require

COLUMNS = {
    **RETURN_COLUMNS,
    "clients": (*RETURN_COLUMNS["clients"], "assigned_staff"),
    "contacts": (*RETURN_COLUMNS["contacts"], "staff", "components"),
}


def service_figures(
    store: Store, date_from: date, date_to: date, planned: int | None = None
) -> ServiceFigures:
    require(EXPORT_MONTHLY_RETURN)
    planned = planned if planned is not None else planned_referrals(store, date_to.year)
    return compute_service_figures(
        snapshot(store, COLUMNS), date_from, date_to, planned, measure_settings(store)
    )


def write_service_report_for(
    store: Store,
    date_from: date,
    date_to: date,
    out: str | Path,
    staff: str,
    planned: int | None = None,
) -> ServiceFigures:
    from ..reports.service_report import write_service_report

    path = _target(out, (".pdf",))
    figures = service_figures(store, date_from, date_to, planned)
    write_service_report(
        figures,
        path,
        service_name=service_details(store)["name"],
        demo=store.is_demo,
        generated_at=_now(),
    )
    log_export(store, "service_report", f"{date_from}..{date_to}", path, staff)
    return figures
