"""What the iGro star shows and what is being entered, without Qt.

Holds one star (arms and saved ratings) and the rating being entered (a score per arm, None
until that arm is rated, so nothing is saved as 0 by accident). The per-rating summary
(scores, mean, area as a percent of the full star, change from the first rating) comes from
``core.igro``: the screen, the reports and the command line compute it one way.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core import igro
from ...core.igro import ARM_COUNT, MAX_SCORE, RatingSummary
from ...reports.star_drawing import drawn_positions


class StarState:
    def __init__(self) -> None:
        self.star: dict | None = None
        self.read_only = False
        self.draft: list[int | None] = [None] * ARM_COUNT
        self._listeners: list[Callable[[], None]] = []

    # --- change notification (the widget and the spin boxes listen) ---

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    # --- the star ---

    def set_star(self, star: dict | None, read_only: bool = False) -> None:
        """Show a star (None: no star yet). The rating being entered starts empty, unless the
        same star is shown again unchanged (a reload after a save elsewhere on the record)."""
        same = (
            star is not None
            and self.star is not None
            and star["id"] == self.star["id"]
            and star.get("ratings") == self.star.get("ratings")
        )
        self.star = star
        self.read_only = read_only
        if not same or read_only:
            self.draft = [None] * ARM_COUNT
        self._changed()

    @property
    def arms(self) -> list[str]:
        return list(self.star["arms"]) if self.star else [""] * ARM_COUNT

    @property
    def arms_locked(self) -> bool:
        return self.star is not None and igro.arms_locked(self.star)

    def summaries(self) -> list[RatingSummary]:
        """Every saved rating in date order, with mean, area % and change from the first."""
        return igro.rating_summaries(self.star) if self.star else []

    def percentages(self) -> list[float]:
        return [s.percent for s in self.summaries()]

    def drawn(self) -> list[tuple[int, RatingSummary]]:
        """(position in date order, summary) of the ratings drawn: as on the printed star,
        all of them up to five, else the first and the most recent."""
        summaries = self.summaries()
        return [(i, summaries[i]) for i in drawn_positions(len(summaries))]

    def next_label(self) -> str:
        """start, then mid, then end; any rating after that is a review."""
        return ("start", "mid", "end", "review")[min(len(self.summaries()), 3)]

    # --- the rating being entered ---

    @property
    def can_rate(self) -> bool:
        return self.star is not None and not self.read_only

    def set_score(self, arm: int, value: int | None) -> None:
        if not self.can_rate or not 0 <= arm < ARM_COUNT:
            return
        value = None if value is None else max(0, min(MAX_SCORE, int(value)))
        if self.draft[arm] != value:
            self.draft[arm] = value
            self._changed()

    def step_score(self, arm: int, step: int) -> None:
        current = self.draft[arm]
        self.set_score(arm, (0 if step > 0 else MAX_SCORE) if current is None else current + step)

    @property
    def draft_complete(self) -> bool:
        return all(v is not None for v in self.draft)

    def draft_summary(self) -> tuple[float, float] | None:
        """(mean, area %) of the rating being entered, once every arm has a score."""
        if not self.draft_complete:
            return None
        scores = [int(v) for v in self.draft if v is not None]
        return igro.mean_score(scores), igro.area_percent(scores)
