"""The iGro star: five arms in the client's own words, each scored 0-10, rated over time.

Area follows MEASURES.md: five arms 72 degrees apart, area = 1/2 * sin 72 * sum(r_i * r_(i+1))
taken round the star; the percentage is of the full star (every arm at 10).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from painclinic_desktop.core.codes import IGRO_LABELS
from painclinic_desktop.core.errors import InvalidInput

ARM_COUNT = 5
MAX_SCORE = 10
_HALF_SIN_72 = 0.5 * math.sin(math.radians(72))
FULL_STAR_AREA = _HALF_SIN_72 * ARM_COUNT * MAX_SCORE**2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RatingSummary:
    """What a report shows for one rating of a star."""

    rated_on: str
    label: str
    scores: tuple[int, ...]
    mean: float
    area: float
    percent: float
    # Change from the first rating (0 for the first itself).
    mean_change: float
    percent_change: float


def star_area(scores: list[int] | tuple[int, ...]) -> float:
    """Area of the polygon joining the five scores (in score units squared)."""
    _check_scores(scores, "scores")
    return _HALF_SIN_72 * sum(scores[i] * scores[(i + 1) % ARM_COUNT] for i in range(ARM_COUNT))


def area_percent(scores: list[int] | tuple[int, ...]) -> float:
    """The polygon's area as a percentage of the full star."""
    return star_area(scores) / FULL_STAR_AREA * 100


def mean_score(scores: list[int] | tuple[int, ...]) -> float:
    _check_scores(scores, "scores")
    return sum(scores) / ARM_COUNT


def ratings_in_order(star: dict) -> list[dict]:
    """The star's ratings by date; ratings on the same date keep the order they were entered."""
    return sorted(star.get("ratings") or [], key=lambda r: r["rated_on"])


def rating_summaries(star: dict) -> list[RatingSummary]:
    """Scores, mean, area and change from the first rating, for every rating in date order."""
    ratings = ratings_in_order(star)
    summaries: list[RatingSummary] = []
    for rating in ratings:
        scores = tuple(rating["scores"])
        mean, percent = mean_score(scores), area_percent(scores)
        first = summaries[0] if summaries else None
        summaries.append(
            RatingSummary(
                rated_on=rating["rated_on"],
                label=rating["label"],
                scores=scores,
                mean=mean,
                area=star_area(scores),
                percent=percent,
                mean_change=mean - first.mean if first else 0.0,
                percent_change=percent - first.percent if first else 0.0,
            )
        )
    return summaries


def latest_rated_star(stars: list[dict]) -> dict | None:
    """The star rated most recently; a star with no rating yet has no scores to show."""
    rated = [s for s in stars if s.get("ratings")]
    return max(rated, key=lambda s: max(r["rated_on"] for r in s["ratings"])) if rated else None


# --- the arm-lock rule --------------------------------------------------------------------


def arms_locked(star: dict) -> bool:
    """Arms can be reworded only until the second rating: then scores compare like with like."""
    return len(star.get("ratings") or []) >= 2


def reword_arms(star: dict, arms: list[str]) -> dict:
    """A copy of the star with new arm wording; refused once the star has two ratings."""
    new_arms = _clean_arms(arms)
    if new_arms == list(star.get("arms") or []):
        return dict(star)
    if arms_locked(star):
        raise InvalidInput(
            "this star has been rated more than once, so its arms can no longer be reworded: "
            "start a new star with the new words (the old star is kept)",
            "arms",
        )
    return {**star, "arms": new_arms}


def new_star(star_id: str, client_id: str, arms: list[str]) -> dict:
    """A fresh star with no ratings yet (an earlier star is kept as it is)."""
    return {"id": star_id, "client_id": client_id, "arms": _clean_arms(arms), "ratings": []}


def add_rating(star: dict, rated_on: str | date, label: str, scores: list[int]) -> dict:
    """A copy of the star with one more rating appended; earlier ratings are never changed."""
    rating = {"rated_on": _iso(rated_on), "label": label, "scores": list(scores)}
    _check_rating(rating, f"ratings[{len(star.get('ratings') or [])}]")
    return {**star, "ratings": [*(star.get("ratings") or []), rating]}


# --- validation ---------------------------------------------------------------------------


def star_problems(star: dict) -> list[tuple[str, str]]:
    """Every problem with a star record as (field, reason); empty when it is valid."""
    problems: list[tuple[str, str]] = []
    try:
        _clean_arms(star.get("arms"))
    except InvalidInput as exc:
        problems.append(("arms", str(exc)))
    ratings = star.get("ratings")
    if ratings is not None and not isinstance(ratings, list):
        return [*problems, ("ratings", "ratings must be a list")]
    for index, rating in enumerate(ratings or []):
        try:
            _check_rating(rating, f"ratings[{index}]")
        except InvalidInput as exc:
            problems.append((exc.field or f"ratings[{index}]", str(exc)))
    return problems


def validate_star(star: dict) -> None:
    """Raise InvalidInput listing every problem with the star, or return quietly."""
    problems = star_problems(star)
    if problems:
        raise InvalidInput("; ".join(reason for _, reason in problems), problems[0][0])


def _clean_arms(arms: object) -> list[str]:
    if not isinstance(arms, list | tuple) or len(arms) != ARM_COUNT:
        raise InvalidInput(f"a star has exactly {ARM_COUNT} arms", "arms")
    for number, arm in enumerate(arms, start=1):
        if not isinstance(arm, str) or not arm.strip():
            raise InvalidInput(f"arm {number} needs words to describe it", "arms")
    return [arm.strip() for arm in arms]


def _check_rating(rating: object, where: str) -> None:
    if not isinstance(rating, dict):
        raise InvalidInput(f"{where} must be a rating record", where)
    if not _is_iso_date(rating.get("rated_on")):
        raise InvalidInput(f"{where}: the date rated must be YYYY-MM-DD", f"{where}.rated_on")
    if rating.get("label") not in IGRO_LABELS:
        raise InvalidInput(f"{where}: label must be one of {', '.join(IGRO_LABELS)}", where)
    _check_scores(rating.get("scores"), f"{where}.scores")


def _check_scores(scores: object, where: str) -> None:
    if not isinstance(scores, list | tuple) or len(scores) != ARM_COUNT:
        raise InvalidInput(f"{where}: a rating has exactly {ARM_COUNT} scores", where)
    for number, value in enumerate(scores, start=1):
        # bool is an int in Python; True is not a score.
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            raise InvalidInput(f"{where}: arm {number} score must be a whole number 0 to 10", where)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _iso(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
