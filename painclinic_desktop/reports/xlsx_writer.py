"""Write report sheets to an .xlsx workbook, and replace files atomically.

Each sheet: a bold, frozen header row; numbers stored as numbers with a display format
(counts "0", rates "0.0", means "0.00", p-values "0.0000"); None as an empty cell.

Text that a spreadsheet could take for a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is written with a leading apostrophe, the usual defence against
formula injection: the cell shows the apostrophe and the text, and is never evaluated.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from painclinic_desktop.core.cells import defuse_formula
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet

INTEGER_FORMAT = "0"
DEFAULT_FLOAT_FORMAT = "0.00"
NOTES_SHEET = "Notes"
NOTES_COLUMNS = ["note", "value"]
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def safe_text(text: str) -> str:
    """Text as it may be written to a cell: never a formula, no characters XML forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return defuse_formula(ILLEGAL_CHARACTERS_RE.sub("", text))


def generated_now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def build_workbook(
    sheets: Mapping[str, Sheet], notes: Sequence[tuple[str, Any]] | None = None
) -> Any:
    """A workbook in memory with the sheets in order, then a notes sheet when notes are given."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, sheet in sheets.items():
        _fill(workbook.create_sheet(title=name), sheet)
    if notes:
        rows = [[label, value] for label, value in notes]
        _fill(workbook.create_sheet(title=NOTES_SHEET), Sheet(NOTES_COLUMNS, rows))
    return workbook


def write_workbook(
    sheets: Mapping[str, Sheet],
    path: str | os.PathLike[str],
    notes: Sequence[tuple[str, Any]] | None = None,
) -> None:
    workbook = build_workbook(sheets, notes)
    save_atomically(path, workbook.save)


def _fill(worksheet: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    widths = [len(column) for column in sheet.columns]
    for number, column in enumerate(sheet.columns, start=1):
        worksheet.cell(row=1, column=number, value=column).font = bold
    for row_number, row in enumerate(sheet.rows, start=2):
        for index, value in enumerate(row):
            cell = worksheet.cell(row=row_number, column=index + 1)
            shown = _put(cell, value, sheet.float_formats.get(sheet.columns[index]))
            widths[index] = max(widths[index], len(shown))
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(widths):
        letter = worksheet.cell(row=1, column=index + 1).column_letter
        worksheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)


def _put(cell: Any, value: Any, float_format: str | None) -> str:
    """Store one value; returns roughly how it will look, for the column width."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
        return cell.value
    if isinstance(value, int):
        cell.value = value
        cell.number_format = INTEGER_FORMAT
        return str(value)
    if isinstance(value, float):
        cell.value = value
        cell.number_format = float_format or DEFAULT_FLOAT_FORMAT
        decimals = cell.number_format.count("0") - 1
        return f"{value:.{max(decimals, 0)}f}"
    cell.value = safe_text(str(value))
    cell.data_type = "s"
    return cell.value
