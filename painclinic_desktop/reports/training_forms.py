"""Printed pieces for one trainee and for a course: the trainee's baseline confidence chart,
the completion certificate, and the one-page paper questionnaire to hand out.

Each is printable in the trainee's name or, for someone known only by it, their anonymous
code. Black, greys and bold only, so they read the same on a black-and-white printer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Spacer, Table, TableStyle

from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.core.training import Questionnaire
from painclinic_desktop.reports.fonts import register_fonts
from painclinic_desktop.reports.pdf_common import build_pdf, date_words, make_styles, table_style
from painclinic_desktop.reports.pdf_common import text as safe
from painclinic_desktop.reports.shaped_paragraph import draw_string, para
from painclinic_desktop.reports.training_charts import baseline_bars

FOCUS = 3  # the lowest footsteps named as the ones to focus on


def write_baseline_chart(
    path: str | os.PathLike[str],
    *,
    shown_as: str,
    course_title: str,
    answered_on: str,
    profile: Sequence[tuple[int, float | None]],
    footstep_titles: dict[int, str],
    form: Questionnaire,
) -> int:
    """The trainee's footstep scores at baseline, lowest first. Returns the page count."""
    styles = make_styles(10, 12, 16)
    rows = [(f"{n}. {footstep_titles.get(n, '')}", score) for n, score in profile]
    focus = [label for label, score in rows if score is not None][:FOCUS]

    def story(width: float) -> list:
        return [
            para("Your confidence at the start of 10 Footsteps training", styles.title),
            para(f"<b>{safe(shown_as)}</b> · {safe(course_title)}", styles.body),
            para(f"Answered {date_words(answered_on)}", styles.small),
            Spacer(1, 8),
            para(
                "How confident you felt supporting people with persistent pain, footstep by "
                f"footstep ({form.scale_min} = {safe(form.labels[0])}, {form.scale_max} = "
                f"{safe(form.labels[-1])}). The footsteps at the top are the ones where you "
                "felt least confident.",
                styles.body,
            ),
            Spacer(1, 6),
            baseline_bars(rows, (form.scale_min, form.scale_max), form.labels, width=width),
            Spacer(1, 8),
            para("Footsteps to focus your learning on", styles.heading),
            *[para(f"• {safe(label)}", styles.body) for label in focus],
        ]

    pdf, pages = build_pdf(story, f"Baseline confidence · {shown_as}")
    save_atomically(path, lambda stream: stream.write(pdf))
    return pages


def write_certificate(
    path: str | os.PathLike[str],
    *,
    shown_as: str,
    course_title: str,
    completed_on: str,
    trainer: str | None,
    venue: str | None,
    service_name: str | None,
) -> None:
    """A landscape A4 certificate of completion."""
    regular, bold = register_fonts()
    width, height = landscape(A4)
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"Certificate of completion: {shown_as}")
    page.setStrokeColor(colors.black)
    page.setLineWidth(3)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    page.setLineWidth(0.8)
    page.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
    middle = width / 2
    lines = [
        (bold, 30, height - 55 * mm, "Certificate of completion"),
        (regular, 14, height - 75 * mm, "This is to certify that"),
        (bold, 26, height - 95 * mm, shown_as),
        (regular, 14, height - 112 * mm, "has completed the training"),
        (bold, 18, height - 126 * mm, course_title),
        (regular, 13, height - 140 * mm, "in the 10 Footsteps to pain self-management"),
        (regular, 12, height - 158 * mm, f"Completed {date_words(completed_on)}"
         + (f" · {venue}" if venue else "")),
    ]  # fmt: skip
    for font, size, y, words in lines:
        page.setFont(font, size)
        draw_string(page, middle, y, _fit(words, font, size, width - 50 * mm), "middle")
    page.setFont(regular, 11)
    page.line(middle + 20 * mm, 40 * mm, middle + 100 * mm, 40 * mm)
    draw_string(page, middle + 20 * mm, 34 * mm, f"Trainer: {trainer or ''}")
    if service_name:
        draw_string(page, 40 * mm, 34 * mm, service_name)
    page.showPage()
    page.save()
    data = buffer.getvalue()
    save_atomically(path, lambda stream: stream.write(data))


