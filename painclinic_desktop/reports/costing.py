"""The programme costing as one A4 table a commissioner reads at a glance: each line's hours,
rate and cost, the total, the cost per participant, per completer and per client reaching
the MID, and the comparison with a reference price. Black, greys and bold only."""

from __future__ import annotations

import os
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from painclinic_desktop.core.costing import CostingResult, pounds
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.measures.names import SHORT_NAMES
from painclinic_desktop.reports.pdf_common import build_pdf, date_words, make_styles, table_style
from painclinic_desktop.reports.pdf_common import text as safe
from painclinic_desktop.reports.shaped_paragraph import para
from painclinic_desktop.reports.xlsx_writer import generated_now


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _band(band: str) -> str:
    return "medical" if band == "medical" else f"band {band}"


def cost_rows(record: dict[str, Any], result: CostingResult) -> list[list[str]]:
    """(item, hours, rate, cost) rows: staff by role, staff total, room, admin, sundries,
    on-costs, total."""
    rows = [
        [f"{line.role} ({_band(line.band)})", _hours(line.hours), f"{pounds(line.rate_pence)}/h",
         pounds(line.cost_pence)]
        for line in result.staff
    ]  # fmt: skip
    rows.append(["Staff (mid-point rates, without on-costs)", _hours(result.staff_hours), "",
                 pounds(result.staff_pence)])  # fmt: skip
    if record.get("room_hours"):
        rate = f"{pounds(record.get('room_rate_pence') or 0)}/h"
        rows.append(["Room", _hours(record["room_hours"]), rate, pounds(result.room_pence)])
    if record.get("admin_hours"):
        rate = f"{pounds(result.admin_rate_pence or 0)}/h"
        item = f"Administration ({_band(record.get('admin_band') or '')})"
        rows.append([item, _hours(record["admin_hours"]), rate, pounds(result.admin_pence)])
    if result.sundries_pence:
        rows.append(["Sundries", "", "", pounds(result.sundries_pence)])
    if record.get("on_costs_percent"):
        rows.append([f"On-costs ({record['on_costs_percent']:g}% of staff and admin pay)", "",
                     "", pounds(result.on_costs_pence)])  # fmt: skip
    rows.append(["Total", "", "", pounds(result.total_pence)])
    return rows


def per_rows(record: dict[str, Any], result: CostingResult) -> list[list[str]]:
    rows = []
    for count, share, words in (
        (record.get("enrolled"), result.per_enrolled_pence, "Per enrolled participant"),
        (record.get("completers"), result.per_completer_pence, "Per completer"),
        (record.get("reaching_mid"), result.per_mid_pence, "Per client reaching the MID"
         + (f" on {SHORT_NAMES.get(record.get('mid_measure') or '', '')}"
            if record.get("mid_measure") else "")),
    ):  # fmt: skip
        if count:
            rows.append([words, str(count), pounds(share)])
    return rows


def comparison_line(record: dict[str, Any], result: CostingResult) -> str | None:
    reference = record.get("reference_price_pence")
    if not reference or result.per_enrolled_pence is None:
        return None
    label = record.get("reference_label") or "the reference"
    difference = result.per_enrolled_pence - reference
    share = result.per_enrolled_pence / reference
    if difference == 0:
        return f"The same per participant as {label} ({pounds(reference)})."
    word = "less" if difference < 0 else "more"
    return (
        f"{pounds(abs(difference))} {word} per participant than {label} ({pounds(reference)}): "
        f"{share:.0%} of its price."
    )


def write_costing_pdf(
    record: dict[str, Any],
    result: CostingResult,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    generated_at: str | None = None,
) -> int:
    styles = make_styles(10.5, 12, 16)

    def story(width: float) -> list[Any]:
        def table(rows: list[list[str]], widths: list[float], bold_last: bool) -> Table:
            def cell(text: str, row: int, column: int) -> Any:
                bold = row == 0 or (bold_last and row == len(rows) - 1)
                style = styles.cell_bold if bold else styles.cell
                if column:  # numbers line up on the right
                    style = ParagraphStyle(f"{style.name}_right", parent=style, alignment=2)
                return para(safe(text), style)

            cells = [[cell(c, i, j) for j, c in enumerate(row)] for i, row in enumerate(rows)]
            made = Table(cells, colWidths=widths)
            style = table_style()
            if bold_last:
                style.add("LINEABOVE", (0, -1), (-1, -1), 1.2, "black")
            made.setStyle(style)
            return made

        costs = [["Item", "Hours", "Rate", "Cost"], *cost_rows(record, result)]
        parts: list[Any] = [para(f"Programme costing: {safe(record['title'])}", styles.title)]
        if service_name:
            parts.append(para(safe(service_name), styles.body))
        year = safe(record.get("rates_year") or "")
        costed = f"Costed {date_words(record['costed_on'])} · band rates: {year}"
        parts.append(para(costed, styles.small))
        if record.get("note"):
            parts.append(para(safe(record["note"]), styles.body))
        parts += [Spacer(1, 6), table(costs, [width - 75 * mm, 20 * mm, 25 * mm, 30 * mm], True)]
        shares = per_rows(record, result)
        if shares:
            parts += [Spacer(1, 8), table([["Cost", "Number", "Each"], *shares],
                                          [width - 55 * mm, 25 * mm, 30 * mm], False)]  # fmt: skip
        line = comparison_line(record, result)
        if line:
            parts += [Spacer(1, 8), para(f"<b>{safe(line)}</b>", styles.body)]
        parts += [
            Spacer(1, 8),
            para(
                "Staff hours are costed at each band's mid-point hourly rate without on-costs "
                "unless an on-costs line is shown; each line is rounded to the penny and the "
                "total adds the lines.",
                styles.small,
            ),
        ]
        return parts

    footer = f"Programme costing · generated {generated_at or generated_now()}"
    pdf, pages = build_pdf(story, footer)
    save_atomically(path, lambda stream: stream.write(pdf))
    return pages
