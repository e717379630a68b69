"""Demo outcome measures, risk flags, plans, goals and iGro stars.

Item responses follow one hidden "how hard things are" level per client that mostly eases
over the episode, so scores improve for most clients and not for some, as in real services.
Counts and ranges are those of MEASURES.md; a few items are left unanswered.
"""

from __future__ import annotations

from painclinic_desktop.core.demo.base import Demo
from painclinic_desktop.core.demo.community import Mdt, raise_flag
from painclinic_desktop.core.demo.contacts import Episode

# instrument: (item count, lowest answer, highest answer, higher answers are better)
SCALES = {
    "pseq": (10, 0, 6, True),
    "wemwbs": (14, 1, 5, True),
    "swemwbs": (7, 1, 5, True),
    "bpi": (11, 0, 10, False),
    "ons4": (4, 0, 10, True),
    "phq9": (9, 0, 3, False),
    "gad7": (7, 0, 3, False),
    "peg": (3, 0, 10, False),
    "sts": (1, 0, 100, True),
}
# BPI "worst pain" sits above the average and "least pain" below it.
_BPI_SHIFT = (1.5, -2.0)
_ONS4_ANXIOUS = 3  # the one ONS4 item where a higher answer is worse
_PHQ9_ITEM_9 = 8
# Who gets which measure besides PSEQ, PHQ-9 and GAD-7: (instrument, chance).
_OPTIONAL_MEASURES = (("bpi", 0.4), ("ons4", 0.5), ("peg", 0.35), ("sts", 0.35))
# Chance of an end-of-episode assessment, by discharge reason.
_END_CHANCE = {"goals_met": 0.9, "declined_further_support": 0.5, "other": 0.5, "transferred": 0.4}
# (time point, days after discharge, chance, how far along the improvement)
_FOLLOW_UPS = (("fu_10w", 70, 0.6, 1.0), ("fu_6m", 182, 0.45, 0.95), ("fu_12m", 365, 0.35, 0.9))


def measures_for(demo: Demo) -> tuple[str, ...]:
    rng = demo.rng
    wellbeing = "swemwbs" if rng.random() < 0.7 else "wemwbs"
    chosen = ["pseq", wellbeing, "phq9", "gad7"]
    chosen += [name for name, chance in _OPTIONAL_MEASURES if rng.random() < chance]
    return tuple(chosen)


def assess(demo: Demo, mdt: Mdt, person, episode: Episode, measures: tuple[str, ...]) -> None:
    """Outcome measures at each time point of the episode; a risk flag when PHQ-9 item 9 > 0."""
    rng = demo.rng
    start = min(0.9, max(0.15, rng.gauss(0.55, 0.13)))
    change = rng.gauss(0.17, 0.12)
    at_risk = rng.random() < 0.05
    item_9_answers: list[tuple[int, int]] = []
    for point, day, progress in _time_points(demo, episode):
        level = min(0.98, max(0.02, start - change * progress + 0.04 * _wobble(rng)))
        for instrument in measures:
            if point != "baseline" and rng.random() < 0.05:
                continue  # not every measure is repeated every time
            items = _answers(rng, instrument, level)
            if instrument == "phq9":
                item_9 = _item_9(rng, point) if at_risk else 0
                items[_PHQ9_ITEM_9] = item_9
                item_9_answers.append((day, item_9))
            _leave_some_unanswered(rng, instrument, items)
            _record(demo, person, instrument, point, day, items)
    _risk_flags(demo, mdt, person, item_9_answers)


def _wobble(rng) -> float:
    """Cheap noise between -1 and 1, most often near 0."""
    return rng.random() - rng.random()


