"""Write the equity report: an .xlsx workbook (Reach, Outcomes, Notes) or an A4 landscape PDF
with the same two tables and, per measure, a chart of each group's mean change with its 95 %
interval beside the whole service's. Black, greys and bold only: it prints in black and white.
A group may be a coach's name or a language typed in its own script: every word goes through
the shaped run layer (`para`).
"""

from __future__ import annotations

import os
from typing import Any

from painclinic_desktop.core.equity import OUTCOME_COLUMNS, REACH_COLUMNS, EquityReport
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.reports import labels
from painclinic_desktop.reports.monthly_return import DEMO_NOTE
from painclinic_desktop.reports.print_layout import set_up_printing
from painclinic_desktop.reports.report_pdf import escape
from painclinic_desktop.reports.xlsx_writer import build_workbook, generated_now

DIMENSION_NAMES = {
    "ethnicity": "ethnic category",
    "ethnic_group": "ethnic group",
    "imd_quintile": "IMD quintile",
    "imd_decile": "IMD decile",
    "first_language": "first language",
    "interpreter_needed": "interpreter needed",
    "gender": "gender",
    "age_band": "age band",
    "pcn": "PCN",
    "staff": "coach",
}
REACH_HEADINGS = [
    "Group",
    "Referrals",
    "Share of referrals %",
    "Accepted",
    "First contacts",
    "Completed episodes",
    "DNA rate %",
    "Share of registered population %",
]
OUTCOME_HEADINGS = [
    "Group",
    "Time point",
    "N",
    "Baseline mean (SD)",
    "Follow-up mean (SD)",
    "Mean change (95% CI)",
    "p",
    "MID reached n (%)",
]
_BLANK = "—"


def title_of(report: EquityReport) -> str:
    return f"Equity by {DIMENSION_NAMES.get(report.dimension, report.dimension)}"


def write_equity_xlsx(
    report: EquityReport,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
) -> None:
    generated_at = generated_at or generated_now()
    sheets = {
        "Reach": Sheet(list(REACH_COLUMNS), report.reach, float_formats=_PERCENTS),
        "Outcomes": Sheet(
            [*OUTCOME_COLUMNS, "measure"],
            [[*r, labels.outcome(r[2], r[3], r[4])] for r in report.outcomes],
            float_formats={"p_value": "0.0000", "percent_mid_reached": "0.0"},
        ),
    }
    notes: list[tuple[str, Any]] = [
        ("grouped_by", report.dimension),
        ("date_from", report.date_from),
        ("date_to", report.date_to),
        ("small_numbers", "suppressed" if report.suppressed else "shown"),
        ("generated_at", generated_at),
    ]
    if demo:
        notes.append(("data", DEMO_NOTE))
    notes.extend(("method", sentence) for sentence in report.notes)
    workbook = build_workbook(sheets, notes)
    set_up_printing(
        workbook,
        service=service_name,
        period=f"{title_of(report)}, {report.date_from} to {report.date_to}",
        demo=demo,
        footer=f"Generated {generated_at}",
    )
    save_atomically(path, workbook.save)


_PERCENTS = {
    "referral_share_percent": "0.0",
    "dna_rate_percent": "0.0",
    "population_share_percent": "0.0",
}


def _number(value: Any, decimals: int = 2) -> str:
    if value is None:
        return _BLANK
    if isinstance(value, str):
        return value  # "<5" or "[c]"
    return f"{value:.{decimals}f}" if isinstance(value, float) else str(value)


def reach_cells(report: EquityReport) -> list[list[str]]:
    rows = []
    for r in report.reach:
        v = dict(zip(REACH_COLUMNS, r, strict=True))
        rows.append(
            [
                v["label"],
                _number(v["referrals"]),
                _number(v["referral_share_percent"], 1),
                _number(v["accepted"]),
                _number(v["first_contacts"]),
                _number(v["completed_episodes"]),
                _number(v["dna_rate_percent"], 1),
                _number(v["population_share_percent"], 1),
            ]
        )
    return rows


