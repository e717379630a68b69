""" "Plan for the client" (PDF): their own plan in plain, friendly words, with a large-print option.

`build_client_plan_data` is pure (one client's bundle-shaped records in); `write_client_plan`
lays it out (`client_plan_layout`, in the client's materials language) and writes the file
atomically. Written to the client ("you"), never about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from painclinic_desktop.core.files import write_atomically
from painclinic_desktop.core.footsteps import Footstep, footsteps
from painclinic_desktop.core.goals import current_goals, current_status
from painclinic_desktop.core.igro import latest_rated_star
from painclinic_desktop.core.material_words import ENGLISH, resource_keys
from painclinic_desktop.core.translations import ENGLISH_PACK, Pack
from painclinic_desktop.reports.client_plan_layout import LARGE_PRINT_BODY, PlanPage
from painclinic_desktop.reports.pdf_common import build_pdf, make_styles

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
    resources: tuple[str, ...]  # English titles of the things that may help
    demo: bool = False
    pack: Pack = ENGLISH_PACK  # the client's materials language
    # The translation key of each of `resources`, in the same order.
    resource_keys: tuple[str, ...] = ()


def build_client_plan_data(
    client_records: dict,
    service: dict,
    today: date,
    *,
    demo: bool = False,
    steps: list[Footstep] | None = None,
    pack: Pack = ENGLISH_PACK,
) -> ClientPlanData:
    """The client's plan, goals still standing, setback plan and latest star."""
    client = client_records["client"]
    plan = client_records.get("plan") or {}
    by_number = {step.number: step for step in steps or footsteps()}
    focus = tuple(by_number[n] for n in plan.get("focus_footsteps") or [] if n in by_number)
    setback = plan.get("setback_plan") or {}
    stars = client_records.get("igro_stars") or []
    resources = _resources(focus)
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
        resources=tuple(title for _, title in resources),
        demo=demo,
        pack=pack,
        resource_keys=tuple(key for key, _ in resources),
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


def _resources(focus: tuple[Footstep, ...]) -> list[tuple[str, str]]:
    """(translation key, English title) of the focus footsteps' resources, each title once."""
    seen: dict[str, str] = {}
    for step in focus:
        for key, title in resource_keys(step):
            seen.setdefault(title, key)
    return [(key, title) for title, key in seen.items()]


def write_client_plan(data: ClientPlanData, path: str | Path, large_print: bool = False) -> int:
    """Write the PDF atomically; returns its number of pages."""
    if large_print:
        styles = make_styles(body_size=LARGE_PRINT_BODY, heading_size=22, title_size=28)
    else:
        styles = make_styles(body_size=11, heading_size=14, title_size=20)
    pack = data.pack
    footer = pack.words("plan.footer", ENGLISH["plan.footer"], name=data.client_name)
    pdf, pages = build_pdf(
        lambda width: PlanPage(data, styles, width, large_print).story(),
        footer,
        font_size=LARGE_PRINT_BODY if large_print else 8,
        page_words=lambda page, count: pack.words(
            "plan.page", ENGLISH["plan.page"], page=page, pages=count
        ),
        rtl=pack.rtl,
    )
    write_atomically(path, pdf)
    return pages
