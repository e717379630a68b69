"""The structured assessment as a step-by-step guide, without Qt.

Steps: the time point and questionnaires; what matters; the pain story; its impact; one step
per chosen questionnaire, item by item; a summary. The state holds every answer, scores them
as they come (the running score), says what still stops finishing, and turns itself into a
draft payload and back, so an unfinished assessment survives closing the window or a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from ....core.codes import INSTRUMENTS, TIME_POINTS
from ....core.measures import DEFAULT_STS_PROTOCOL, STS_PROTOCOLS, ScoreResult, instrument, score
from ....core.measures.content_pack import ContentPack
from ....core.measures.safety import flags_in, watched_items
from ....services.assessments import NARRATIVE_FIELDS, InstrumentAnswers

INTRO_STEPS = ("start", "what_matters", "pain_story", "impact")
SUMMARY = "summary"
NARRATIVE_STEPS = {
    "what_matters": ("what_matters", "best_hopes"),
    "pain_story": ("pain_how_long", "pain_where", "pain_tried", "pain_medicines_support"),
    "impact": (
        "impact_daily_life",
        "impact_work",
        "impact_sleep",
        "impact_mood",
        "impact_relationships",
    ),
}
DEFAULT_INSTRUMENTS = ("bpi", "pseq", "phq9", "gad7")
PAYLOAD_VERSION = 1
# After a digit that could start a longer answer ("1" on a 0-10 scale), wait this long for
# the next digit before taking it as the answer.
SECOND_DIGIT_WAIT_MS = 900


class Typed(Enum):
    ANSWERED = "answered"  # the answer was recorded (the guide moved on)
    WAITING = "waiting"  # a second digit may follow
    IGNORED = "ignored"  # not an answer on this scale


@dataclass(frozen=True)
class ItemWording:
    number: int
    text: str | None  # None: licensed wording not loaded, show "Item N"
    stem: str | None
    labels: dict[int, str]  # response labels (may be only the two ends, or none)
    attribution: str | None


def item_wording(name: str, number: int, pack: ContentPack | None = None) -> ItemWording:
    """The pack's wording first, else what may be shipped (PHQ-9, GAD-7, ONS4), else none."""
    inst = instrument(name)
    wording = pack.wording(name) if pack is not None else None
    if wording is not None:
        return ItemWording(
            number,
            wording.items[number - 1],
            wording.stem,
            dict(wording.responses_for(number)),
            wording.attribution,
        )
    return ItemWording(
        number, inst.texts[number - 1], inst.stem, dict(inst.responses), inst.attribution
    )


