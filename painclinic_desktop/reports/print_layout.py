"""Make a report workbook read and print well: label columns, page set-up, widths.

Admin staff print the monthly return and commissioners read it on paper, so each sheet is
landscape A4, one page wide, with the header row repeated on every page and a page header
naming the service, the period and (for practice data) DEMO. Nothing here moves a contract
cell: label columns are only ever added after the last contract column.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from painclinic_desktop.core.monthly_return.common import Sheet

# Excel refuses (with a repair prompt) a page header longer than 255 characters: the
# service's name is cut short so that the whole header always fits.
_NAME_LIMIT = 45
_MIN_WIDTH = 8
_LINE_HEIGHT = 15  # points: one line of 11-point text


def with_labels(
    sheet: Sheet, names: Sequence[str], words: Callable[[dict[str, Any]], Sequence[Any]]
) -> Sheet:
    """``sheet`` with columns ``names`` added after its own, filled by ``words(row)``."""
    rows = []
    for row in sheet.rows:
        values = dict(zip(sheet.columns, row, strict=True))
        rows.append([*row, *words(values)])
    return Sheet([*sheet.columns, *names], rows, dict(sheet.float_formats), list(sheet.notes))


def header_text(text: str) -> str:
    """Plain text as a page header shows it: ``&`` starts a header code, so it is doubled."""
    return " ".join(text.split()).replace("&", "&&")


def set_up_printing(
    workbook: Any,
    *,
    service: str | None,
    period: str,
    demo: bool,
    footer: str = "",
) -> None:
    """Landscape, one page wide, header row on every page, page header and footer."""
    title = (service or "").strip()
    if len(title) > _NAME_LIMIT:
        title = title[: _NAME_LIMIT - 1].rstrip() + "…"
    # The service on the left and the period in the centre, each short enough that they
    # never run into each other (a header cannot hold a line break that every reader keeps).
    centre = header_text(f"DEMO — {period}" if demo else period)
    for worksheet in workbook.worksheets:
        page = worksheet.page_setup
        page.orientation = "landscape"
        page.paperSize = worksheet.PAPERSIZE_A4
        page.fitToWidth = 1
        page.fitToHeight = 0  # as many pages down as the rows need
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.print_title_rows = "1:1"
        worksheet.print_options.gridLines = True
        worksheet.page_margins.top = worksheet.page_margins.bottom = 0.75
        for header in (worksheet.oddHeader, worksheet.evenHeader, worksheet.firstHeader):
            header.left.text = header_text(title)
            header.center.text = centre
            header.center.font = "Calibri,Bold"
            header.right.text = "&A"  # the sheet's name
        for page_footer in (worksheet.oddFooter, worksheet.evenFooter, worksheet.firstFooter):
            page_footer.left.text = header_text(footer)
            page_footer.right.text = "Page &P of &N"
        wrap_long_text(worksheet)


def wrap_long_text(worksheet: Any) -> None:
    """Text longer than its column wraps, and its row is made tall enough to show it all
    (spreadsheets do not grow a row by themselves when they open the file)."""
    from openpyxl.styles import Alignment, Font

    for cell in worksheet[1]:
        cell.font = Font(name="Calibri", bold=True)  # the sheet's own font, not a serif
    lines_needed: dict[int, int] = {}
    for column in worksheet.iter_cols(min_row=1):
        letter = column[0].column_letter
        width = worksheet.column_dimensions[letter].width or _MIN_WIDTH
        for cell in column:
            if isinstance(cell.value, str) and len(cell.value) + 2 > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                # One character per unit of width: generous for proportional text, so a
                # row may have room to spare but never hides a line.
                lines = math.ceil(len(cell.value) / max(width - 2, 1))
                lines_needed[cell.row] = max(lines_needed.get(cell.row, 1), lines)
    for row, lines in lines_needed.items():
        worksheet.row_dimensions[row].height = _LINE_HEIGHT * lines
        for cell in worksheet[row]:
            if not cell.alignment.wrap_text:
                cell.alignment = Alignment(vertical="top")  # the row reads from its top line
    indent_labels(worksheet)


def indent_labels(worksheet: Any) -> None:
    """Label columns follow a column of right-aligned numbers: a small indent parts them."""
    from openpyxl.styles import Alignment

    for heading in worksheet[1]:
        if str(heading.value).endswith("label"):
            for (cell,) in worksheet.iter_rows(
                min_row=2, min_col=heading.column, max_col=heading.column
            ):
                cell.alignment = Alignment(
                    horizontal="left", indent=1, wrap_text=cell.alignment.wrap_text, vertical="top"
                )
