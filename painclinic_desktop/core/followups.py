"""Follow-ups due: the questionnaires services post 10 weeks, 6 months and 12 months after an
episode ends (SPEC §5), listed for a window of due dates.

An episode ends on its discharge date. A follow-up counts as returned when the client has an
assessment at that time point given on or after the discharge (a questionnaire that came back
early still counts). A client discharged twice has the follow-ups of each episode.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .errors import InvalidInput
from .monthly_return.common import iso_day, parse_day

FOLLOW_UPS = ("fu_10w", "fu_6m", "fu_12m")
STRATEGY_ANSWERS = ("yes", "partly", "no")  # "still using self-management strategies?"


def due_date(ended: date, time_point: str) -> date:
    """10 weeks, 6 months or 12 months after the end (a month end is kept: 31 Aug + 6 months
    is 28 or 29 Feb)."""
    if time_point == "fu_10w":
        return ended + timedelta(weeks=10)
    months = {"fu_6m": 6, "fu_12m": 12}[time_point]
    month_index = ended.month - 1 + months
    year, month = ended.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(ended.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class FollowUpDue:
    client_id: Any
    time_point: str
    due_on: str
    episode_ended_on: str
    returned_on: str | None  # the day the questionnaire was given, once it is back
    discharge_id: Any = None
    strategies: str | None = None  # still using self-management strategies: yes/partly/no


def follow_ups_due(
    discharges: list[dict[str, Any]],
    assessments: list[dict[str, Any]],
    date_from: Any,
    date_to: Any,
) -> list[FollowUpDue]:
    """Every follow-up falling due from ``date_from`` to ``date_to``, by due date then client."""
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start > end:
        raise InvalidInput("the window ends before it starts", "to")
    given: dict[tuple[Any, str], list[str]] = {}
    for a in assessments:
        day = iso_day(a.get("administered_on"))
        if a.get("time_point") in FOLLOW_UPS and day:
            given.setdefault((a.get("client_id"), a["time_point"]), []).append(day)
    found = []
    for d in discharges:
        ended_text = iso_day(d.get("discharged_on"))
        if not ended_text:
            continue
        ended = date.fromisoformat(ended_text)
        for point in FOLLOW_UPS:
            due = due_date(ended, point)
            if not start <= due <= end:
                continue
            back = sorted(
                day for day in given.get((d.get("client_id"), point), []) if day >= ended_text
            )
            answers = d.get("follow_up_strategies") or {}
            found.append(
                FollowUpDue(
                    d.get("client_id"),
                    point,
                    due.isoformat(),
                    ended_text,
                    back[0] if back else None,
                    d.get("id"),
                    answers.get(point),
                )
            )
    return sorted(found, key=lambda f: (f.due_on, str(f.client_id), f.time_point))


def strategies_at_follow_up(
    discharges: list[dict[str, Any]], date_from: Any, date_to: Any
) -> dict[str, dict[str, int]]:
    """{time point: {answer: clients}} for follow-ups due from ``date_from`` to ``date_to``
    whose answer is recorded (the pilot's "% still using self-management strategies")."""
    found = {point: dict.fromkeys(STRATEGY_ANSWERS, 0) for point in FOLLOW_UPS}
    for f in follow_ups_due(discharges, [], date_from, date_to):
        if f.strategies in STRATEGY_ANSWERS:
            found[f.time_point][f.strategies] += 1
    return found


def check_answer(time_point: str, answer: str | None) -> None:
    if time_point not in FOLLOW_UPS:
        raise InvalidInput(f"{time_point!r} is not a follow-up", "time_point")
    if answer is not None and answer not in STRATEGY_ANSWERS:
        raise InvalidInput("the answer is yes, partly or no", "strategies")