@dataclass
class AssessmentState:
    client_id: str
    today: date = field(default_factory=date.today)
    time_point: str | None = None
    administered_on: str = ""
    chosen: list[str] = field(default_factory=lambda: list(DEFAULT_INSTRUMENTS))
    answers: dict[str, list[int | None]] = field(default_factory=dict)
    protocol: str = DEFAULT_STS_PROTOCOL
    narrative: dict[str, str] = field(default_factory=dict)
    step: int = 0
    item: dict[str, int] = field(default_factory=dict)
    pending: str = ""
    risk_acknowledged: bool = False
    dirty: bool = False  # something was entered: worth keeping as a draft

    def __post_init__(self) -> None:
        self.administered_on = self.administered_on or self.today.isoformat()
        self.chosen = [name for name in INSTRUMENTS if name in self.chosen]

    # --- steps --------------------------------------------------------------------------

    def steps(self) -> list[str]:
        return [*INTRO_STEPS, *self.chosen, SUMMARY]

    @property
    def current_step(self) -> str:
        return self.steps()[self.step]

    def go(self, index: int) -> None:
        if self.pending:
            self.flush_pending()  # a digit typed just before moving on still counts
        self.step = max(0, min(index, len(self.steps()) - 1))

    def next_step(self) -> None:
        self.go(self.step + 1)

    # --- the heading ---------------------------------------------------------------------

    def set_time_point(self, code: str) -> None:
        if code not in TIME_POINTS:
            raise ValueError(code)
        self.time_point = code
        self.dirty = True

    def set_date(self, iso_day: str) -> None:
        self.administered_on = iso_day
        self.dirty = True

    def choose(self, name: str, chosen: bool) -> bool:
        """Tick or untick a questionnaire; answers of an unticked one are kept, not saved.

        A PHQ-9 with question 9 answered above 0 cannot be unticked (False is returned):
        the answer, and the risk flag it raises, must not be dropped by a stray click.
        """
        instrument(name)
        if not chosen and self._raises_risk(name):
            return False
        wanted = (set(self.chosen) | {name}) if chosen else (set(self.chosen) - {name})
        self.chosen = [n for n in INSTRUMENTS if n in wanted]  # always in the service order
        self.dirty = True
        return True

    def set_protocol(self, code: str) -> None:
        if code not in STS_PROTOCOLS:
            raise ValueError(code)
        self.protocol = code
        self.dirty = True

    def set_narrative(self, key: str, text: str) -> None:
        if key not in NARRATIVE_FIELDS:
            raise ValueError(key)
        self.narrative[key] = text
        self.dirty = True

    # --- answers -------------------------------------------------------------------------

    def answers_for(self, name: str) -> list[int | None]:
        if name not in self.answers:
            self.answers[name] = [None] * instrument(name).item_count
        return self.answers[name]

    def answer(self, name: str, index: int, value: int | None) -> None:
        inst = instrument(name)
        if value is not None and not inst.item_min <= value <= inst.item_max:
            raise ValueError(f"{value} is outside {inst.item_min}-{inst.item_max}")
        answers = self.answers_for(name)
        if index in watched_items(name) and answers[index] != value:
            self.risk_acknowledged = False  # a changed answer needs acknowledging afresh
        answers[index] = value
        self.pending = ""
        self.dirty = True

    def current_item(self, name: str) -> int:
        return self.item.get(name, 0)

    def go_item(self, name: str, index: int) -> None:
        if self.pending:
            self.flush_pending()
        self.item[name] = max(0, min(index, instrument(name).item_count - 1))

    def _answer_and_move_on(self, name: str, value: int) -> Typed:
        index = self.current_item(name)
        self.answer(name, index, value)
        answers = self.answers_for(name)
        later = [i for i in range(index + 1, len(answers)) if answers[i] is None]
        self.go_item(name, later[0] if later else min(index + 1, len(answers) - 1))
        return Typed.ANSWERED

    def type_digit(self, digit: int) -> Typed:
        """A digit key on a questionnaire step: answer now, or wait for a second digit."""
        name = self.current_step
        if name not in INSTRUMENTS:
            return Typed.IGNORED
        inst = instrument(name)
        text = self.pending + str(digit)
        if int(text) > inst.item_max:
            if not self.pending:
                return Typed.IGNORED
            self.flush_pending()  # "1" then "3" on 0-10: answer 1, then 3 for the next item
            return self.type_digit(digit)
        if text != "0" and int(text) * 10 <= inst.item_max:
            self.pending = text
            return Typed.WAITING
        if int(text) < inst.item_min:
            self.pending = ""
            return Typed.IGNORED
        return self._answer_and_move_on(name, int(text))

    def flush_pending(self) -> Typed:
        """The wait for a second digit ended (timer or Enter): take what was typed."""
        name, text = self.current_step, self.pending
        self.pending = ""
        if not text or name not in INSTRUMENTS or int(text) < instrument(name).item_min:
            return Typed.IGNORED
        return self._answer_and_move_on(name, int(text))

    def result(self, name: str) -> ScoreResult:
        return score(name, self.answers_for(name))

    def unanswered(self, name: str) -> list[int]:
        return [n for n, a in enumerate(self.answers_for(name), start=1) if a is None]

    def risk_found(self) -> bool:
        """A chosen questionnaire's answers raise a safety flag (PHQ-9 question 9 above 0)."""
        return any(self._raises_risk(name) for name in self.chosen)

    def _raises_risk(self, name: str) -> bool:
        return (
            name in self.chosen
            and bool(watched_items(name))
            and bool(flags_in(self.result(name).flags))
        )

    def acknowledge_risk(self, done: bool) -> None:
        self.risk_acknowledged = done
        self.dirty = True

    # --- finishing -----------------------------------------------------------------------

    def problems(self) -> list[tuple[str, str | None]]:
        """What stops finishing, as (code, instrument or None); empty when it can be saved."""
        found: list[tuple[str, str | None]] = []
        if self.time_point is None:
            found.append(("no_time_point", None))
        if self.administered_on > self.today.isoformat():
            found.append(("date_in_future", None))
        if not self.chosen:
            found.append(("no_questionnaire", None))
        for name in self.steps():
            if name in INSTRUMENTS and len(self.unanswered(name)) == instrument(name).item_count:
                found.append(("no_answers", name))
        raising = [name for name in self.chosen if self._raises_risk(name)]
        if raising and not self.risk_acknowledged:
            found.append(("risk_not_acknowledged", raising[0]))
        return found

    @property
    def can_finish(self) -> bool:
        return not self.problems()

    def entries(self) -> list[InstrumentAnswers]:
        return [
            InstrumentAnswers(
                name, list(self.answers_for(name)), self.protocol if name == "sts" else None
            )
            for name in self.steps()
            if name in INSTRUMENTS
        ]

    def words(self) -> dict[str, str]:
        return {k: v for k, v in self.narrative.items() if v.strip()}

    # --- drafts --------------------------------------------------------------------------

    def to_payload(self) -> dict[str, Any]:
        # The safety acknowledgement is deliberately not kept: after a break it is given again.
        return {
            "version": PAYLOAD_VERSION,
            "time_point": self.time_point,
            "administered_on": self.administered_on,
            "chosen": list(self.chosen),
            "answers": {k: list(v) for k, v in self.answers.items()},
            "protocol": self.protocol,
            "narrative": dict(self.narrative),
            "step": self.step,
            "item": dict(self.item),
        }

    @classmethod
    def from_payload(
        cls, client_id: str, payload: dict[str, Any], today: date | None = None
    ) -> AssessmentState:
        """Rebuild from a draft; anything that no longer makes sense is dropped, not guessed."""
        state = cls(client_id, today or date.today(), chosen=[])
        payload = payload if isinstance(payload, dict) else {}
        point = payload.get("time_point")
        state.time_point = point if point in TIME_POINTS else None
        day = payload.get("administered_on")
        if _is_iso_day(day) and day <= state.today.isoformat():
            state.administered_on = day
        state.chosen = [n for n in INSTRUMENTS if n in (payload.get("chosen") or ())]
        for name, given in (payload.get("answers") or {}).items():
            if name in INSTRUMENTS:
                state.answers[name] = _checked_answers(name, given)
        if payload.get("protocol") in STS_PROTOCOLS:
            state.protocol = payload["protocol"]
        state.narrative = {
            k: v
            for k, v in (payload.get("narrative") or {}).items()
            if k in NARRATIVE_FIELDS and isinstance(v, str)
        }
        for name, index in (payload.get("item") or {}).items():
            if name in INSTRUMENTS and isinstance(index, int):
                state.go_item(name, index)
        step = payload.get("step")
        state.go(step if isinstance(step, int) else 0)
        state.dirty = True
        return state


def _is_iso_day(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def _checked_answers(name: str, given: Any) -> list[int | None]:
    inst = instrument(name)
    answers: list[int | None] = [None] * inst.item_count
    if isinstance(given, list) and len(given) == inst.item_count:
        for i, value in enumerate(given):
            ok = isinstance(value, int) and not isinstance(value, bool)
            if ok and inst.item_min <= value <= inst.item_max:
                answers[i] = value
    return answers
