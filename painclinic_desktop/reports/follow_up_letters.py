"""Mail-merge letters for postal follow-up questionnaires: one A4 page per client, the address
placed for a window envelope (DL, left window), the questionnaires to fill in named as the
service's questionnaire pack names them. Large print sets the body at 16 pt."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from painclinic_desktop.core.dates import nhs_date
from painclinic_desktop.core.files import save_atomically
from painclinic_desktop.reports.report_pdf import escape, fonts

WHEN = {"fu_10w": "10 weeks", "fu_6m": "6 months", "fu_12m": "a year"}


@dataclass(frozen=True)
class Letter:
    name: str
    address_lines: list[str]  # the lines before the postcode
    postcode: str
    time_point: str
    questionnaires: list[str]


def write_letters(
    letters: list[Letter],
    path: str | os.PathLike[str],
    *,
    service: dict[str, str],
    dated: str,
    large_print: bool = False,
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = fonts()
    story = _story(letters, regular, bold, service, dated, large_print)

    def write(stream: Any) -> None:
        document = SimpleDocTemplate(
            stream,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title="Follow-up questionnaire letters",
        )
        document.build(story)

    save_atomically(path, write)


def _story(
    letters: list[Letter],
    regular: str,
    bold: str,
    service: dict[str, str],
    dated: str,
    large_print: bool,
) -> list[Any]:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    # names and addresses in any script: shaped, in reading order
    from painclinic_desktop.reports.shaped_paragraph import para

    size = 16 if large_print else 11
    body = ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.35)
    strong = ParagraphStyle("strong", parent=body, fontName=bold)
    sender = ParagraphStyle("sender", parent=body, fontSize=size - 1, alignment=TA_RIGHT)
    story: list[Any] = []
    if not letters:
        return [para("No follow-up questionnaires are waiting to be sent.", body)]
    for i, letter in enumerate(letters):
        if i:
            story.append(PageBreak())
        from_lines = [service.get("name") or "", *(service.get("address") or "").splitlines()]
        if service.get("phone"):
            from_lines.append(f"Telephone {service['phone']}")
        story.append(para("<br/>".join(escape(x) for x in from_lines if x), sender))
        story.append(Spacer(1, 8 * mm))
        to = [letter.name, *letter.address_lines, letter.postcode]
        story.append(para("<br/>".join(escape(x) for x in to if x), body))
        story.append(Spacer(1, 12 * mm))
        story.append(para(escape(nhs_date(dated)), body))
        story.append(Spacer(1, 6 * mm))
        story.append(para(escape(f"Dear {letter.name},"), body))
        story.append(Spacer(1, 3 * mm))
        story.append(
            para(
                escape(
                    f"It is now {WHEN[letter.time_point]} since you finished working with us. "
                    "We would like to know how you are getting on. Please fill in the "
                    "questionnaires in this envelope and send them back to us in the "
                    "stamped addressed envelope:"
                ),
                body,
            )
        )
        for title in letter.questionnaires:
            story.append(para("• " + escape(title), strong))
        story.append(Spacer(1, 3 * mm))
        story.append(
            para(
                escape(
                    "Your answers help us see what helps people living with persistent pain. "
                    "If you would like help filling them in, or them in another language or "
                    "in large print, please ring us."
                ),
                body,
            )
        )
        story.append(Spacer(1, 6 * mm))
        story.append(para(escape("With best wishes,"), body))
        story.append(para(escape(f"The {service.get('name') or 'service'} team"), body))
    return story
