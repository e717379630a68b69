"""Shared state of one demo caseload run: the random source, ids, the clock and the word lists.

Everything is derived from one ``random.Random(seed)`` and the given ``today``, never from the
wall clock, so the same seed and day always give the same caseload, byte for byte.
Dates are handled as proleptic ordinals (ints) and turned into strings through caches, which
keeps a million contacts cheap to make.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import cache
from itertools import accumulate

from painclinic_desktop.core.demo.fitting import Phrases
from painclinic_desktop.resources_path import resource

# The caseload's history: referrals arrive over the last 18 months.
REFERRAL_WINDOW_DAYS = 548

# The collections in the order the bundle document lists them.
BUNDLE_COLLECTIONS = (
    "clients",
    "referrals",
    "tier_changes",
    "discharges",
    "flags",
    "contacts",
    "assessments",
    "plans",
    "goals",
    "igro_stars",
    "community_services",
    "signposting",
    "module_sessions",
    "mdt_meetings",
    "medication_items",
    "medication_plans",
    "gp_actions",
    "programmes",
    "programme_enrolments",
)

# Staff who deliver Tier 3 therapy.
THERAPIST_JOBS = ("CBT therapist", "Clinical psychologist")

_VERSION_NIBBLE = ~(0xF000 << 64)
_VARIANT_BITS = ~(0xC000 << 48)


@cache
def word_lists(name: str) -> dict:
    """One of the demo word lists shipped in ``resources/demo`` (read once per process)."""
    with resource("demo", f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def uuid4_text(bits: int) -> str:
    """The text of ``uuid.UUID(int=bits, version=4)``, built without the UUID object (faster)."""
    bits = (bits & _VERSION_NIBBLE) | (0x4000 << 64)
    bits = (bits & _VARIANT_BITS) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uk_offset_hours(day: dt.date) -> int:
    """+1 during British Summer Time (last Sunday of March to last Sunday of October), else 0.

    Clocks change at 01:00 UTC, so for working hours the change day itself already counts.
    """
    start = _last_sunday(day.year, 3)
    end = _last_sunday(day.year, 10)
    return 1 if start <= day < end else 0


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, 31)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


class Weighted:
    """Weighted choice with the cumulative weights worked out once."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def __call__(self, rng):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


class Demo:
    """The random source, clock, staff and output collections of one run."""

    def __init__(self, seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today.toordinal()
        self.first_day = self.today - REFERRAL_WINDOW_DAYS
        self.people = word_lists("people")
        self.places = word_lists("places")
        self.phrases = word_lists("phrases")
        # The phrases and community services, split by whom they fit.
        self.fitting = Phrases(self.phrases, self.places["services"])
        self.bundle: dict[str, list] = {name: [] for name in BUNDLE_COLLECTIONS}
        self.staff: dict[str, list[str]] = {}
        self.languages_of: dict[str, frozenset[str]] = {}
        for member in self.people["staff"]:
            self.staff.setdefault(member["role"], []).append(member["name"])
            self.languages_of[member["name"]] = frozenset(member["languages"])
        self.therapists = [m["name"] for m in self.people["staff"] if m["job"] in THERAPIST_JOBS]
        self._days: dict[int, str] = {}
        self._offsets: dict[int, int] = {}
        self._local: dict[int, str] = {}
        self._utc: dict[int, str] = {}

    def new_id(self) -> str:
        return uuid4_text(self.rng.getrandbits(128))

    def pick(self, role: str) -> str:
        """A staff member with this role."""
        return self.rng.choice(self.staff[role])

    def day(self, ordinal: int) -> str:
        """``YYYY-MM-DD`` for a day ordinal."""
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def offset(self, ordinal: int) -> int:
        hours = self._offsets.get(ordinal)
        if hours is None:
            hours = self._offsets[ordinal] = uk_offset_hours(dt.date.fromordinal(ordinal))
        return hours

    def at(self, ordinal: int, minutes: int) -> str:
        """A local (UK) wall-clock time on a day, with its UTC offset."""
        key = ordinal * 1440 + minutes
        text = self._local.get(key)
        if text is None:
            hours, mins = divmod(minutes, 60)
            zone = "+01:00" if self.offset(ordinal) else "+00:00"
            text = self._local[key] = f"{self.day(ordinal)}T{hours:02d}:{mins:02d}:00{zone}"
        return text

    def stamp(self, ordinal: int, minutes: int | None = None) -> str:
        """A record time in UTC; without minutes, some time in office hours."""
        if minutes is None:
            minutes = 480 + 5 * self.rng.randrange(104)
        key = ordinal * 1440 + minutes
        text = self._utc.get(key)
        if text is None:
            hours, mins = divmod(minutes, 60)
            text = self._utc[key] = f"{self.day(ordinal)}T{hours:02d}:{mins:02d}:00+00:00"
        return text

    def add(
        self, collection: str, record: dict, on: int, author: str, updated_on: int | None = None
    ):
        """Give a record its id first and its times and author last, then keep it."""
        created = self.stamp(on)
        updated = created if updated_on is None or updated_on <= on else self.stamp(updated_on)
        full = {"id": self.new_id(), **record}
        full["created_at"] = created
        full["updated_at"] = updated
        full["author"] = author
        self.bundle[collection].append(full)
        return full
