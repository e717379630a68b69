"""Write the monthly return workbook: the contract sheets in order, then a notes sheet.

Each contract sheet keeps its columns and cells exactly; label columns that word the codes
("A — White: British", "Tier 2") follow the contract's columns, and every sheet is set up to
print (see ``print_layout``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from painclinic_desktop.core import stats
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.reports import labels
from painclinic_desktop.reports.print_layout import set_up_printing, with_labels
from painclinic_desktop.reports.xlsx_writer import build_workbook, generated_now

DEMO_NOTE = "DEMO — synthetic data"


def return_notes(
    *,
    month: str,
    pcn: str | None,
    demo: bool,
    suppress_small: bool,
    generated_at: str | None = None,
    synced: str | None = None,
) -> list[tuple[str, Any]]:
    notes: list[tuple[str, Any]] = [
        ("month", month),
        ("pcn_filter", pcn if pcn is not None else "all PCNs"),
        ("generated_at", generated_at or generated_now()),
    ]
    if synced:  # a laptop joined to the team hub: the service's records as it last saw them
        notes.append(("records_as_of", synced))
    if demo:
        notes.append(("data", DEMO_NOTE))
    if suppress_small:
        notes.append(("small_numbers", "counts from 1 to 4 are shown as <5"))
    notes.append(("formulas", stats.FORMULAS))
    return notes


def write_monthly_return(
    sheets: Mapping[str, Sheet],
    path: str | os.PathLike[str],
    *,
    month: str,
    pcn: str | None = None,
    demo: bool = False,
    suppress_small: bool = False,
    generated_at: str | None = None,
    service_name: str | None = None,
    synced: str | None = None,
) -> None:
    """Write the sheets of ``compute_monthly_return`` to ``path`` (replaced atomically).
    ``synced`` ("records as of the last sync at …") goes on the notes and every page."""
    generated_at = generated_at or generated_now()
    notes = return_notes(
        month=month,
        pcn=pcn,
        demo=demo,
        suppress_small=suppress_small,
        generated_at=generated_at,
        synced=synced,
    )
    notes.extend(labels.column_notes({name: sheet.columns for name, sheet in sheets.items()}))
    workbook = build_workbook(labelled(sheets), notes)
    set_up_printing(
        workbook,
        service=service_name,
        period=return_title(month, pcn),
        demo=demo,
        footer=f"Generated {generated_at}" + (f"; {synced}" if synced else ""),
    )
    save_atomically(path, workbook.save)


def return_title(month: str, pcn: str | None) -> str:
    """ "Monthly return November 2026", with the PCN when the return is for one."""
    year, number = (int(part) for part in month.split("-"))
    title = f"Monthly return {date(year, number, 1):%B %Y}"
    return f"{title}, {pcn}" if pcn else title


def _footstep_titles() -> dict[str, str]:
    from painclinic_desktop.core.footsteps import footsteps

    try:
        return {str(f.number): f.title for f in footsteps()}
    except Exception:  # noqa: BLE001 — a damaged footsteps file must not stop the return
        return {}


def labelled(sheets: Mapping[str, Sheet]) -> dict[str, Sheet]:
    """The contract sheets with their label columns added after the contract's columns."""
    titles = _footstep_titles()
    add: dict[str, tuple[list[str], Callable[[dict[str, Any]], list[Any]]]] = {
        "Summary": (
            ["breakdown_label"],
            lambda v: [labels.breakdown(v["code"], str(v["breakdown"]))],
        ),
        "Demographics": (
            ["dimension_label", "category_label"],
            lambda v: [labels.dimension(v["dimension"]), labels.category(*_dc(v))],
        ),
        "Outcomes": (
            ["label"],
            lambda v: [labels.outcome(v["instrument"], v["score"], v["time_point"])],
        ),
        "Goals": (["label"], lambda v: [labels.footstep(v["footstep"], titles)]),
        "Signposting": (["label"], lambda v: [labels.signposting(v["category"], v["status"])]),
    }
    result = {}
    for name, sheet in sheets.items():
        if name in add:
            columns, words = add[name]
            sheet = with_labels(sheet, columns, words)
        result[name] = sheet
    return result


def _dc(values: dict[str, Any]) -> tuple[str, Any]:
    return values["dimension"], values["category"]
