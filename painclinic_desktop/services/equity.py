"""The equity report from the store to a file (or to the desktop's charts); the registered
population a service loads to compare its reach with."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from ..core.equity import EquityReport, compute_equity
from ..core.equity_groups import DIMENSIONS
from ..core.errors import InvalidInput
from ..core.permissions import EXPORT_MONTHLY_RETURN, MANAGE_USERS
from ..store.database import Store
from ..store.snapshot import RETURN_COLUMNS, snapshot
from .client_reports import log_export
from .returns import _now, _target
from .service_settings import measure_settings, service_details
from .session import require

POPULATION_SETTING = "registered_population"
# The report's inputs: the return's columns and the coach each client is assigned to.
EQUITY_COLUMNS = {**RETURN_COLUMNS, "clients": (*RETURN_COLUMNS["clients"], "assigned_staff")}


def equity_report(
    store: Store, date_from: date, date_to: date, dimension: str, *, suppress: bool = True
) -> EquityReport:
    require(EXPORT_MONTHLY_RETURN)
    return compute_equity(
        snapshot(store, EQUITY_COLUMNS),
        dimension,
        date_from,
        date_to,
        measure_settings(store),
        suppress=suppress,
        population=population_for(store, dimension),
    )


def write_equity_for(
    store: Store,
    date_from: date,
    date_to: date,
    dimension: str,
    out: str | Path,
    staff: str,
    *,
    suppress: bool = True,
) -> EquityReport:
    from ..reports.equity import write_equity_pdf, write_equity_xlsx

    path = _target(out, (".xlsx", ".pdf"))
    report = equity_report(store, date_from, date_to, dimension, suppress=suppress)
    write = write_equity_pdf if path.suffix.lower() == ".pdf" else write_equity_xlsx
    write(
        report,
        path,
        service_name=service_details(store)["name"],
        demo=store.is_demo,
        generated_at=_now(),
    )
    log_export(store, "equity", f"{date_from}..{date_to} by {dimension}", path, staff)
    return report


def population_for(store: Store, dimension: str) -> dict[str, float] | None:
    """{group: people registered} the service loaded for ``dimension``, or None."""
    loaded = json.loads(store.setting(POPULATION_SETTING) or "{}")
    return loaded.get(dimension) or None


def load_population_file(store: Store, path: str | Path) -> dict[str, int]:
    """Replace the registered population with a CSV file's (columns ``dimension``, ``group``,
    ``people``; groups written as the equity report's codes, e.g. ``J`` or ``1``).
    All or nothing; {dimension: groups loaded}."""
    require(MANAGE_USERS)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{path.name} could not be read as a CSV file ({exc}).", "file"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    wanted = {"dimension", "group", "people"}
    if not wanted <= {(h or "").strip().casefold() for h in reader.fieldnames or []}:
        raise InvalidInput("The file needs the columns dimension, group and people.", "file")
    found: dict[str, dict[str, int]] = {}
    problems = []
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in row.items()}
        dimension, group, people = row["dimension"], row["group"], row["people"]
        if dimension not in DIMENSIONS:
            problems.append(f"row {number}: '{dimension}' is not a dimension")
        elif not group or not people.isdigit():
            problems.append(f"row {number}: needs a group and a whole number of people")
        else:
            found.setdefault(dimension, {})[group] = int(people)
    if problems or not found:
        raise InvalidInput(
            "The population file was not loaded: " + ("; ".join(problems[:10]) or "no rows"),
            "file",
        )
    store.set_setting(POPULATION_SETTING, json.dumps(found))
    return {dimension: len(groups) for dimension, groups in found.items()}
