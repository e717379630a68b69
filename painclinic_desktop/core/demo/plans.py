"""Demo 10-Footsteps plans, goals with their review history, and iGro stars.

Goals are set and reviewed at attended contacts, so every review date is a day the client
was seen; a goal's history is kept, never overwritten, and a replaced goal links to the new one.
"""

from __future__ import annotations

from painclinic_desktop.core.demo.base import Demo, Weighted
from painclinic_desktop.core.demo.contacts import Episode

_SETBACK_PARTS = ("warning_signs", "what_helps", "who_to_contact", "avoid")
_GOAL_ENDINGS = Weighted(
    [("achieved", 50), ("partly_achieved", 22), ("not_achieved", 12), ("replaced", 16)]
)


def write_plan(demo: Demo, person, episode: Episode) -> None:
    """The client's current plan, in their own words, made at the second meeting."""
    rng, words, seen = demo.rng, person.words, episode.attended
    made_on = seen[1] if len(seen) > 1 else seen[0]
    given = [("The Pain Management Book", seen[0])]  # always handed over at the first meeting
    given += [
        (r, rng.choice(seen)) for r in rng.sample(words("resources_given")[1:], rng.randint(0, 3))
    ]
    given.sort(key=lambda item: item[1])
    record = {
        "client_id": person.id,
        "what_matters": rng.choice(words("what_matters")),
        "best_hopes": rng.choice(words("best_hopes")),
        "focus_footsteps": list(episode.focus),
        "setback_plan": {part: rng.choice(words("setback", part)) for part in _SETBACK_PARTS},
        "resources_given": [{"resource": r, "given_on": demo.day(day)} for r, day in given],
    }
    updated_on = max(seen[min(len(seen) - 1, 4)], given[-1][1])
    demo.add("plans", record, made_on, person.coach, updated_on)


def set_goals(demo: Demo, person, episode: Episode) -> None:
    """One to three goals, set at early meetings and reviewed at later ones."""
    rng, seen = demo.rng, episode.attended
    if len(seen) < 3:
        return
    for _ in range(rng.randint(1, 3)):
        start = rng.randint(1, min(len(seen) - 2, 5))
        footstep = rng.choice(episode.focus) if rng.random() < 0.85 else rng.randint(1, 10)
        _goal(demo, person, episode, start, footstep, None)


def _goal(demo: Demo, person, episode: Episode, start: int, footstep: int, replaces) -> None:
    rng, seen = demo.rng, episode.attended
    set_on = seen[start]
    target_on = set_on + rng.randint(28, 84)
    reviews = _reviews(demo, episode, start, target_on)
    texts = person.words("goals", str(footstep))
    record = {
        "client_id": person.id,
        "footstep": footstep,
        "text": rng.choice(texts),
        "set_on": demo.day(set_on),
        "target_on": demo.day(target_on),
        "confidence": rng.randint(3, 9),
    }
    if replaces is not None:
        record["replaces"] = replaces
    notes = demo.phrases["review_notes"]  # said of the goal, not of the client
    record["reviews"] = [
        {
            "reviewed_on": demo.day(day),
            "status": status,
            "note": rng.choice(notes[status]),
            "by": person.coach,
        }
        for day, status in reviews
    ]
    goal = demo.add("goals", record, set_on, person.coach, reviews[-1][0])
    last_day, last_status = reviews[-1]
    if last_status == "replaced" and replaces is None:
        _goal(demo, person, episode, seen.index(last_day), footstep, goal["id"])


def _reviews(demo: Demo, episode: Episode, start: int, target_on: int) -> list[tuple[int, str]]:
    """Reviews at every one to three meetings until the target date, then an outcome."""
    rng, seen = demo.rng, episode.attended
    reviews = [(seen[start], "in_progress" if rng.random() < 0.3 else "not_started")]
    index = start
    while True:
        index += rng.randint(1, 3)
        if index >= len(seen):
            break
        if seen[index] >= target_on:
            reviews.append((seen[index], _GOAL_ENDINGS(rng)))
            return reviews
        reviews.append((seen[index], "in_progress"))
    if episode.discharged_on is not None and seen[-1] > reviews[-1][0]:
        reviews.append((seen[-1], _GOAL_ENDINGS(rng)))
    return reviews


def rate_star(demo: Demo, person, episode: Episode) -> None:
    """An iGro star for most clients: five arms in their words, rated one to three times."""
    rng, seen = demo.rng, episode.attended
    if len(seen) < 2 or rng.random() >= 0.7:
        return
    days = [("start", seen[1])]
    if len(seen) >= 6:
        days.append(("review" if rng.random() < 0.15 else "mid", seen[len(seen) // 2]))
    if episode.discharged_on is not None and len(seen) >= 4 and rng.random() < 0.8:
        days.append(("end", seen[-1]))
    first = [rng.randint(1, 5) for _ in range(5)]
    ratings = []
    for step, (label, day) in enumerate(days):
        growth = step * rng.uniform(0.5, 2.0)
        scores = [min(10, max(0, round(score + growth + rng.uniform(-1, 1)))) for score in first]
        ratings.append({"rated_on": demo.day(day), "label": label, "scores": scores})
    record = {
        "client_id": person.id,
        "arms": rng.sample(person.words("arms"), 5),
        "ratings": ratings,
    }
    demo.add("igro_stars", record, seen[1], person.coach, days[-1][1])
