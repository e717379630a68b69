"""The monthly return and the service evaluation, from the store to a file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.permissions import EXPORT_MONTHLY_RETURN
from ..core.progress import UNWATCHED, Progress
from ..store import lookups
from ..store.database import Store
from ..store.snapshot import RETURN_COLUMNS, read_collection
from .client_reports import log_export
from .service_settings import measure_settings, service_details
from .session import require

Step = Callable[[int, int, str], None]

# What a monthly return and a service evaluation workbook load the first time they are made
# in a session (about a second at 50,000 clients, most of it scipy and openpyxl), in the
# order the reports themselves import them. The window loads them in the background once the
# caseload is shown (``ui/report_warm_up.py``), so the first report does not wait for them.
REPORT_MODULES = (
    "painclinic_desktop.core.monthly_return.common",
    "painclinic_desktop.core.monthly_return.workbook",
    "painclinic_desktop.reports.monthly_return",
    "painclinic_desktop.store.return_queries",
    "painclinic_desktop.core.footsteps",
    "painclinic_desktop.core.episode_goals",
    "painclinic_desktop.core.evaluation",
    "painclinic_desktop.core.evaluation_ome",
    "painclinic_desktop.core.followups",
    "painclinic_desktop.reports.evaluation",
    "openpyxl",  # reports/xlsx_writer.py
    "openpyxl.cell.cell",
    "openpyxl.styles",
    "openpyxl.packaging.extended",  # as a workbook is saved
    "scipy.special",  # core/t_distribution.py
)


def load_report_modules() -> None:
    """Import ``REPORT_MODULES`` (Python's import lock makes a report started meanwhile wait
    for a module being loaded, never see it half made)."""
    import importlib

    for name in REPORT_MODULES:
        importlib.import_module(name)


def _now() -> str:
    """When the file was made, as the reports print it: local time with its UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _target(out: str | Path, suffixes: tuple[str, ...]) -> Path:
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        raise InvalidInput(
            f"{path.name}: the output file must end in {' or '.join(suffixes)}", "out"
        )
    if not path.parent.exists():
        raise InvalidInput(f"There is no folder {path.parent} to save into.", "out")
    return path


def sync_note(store: Store) -> str | None:
    """On a laptop joined to the team hub, a return counts the service's records as this
    laptop last fetched them: say when, on the cover. None on a laptop on its own."""
    from ..core.dates import nhs_datetime
    from ..store import outbox

    if not outbox.state(store, "hub_url"):
        return None
    last = outbox.state(store, "last_sync")
    if not last:
        return "records not yet synced with the team hub"
    return (
        f"records as of the last sync at {nhs_datetime(datetime.fromisoformat(last).astimezone())}"
    )


def write_monthly_return_for(
    store: Store,
    month: str,
    out: str | Path,
    staff: str,
    *,
    pcn: str | None = None,
    suppress_small: bool = False,
    step: Step | None = None,
) -> Path:
    from ..core.monthly_return.common import gc_paused, month_period
    from ..core.monthly_return.workbook import ReturnSettings, compute_monthly_return_from
    from ..reports.monthly_return import write_monthly_return
    from ..store import return_queries

    require(EXPORT_MONTHLY_RETURN)
    path = _target(out, (".xlsx",))
    period = month_period(month)
    step = step or (lambda done, total, text: None)
    settings = ReturnSettings(
        suppress_small=suppress_small, measure_settings=measure_settings(store)
    )
    step(0, 3, "Reading the caseload…")
    with gc_paused():  # hundreds of thousands of small tuples, none of them in a cycle
        inputs = return_queries.return_inputs(store, period, pcn)
        step(1, 3, "Counting…")
        sheets = compute_monthly_return_from(inputs, month, pcn=pcn, settings=settings)
        del inputs  # freed here, so the collector never walks half a million rows
    step(2, 3, "Writing the workbook…")
    write_monthly_return(
        sheets,
        path,
        month=month,
        pcn=pcn,
        demo=store.is_demo,
        suppress_small=suppress_small,
        generated_at=_now(),
        service_name=service_details(store)["name"],
        synced=sync_note(store),
    )
    log_export(store, "monthly_return", month + (f" PCN {pcn}" if pcn else ""), path, staff)
    step(3, 3, "Done")
    return path


