"""The service report (A4 portrait PDF) for commissioners: referrals against the plan with a
cumulative chart, the share of new clients from the most deprived areas, the employment mix,
the share of clients receiving each within-session component, and a summary per coach.
Black, greys and bold only."""

from __future__ import annotations

import os
from typing import Any

from painclinic_desktop.core.service_figures import ServiceFigures
from painclinic_desktop.reports.labels import EMPLOYMENT_STATUSES
from painclinic_desktop.reports.monthly_return import DEMO_NOTE
from painclinic_desktop.reports.report_pdf import escape

COMPONENTS = {
    "pain_book": "Pain management book",
    "relaxation_audio": "Relaxation audio",
    "pacing_diary": "Pacing diary",
    "exercise_planning": "Exercise planning",
    "sleep_hygiene": "Sleep hygiene",
    "medication_worksheet": "Medication review worksheet",
    "oad_worksheet": "Opioid dependence (OAD) worksheet",
    "de_scripting": "De-scripting",
    "goal_review": "Goal review",
    "igro_rating": "iGro star rating",
    "signposting": "Signposting",
}
_BLANK = "—"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else _BLANK


def _rate(value: float | None) -> str:
    return _BLANK if value is None else f"{value:.1f}%"


def write_service_report(
    figures: ServiceFigures,
    path: str | os.PathLike[str],
    *,
    service_name: str | None = None,
    demo: bool = False,
    generated_at: str | None = None,
) -> None:
    from painclinic_desktop.reports.report_pdf import (
        PORTRAIT,
        fonts,
        generated_stamp,
        write_report_pdf,
    )

    regular, bold = fonts()
    heading = f"{service_name}: service report" if service_name else "Service report"
    story = _story(figures, regular, bold, heading, demo)
    stamp = generated_stamp(generated_at)
    write_report_pdf(path, story, title=heading, stamp=stamp, font=regular, page=PORTRAIT)


def _story(f: ServiceFigures, regular: str, bold: str, heading: str, demo: bool) -> list:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from painclinic_desktop.reports.report_pdf import opening, report_styles
    from painclinic_desktop.reports.shaped_paragraph import para

    styles = report_styles(regular, bold, body_size=9.5, body_leading=13, space_before_head=8)
    head, body = styles.head, styles.body
    covers = f"{f.date_from} to {f.date_to}"
    story: list[Any] = opening(heading, covers, styles, DEMO_NOTE if demo else None)
    story.append(para("Referrals against the plan", head))
    if f.planned_per_year:
        planned = f.planned_by_month[-1] if f.planned_by_month else 0
        story.append(
            para(
                escape(
                    f"{f.referrals} referrals received against {planned:.0f} planned for these "
                    f"months ({f.planned_per_year} a year): "
                    f"{_percent(f.referrals, round(planned))} of plan."
                ),
                body,
            )
        )
    else:
        story.append(
            para(
                escape(
                    f"{f.referrals} referrals received. No planned number is set for the year "
                    "(File ▸ Service settings)."
                ),
                body,
            )
        )
    story += [Spacer(1, 4), _cumulative_chart(f, regular, bold)]
    story += [CondPageBreak(45 * mm), para("New clients", head)]
    story.append(
        para(
            escape(
                f"{f.new_clients} new clients (accepted referral received in the range). "
                f"From the most deprived areas (IMD deciles 1–2): {f.imd_1_2} of the "
                f"{f.imd_known} whose decile is known, {_rate(f.imd_1_2_percent)}"
                f"; decile not known for {f.new_clients - f.imd_known}."
            ),
            body,
        )
    )
    rows = [
        [EMPLOYMENT_STATUSES.get(k, "Not recorded"), str(n), _percent(n, f.new_clients)]
        for k, n in f.employment.items()
    ]
    story.append(_table(["Employment status", "New clients", "Share"], rows, regular, bold))
    story += [CondPageBreak(45 * mm), para("Within-session components", head)]
    story.append(
        para(
            escape(
                f"Of the {f.clients_with_contact} clients with an attended contact in the range, "
                "the share who received each component at least once:"
            ),
            body,
        )
    )
    rows = [
        [COMPONENTS[c], str(n), _percent(n, f.clients_with_contact)]
        for c, n in f.components.items()
    ]
    story.append(_table(["Component", "Clients", "Share"], rows, regular, bold))
    story += [CondPageBreak(45 * mm), para("Per coach", head)]
    name = ParagraphStyle("name", fontName=regular, fontSize=8.5, leading=10)
    rows = [
        [
            para(escape(c.coach), name),  # a coach's name in any script
            str(c.caseload_at_end),
            str(c.clients_seen),
            str(c.contacts_attended),
            _rate(c.dna_rate_percent),
            str(c.pairs),
            _rate(c.percent_reaching_mid),
        ]
        for c in f.coaches
    ]
    headings = [
        "Coach",
        "Caseload at end",
        "Clients seen",
        "Contacts attended",
        "DNA rate",
        "Paired outcomes",
        "Reaching MID",
    ]
    widths = [45 * mm] + [22.5 * mm] * 6  # the page's 180 mm; a name gets room to stay on a line
    story += [_table(headings, rows, regular, bold, widths), Spacer(1, 4)]
    story.append(
        para(
            escape(
                "Clients seen, contacts and DNA rate by the staff member of each contact; "
                "caseload (open clients at the end of the range) and paired outcomes (every "
                "reported score and follow-up time point, by the service's one pairing rule) "
                "by the client's assigned coach. DNA rate = did not attend / (attended + did "
                "not attend)."
            ),
            body,
        )
    )
    return story


