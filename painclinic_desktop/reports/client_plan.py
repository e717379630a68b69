""" "Plan for the client" (PDF): their own plan in plain, friendly words, with a large-print option.

`build_client_plan_data` is pure (one client's bundle-shaped records in); `write_client_plan`
lays it out and writes the file atomically. Written to the client ("you"), never about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from painclinic_desktop.core.files import write_atomically
from painclinic_desktop.core.footsteps import Footstep, footsteps
from painclinic_desktop.core.goals import current_goals, current_status
from painclinic_desktop.core.igro import latest_rated_star
from painclinic_desktop.reports.pdf_common import (
    Styles,
    build_pdf,
    date_words,
    demo_banner,
    make_styles,
    text,
)
from painclinic_desktop.reports.star_drawing import star_drawing

LARGE_PRINT_BODY = 16
STATUS_FOR_CLIENT = {
    "not_started": "Not started yet",
    "in_progress": "Working on it",
    "achieved": "Achieved - well done!",
    "partly_achieved": "Partly achieved",
    "not_achieved": "Not achieved this time",
}
SETBACK_PARTS = (
    ("warning_signs", "Early warning signs"),
    ("what_helps", "What helps me"),
    ("who_to_contact", "Who to contact"),
    ("avoid", "Things to avoid"),
)


@dataclass(frozen=True)
class PlanGoal:
    footstep: int
    footstep_title: str
    text: str
    target_on: str | None
    confidence: int | None
    status: str | None


@dataclass(frozen=True)
class ClientPlanData:
    service_name: str
    service_phone: str
    client_name: str
    today: date
    what_matters: str
    best_hopes: str
    focus_footsteps: tuple[Footstep, ...]
    goals: tuple[PlanGoal, ...]
    setback_plan: tuple[tuple[str, str], ...]  # (heading, the client's words)
    star: dict | None
    resources: tuple[str, ...]
    demo: bool = False


def build_client_plan_data(
    client_records: dict,
    service: dict,
    today: date,
    *,
    demo: bool = False,
    steps: list[Footstep] | None = None,
) -> ClientPlanData:
    """The client's plan, goals still standing, setback plan and latest star."""
    client = client_records["client"]
    plan = client_records.get("plan") or {}
    by_number = {step.number: step for step in steps or footsteps()}
    focus = tuple(by_number[n] for n in plan.get("focus_footsteps") or [] if n in by_number)
    setback = plan.get("setback_plan") or {}
    stars = client_records.get("igro_stars") or []
    return ClientPlanData(
        service_name=service.get("name") or "",
        service_phone=service.get("phone") or "",
        client_name=" ".join(p for p in (client.get("given_name"), client.get("family_name")) if p),
        today=today,
        what_matters=(plan.get("what_matters") or "").strip(),
        best_hopes=(plan.get("best_hopes") or "").strip(),
        focus_footsteps=focus,
        goals=tuple(
            _plan_goal(g, by_number) for g in current_goals(client_records.get("goals") or [])
        ),
        setback_plan=tuple(
            (heading, (setback.get(key) or "").strip())
            for key, heading in SETBACK_PARTS
            if (setback.get(key) or "").strip()
        ),
        star=latest_rated_star(stars) or (stars[-1] if stars else None),
        resources=_resources(focus),
        demo=demo,
    )


def _plan_goal(goal: dict, by_number: dict[int, Footstep]) -> PlanGoal:
    step = by_number.get(goal["footstep"])
    return PlanGoal(
        footstep=goal["footstep"],
        footstep_title=step.title if step else "",
        text=(goal.get("text") or "").strip(),
        target_on=goal.get("target_on"),
        confidence=goal.get("confidence"),
        status=current_status(goal),
    )