def _time_points(demo: Demo, episode: Episode) -> list[tuple[str, int, float]]:
    rng, seen, ended = demo.rng, episode.attended, episode.discharged_on
    if not seen:
        return []
    points = [("baseline", seen[0], 0.0)]
    if len(seen) >= 6 and rng.random() < 0.75:
        points.append(("mid", seen[len(seen) // 2], 0.55))
    if len(seen) >= 8 and rng.random() < 0.05:
        points.append(("review", seen[len(seen) * 3 // 4], 0.75))
    if ended and len(seen) >= 4 and rng.random() < _END_CHANCE.get(episode.reason or "", 0.0):
        points.append(("end", seen[-1], 1.0))
        for point, days, chance, progress in _FOLLOW_UPS:
            day = ended + days + rng.randint(-7, 14)
            if day <= demo.today and rng.random() < chance:
                points.append((point, day, progress))
    return sorted(points, key=lambda point: point[1])


def _answers(rng, instrument: str, level: float) -> list[int | None]:
    count, low, high, higher_better = SCALES[instrument]
    if instrument == "sts":  # stands in 30 seconds: about 4 when struggling, 16 when well
        return [max(0, round(4 + 12 * (1 - level) + 3 * _wobble(rng)))]
    span = high - low
    random = rng.random
    middle = low + span * (1 - level if higher_better else level)
    spread = 0.3 * span
    answers: list[int | None] = [
        min(high, max(low, round(middle + spread * (random() - random())))) for _ in range(count)
    ]
    if instrument == "ons4":  # the anxious item runs the other way
        middle = low + span * level
        answers[_ONS4_ANXIOUS] = min(high, max(low, round(middle + spread * _wobble(rng))))
    elif instrument == "bpi":  # worst pain above the average, least pain below it
        for index, shift in enumerate(_BPI_SHIFT):
            answers[index] = min(high, max(low, round(middle + shift + spread * _wobble(rng))))
    return answers


def _item_9(rng, point: str) -> int:
    if point == "baseline":
        return rng.choice((1, 1, 1, 2, 2, 3))
    if point in ("mid", "review"):
        return 1 if rng.random() < 0.4 else 0
    return 0


def _leave_some_unanswered(rng, instrument: str, items: list) -> None:
    """About 3 in 100 forms miss one answer and 1 in 200 miss two or three."""
    chance = rng.random()
    if instrument == "sts" or chance >= 0.035:
        return
    missing = 1 if chance < 0.03 else rng.randint(2, 3)
    # PHQ-9 item 9 is always asked: it is the safety question.
    answerable = len(items) - 1 if instrument == "phq9" else len(items)
    for index in rng.sample(range(answerable), min(missing, answerable)):
        items[index] = None


def _record(demo: Demo, person, instrument: str, point: str, day: int, items: list) -> None:
    record = {
        "client_id": person.id,
        "instrument": instrument,
        "time_point": point,
        "administered_on": demo.day(day),
        "items": items,
        "recorded_by": person.coach,
    }
    if instrument == "sts":
        record["protocol"] = "30s"
    demo.add("assessments", record, day, person.coach)


def _risk_flags(demo: Demo, mdt: Mdt, person, item_9_answers: list[tuple[int, int]]) -> None:
    """A risk flag from the first PHQ-9 with item 9 above 0 until a later one answers 0."""
    rng = demo.rng
    raised_on = None
    for day, answer in item_9_answers:
        if answer and raised_on is None:
            raised_on = day
        elif not answer and raised_on is not None and rng.random() < 0.7:
            _risk_flag(demo, mdt, person, raised_on, day)
            raised_on = None
    if raised_on is not None:
        _risk_flag(demo, mdt, person, raised_on, None)


def _risk_flag(demo: Demo, mdt: Mdt, person, raised_on: int, cleared_on: int | None) -> None:
    rng = demo.rng
    note = rng.choice(demo.phrases["flag_notes"]["risk"])
    cleared_by = demo.pick("clinician") if cleared_on is not None else None
    raise_flag(demo, person, "risk", raised_on, person.coach, note, cleared_on, cleared_by)
    if mdt.next_meeting(raised_on) is not None:
        mdt.discuss(person, raised_on, "continue", person.coach)