def _table(
    headings: list[str],
    rows: list[list[Any]],
    regular: str,
    bold: str,
    widths: list[float] | None = None,
) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table, TableStyle

    from painclinic_desktop.reports.shaped_paragraph import para

    head = ParagraphStyle("th", fontName=bold, fontSize=8.5, leading=10)
    cells = [[para(h, head) for h in headings], *rows]
    table = Table(cells, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), regular, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _cumulative_chart(f: ServiceFigures, regular: str, bold: str) -> Any:
    """Cumulative referrals by month (solid, squares) against the plan (dashed)."""
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors

    width, height, left, bottom, top = 460.0, 150.0, 36.0, 26.0, 16.0
    actual, total = [], 0
    for n in f.referrals_by_month:
        total += n
        actual.append(total)
    plan = f.planned_by_month or []
    highest = max([*actual, *plan, 1])
    step = (width - left - 10) / max(len(f.months), 1)

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(value: float) -> float:
        return bottom + value / highest * (height - bottom - top)

    drawing = Drawing(width, height)
    drawing.add(
        String(0, height - 10, "Referrals received, cumulative", fontName=bold, fontSize=8.5)
    )
    drawing.add(Line(left, bottom, left, height - top, strokeWidth=0.5))
    drawing.add(Line(left, bottom, width - 10, bottom, strokeWidth=0.5))
    for value in (0, highest / 2, highest):
        drawing.add(String(4, y(value) - 3, f"{value:.0f}", fontName=regular, fontSize=7))
    if plan:
        points = [c for i, v in enumerate(plan) for c in (x(i), y(v))]
        drawing.add(PolyLine(points, strokeWidth=1, strokeDashArray=[4, 3]))
        drawing.add(
            String(x(len(plan) - 1) - 20, y(plan[-1]) + 4, "plan", fontName=regular, fontSize=7)
        )
    points = [c for i, v in enumerate(actual) for c in (x(i), y(v))]
    drawing.add(PolyLine(points, strokeWidth=1.5))
    for i, v in enumerate(actual):
        drawing.add(Rect(x(i) - 2.5, y(v) - 2.5, 5, 5, fillColor=colors.black, strokeWidth=0))
    every = max(1, len(f.months) // 12)
    for i, month in enumerate(f.months):
        if i % every == 0:
            drawing.add(
                String(x(i), 12, month, fontName=regular, fontSize=6.5, textAnchor="middle")
            )
    return drawing
