"""The page the service-level reports print on: the evaluation, equity, programme and service
reports (and the follow-up letters' fonts and escaping).

One document for all of them: A4 (landscape for the wide tables), the same margins, a title,
body and heading style, and a footer with when the report was generated and the page number.
reportlab is imported on first use, not when a report module is loaded, so writing the same
report as .xlsx never pays for it. (``pdf_common`` is the client documents' page: GP summary,
plan, letters with "page N of M".)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from painclinic_desktop.core.files import save_atomically

_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_FOOTER_Y = 22.7  # points: 8 mm above the bottom edge

# Page size and margins (left, right, top, bottom) in mm.
LANDSCAPE = "landscape"
PORTRAIT = "portrait"
_MARGINS_MM = {LANDSCAPE: (12, 12, 12, 14), PORTRAIT: (15, 15, 14, 16)}


def fonts() -> tuple[str, str]:
    """DejaVu Sans (shipped, else the system's) so every character prints; else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from painclinic_desktop.resources_path import resource

    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return "DejaVuSans", "DejaVuSans-Bold"
    for folder in (resource("fonts"), _SYSTEM_FONTS):
        regular, bold = folder / _FONT_FILES["regular"], folder / _FONT_FILES["bold"]
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def escape(text: str) -> str:
    """Paragraphs read a little markup; plain text must not be taken for it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class ReportStyles:
    title: Any
    head: Any
    body: Any


def report_styles(
    regular: str,
    bold: str,
    *,
    body_size: float = 9,
    body_leading: float = 12,
    space_before_head: float = 6,
) -> ReportStyles:
    """The report's title, section heading and body text."""
    from reportlab.lib.styles import ParagraphStyle

    return ReportStyles(
        title=ParagraphStyle("title", fontName=bold, fontSize=15, leading=19),
        head=ParagraphStyle(
            "head", fontName=bold, fontSize=11.5, leading=15, spaceBefore=space_before_head
        ),
        body=ParagraphStyle("body", fontName=regular, fontSize=body_size, leading=body_leading),
    )


def opening(heading: str, subtitle: str, styles: ReportStyles, demo_note: str | None) -> list:
    """The report's first lines: its title, what it covers and, for demo data, the warning."""
    from painclinic_desktop.reports.shaped_paragraph import para

    story = [para(escape(heading), styles.title), para(escape(subtitle), styles.body)]
    if demo_note is not None:
        story.append(para(escape(demo_note), styles.head))
    return story


def generated_stamp(generated_at: str | None) -> str:
    from painclinic_desktop.reports.xlsx_writer import generated_now

    return f"Generated {generated_at or generated_now()}"


def footer(font: str, stamp: str) -> Any:
    """Draws the stamp at the foot of each page and its number on the right."""
    from painclinic_desktop.reports.shaped_paragraph import draw_string

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        draw_string(canvas, document.leftMargin, _FOOTER_Y, stamp)
        canvas.drawRightString(
            document.pagesize[0] - document.rightMargin, _FOOTER_Y, f"Page {document.page}"
        )
        canvas.restoreState()

    return draw


def write_report_pdf(
    path: str | os.PathLike[str],
    story: list,
    *,
    title: str,
    stamp: str,
    font: str,
    page: str = LANDSCAPE,
) -> None:
    """Lay ``story`` out on A4 with the footer on every page and write it to ``path`` whole
    or not at all."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    left, right, top, bottom = _MARGINS_MM[page]

    def write(stream: Any) -> None:
        document = SimpleDocTemplate(
            stream,
            pagesize=landscape(A4) if page == LANDSCAPE else A4,
            leftMargin=left * mm,
            rightMargin=right * mm,
            topMargin=top * mm,
            bottomMargin=bottom * mm,
            title=title,
        )
        on_page = footer(font, stamp)
        document.build(story, onFirstPage=on_page, onLaterPages=on_page)

    save_atomically(path, write)