# The evaluation reads the return's columns, the day each goal was set (its episode) and
# what clients said at follow-up about self-management.
EVALUATION_COLUMNS = {
    **RETURN_COLUMNS,
    "goals": (*RETURN_COLUMNS["goals"], "set_on"),
    "discharges": (*RETURN_COLUMNS["discharges"], "follow_up_strategies"),
}


def write_evaluation_for(
    store: Store,
    date_from: date,
    date_to: date,
    out: str | Path,
    staff: str,
    pcn: str | None = None,
    progress: Progress = UNWATCHED,
) -> int:
    """The evaluation table as a workbook or a PDF. ``progress`` hears of each step; Cancel
    before the file is written leaves no file (and no export in the audit trail)."""
    from ..core.episode_goals import episode_goals
    from ..core.evaluation import compute_evaluation
    from ..core.followups import strategies_at_follow_up
    from ..core.monthly_return.common import Period, only_pcn
    from ..reports.evaluation import write_evaluation_pdf, write_evaluation_xlsx

    require(EXPORT_MONTHLY_RETURN)
    path = _target(out, (".xlsx", ".pdf"))
    columns = EVALUATION_COLUMNS
    steps = len(columns) + 2
    caseload = {}
    for done, (collection, names) in enumerate(columns.items()):
        progress.report(done, steps)
        caseload[collection] = read_collection(store, collection, names)
    progress.report(steps - 2, steps)
    sheet = compute_evaluation(caseload, date_from, date_to, measure_settings(store), pcn=pcn)
    ome = ome_evaluation(store, caseload, date_from, date_to, pcn)
    chosen = only_pcn(caseload, pcn) if pcn is not None else caseload
    episodes = episode_goals(chosen, Period(date_from.isoformat(), date_to.isoformat()))
    strategies = strategies_at_follow_up(chosen.get("discharges") or [], date_from, date_to)
    progress.report(steps - 1, steps)  # the last moment Cancel leaves nothing behind
    generated_at = _now()
    if path.suffix.lower() == ".pdf":
        name = service_details(store)["name"]
        write_evaluation_pdf(
            sheet,
            path,
            date_from=date_from,
            date_to=date_to,
            service_name=name,
            pcn=pcn,
            demo=store.is_demo,
            generated_at=generated_at,
            synced=sync_note(store),
            ome=ome,
            episodes=episodes,
            strategies=strategies,
        )
    else:
        write_evaluation_xlsx(
            sheet,
            path,
            date_from=date_from,
            date_to=date_to,
            pcn=pcn,
            demo=store.is_demo,
            generated_at=generated_at,
            service_name=service_details(store)["name"],
            synced=sync_note(store),
            ome=ome,
            episodes=episodes,
            strategies=strategies,
        )
    log_export(store, "evaluation", f"{date_from}..{date_to}", path, staff)
    return len(sheet.rows)


MEDICATION_COLUMNS = (
    "id", "client_id", "drug", "route", "dose", "times_per_day", "started_on", "stopped_on",
)  # fmt: skip


def ome_evaluation(store: Store, caseload: dict, date_from, date_to, pcn: str | None):
    """The opioid table of the evaluation (issue 15), for the same clients as the outcomes."""
    from ..core.evaluation_ome import compute_ome_evaluation
    from ..store.snapshot import read_collection
    from .medication import service_table

    items = read_collection(store, "medication_items", MEDICATION_COLUMNS)
    if pcn is not None:
        ids = {c["id"] for c in caseload["clients"] if c.get("pcn") == pcn}
        items = [i for i in items if i["client_id"] in ids]
    return compute_ome_evaluation(items, service_table(store), date_from, date_to)


def pcn_names(store: Store) -> list[str]:
    return lookups.pcn_names(store)
