"""Write the service evaluation as .xlsx or as a landscape A4 PDF table.

The PDF follows the layout of published community pain programme evaluations
(``evaluation_layout``): a block per measure with its range, good direction and MID, a row per
time point, p with significance marks, "MID met" and a chart of the means with 95 % intervals.
The opioid (OME) table, when given, follows the measures. It uses black, greys and bold
only, so it reads the same printed in black and white.
"""

from __future__ import annotations

import os
from typing import Any

from painclinic_desktop.core.episode_goals import NOTE as GOALS_NOTE
from painclinic_desktop.core.episode_goals import EpisodeGoals, service_percent
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet, iso_day
from painclinic_desktop.reports import labels
from painclinic_desktop.reports.evaluation_layout import (
    CAUTION,
    CAUTION_N,
    HEADINGS,
    MARKS_NOTE,
    block_cells,
    means_chart,
    measure_blocks,
    p_with_marks,
)
from painclinic_desktop.reports.monthly_return import DEMO_NOTE
from painclinic_desktop.reports.print_layout import set_up_printing, with_labels
from painclinic_desktop.reports.report_pdf import escape
from painclinic_desktop.reports.xlsx_writer import build_workbook, generated_now

SHEET_NAME = "Evaluation"
OME_SHEET_NAME = "Opioids (OME)"
OME_HEADINGS = [
    "Clients paired",
    "Baseline mean OME (SD)",
    "Follow-up mean OME (SD)",
    "Mean change",
    "p",
    "Fell by 25 % or more n (%)",
    "On 120 mg/day or more: baseline",
    "On 120 mg/day or more: follow-up",
    "Not comparable (not converted)",
]
GOALS_SHEET = "Goals by episode"
STRATEGIES_SHEET = "Self-management at follow-up"
FOLLOW_UP_WORDS = {"fu_10w": "10 weeks", "fu_6m": "6 months", "fu_12m": "12 months"}

_ROWS_BESIDE_A_CHART = 8  # a block is one row per time point; more is never expected
_BLANK = "—"


def write_evaluation_xlsx(
    sheet: Sheet,
    path: str | os.PathLike[str],
    *,
    date_from: Any,
    date_to: Any,
    pcn: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
    service_name: str | None = None,
    synced: str | None = None,
    ome: Sheet | None = None,
    episodes: list[EpisodeGoals] | None = None,
    strategies: dict[str, dict[str, int]] | None = None,
) -> None:
    """The table with a ``label`` column after its own, set up to print one page wide; the
    opioid (OME) table on a sheet of its own when given; with ``episodes``, a sheet of goals
    achieved or partly achieved per completed episode; with ``strategies``, a sheet of the
    answers about still using self-management strategies per follow-up time point."""
    generated_at = generated_at or generated_now()
    notes: list[tuple[str, Any]] = [
        ("date_from", iso_day(date_from)),
        ("date_to", iso_day(date_to)),
        ("pcn_filter", pcn if pcn is not None else "all PCNs"),
        ("generated_at", generated_at),
    ]
    if synced:
        notes.append(("records_as_of", synced))
    if demo:
        notes.append(("data", DEMO_NOTE))
    notes.extend(("method", sentence) for sentence in sheet.notes)
    notes.extend(labels.column_notes({SHEET_NAME: sheet.columns}))
    table = with_labels(
        sheet,
        ["label"],
        lambda v: [labels.outcome(v["instrument"], v["score"], v["time_point"])],
    )
    sheets = {SHEET_NAME: table}
    if ome is not None:
        sheets[OME_SHEET_NAME] = ome
        notes.extend(("method", sentence) for sentence in ome.notes)
    if episodes is not None:
        sheets[GOALS_SHEET] = goals_sheet(episodes)
        notes.append(("method", GOALS_NOTE))
    if strategies is not None:
        sheets[STRATEGIES_SHEET] = strategies_sheet(strategies)
    workbook = build_workbook(sheets, notes)
    where = f", {pcn}" if pcn is not None else ""
    period = f"Service evaluation, {iso_day(date_from)} to {iso_day(date_to)}{where}"
    set_up_printing(
        workbook,
        service=service_name,
        period=period,
        demo=demo,
        footer=f"Generated {generated_at}" + (f"; {synced}" if synced else ""),
    )
    save_atomically(path, workbook.save)


