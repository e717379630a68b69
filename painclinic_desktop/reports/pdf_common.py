"""What the PDF reports share: fonts and styles, dates in words, page footers, atomic writing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from painclinic_desktop.core.dates import nhs_date
from painclinic_desktop.reports.fonts import register_fonts
from painclinic_desktop.reports.shaped_paragraph import draw_string, para

DEMO_BANNER = "DEMO — synthetic data"


def date_words(iso: str | date | None) -> str:
    """`2026-03-05` as `05-Mar-2026`: the NHS style the app shows everywhere, unambiguous for
    readers in any country."""
    return nhs_date(iso) if iso else ""


def text(value: str) -> str:
    """Free text made safe for Paragraph markup, keeping the writer's line breaks."""
    return escape(value or "").replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def make_styles(body_size: float, heading_size: float, title_size: float) -> Styles:
    regular, bold = register_fonts()
    leading = body_size * 1.28

    def style(name, font, size, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.28, **extra)

    return Styles(
        body=style("body", regular, body_size, spaceAfter=body_size * 0.3),
        small=style(
            "small", regular, max(body_size - 1.5, 7), textColor=colors.Color(0.2, 0.2, 0.2)
        ),
        heading=style("heading", bold, heading_size, spaceBefore=leading * 0.55, spaceAfter=1.5),
        title=style("title", bold, title_size, spaceAfter=2),
        cell=style("cell", regular, body_size),
        cell_bold=style("cell_bold", bold, body_size),
    )


def table_style(header_rows: int = 1) -> TableStyle:
    """Grid, grey header and padding that stay clear on a black-and-white printer."""
    regular, bold = register_fonts()
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.45, 0.45, 0.45)),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.88, 0.88, 0.88)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )


def demo_banner(style: ParagraphStyle, width: float) -> Table:
    banner = Table([[para(f"<b>{DEMO_BANNER}</b>", style)]], colWidths=[width])
    banner.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.85, 0.85, 0.85)),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return banner


def build_pdf(
    story_for,
    footer: str,
    margins_mm: float = 13,
    font_size: float = 7.5,
    page_words=None,
    rtl: bool = False,
):
    """Lay out `story_for(frame_width)` on A4; returns (pdf bytes, page count).

    Every page carries `footer` and "page N of M" (`page_words(n, m)` words it in another
    language; `rtl` swaps the two sides), so a loose second page still identifies whose
    record it is.
    """
    buffer = BytesIO()
    pages: list[int] = []
    canvas_class = _numbered_canvas(footer, font_size, pages, page_words, rtl)
    margin = margins_mm * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 4 * mm,
    )
    doc.build(story_for(doc.width), canvasmaker=canvas_class)
    return buffer.getvalue(), pages[0]


def _numbered_canvas(footer: str, font_size: float, pages: list[int], page_words, rtl):
    regular, _ = register_fonts()
    page_words = page_words or (lambda page, count: f"page {page} of {count}")

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages.append(len(self._pages))
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, font_size)
                self.setFillColor(colors.Color(0.25, 0.25, 0.25))
                width, _ = A4
                left, right = 13 * mm, width - 13 * mm
                numbered = page_words(self._pageNumber, len(self._pages))
                if rtl:
                    left, right = right, left
                draw_string(self, left, 8 * mm, footer, "end" if rtl else "start")
                draw_string(self, right, 8 * mm, numbered, "start" if rtl else "end")
                super().showPage()
            super().save()

    return NumberedCanvas
