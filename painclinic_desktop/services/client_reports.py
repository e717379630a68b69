"""GP summaries and client plans: gather one client's records, write the PDF, log the export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core import nhs_number
from ..core.errors import InvalidInput, RecordNotFound
from ..core.file_names import client_file_name, unique_name
from ..core.files import CannotWrite
from ..core.permissions import PRINT_GP_SUMMARY, VIEW_CLINICAL
from ..core.stamps import now_iso
from ..store import caseload as queries
from ..store import lookups, records
from ..store.database import Store
from .medication import service_table
from .service_settings import BATCH_FOLDER, file_name_style, measure_settings, service_details
from .session import require


def find_client_id(store: Store, reference: str) -> str:
    """A client from their UUID or NHS number (spaces and hyphens allowed)."""
    reference = reference.strip()
    if records.get(store, "clients", reference) is not None:
        return reference
    digits = nhs_number.normalise(reference)
    if digits.isdigit() and len(digits) == 10:
        found = lookups.client_id_with_nhs_number(store, digits)
        if found:
            return found
        raise RecordNotFound(f"No client has NHS number {nhs_number.formatted(digits)}.")
    raise RecordNotFound(f"No client matches {reference!r} (give a client id or NHS number).")


def report_records(store: Store, client_id: str) -> dict:
    """One client's records in the shape the PDF builders take."""
    client = records.get(store, "clients", client_id)
    if client is None:
        raise RecordNotFound("That client is not in this database.")
    found: dict = dict(queries.client_records(store, client_id))
    plans = found.pop("plans")
    found["plan"] = plans[0] if plans else None
    found["client"] = client
    return found


def log_export(store: Store, kind: str, subject: str, path: Path, staff: str) -> None:
    """Every export is recorded: who, when, what, which client or month (never a name)."""
    with store.atomic():
        lookups.log_export(store, now_iso(), staff, kind, subject, path.name)


def write_gp_summary_for(
    store: Store, reference: str, out: str | Path, staff: str, today: date | None = None
) -> int:
    from ..reports.gp_summary import build_gp_summary_data
    from ..reports.gp_summary_layout import write_gp_summary

    require(PRINT_GP_SUMMARY)
    client_id = find_client_id(store, reference)
    data = build_gp_summary_data(
        report_records(store, client_id),
        service_details(store),
        staff,
        today or date.today(),
        measure_settings(store),
        demo=store.is_demo,
        ome_table=service_table(store),
    )
    pages = write_gp_summary(data, _pdf_path(out))
    log_export(store, "gp_summary", client_id, Path(out), staff)
    return pages


def write_client_plan_for(
    store: Store,
    reference: str,
    out: str | Path,
    staff: str,
    large_print: bool = False,
    today: date | None = None,
    language: str | None = None,
) -> int:
    """The plan in `language` when given (printing overrides the record), else in the
    client's materials language."""
    from ..reports.client_plan import build_client_plan_data, write_client_plan
    from .translations import materials_pack

    require(VIEW_CLINICAL)
    client_id = find_client_id(store, reference)
    client_records = report_records(store, client_id)
    chosen = language or client_records["client"].get("materials_language")
    data = build_client_plan_data(
        client_records,
        service_details(store),
        today or date.today(),
        demo=store.is_demo,
        pack=materials_pack(store, chosen),
    )
    pages = write_client_plan(data, _pdf_path(out), large_print=large_print)
    log_export(store, "client_plan", client_id, Path(out), staff)
    return pages


def _pdf_path(out: str | Path) -> Path:
    path = Path(out)
    if path.suffix.lower() != ".pdf":
        raise InvalidInput(f"{path.name}: the output file must end in .pdf", "out")
    if not path.parent.exists():
        raise InvalidInput(f"There is no folder {path.parent} to save into.", "out")
    return path


@dataclass
class BatchResult:
    written: list[Path]
    failed: list[tuple[str, str]]  # (client id, reason)


def gp_summaries_for_discharged(
    store: Store,
    month: str,
    folder: str | Path,
    staff: str,
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> BatchResult:
    """GP summaries for every client discharged in a month, into one folder.

    Files are named as the service chose for the batch folder (recognisable by default:
    family name, initial, NHS number, date), never two the same within the batch.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"There is no folder {folder} to save into.", "folder")
    ids = lookups.clients_discharged_in(store, month)
    style, day = file_name_style(store, BATCH_FOLDER), today or date.today()
    taken: set[str] = set()
    result = BatchResult([], [])
    for done, client_id in enumerate(ids, start=1):
        client = records.get(store, "clients", client_id) or {"id": client_id}
        name = client_file_name(client, "gp_summary", day, style)
        target = folder / unique_name(name, taken)
        try:
            write_gp_summary_for(store, client_id, target, staff, today=day)
            result.written.append(target)
        except (InvalidInput, RecordNotFound, CannotWrite) as exc:
            result.failed.append((client_id, str(exc)))
        if progress:
            progress(done, len(ids))
    return result


def suggested_file_name(
    store: Store, client_id: str, document: str, where: str, today: date | None = None
) -> str:
    """The name to offer for one client's ``document``, in the style the service chose."""
    client = records.get(store, "clients", client_id) or {"id": client_id}
    return client_file_name(client, document, today or date.today(), file_name_style(store, where))