def goals_sheet(episodes: list[EpisodeGoals]) -> Sheet:
    """One row per completed episode (no client identifiers), then the service's total."""
    rows: list[list[Any]] = [[e.ended_on, e.goals, e.met, e.percent] for e in episodes]
    met, total, percent = service_percent(episodes)
    rows.append(["all", total, met, percent])
    return Sheet(
        ["episode_ended_on", "goals", "achieved_or_partly", "percent_achieved_or_partly"],
        rows,
        float_formats={"percent_achieved_or_partly": "0.0"},
    )


def strategies_sheet(strategies: dict[str, dict[str, int]]) -> Sheet:
    """Answers to "still using self-management strategies?" per follow-up time point."""
    rows = []
    for point, answers in strategies.items():
        answered = sum(answers.values())
        rows.append(
            [
                point,
                answers["yes"],
                answers["partly"],
                answers["no"],
                answered,
                100 * answers["yes"] / answered if answered else None,
                100 * (answers["yes"] + answers["partly"]) / answered if answered else None,
            ]
        )
    columns = ["time_point", "yes", "partly", "no", "answered", "percent_yes"]
    columns.append("percent_yes_or_partly")
    formats = {"percent_yes": "0.0", "percent_yes_or_partly": "0.0"}
    return Sheet(columns, rows, float_formats=formats)


def strategies_sentence(strategies: dict[str, dict[str, int]]) -> str:
    parts = []
    for point, answers in strategies.items():
        answered = sum(answers.values())
        if answered:
            yes, partly = (100 * answers[a] / answered for a in ("yes", "partly"))
            parts.append(
                f"{FOLLOW_UP_WORDS[point]}: {yes:.0f}% yes, {partly:.0f}% partly "
                f"({answered} answered)"
            )
    if not parts:
        return "Still using self-management strategies at follow-up: no answers recorded."
    return (
        "Still using self-management strategies at follow-ups due in the range: "
        + "; ".join(parts)
        + "."
    )


def goals_sentence(episodes: list[EpisodeGoals]) -> str:
    met, total, percent = service_percent(episodes)
    count = f"{len(episodes)} episode{'' if len(episodes) == 1 else 's'}"
    if not total:
        return f"Goals at the end of episodes: {count} ended in the range, with no goals set."
    return (
        f"Goals achieved or partly achieved at the end of the {count} that ended in the "
        f"range: {percent:.0f}% ({met} of {total} goals)."
    )


def write_evaluation_pdf(
    sheet: Sheet,
    path: str | os.PathLike[str],
    *,
    date_from: Any,
    date_to: Any,
    service_name: str | None = None,
    pcn: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
    synced: str | None = None,
    ome: Sheet | None = None,
    episodes: list[EpisodeGoals] | None = None,
    strategies: dict[str, dict[str, int]] | None = None,
) -> None:
    from painclinic_desktop.reports.report_pdf import fonts, generated_stamp, write_report_pdf

    regular, bold = fonts()
    heading = f"{service_name}: service evaluation" if service_name else "Service evaluation"
    subtitle = _subtitle(date_from, date_to, pcn) + (
        f". {synced[0].upper()}{synced[1:]}" if synced else ""
    )
    story = _story(sheet, regular, bold, heading, subtitle, demo)
    if episodes is not None:
        from reportlab.lib.styles import ParagraphStyle

        from painclinic_desktop.reports.shaped_paragraph import para

        line = ParagraphStyle("goals", fontName=bold, fontSize=10, leading=13, spaceBefore=6)
        story.insert(3 if demo else 2, para(escape(goals_sentence(episodes)), line))
    if strategies is not None:
        from reportlab.lib.styles import ParagraphStyle

        from painclinic_desktop.reports.shaped_paragraph import para

        line = ParagraphStyle("strategies", fontName=bold, fontSize=10, leading=13)
        at = (3 if demo else 2) + (episodes is not None)
        story.insert(at, para(escape(strategies_sentence(strategies)), line))
    stamp = generated_stamp(generated_at) + (f"; {synced}" if synced else "")
    if ome is not None:
        story.extend(_ome_story(ome, regular, bold))
    write_report_pdf(path, story, title=heading, stamp=stamp, font=regular)


def _subtitle(date_from: Any, date_to: Any, pcn: str | None) -> str:
    where = f"; clients of {pcn}" if pcn is not None else ""
    return f"Follow-ups administered {iso_day(date_from)} to {iso_day(date_to)}{where}"