def _resources(focus: tuple[Footstep, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for step in focus:
        for item in step.resources:
            seen.setdefault(item.title, None)
    return tuple(seen)


def write_client_plan(data: ClientPlanData, path: str | Path, large_print: bool = False) -> int:
    """Write the PDF atomically; returns its number of pages."""
    if large_print:
        styles = make_styles(body_size=LARGE_PRINT_BODY, heading_size=22, title_size=28)
    else:
        styles = make_styles(body_size=11, heading_size=14, title_size=20)
    footer = f"My plan · {data.client_name}"
    pdf, pages = build_pdf(
        lambda width: story(data, styles, width, large_print),
        footer,
        font_size=LARGE_PRINT_BODY if large_print else 8,
    )
    write_atomically(path, pdf)
    return pages


def story(data: ClientPlanData, s: Styles, width: float, large_print: bool) -> list:
    parts: list = []
    if data.demo:
        parts += [demo_banner(s.body, width), Spacer(1, 6)]
    parts += [
        Paragraph(f"My plan: {text(data.client_name)}", s.title),
        Paragraph(f"Made with {text(data.service_name)} · {date_words(data.today)}", s.body),
    ]
    if data.what_matters:
        parts += _section("What matters to you", [_quote(data.what_matters, s)], s)
    if data.best_hopes:
        parts += _section("Your best hopes", [_quote(data.best_hopes, s)], s)
    if data.focus_footsteps:
        parts += _section("The footsteps you are working on", _footsteps(data, s), s)
    parts += _section("Your goals", _goals(data, s, width), s)
    if data.setback_plan:
        parts += _section("Your setback plan", [_setback(data, s, width)], s)
    if data.star:
        parts += _section("Your iGro star", _star(data.star, s, width, large_print), s, whole=True)
    if data.resources:
        parts += _section("Things that may help", [_bullets(data.resources, s)], s)
    if data.service_phone:
        parts += [
            Spacer(1, 8),
            Paragraph(
                f"If you want to talk, call {text(data.service_name)} on "
                f"<b>{text(data.service_phone)}</b>.",
                s.body,
            ),
        ]
    return parts


def _section(title: str, content: list, s: Styles, whole: bool = False) -> list:
    """Heading kept with its first item (or with all of it). Never nest KeepTogether:
    reportlab then breaks the page even when everything would fit."""
    kept = len(content) if whole else 1
    return [KeepTogether([Paragraph(title, s.heading), *content[:kept]]), *content[kept:]]


def _quote(value: str, s: Styles) -> Paragraph:
    return Paragraph(f"“{text(value)}”", s.body)


def _bullets(items, s: Styles) -> Paragraph:
    return Paragraph("<br/>".join(f"• {text(item)}" for item in items), s.body)


def _footsteps(data: ClientPlanData, s: Styles) -> list:
    step_title = ParagraphStyle("step", parent=s.body, spaceBefore=s.body.fontSize * 0.5)
    parts = []
    for step in data.focus_footsteps:
        parts.append(Paragraph(f"<b>Footstep {step.number}: {text(step.title)}</b>", step_title))
        parts.append(Paragraph(text(step.description), s.body))
        if step.statements:
            parts.append(_bullets(step.statements, s))
    return parts


def _goals(data: ClientPlanData, s: Styles, width: float) -> list:
    if not data.goals:
        return [Paragraph("You have not set any goals yet.", s.body)]
    # A one-cell table never splits, so each goal stays whole on its page.
    parts = []
    for goal in data.goals:
        parts += [_goal_box(goal, s, width), Spacer(1, 5)]
    return parts


def _goal_box(goal: PlanGoal, s: Styles, width: float) -> Table:
    lines = [Paragraph(f"<b>“{text(goal.text)}”</b>", s.body)]
    if goal.footstep_title:
        lines.append(Paragraph(f"Footstep {goal.footstep}: {text(goal.footstep_title)}", s.body))
    if goal.target_on:
        lines.append(Paragraph(f"I aim to do this by: <b>{date_words(goal.target_on)}</b>", s.body))
    if goal.confidence is not None:
        lines.append(Paragraph(f"How sure I feel: <b>{goal.confidence} out of 10</b>", s.body))
    if goal.status:
        lines.append(Paragraph(f"Where I am now: {STATUS_FOR_CLIENT.get(goal.status, '')}", s.body))
    box = Table([[lines]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [("BOX", (0, 0), (-1, -1), 1, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 6)]
        )
    )
    return box


def _setback(data: ClientPlanData, s: Styles, width: float) -> Table:
    rows = [
        [Paragraph(f"<b>{heading}</b>", s.body), Paragraph(text(words), s.body)]
        for heading, words in data.setback_plan
    ]
    table = Table(rows, colWidths=[width * 0.32, width * 0.68])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.Color(0.4, 0.4, 0.4)),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _star(star: dict, s: Styles, width: float, large_print: bool) -> list:
    intro = Paragraph(
        "Your five arms, in your own words. Each is scored from 0 (in the middle) to 10 "
        "(at the tip). As things improve, the shape grows. The average is of your five "
        "scores. The area is how much of the whole star your shape fills; it grows faster "
        "than the scores, so it is a smaller number: every arm at 5 fills a quarter (25%).",
        s.body,
    )
    if large_print:
        drawing = star_drawing(
            star,
            width=width,
            font_size=LARGE_PRINT_BODY,
            radius=width * 0.22,
            max_label_lines=7,
        )
    else:
        drawing = star_drawing(star, width=min(width, 400), font_size=9)
    drawing.hAlign = "CENTER"
    return [intro, drawing]
