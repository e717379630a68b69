"""The English words of the client's materials, by key: what translation packs translate.

The plan PDF and the client-facing screens ask `Pack.words(key, ENGLISH[key])`; the ten
footsteps' words (titles, descriptions, statements, the things that may help) come from
`resources/footsteps.json` (the service may reword them) under the keys `footstep_keys` gives,
so a pack follows the footsteps the service prints: a footstep the service rewords prints in
its new English until the pack is updated.
"""

from __future__ import annotations

from .dates import MONTHS
from .footsteps import Footstep

ENGLISH: dict[str, str] = {
    "plan.title": "My plan: {name}",
    "plan.made_with": "Made with {service} · {date}",
    "plan.what_matters": "What matters to you",
    "plan.best_hopes": "Your best hopes",
    "plan.footsteps": "The footsteps you are working on",
    "plan.footstep": "Footstep {number}: {title}",
    "plan.goals": "Your goals",
    "plan.no_goals": "You have not set any goals yet.",
    "plan.aim_by": "I aim to do this by: {date}",
    "plan.how_sure": "How sure I feel: {score} out of 10",
    "plan.where_now": "Where I am now: {status}",
    "plan.setback": "Your setback plan",
    "plan.star": "Your iGro star",
    "plan.star_intro": (
        "Your five arms, in your own words. Each is scored from 0 (in the middle) to 10 "
        "(at the tip). As things improve, the shape grows. The average is of your five "
        "scores. The area is how much of the whole star your shape fills; it grows faster "
        "than the scores, so it is a smaller number: every arm at 5 fills a quarter (25%)."
    ),
    "plan.may_help": "Things that may help",
    "plan.call_us": "If you want to talk, call {service} on {phone}.",
    "plan.footer": "My plan · {name}",
    "plan.page": "page {page} of {pages}",
    "status.not_started": "Not started yet",
    "status.in_progress": "Working on it",
    "status.achieved": "Achieved - well done!",
    "status.partly_achieved": "Partly achieved",
    "status.not_achieved": "Not achieved this time",
    "setback.warning_signs": "Early warning signs",
    "setback.what_helps": "What helps me",
    "setback.who_to_contact": "Who to contact",
    "setback.avoid": "Things to avoid",
    "star.start": "Start",
    "star.mid": "Mid-point",
    "star.end": "End",
    "star.review": "Review",
    "star.not_rated": "Not rated yet",
    "star.legend": "{label}, {date}: average {mean} of 10, area {percent}% of the full star",
    # The rating the coach and client are entering together on the star.
    "star.draft": (
        "New rating, not saved yet: average {mean} of 10, area {percent}% of the full star"
    ),
    "star.draft_incomplete": "New rating, not saved yet (give every arm a score)",
    "date": "{day}-{month}-{year}",
    **{f"month.{n}": name for n, name in enumerate(MONTHS, start=1)},
    "not_reviewed": "Translation not yet reviewed by a qualified translator",
    # Questions the coach reads with the client in the assessment (not a validated measure).
    "ask.what_matters": "What matters most to you in your life right now?",
    "ask.best_hopes": "What are your best hopes from working with us?",
    "ask.pain_how_long": "How long have you had this pain?",
    "ask.pain_where": "Where is the pain?",
    "ask.pain_tried": "What have you tried for it so far? What helped, and what did not?",
    "ask.pain_medicines_support": (
        "What medicines do you take for it now? Who supports you (family, friends, services)?"
    ),
    "ask.impact_daily_life": (
        "Daily life: washing, dressing, cooking, shopping, getting out and about"
    ),
    "ask.impact_work": "Work, volunteering or study",
    "ask.impact_sleep": "Sleep",
    "ask.impact_mood": "Mood: how you feel in yourself",
    "ask.impact_relationships": "Relationships: family, friends, social life",
}


def footstep_keys(step: Footstep) -> list[tuple[str, str]]:
    """(key, English) for a footstep's title, description, statements and the titles of the
    things that may help ("resources"), in that order."""
    n = step.number
    keys = [(f"footstep.{n}.title", step.title), (f"footstep.{n}.description", step.description)]
    keys += statement_keys(step)
    keys += resource_keys(step)
    return keys


def statement_keys(step: Footstep) -> list[tuple[str, str]]:
    n = step.number
    return [(f"footstep.{n}.statement.{i}", s) for i, s in enumerate(step.statements, start=1)]


def resource_keys(step: Footstep) -> list[tuple[str, str]]:
    n = step.number
    return [(f"footstep.{n}.resource.{i}", r.title) for i, r in enumerate(step.resources, start=1)]
