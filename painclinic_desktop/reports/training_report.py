"""The training report: confidence before and 3 months after 10 Footsteps training.

The workbook has one sheet per table (footsteps and overall; by profession; by experience)
and a notes sheet; the PDF holds the same tables, the spider chart with its significance
marks and the counts of unpaired questionnaires left out. Black, greys and bold only.
"""

from __future__ import annotations

import os
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.core.training_stats import (
    EXPERIENCE_WORDS,
    FORMULAS,
    NOT_RECORDED,
    OVERALL,
    PairedResult,
    TrainingReportData,
)
from painclinic_desktop.reports.pdf_common import build_pdf, demo_banner, make_styles, table_style
from painclinic_desktop.reports.pdf_common import text as safe
from painclinic_desktop.reports.shaped_paragraph import para
from painclinic_desktop.reports.training_charts import spider_chart
from painclinic_desktop.reports.xlsx_writer import build_workbook, generated_now

RESULT_COLUMNS = [
    "n_pairs",
    "baseline_mean",
    "baseline_sd",
    "followup_mean",
    "followup_sd",
    "mean_change",
    "t",
    "df",
    "p_value",
    "significance",
    "d_z",
    "d_z_ci_low",
    "d_z_ci_high",
]
_FORMATS = {"p_value": "0.0000", "t": "0.00"}
_BLANK = "—"


def _values(result: PairedResult) -> list[Any]:
    return [
        result.n,
        result.baseline_mean,
        result.baseline_sd,
        result.followup_mean,
        result.followup_sd,
        result.mean_change,
        result.t,
        result.df,
        result.p,
        result.mark or None,
        result.d,
        result.d_low,
        result.d_high,
    ]


def footstep_sheet(data: TrainingReportData) -> Sheet:
    rows = []
    for key, result in data.stats.rows.items():
        label = "Overall" if key == OVERALL else data.footstep_titles.get(int(key), str(key))
        rows.append([None if key == OVERALL else key, label, *_values(result)])
    return Sheet(["footstep", "title", *RESULT_COLUMNS], rows, dict(_FORMATS), [FORMULAS])


def group_sheet(groups: dict[str, PairedResult], words: dict[str, str] | None = None) -> Sheet:
    words = words or {NOT_RECORDED: "Not recorded"}
    rows = [[words.get(name, name), *_values(result)] for name, result in groups.items()]
    return Sheet(["group", *RESULT_COLUMNS], rows, dict(_FORMATS))


def _notes(data: TrainingReportData, generated_at: str) -> list[tuple[str, Any]]:
    stats = data.stats
    notes: list[tuple[str, Any]] = [("report", data.heading)]
    notes += [("course", course) for course in data.courses]
    notes += [
        ("pairs_matched", stats.pairs),
        ("unpaired_left_out", stats.unpaired),
        ("unpaired_baseline_only", stats.unpaired_baseline),
        ("unpaired_follow_up_only", stats.unpaired_followup),
        ("baseline_no_prior_resources", stats.prior_none),
        ("baseline_prior_question_answered", stats.prior_answered),
        ("share_no_prior_resources", stats.prior_none_share),
        ("scale", f"{data.scale[0]} (least confident) to {data.scale[1]} (most confident)"),
        ("method", FORMULAS),
        ("generated_at", generated_at),
    ]
    if data.demo:
        notes.append(("data", "Demonstration data: not real trainees"))
    return notes


def write_training_xlsx(
    data: TrainingReportData, path: str | os.PathLike[str], generated_at: str | None = None
) -> None:
    sheets = {
        "Footsteps": footstep_sheet(data),
        "By profession": group_sheet(data.stats.by_profession),
        "By experience": group_sheet(data.stats.by_experience, EXPERIENCE_WORDS),
    }
    workbook = build_workbook(sheets, _notes(data, generated_at or generated_now()))
    save_atomically(path, workbook.save)


# -- PDF ----------------------------------------------------------------------------------


def _number(value: float | None, decimals: int = 2) -> str:
    return _BLANK if value is None else f"{value:.{decimals}f}"


def _p(value: float | None) -> str:
    if value is None:
        return _BLANK
    return "< .001" if value < 0.001 else f"{value:.3f}".replace("0.", ".", 1)


def _cells(result: PairedResult) -> list[str]:
    interval = (
        f"{_number(result.d)} [{_number(result.d_low)}, {_number(result.d_high)}]"
        if result.d is not None
        else _BLANK
    )
    t = f"t({result.df}) = {_number(result.t)}" if result.t is not None else _BLANK
    return [
        str(result.n),
        f"{_number(result.baseline_mean)} ({_number(result.baseline_sd)})",
        f"{_number(result.followup_mean)} ({_number(result.followup_sd)})",
        _number(result.mean_change),
        t,
        _p(result.p) + (f" {result.mark}" if result.mark else ""),
        interval,
    ]


