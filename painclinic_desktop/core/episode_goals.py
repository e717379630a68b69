"""Goals achieved or partly achieved per completed episode, and the service's percentage over
a period (the figure a health-trainer pilot reports as "75 % of goals achieved or partly").

A completed episode ends with a discharge in the period; it began with the client's latest
accepted referral received on or before the discharge. Its goals are those set from that
referral's date to the discharge; each counts under its status at the discharge (the latest
review on or before it; no review = not started). Replaced goals are left out: the goal that
replaced one counts instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .goals import status_on
from .monthly_return.common import Caseload, Period, iso_day, records

MET = ("achieved", "partly_achieved")
NOTE = (
    "Goals at the end of episodes: goals set during each episode discharged in the range, "
    "counted at their status on the discharge date (no review: not started); replaced goals "
    "are left out. Percent = achieved or partly achieved / goals."
)


@dataclass(frozen=True)
class EpisodeGoals:
    client_id: Any
    started_on: str
    ended_on: str
    goals: int
    met: int  # achieved or partly achieved

    @property
    def percent(self) -> float | None:
        return 100 * self.met / self.goals if self.goals else None


def episode_goals(caseload: Caseload, period: Period) -> list[EpisodeGoals]:
    accepted: dict[Any, list[str]] = {}
    for r in records(caseload, "referrals"):
        day = iso_day(r.get("received_on"))
        if r.get("outcome") == "accepted" and day:
            accepted.setdefault(r.get("client_id"), []).append(day)
    goals: dict[Any, list[dict[str, Any]]] = {}
    for g in records(caseload, "goals"):
        goals.setdefault(g.get("client_id"), []).append(g)
    found = []
    for d in records(caseload, "discharges"):
        ended = iso_day(d.get("discharged_on"))
        if ended is None or not period.holds(ended):
            continue
        client = d.get("client_id")
        starts = [day for day in accepted.get(client, []) if day <= ended]
        if not starts:
            continue  # no accepted referral before it: not an episode this report can date
        started = max(starts)
        counted = met = 0
        for g in goals.get(client, []):
            if not started <= (iso_day(g.get("set_on")) or "") <= ended:
                continue
            status = status_on(g, ended) or "not_started"
            if status == "replaced":
                continue
            counted += 1
            met += status in MET
        found.append(EpisodeGoals(client, started, ended, counted, met))
    return sorted(found, key=lambda e: (e.ended_on, str(e.client_id)))


def service_percent(episodes: list[EpisodeGoals]) -> tuple[int, int, float | None]:
    """(goals met, goals, percent) over all the episodes."""
    met = sum(e.met for e in episodes)
    total = sum(e.goals for e in episodes)
    return met, total, (100 * met / total if total else None)
