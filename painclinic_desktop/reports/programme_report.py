"""Write the programme report: an .xlsx workbook (Programmes, Drop-out reasons, Outcomes,
Notes) or an A4 landscape PDF with the attendance rule of each programme, the same tables,
and per measure the completers' outcomes beside all enrolled. Black, greys and bold only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from painclinic_desktop.core.codes import DROPOUT_REASONS
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.core.programme_report import (
    ALL_LABEL,
    COUNT_COLUMNS,
    OUTCOME_COLUMNS,
    OUTCOME_FIGURES,
    REASON_COLUMNS,
    ProgrammeReport,
)
from painclinic_desktop.core.programmes import DROPOUT_REASON_WORDS
from painclinic_desktop.reports import labels
from painclinic_desktop.reports.monthly_return import DEMO_NOTE
from painclinic_desktop.reports.print_layout import set_up_printing
from painclinic_desktop.reports.report_pdf import escape
from painclinic_desktop.reports.xlsx_writer import build_workbook, generated_now

TITLE = "Programme outcomes"
COUNT_HEADINGS = [
    "Programme",
    "Starts",
    "Planned sessions",
    "Rule %",
    "Enrolled",
    "Started",
    "Met rule",
    "Completed",
    "Completed below rule",
    "Dropped out",
    "Still enrolled",
    "Drop-out rate %",
]
GROUP_HEADINGS = {
    "completers": "Completers (met the attendance rule)",
    "all_enrolled": "All enrolled",
}
FIGURE_HEADINGS = ["N", "Pre mean (SD)", "Post mean (SD)", "Change", "p", "MID n (%)"]
_BLANK = "—"
# Points across A4 landscape within its margins (about 770): programme, time point, then for
# each group N, pre, post, change, p, MID.
_GROUP_WIDTHS = [24, 62, 62, 46, 40, 52]
_OUTCOME_WIDTHS = [96, 92, *_GROUP_WIDTHS, *_GROUP_WIDTHS]


def write_programme_xlsx(
    report: ProgrammeReport,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
) -> None:
    generated_at = generated_at or generated_now()
    percents = {"dropout_rate_percent": "0.0"}
    figures = {
        **{f"{g}_p_value": "0.0000" for g in GROUP_HEADINGS},
        **{f"{g}_percent_mid_reached": "0.0" for g in GROUP_HEADINGS},
    }
    sheets = {
        "Programmes": Sheet(list(COUNT_COLUMNS), report.counts, float_formats=percents),
        "Drop-out reasons": Sheet(list(REASON_COLUMNS), report.reasons),
        "Outcomes": Sheet(
            [*OUTCOME_COLUMNS, "measure"],
            [[*r, labels.outcome(r[1], r[2], r[3])] for r in report.outcomes],
            float_formats=figures,
        ),
    }
    notes: list[tuple[str, Any]] = [
        ("date_from", report.date_from),
        ("date_to", report.date_to),
        ("programmes", "those starting in the range"),
        ("small_numbers", "suppressed" if report.suppressed else "shown"),
        ("generated_at", generated_at),
    ]
    if demo:
        notes.append(("data", DEMO_NOTE))
    notes += [("attendance_rule", f"{name}: {words}") for name, words in report.rules]
    notes.extend(("method", sentence) for sentence in report.notes)
    workbook = build_workbook(sheets, notes)
    set_up_printing(
        workbook,
        service=service_name,
        period=f"{TITLE}, {report.date_from} to {report.date_to}",
        demo=demo,
        footer=f"Generated {generated_at}",
    )
    save_atomically(path, workbook.save)


def _number(value: Any, decimals: int = 2) -> str:
    if value is None:
        return _BLANK
    if isinstance(value, str):
        return value  # "<5" or "[c]"
    return f"{value:.{decimals}f}" if isinstance(value, float) else str(value)


def _mean_sd(mean: float | None, sd: float | None) -> str:
    return _BLANK if mean is None else f"{mean:.2f} ({_number(sd)})"


def p_text(p: float | None) -> str:
    """As the published tables print it: ``*`` p < 0.05, ``**`` p < 0.01."""
    if p is None:
        return _BLANK
    marks = " **" if p < 0.01 else " *" if p < 0.05 else ""
    return ("< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")) + marks


def count_cells(report: ProgrammeReport) -> list[list[str]]:
    rows = []
    for r in report.counts:
        v = dict(zip(COUNT_COLUMNS, r, strict=True))
        rows.append(
            [
                v["programme"],
                v["starts_on"] or "",
                _number(v["planned_sessions"]) if v["planned_sessions"] else "",
                _number(v["rule_percent"]) if v["rule_percent"] else "",
                *(_number(v[c]) for c in COUNT_COLUMNS[4:-1]),
                _number(v["dropout_rate_percent"], 1),
            ]
        )
    return rows


def reason_cells(report: ProgrammeReport) -> list[list[str]]:
    return [[r[0], *(_number(c) for c in r[1:])] for r in report.reasons]


def outcome_blocks(report: ProgrammeReport) -> list[tuple[str, list[list[str]]]]:
    """(measure, its rows) in report order; each row: programme, time point, then the
    completers' figures and all enrolled's."""
    blocks: dict[str, list[list[str]]] = {}
    for r in report.outcomes:
        v = dict(zip(OUTCOME_COLUMNS, r, strict=True))
        measure, point = labels.outcome(v["instrument"], v["score"], v["time_point"]).split(", ", 1)
        cells = [v["programme"], point]
        for group in GROUP_HEADINGS:
            f = {name: v[f"{group}_{name}"] for name in OUTCOME_FIGURES}
            reached = _number(f["n_mid_reached"])
            if f["percent_mid_reached"] is not None:
                reached += f" ({f['percent_mid_reached']:.0f}%)"
            cells += [
                _number(f["n"]),
                _mean_sd(f["baseline_mean"], f["baseline_sd"]),
                _mean_sd(f["followup_mean"], f["followup_sd"]),
                _number(f["mean_change"]),
                p_text(f["p_value"]),
                reached,
            ]
        blocks.setdefault(measure, []).append(cells)
    return list(blocks.items())


def write_programme_pdf(
    report: ProgrammeReport,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
) -> None:
    from painclinic_desktop.reports.report_pdf import fonts, generated_stamp, write_report_pdf

    regular, bold = fonts()
    heading = f"{service_name}: {TITLE}" if service_name else TITLE
    story = _story(report, regular, bold, heading, demo)
    stamp = generated_stamp(generated_at)
    write_report_pdf(path, story, title=heading, stamp=stamp, font=regular)


def _story(report: ProgrammeReport, regular: str, bold: str, heading: str, demo: bool) -> list:
    from reportlab.platypus import CondPageBreak, Spacer

    from painclinic_desktop.reports.report_pdf import opening, report_styles
    from painclinic_desktop.reports.shaped_paragraph import para

    styles = report_styles(regular, bold)
    head, body = styles.head, styles.body
    small = "small numbers hidden" if report.suppressed else "small numbers shown"
    covers = (
        f"Programmes starting {report.date_from} to {report.date_to}; "
        f"outcomes to {report.date_to}; {small}"
    )
    story: list[Any] = opening(heading, covers, styles, DEMO_NOTE if demo else None)
    if not report.counts:
        story.append(para("No programme starts in this range.", body))
        return story
    story.append(para("Attendance rule", head))
    for name, words in report.rules:
        story.append(
            para(f"<b>{escape(name)}</b>: completers {escape(words)}.", body, rtl=False)
        )  # an English sentence, whatever the name's script
    story += [
        para("Enrolment, completion and drop-out", head),
        _table([COUNT_HEADINGS], count_cells(report), regular, bold, [150] + [None] * 11),
        para("Reasons for dropping out", head),
        _table(
            [["Programme", *(DROPOUT_REASON_WORDS[r] for r in DROPOUT_REASONS), "Dropped out"]],
            reason_cells(report),
            regular,
            bold,
            [150] + [None] * (len(DROPOUT_REASONS) + 1),
        ),
        CondPageBreak(160),
        para("Outcomes: completers beside all enrolled", head),
    ]
    blocks = outcome_blocks(report)
    if not blocks:
        story.append(para("No paired baseline and follow-up assessments yet.", body))
    headings = [
        ["Programme", "Time point", GROUP_HEADINGS["completers"], *[""] * 5]
        + [GROUP_HEADINGS["all_enrolled"], *[""] * 5],
        ["", "", *FIGURE_HEADINGS, *FIGURE_HEADINGS],
    ]
    for measure, rows in blocks:
        story += [CondPageBreak(100), para(escape(measure), head)]
        story.append(_table(headings, rows, regular, bold, widths=_OUTCOME_WIDTHS, groups=True))
    story.append(Spacer(1, 8))
    story.extend(para(escape(sentence), body) for sentence in report.notes)
    return story


def _table(
    headings: list[list[str]],
    rows: list[list[str]],
    regular: str,
    bold: str,
    widths: Sequence[float | None],
    groups: bool = False,
) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, TableStyle

    from painclinic_desktop.reports.shaped_paragraph import para

    head = ParagraphStyle("th", fontName=bold, fontSize=8, leading=9.5)
    cell = ParagraphStyle("td", fontName=regular, fontSize=8, leading=9.5)
    wrapped = [[para(escape(r[0]), head if r[0] == ALL_LABEL else cell), *r[1:]] for r in rows]
    header = [[para(escape(h), head) if h else "" for h in line] for line in headings]
    table = LongTable(
        [*header, *wrapped], repeatRows=len(headings), hAlign="LEFT", colWidths=widths
    )
    style = [
        ("FONT", (0, len(headings)), (-1, -1), regular, 8),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, len(headings) - 1), colors.Color(0.85, 0.85, 0.85)),
        ("ALIGN", (1, len(headings)), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if groups:
        style += [
            ("SPAN", (2, 0), (7, 0)),
            ("SPAN", (8, 0), (13, 0)),
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            ("LINEAFTER", (7, 0), (7, -1), 1.5, colors.black),
            ("ALIGN", (1, len(headings)), (1, -1), "LEFT"),
        ]
    for i, row in enumerate(rows, start=len(headings)):
        if row[0] == ALL_LABEL:
            style.append(("FONT", (0, i), (-1, i), bold, 8))
    table.setStyle(TableStyle(style))
    return table