def _fit(words: str, font: str, size: float, room: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from painclinic_desktop.reports.script_text import needs_shaping, text_width

    def width(text: str) -> float:  # shaped widths for Urdu, Bengali… names
        bold = "Bold" in font
        return (
            text_width(text, size, bold) if needs_shaping(text) else stringWidth(text, font, size)
        )

    while words and width(words) > room:
        words = words[:-2] + "…"
    return words


def write_paper_questionnaire(
    path: str | os.PathLike[str],
    *,
    form: Questionnaire,
    footstep_titles: dict[int, str],
    course_title: str | None = None,
) -> int:
    """One page: the anonymous-code box, when it is answered, the 14 statements with a tick
    box per scale point, the baseline question, profession and experience."""
    styles = make_styles(9.5, 11, 14)
    regular, bold = register_fonts()
    points = list(range(form.scale_min, form.scale_max + 1))

    def story(width: float) -> list:
        code_boxes = Table([[""] * 8], colWidths=[7 * mm] * 8, rowHeights=[8 * mm])
        code_boxes.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 1, colors.black)]))
        header = Table(
            [
                [
                    para("<b>Your anonymous code</b> (letters and digits you will "
                              "remember; write the same code each time)", styles.body),
                    code_boxes,
                ],
                [
                    para("<b>When</b>  ☐ before the training   ☐ 3 months after", styles.body),
                    para("<b>Date</b> ____ / ____ / ________", styles.body),
                ],
            ],
            colWidths=[width - 60 * mm, 60 * mm],
        )  # fmt: skip
        header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        head = [para("<b>Footstep</b>", styles.cell),
                para(f"<b>{safe(form.stem)}</b>", styles.cell)]  # fmt: skip
        head += [
            para(
                f"<b>{p}</b><br/>{safe(word).replace(' confident', '<br/>confident')}", styles.small
            )  # fmt: skip
            for p, word in zip(points, form.labels, strict=True)
        ]
        rows = [head]
        for statement in form.statements:
            rows.append(
                [
                    para(safe(f"{statement.footstep}. "
                                   f"{footstep_titles.get(statement.footstep, '')}"),
                              styles.small),
                    para(safe(statement.text), styles.cell),
                ]
                + ["☐"] * len(points)
            )  # fmt: skip
        box = 15 * mm
        grid = Table(rows, colWidths=[30 * mm, width - 30 * mm - box * len(points)]
                     + [box] * len(points), repeatRows=1)  # fmt: skip
        style = table_style()
        style.add("ALIGN", (2, 0), (-1, -1), "CENTER")
        style.add("FONT", (2, 1), (-1, -1), regular, 14)
        style.add("TOPPADDING", (0, 1), (-1, -1), 4)
        style.add("BOTTOMPADDING", (0, 1), (-1, -1), 4)
        style.add("VALIGN", (0, 1), (-1, -1), "MIDDLE")
        style.add("LEFTPADDING", (2, 0), (-1, 0), 1)
        style.add("RIGHTPADDING", (2, 0), (-1, 0), 1)
        grid.setStyle(style)
        scale_words = "   ".join(f"{p} = {safe(w)}" for p, w in zip(points, form.labels,
                                                                     strict=True))  # fmt: skip
        return [
            para(safe(form.title), styles.title),
            para(
                safe(course_title or "Course: ______________________________"), styles.body
            ),  # fmt: skip
            Spacer(1, 3),
            header,
            Spacer(1, 4),
            para(f"Tick one box per line. {scale_words}", styles.small),
            Spacer(1, 2),
            grid,
            Spacer(1, 5),
            para(
                f"<b>Before the training only:</b> {safe(form.baseline_text)}   ☐ Yes   ☐ No",
                styles.body,
            ),  # fmt: skip
            para(
                "<b>Your profession</b> ______________________   <b>Experience with "
                "persistent pain</b>  ☐ under 6 months  ☐ 6 months to 5 years  "
                "☐ over 5 years",
                styles.body,
            ),  # fmt: skip
            para("Please do not write your name on this form.", styles.small),
        ]

    _ = bold
    pdf, pages = build_pdf(story, "10 Footsteps training questionnaire", margins_mm=11)
    save_atomically(path, lambda stream: stream.write(pdf))
    return pages
