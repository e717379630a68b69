"""Saving a completed structured assessment.

Everything a finished assessment writes commits together: one ``assessments`` record per
questionnaire (item answers, never totals; the instrument version; date, time point and who
recorded it), the client's own words (``assessment_notes``, and the plan's "what matters" and
"best hopes", kept beside any words already there), a ``risk`` flag when PHQ-9 question 9 was
answered above 0, and the deletion of the draft. A failure anywhere changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core.codes import TIME_POINTS
from ..core.errors import InvalidInput
from ..core.measures import ScoreResult, instrument, score, sts_protocol
from ..core.measures.content_pack import ContentPack, load_content_pack
from ..core.measures.safety import SafetyFlag, flags_in, risk_raised
from ..core.plan_words import merged_words
from ..core.sync_rules import RISK_FLAG_RULE, derived_id
from ..store import records
from ..store.database import Store
from . import drafts, writes
from .client_record import existing_client

PLAN_FIELDS = ("what_matters", "best_hopes")
NARRATIVE_FIELDS = (
    *PLAN_FIELDS,
    "pain_how_long",
    "pain_where",
    "pain_tried",
    "pain_medicines_support",
    "impact_daily_life",
    "impact_work",
    "impact_sleep",
    "impact_mood",
    "impact_relationships",
)
CONTENT_PACK_SETTING = "content_pack_path"


@dataclass(frozen=True)
class InstrumentAnswers:
    """One questionnaire's answers in item order; None is an unanswered item."""

    instrument: str
    items: Sequence[int | None]
    protocol: str | None = None  # sit-to-stand only: "30s" or "60s"


@dataclass(frozen=True)
class CompletedAssessment:
    assessments: list[dict[str, Any]]
    results: dict[str, ScoreResult]
    risk_found: bool  # a safety flag raised (PHQ-9 question 9 answered above 0)
    risk_flag: dict[str, Any] | None  # the flag raised now; None if one was already open
    notes: dict[str, Any] | None


def save_assessment(
    store: Store,
    client_id: str,
    time_point: str,
    administered_on: str,
    answers: Sequence[InstrumentAnswers],
    author: str,
    narrative: Mapping[str, str] | None = None,
    risk_acknowledged: bool = False,
    today: date | None = None,
) -> CompletedAssessment:
    """Validate everything first, then write it all in one transaction."""
    today = today or date.today()
    _check_heading(store, client_id, time_point, administered_on, today)
    results = _check_answers(answers)
    raising = risk_raised(results)
    risk_found = bool(raising)
    if risk_found and not risk_acknowledged:
        safety = _first_flag(results, raising)
        raise InvalidInput(
            f"{safety.short_name} question {safety.item} was answered above {safety.above}: the "
            "safety prompt must be acknowledged before the assessment can be saved.",
            field="risk",
        )
    words = _narrative(narrative)
    with store.atomic():
        saved = [
            writes.add(
                store,
                "assessments",
                _record(client_id, time_point, administered_on, a, author),
                author,
            )
            for a in answers
        ]
        flag = _raise_risk(store, client_id, results, saved, administered_on, author, today)
        notes = _save_words(store, client_id, time_point, administered_on, saved, words, author)
        drafts.discard_draft(store, client_id, drafts.ASSESSMENT)
    return CompletedAssessment(saved, results, risk_found, flag, notes)


def _check_heading(store: Store, client_id: str, time_point: str, day: str, today: date) -> None:
    existing_client(store, client_id)
    if time_point not in TIME_POINTS:
        raise InvalidInput(
            f"time point {time_point!r} is not one of the service's time points", field="time_point"
        )
    try:
        given = date.fromisoformat(day)
    except (TypeError, ValueError):
        raise InvalidInput(f"date {day!r} is not a date (YYYY-MM-DD)", field="date") from None
    if given > today:
        raise InvalidInput("the assessment date cannot be in the future", field="date")


def _check_answers(answers: Sequence[InstrumentAnswers]) -> dict[str, ScoreResult]:
    if not answers:
        raise InvalidInput("no questionnaire was completed", field="instrument")
    results: dict[str, ScoreResult] = {}
    for given in answers:
        name = given.instrument
        if name in results:
            raise InvalidInput(f"{name} was given twice in one assessment", field=name)
        result = score(name, list(given.items))  # refuses bad items, naming the item
        if all(item is None for item in given.items):
            raise InvalidInput(f"{name}: no question was answered", field=name)
        if name == "sts":
            sts_protocol(given.protocol)  # refuses an unknown protocol
        elif given.protocol is not None:
            raise InvalidInput(f"{name} has no protocol", field=name)
        results[name] = result
    return results


