"""Write the monthly return workbook: the contract sheets in order, then a notes sheet."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from painclinic_desktop.core import stats
from painclinic_desktop.core.monthly_return_common import Sheet
from painclinic_desktop.reports.xlsx_writer import generated_now, write_workbook

DEMO_NOTE = "DEMO — synthetic data"


def return_notes(
    *,
    month: str,
    pcn: str | None,
    demo: bool,
    suppress_small: bool,
    generated_at: str | None = None,
) -> list[tuple[str, Any]]:
    notes: list[tuple[str, Any]] = [
        ("month", month),
        ("pcn_filter", pcn if pcn is not None else "all PCNs"),
        ("generated_at", generated_at or generated_now()),
    ]
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
) -> None:
    """Write the sheets of ``compute_monthly_return`` to ``path`` (replaced atomically)."""
    notes = return_notes(
        month=month, pcn=pcn, demo=demo, suppress_small=suppress_small, generated_at=generated_at
    )
    write_workbook(sheets, path, notes)