_HEAD = ["N pairs", "Baseline mean (SD)", "3 months mean (SD)", "Change", "t (df)", "p",
         "d_z (95% CI)"]  # fmt: skip


# Columns of every table: 184 mm, the width of A4 inside the margins.
_WIDTHS = [w * mm for w in (35, 11, 23, 23, 15, 26, 20, 31)]


def _footstep_table(data: TrainingReportData, styles: Any) -> Table:
    rows: list[list[Any]] = [[para(f"<b>{h}</b>", styles.cell) for h in ["Footstep", *_HEAD]]]
    for key, result in data.stats.rows.items():
        name = "Overall" if key == OVERALL else f"{key}. {data.footstep_titles.get(int(key), '')}"
        style = styles.cell_bold if key == OVERALL else styles.cell
        rows.append([para(safe(name), style), *(para(c, style) for c in _cells(result))])
    table = Table(rows, colWidths=_WIDTHS, repeatRows=1)
    table.setStyle(table_style())
    return table


def _group_table(title: str, groups: dict[str, PairedResult], words: dict, styles) -> list:
    rows: list[list[Any]] = [[para(f"<b>{h}</b>", styles.cell) for h in [title, *_HEAD]]]
    for name, result in groups.items():
        shown = words.get(name, "Not recorded" if name == NOT_RECORDED else name)
        rows.append([para(safe(shown), styles.cell)] + [
            para(c, styles.cell) for c in _cells(result)
        ])  # fmt: skip
    table = Table(rows, colWidths=_WIDTHS, repeatRows=1)
    table.setStyle(table_style())
    return [Spacer(1, 4), table]


def summary_lines(data: TrainingReportData) -> list[str]:
    stats = data.stats
    lines = [
        f"Pairs matched (baseline and 3-month questionnaires with the same code): {stats.pairs}.",
        f"Unpaired questionnaires counted and left out of every paired figure: {stats.unpaired} "
        f"({stats.unpaired_baseline} baseline only, {stats.unpaired_followup} 3-month only).",
    ]
    if stats.prior_answered:
        share = stats.prior_none_share or 0.0
        lines.append(
            "Had used no pain-specific self-management resources before the training: "
            f"{stats.prior_none} of {stats.prior_answered} answering ({share:.0%})."
        )
    else:
        lines.append("No baseline answered the question on earlier self-management resources.")
    return lines


def write_training_pdf(
    data: TrainingReportData, path: str | os.PathLike[str], generated_at: str | None = None
) -> int:
    """Returns the number of pages."""
    styles = make_styles(8.5, 10.5, 14)
    stats = data.stats

    def story(width: float) -> list[Any]:
        heading = "10 Footsteps training: confidence before and 3 months after"
        parts: list[Any] = [para(safe(heading), styles.title)]
        if data.service_name:
            parts.append(para(safe(data.service_name), styles.body))
        parts.append(para(safe(data.heading), styles.heading))
        parts += [para(safe(course), styles.small) for course in data.courses]
        if data.demo:
            parts += [Spacer(1, 3), demo_banner(styles.body, width)]
        parts.append(Spacer(1, 4))
        parts += [para(safe(line), styles.body) for line in summary_lines(data)]
        parts += [Spacer(1, 4), _footstep_table(data, styles)]
        labels = [
            f"{n}. {data.footstep_titles.get(n, '')}{stats.rows[n].mark}" for n in range(1, 11)
        ]
        chart = spider_chart(
            labels,
            [stats.rows[n].baseline_mean for n in range(1, 11)],
            [stats.rows[n].followup_mean for n in range(1, 11)],
            data.scale,
            size=min(300, width / 1.55),
        )
        parts.append(KeepTogether([para("Confidence per footstep", styles.heading), chart]))
        parts.append(para("By profession (overall score)", styles.heading))
        parts += _group_table("Profession", stats.by_profession, {}, styles)
        parts.append(para("By experience with persistent pain (overall score)",
                               styles.heading))  # fmt: skip
        parts += _group_table("Experience", stats.by_experience, EXPERIENCE_WORDS, styles)
        parts += [Spacer(1, 6), para(safe(FORMULAS), styles.small)]
        return parts

    footer = f"10 Footsteps training report · generated {generated_at or generated_now()}"
    pdf, pages = build_pdf(story, footer)
    save_atomically(path, lambda stream: stream.write(pdf))
    return pages