def _record(
    client_id: str, time_point: str, day: str, given: InstrumentAnswers, author: str
) -> dict:
    return {
        "client_id": client_id,
        "instrument": given.instrument,
        "time_point": time_point,
        "administered_on": day,
        "items": list(given.items),
        "instrument_version": instrument(given.instrument).version,
        "protocol": sts_protocol(given.protocol) if given.instrument == "sts" else None,
        "recorded_by": author,
    }


def _narrative(narrative: Mapping[str, str] | None) -> dict[str, str]:
    unknown = set(narrative or {}) - set(NARRATIVE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown assessment field {sorted(unknown)[0]!r}", field="narrative")
    return {k: v.strip() for k, v in (narrative or {}).items() if v and v.strip()}


def open_risk_flag(store: Store, client_id: str) -> dict[str, Any] | None:
    return next(
        records.select(
            store, "flags", "client_id = ? AND kind = 'risk' AND cleared_on IS NULL", (client_id,)
        ),
        None,
    )


def _raise_risk(store, client_id, results, saved, day, author, today) -> dict[str, Any] | None:
    raising = risk_raised(results)
    if not raising:
        return None
    if open_risk_flag(store, client_id) is not None:
        return None  # one open risk flag is enough; the new assessment is on the record
    safety = _first_flag(results, raising)
    note = (
        f"{safety.short_name} question {safety.item} ({safety.about}) answered above "
        f"{safety.above} in the assessment of {day}. Follow the service's risk procedure."
    )
    raised_by = next(a["id"] for a in saved if a["instrument"] == raising[0])
    flag = {
        # Derived from the answer it was raised for: the same flag on every laptop.
        "id": derived_id(raised_by, RISK_FLAG_RULE),
        "client_id": client_id,
        "kind": "risk",
        "raised_on": today.isoformat(),
        "raised_by": author,
        "note": note,
    }
    return writes.add(store, "flags", flag, author)


def _first_flag(results: Mapping[str, ScoreResult], raising: list[str]) -> SafetyFlag:
    return flags_in(results[raising[0]].flags)[0]


def _save_words(store, client_id, time_point, day, saved, words, author) -> dict | None:
    if not words:
        return None
    _bring_words_to_plan(store, client_id, words, day, author)
    note = {
        "client_id": client_id,
        "time_point": time_point,
        "administered_on": day,
        "assessment_ids": json.dumps([a["id"] for a in saved]),
        **words,
    }
    return _notes(writes.add(store, "assessment_notes", note, author))


def _bring_words_to_plan(store: Store, client_id: str, words: dict, day: str, author: str) -> None:
    """The assessment's "what matters" and "best hopes" reach the plan. What the coach wrote
    there is never overwritten: both are kept, the newer first (``core.plan_words``)."""
    given = {k: words[k] for k in PLAN_FIELDS if k in words}
    if not given:
        return
    plan = next(records.select(store, "plans", "client_id = ?", (client_id,)), None)
    if plan is None:
        writes.add(store, "plans", {"client_id": client_id, **given}, author)
        return
    plan_day = plan.get("updated_at") or plan.get("created_at")
    changed = {
        k: new
        for k, answer in given.items()
        if (new := merged_words(plan.get(k), plan_day, answer, day)) is not None
    }
    if changed:
        writes.change(store, "plans", {**plan, **changed}, author)


def _notes(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "assessment_ids": json.loads(row["assessment_ids"])}


def assessment_notes(store: Store, client_id: str) -> list[dict[str, Any]]:
    """The client's words from each completed assessment, oldest first."""
    found = records.select(
        store,
        "assessment_notes",
        "client_id = ? ORDER BY administered_on, created_at",
        (client_id,),
    )
    return [_notes(r) for r in found]


def content_pack_for(store: Store) -> ContentPack | None:
    """The service's licensed content pack, when one has been set up in the settings."""
    path = store.setting(CONTENT_PACK_SETTING)
    return load_content_pack(Path(path)) if path else None