def _story(
    sheet: Sheet, regular: str, bold: str, heading: str, subtitle: str, demo: bool
) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Spacer

    from painclinic_desktop.reports.report_pdf import opening, report_styles
    from painclinic_desktop.reports.shaped_paragraph import para

    styles = report_styles(regular, bold)
    body = styles.body
    banner = ParagraphStyle("banner", fontName=bold, fontSize=11, leading=14)
    story: list[Any] = opening(heading, subtitle, styles, None)
    if demo:
        story.append(para(escape(DEMO_NOTE), banner))
    story.append(Spacer(1, 8))
    if sheet.rows:
        story.extend(_measure_blocks(sheet, regular, bold))
        story.append(para(escape(f"{MARKS_NOTE} {CAUTION}"), body))
    else:
        story.append(para("No paired baseline and follow-up assessments in this range.", body))
    story.append(Spacer(1, 8))
    story.extend(para(escape(sentence), body) for sentence in sheet.notes)
    return story


def _measure_blocks(sheet: Sheet, regular: str, bold: str) -> list[Any]:
    """A heading, a table and a chart of means for each measure, kept together on a page."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    heading = ParagraphStyle("measure", fontName=bold, fontSize=11, leading=14, spaceBefore=6)
    caution = ParagraphStyle("caution", fontName=bold, fontSize=8.5, leading=11)
    found: list[Any] = []
    for title, rows in measure_blocks(sheet):
        table: list[Any] = [_table(block_cells(rows), regular, bold)]
        if any(v["n"] < CAUTION_N for v in rows):
            table.append(Paragraph(escape(CAUTION), caution))
        chart = means_chart(rows, regular, bold)
        title_line = Paragraph(escape(title), heading)
        if len(rows) > _ROWS_BESIDE_A_CHART:  # more than one page's worth: table, then chart
            found += [title_line, *table, Spacer(1, 3), chart, Spacer(1, 6)]
            continue
        # the table with the chart of its means beside it: three measures to a page
        beside = Table([[table, chart]], colWidths=[535, 255])
        beside.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
        )
        found.append(KeepTogether([title_line, beside, Spacer(1, 6)]))
    return found


def _table(rows: list[list[str]], regular: str, bold: str) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, TableStyle

    from painclinic_desktop.reports.shaped_paragraph import para

    head = ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10)
    cells: list[list[Any]] = [[para(h, head) for h in HEADINGS], *rows]
    widths = [62, 34, 82, 82, 52, 58, 46, 98]
    table = LongTable(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 1), (-1, -1), regular, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for row in range(2, len(cells), 2):  # light banding helps the eye along a printed row
        style.append(("BACKGROUND", (0, row), (-1, row), colors.Color(0.95, 0.95, 0.95)))
    table.setStyle(TableStyle(style))
    return table


def ome_cells(ome: Sheet) -> list[list[str]]:
    """The opioid table as the PDF shows it: means with SDs, p with its marks."""
    rows = []
    for row in ome.rows:
        v = dict(zip(ome.columns, row, strict=True))
        percent = v["percent_fell_25_percent"]
        rows.append(
            [
                str(v["n"]),
                _mean_sd(v["baseline_mean"], v["baseline_sd"]),
                _mean_sd(v["followup_mean"], v["followup_sd"]),
                _number(v["mean_change"], 1),
                p_with_marks(v["p_value"]),
                f"{v['n_fell_25_percent']} ({_number(percent, 1)}%)",
                str(v["n_120_or_more_baseline"]),
                str(v["n_120_or_more_followup"]),
                str(v["n_not_comparable"]),
            ]
        )
    return rows


def _ome_story(ome: Sheet, regular: str, bold: str) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    title = ParagraphStyle("ome_title", fontName=bold, fontSize=11, leading=14)
    head = ParagraphStyle("ome_head", fontName=bold, fontSize=8.5, leading=10)
    body = ParagraphStyle("ome_body", fontName=regular, fontSize=9, leading=12)
    cells: list[list[Any]] = [[Paragraph(h, head) for h in OME_HEADINGS], *ome_cells(ome)]
    table = Table(cells, colWidths=[55, 95, 95, 55, 50, 85, 80, 80, 85], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), regular, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("ALIGN", (0, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        Spacer(1, 10),
        KeepTogether(
            [
                Paragraph("Opioids: oral morphine equivalent (OME, mg/day)", title),
                Spacer(1, 4),
                table,
                Spacer(1, 4),
                *(Paragraph(escape(sentence), body) for sentence in ome.notes),
            ]
        ),
    ]


def _number(value: float | None, decimals: int) -> str:
    return _BLANK if value is None else f"{value:.{decimals}f}"


def _mean_sd(mean: float | None, sd: float | None) -> str:
    return f"{_number(mean, 2)} ({_number(sd, 2)})"