def outcome_blocks(report: EquityReport) -> list[tuple[str, list[list[str]]]]:
    """(measure, its rows) in report order: a block per instrument score."""
    blocks: dict[str, list[list[str]]] = {}
    for r in report.outcomes:
        v = dict(zip(OUTCOME_COLUMNS, r, strict=True))
        measure = labels.outcome(v["instrument"], v["score"], v["time_point"]).split(",")[0]
        change = _number(v["mean_change"])
        if v["change_ci_low"] is not None:
            change += f" ({v['change_ci_low']:.2f} to {v['change_ci_high']:.2f})"
        reached = _number(v["n_mid_reached"])
        if v["percent_mid_reached"] is not None:
            reached += f" ({v['percent_mid_reached']:.0f}%)"
        p = v["p_value"]
        blocks.setdefault(measure, []).append(
            [
                v["label"],
                labels.outcome(v["instrument"], v["score"], v["time_point"]).split(", ", 1)[1],
                _number(v["n"]),
                f"{_number(v['baseline_mean'])} ({_number(v['baseline_sd'])})",
                f"{_number(v['followup_mean'])} ({_number(v['followup_sd'])})",
                change,
                _BLANK if p is None else ("<0.001" if p < 0.001 else f"{p:.3f}"),
                reached,
            ]
        )
    return list(blocks.items())


def write_equity_pdf(
    report: EquityReport,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
) -> None:
    from painclinic_desktop.reports.report_pdf import fonts, generated_stamp, write_report_pdf

    regular, bold = fonts()
    heading = f"{service_name}: {title_of(report)}" if service_name else title_of(report)
    story = _story(report, regular, bold, heading, demo)
    stamp = generated_stamp(generated_at)
    write_report_pdf(path, story, title=heading, stamp=stamp, font=regular)


def _story(report: EquityReport, regular: str, bold: str, heading: str, demo: bool) -> list:
    from reportlab.platypus import CondPageBreak, Spacer

    from painclinic_desktop.reports.equity_chart import change_chart
    from painclinic_desktop.reports.report_pdf import opening, report_styles
    from painclinic_desktop.reports.shaped_paragraph import para

    styles = report_styles(regular, bold)
    head, body = styles.head, styles.body
    small = "small numbers hidden" if report.suppressed else "small numbers shown"
    covers = f"{report.date_from} to {report.date_to}; {small}"
    story: list[Any] = opening(heading, covers, styles, DEMO_NOTE if demo else None)
    story += [para("Reach", head), _table(REACH_HEADINGS, reach_cells(report), regular, bold)]
    story.append(para("Outcomes", head))
    blocks = outcome_blocks(report)
    if not blocks:
        story.append(para("No paired baseline and follow-up assessments in this range.", body))
    for measure, rows in blocks:
        chart = change_chart(report, measure, regular, bold)
        story += [CondPageBreak(120), para(escape(measure), head)]
        story.append(_table(OUTCOME_HEADINGS, rows, regular, bold))
        if chart is not None:
            story += [Spacer(1, 4), chart]
    story.append(Spacer(1, 8))
    story.extend(para(escape(sentence), body) for sentence in report.notes)
    return story


def _table(headings: list[str], rows: list[list[str]], regular: str, bold: str) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, TableStyle

    from painclinic_desktop.reports.shaped_paragraph import para

    head = ParagraphStyle("th", fontName=bold, fontSize=8.5, leading=10)
    cell = ParagraphStyle("td", fontName=regular, fontSize=8.5, leading=10)
    wrapped = [[para(escape(r[0]), head if r[0] == "All clients" else cell), *r[1:]] for r in rows]
    table = LongTable([[para(h, head) for h in headings], *wrapped], repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 1), (-1, -1), regular, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, row in enumerate(rows, start=1):
        if row[0] == "All clients":
            style.append(("FONT", (0, i), (-1, i), bold, 8.5))
    table.setStyle(TableStyle(style))
    return table
