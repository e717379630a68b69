"""Validation of a whole bundle document (BUNDLE.md) before anything is applied.

Validation collects every problem — structure, codes, dates, NHS numbers, item responses and
references — so a person can fix the file in one pass. Nothing here touches a database: what
is already stored is passed in as ``Existing``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import nhs_number
from .bundle_schema import check_record, record_label
from .codes import BUNDLE_COLLECTIONS, COLLECTIONS
from .errors import InvalidInput, Problem, UnsupportedBundleVersion
from .permissions import CLINICAL_COLUMNS, CLINICAL_TABLES

FORMAT = "painclinic-bundle"
VERSION = 1
# An optional addition to v1: "scope": "community" marks a partner bundle, which carries no
# clinical collection and no clinical column (a discharge without its reason).
SCOPE_COMMUNITY = "community"
TOP_LEVEL_KEYS = {"format", "version", "exported_at", "demo", "scope", *BUNDLE_COLLECTIONS}
PARTNER_COLLECTIONS = tuple(c for c in COLLECTIONS if c not in CLINICAL_TABLES)

_DATE_FIELDS = {
    "clients": ("date_of_birth",),
    "referrals": ("received_on", "outcome_on"),
    "tier_changes": ("changed_on",),
    "discharges": ("discharged_on",),
    "flags": ("raised_on", "cleared_on"),
    "assessments": ("administered_on",),
    "goals": ("set_on", "target_on"),
    "module_sessions": ("held_on",),
    "mdt_meetings": ("held_on",),
    "training_courses": ("starts_on", "ends_on"),
    "training_enrolments": ("completed_on",),
    "training_responses": ("answered_on",),
    "programme_costings": ("costed_on",),
    "medication_items": ("started_on", "stopped_on", "checked_on"),
    "medication_plans": ("agreed_on", "ended_on"),
    "gp_actions": ("requested_on",),
    "programmes": ("starts_on",),
    "programme_enrolments": ("enrolled_on", "ended_on"),
}
_DATETIME_FIELDS = ("created_at", "updated_at")

# (collection, field, the collection the id must exist in)
_REFERENCES = (
    ("referrals", "client_id", "clients"),
    ("tier_changes", "client_id", "clients"),
    ("discharges", "client_id", "clients"),
    ("flags", "client_id", "clients"),
    ("contacts", "client_id", "clients"),
    ("assessments", "client_id", "clients"),
    ("plans", "client_id", "clients"),
    ("goals", "client_id", "clients"),
    ("igro_stars", "client_id", "clients"),
    ("signposting", "client_id", "clients"),
    ("signposting", "service_id", "community_services"),
    ("goals", "replaces", "goals"),
    ("training_enrolments", "course_id", "training_courses"),
    ("training_enrolments", "trainee_id", "trainees"),
    ("training_responses", "course_id", "training_courses"),
    ("medication_items", "client_id", "clients"),
    ("medication_items", "replaces", "medication_items"),
    ("medication_plans", "client_id", "clients"),
    ("gp_actions", "client_id", "clients"),
    ("programme_enrolments", "programme_id", "programmes"),
    ("programme_enrolments", "client_id", "clients"),
)
_REFERRED_TO = (
    "clients",
    "community_services",
    "goals",
    "training_courses",
    "trainees",
    "medication_items",
    "programmes",
)


@dataclass
class Existing:
    """What the receiving database already holds, for reference and duplicate checks."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    mdt_discussion_ids: set[str] = field(default_factory=set)
    plan_client_ids: dict[str, str] = field(default_factory=dict)  # client id -> plan id
    nhs_numbers: dict[str, str] = field(default_factory=dict)  # nhs number -> client id

    def has(self, collection: str, record_id: str) -> bool:
        return record_id in self.ids.get(collection, set())


def validate_bundle(doc: Any, existing: Existing | None = None) -> list[Problem]:
    """Every problem in ``doc``; an empty list means it can be applied.

    Records that are malformed are reported and left out of the cross-record checks
    (duplicates, references, one plan per client), which still run on all the others.
    Raises UnsupportedBundleVersion for a bundle from a newer version of the app.
    """
    existing = existing or Existing()
    if not isinstance(doc, dict):
        return [Problem("bundle", "-", "(document)", "is not a JSON object")]
    unreadable = _check_text(doc)
    if unreadable:
        return unreadable
    problems = _check_envelope(doc)
    partner = is_partner_bundle(doc)
    if partner:
        problems.extend(clinical_content(doc))
    sound: dict[str, list[dict]] = {}
    for collection in BUNDLE_COLLECTIONS:
        records = doc.get(collection, [])
        sound[collection] = []
        if not isinstance(records, list):
            continue
        for index, record in enumerate(records):
            found = check_record(collection, _as_checked(collection, record, partner), index)
            problems.extend(found)
            problems.extend(_check_values_if_possible(collection, record, bool(found)))
            if not found:
                sound[collection].append(record)
    problems.extend(_check_duplicates(sound))
    problems.extend(_check_ids_across_collections(sound))
    problems.extend(_check_references(sound, existing))
    problems.extend(_check_uniques(sound, existing))
    return problems


def is_partner_bundle(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("scope") == SCOPE_COMMUNITY


def clinical_content(doc: dict) -> list[Problem]:
    """What a partner bundle must never carry: a clinical record or a clinical column."""
    problems = []
    for collection in COLLECTIONS:
        records = doc.get(collection)
        if not isinstance(records, list):
            continue
        if collection in CLINICAL_TABLES and records:
            reason = "is clinical: a partner bundle never carries it"
            problems.append(Problem(collection, "-", "(collection)", reason))
            continue
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            for table, column in sorted(CLINICAL_COLUMNS):
                if table == collection and record.get(column) is not None:
                    label = record_label(record, index)
                    reason = "is clinical: a partner bundle never carries it"
                    problems.append(Problem(collection, label, column, reason))
    return problems


def _as_checked(collection: str, record: Any, partner: bool) -> Any:
    """A partner bundle's discharge has no reason (a clinical column the format otherwise
    requires): the rest of the record is checked as usual."""
    if partner and collection == "discharges" and isinstance(record, dict):
        if record.get("reason") is None:
            return {**record, "reason": "other"}
    return record


def _check_values_if_possible(collection: str, record: Any, malformed: bool) -> list[Problem]:
    """Date, NHS number and item checks, also on a record the schema already faulted, so
    one pass reports everything; parts too malformed to read are skipped."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return []
    try:
        return _check_values(collection, record)
    except (TypeError, KeyError, AttributeError, ValueError):
        if malformed:
            return []
        raise


def _check_envelope(doc: dict) -> list[Problem]:
    problems = []
    if doc.get("format") != FORMAT:
        problems.append(Problem("bundle", "-", "format", f'must be "{FORMAT}"'))
    version = doc.get("version")
    is_number = isinstance(version, int) and not isinstance(version, bool)
    if isinstance(version, int) and is_number and version > VERSION:
        raise UnsupportedBundleVersion(
            f"This bundle is format version {version}, written by a newer version of "
            f"PainClinic Desktop; this version reads version {VERSION}. Nothing was imported."
        )
    if not is_number or version != VERSION:
        problems.append(Problem("bundle", "-", "version", f"must be {VERSION}"))
    exported_at = doc.get("exported_at")
    if exported_at is not None and not _is_datetime(exported_at):
        reason = "is not a date and time with a UTC offset"
        problems.append(Problem("bundle", "-", "exported_at", reason))
    if "demo" in doc and not isinstance(doc["demo"], bool):
        problems.append(Problem("bundle", "-", "demo", "must be true or false"))
    if "scope" in doc and doc["scope"] != SCOPE_COMMUNITY:
        problems.append(Problem("bundle", "-", "scope", f'must be "{SCOPE_COMMUNITY}"'))
    for key in sorted(set(doc) - TOP_LEVEL_KEYS):
        problems.append(Problem("bundle", "-", key, "is not part of bundle format version 1"))
    for collection in BUNDLE_COLLECTIONS:
        if collection in doc and not isinstance(doc[collection], list):
            problems.append(Problem(collection, "-", "(collection)", "must be a list of records"))
    return problems


def _check_values(collection: str, record: dict) -> list[Problem]:
    label = record["id"]
    problems = []
    for name in _DATE_FIELDS.get(collection, ()):
        if record.get(name) is not None and not _is_date(record[name]):
            problems.append(Problem(collection, label, name, f"{record[name]} is not a real date"))
    for name in _DATETIME_FIELDS + (("starts_at",) if collection == "contacts" else ()):
        if record.get(name) is not None and not _is_datetime(record[name]):
            reason = f"{record[name]} is not a real date and time with a UTC offset"
            problems.append(Problem(collection, label, name, reason))
    if collection == "clients" and _is_date(record.get("date_of_birth")):
        if date.fromisoformat(record["date_of_birth"]) > date.today():
            reason = f"{record['date_of_birth']} is in the future"
            problems.append(Problem(collection, label, "date_of_birth", reason))
    if collection == "clients" and record.get("nhs_number"):
        nhs_problem = nhs_number.problem(record["nhs_number"])
        if nhs_problem:
            problems.append(Problem(collection, label, "nhs_number", nhs_problem))
    if collection == "assessments":
        problems.extend(_check_items(record))
    problems.extend(_check_nested_dates(collection, record))
    return problems


def _check_items(record: dict) -> list[Problem]:
    from .measures import score  # imported here: the scoring engine loads its definitions once

    try:
        score(record["instrument"], record["items"])
    except InvalidInput as exc:
        return [Problem("assessments", record["id"], "items", str(exc))]
    return []


def _check_nested_dates(collection: str, record: dict) -> list[Problem]:
    nested = {
        "goals": ("reviews", "reviewed_on"),
        "igro_stars": ("ratings", "rated_on"),
        "signposting": ("history", "on"),
    }
    if collection == "mdt_meetings":
        return [
            Problem(
                collection,
                record["id"],
                f"discussions.{i}.actions.{j}.{name}",
                f"{action[name]} is not a real date",
            )
            for i, discussion in enumerate(record.get("discussions") or [])
            for j, action in enumerate(discussion.get("actions") or [])
            for name in ("due_on", "done_on")
            if action.get(name) is not None and not _is_date(action[name])
        ]
    if collection == "training_courses":
        return [
            Problem(collection, record["id"], f"sessions.{i}.held_on", "is not a real date")
            for i, entry in enumerate(record.get("sessions") or [])
            if entry.get("held_on") is not None and not _is_date(entry["held_on"])
        ]
    if collection not in nested:
        return []
    list_name, date_name = nested[collection]
    return [
        Problem(collection, record["id"], f"{list_name}.{i}.{date_name}", "is not a real date")
        for i, entry in enumerate(record.get(list_name) or [])
        if not _is_date(entry[date_name])
    ]


def _check_duplicates(doc: dict) -> list[Problem]:
    problems = []
    for collection in BUNDLE_COLLECTIONS:
        counts = Counter(r["id"] for r in doc.get(collection, []))
        for record_id, n in counts.items():
            if n > 1:
                problems.append(Problem(collection, record_id, "id", f"appears {n} times"))
    discussions = Counter(d["id"] for d in _discussions(doc))
    for discussion_id, n in discussions.items():
        if n > 1:
            reason = f"discussion id appears {n} times"
            problems.append(Problem("mdt_meetings", discussion_id, "discussions.id", reason))
    return problems


def _check_ids_across_collections(doc: dict) -> list[Problem]:
    """An id names one record: the same UUID in two collections is a copying slip that
    would link records wrongly."""
    where: dict[str, list[str]] = {}
    for collection in BUNDLE_COLLECTIONS:
        for record_id in {r["id"] for r in doc.get(collection, [])}:
            where.setdefault(record_id, []).append(collection)
    return [
        Problem(places[0], record_id, "id", f"is also used in {', '.join(places[1:])}")
        for record_id, places in where.items()
        if len(places) > 1
    ]


def _check_text(doc: dict) -> list[Problem]:
    """Text that cannot be stored (a lone UTF-16 surrogate such as "\\ud800" is not a
    character) or nesting too deep to read: each a plain problem, before anything else."""
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        return [Problem("bundle", "-", "(document)", "is nested too deeply to be a bundle")]
    except UnicodeEncodeError:
        pass
    else:
        return []
    problems = []
    for collection, records in doc.items():
        for index, record in enumerate(records if isinstance(records, list) else [records]):
            for path in _broken_text(record, ""):
                label = record_label(record, index)
                reason = "holds a broken character (a lone surrogate); correct the text"
                problems.append(Problem(str(collection), label, path or "(value)", reason))
    return problems


def _broken_text(node: Any, path: str) -> list[str]:
    """Field paths (``history.2.note``) whose text or key is not storable."""
    if isinstance(node, str):
        return [] if _is_text(node) else [path]
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            inner = f"{path}.{key}" if path else str(key)
            found += ([] if _is_text(str(key)) else [inner]) + _broken_text(value, inner)
        return found
    if isinstance(node, list):
        return [
            f
            for i, v in enumerate(node)
            for f in _broken_text(v, f"{path}.{i}" if path else str(i))
        ]
    return []


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_references(doc: dict, existing: Existing) -> list[Problem]:
    present = {c: {r["id"] for r in doc.get(c, [])} for c in _REFERRED_TO}

    def resolves(collection: str, record_id: str) -> bool:
        return record_id in present[collection] or existing.has(collection, record_id)

    problems = []
    for collection, name, target in _REFERENCES:
        for record in doc.get(collection, []):
            if record.get(name) and not resolves(target, record[name]):
                reason = (
                    f"refers to {target} {record[name]}, which is not in the bundle or database"
                )
                problems.append(Problem(collection, record["id"], name, reason))
    for session in doc.get("module_sessions", []):
        for i, client_id in enumerate(session.get("attendees") or []):
            if not resolves("clients", client_id):
                reason = f"refers to client {client_id}, which is not in the bundle or database"
                problems.append(Problem("module_sessions", session["id"], f"attendees.{i}", reason))
    for meeting in doc.get("mdt_meetings", []):
        for i, discussion in enumerate(meeting.get("discussions") or []):
            if not resolves("clients", discussion["client_id"]):
                reason = f"refers to client {discussion['client_id']}, which is not known"
                problems.append(
                    Problem("mdt_meetings", meeting["id"], f"discussions.{i}.client_id", reason)
                )
    discussion_ids = {d["id"] for d in _discussions(doc)} | existing.mdt_discussion_ids
    for change in doc.get("tier_changes", []):
        link = change.get("mdt_discussion_id")
        if link and link not in discussion_ids:
            reason = f"refers to MDT discussion {link}, which is not in the bundle or database"
            problems.append(Problem("tier_changes", change["id"], "mdt_discussion_id", reason))
    return problems


def _check_uniques(doc: dict, existing: Existing) -> list[Problem]:
    """One current plan per client; one client per NHS number."""
    problems = []
    plans = dict(existing.plan_client_ids)
    for plan in doc.get("plans", []):
        owner = plans.get(plan["client_id"])
        if owner and owner != plan["id"]:
            reason = f"client {plan['client_id']} already has plan {owner}; one plan per client"
            problems.append(Problem("plans", plan["id"], "client_id", reason))
        plans[plan["client_id"]] = plan["id"]
    numbers = dict(existing.nhs_numbers)
    for client in doc.get("clients", []):
        number = client.get("nhs_number")
        if not number:
            continue
        holder = numbers.get(number)
        if holder and holder != client["id"]:
            reason = f"the same NHS number is already held by client {holder}"
            problems.append(Problem("clients", client["id"], "nhs_number", reason))
        numbers[number] = client["id"]
    return problems


def _discussions(doc: dict) -> list[dict]:
    return [d for m in doc.get("mdt_meetings", []) for d in (m.get("discussions") or [])]


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def _is_datetime(value: str) -> bool:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return parsed.tzinfo is not None


def new_bundle(exported_at: str, demo: bool = False, partner: bool = False) -> dict:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": exported_at}
    if demo:
        doc["demo"] = True
    if partner:
        doc["scope"] = SCOPE_COMMUNITY
    for collection in PARTNER_COLLECTIONS if partner else COLLECTIONS:
        doc[collection] = []
    return doc


__all__ = [
    "Existing",
    "validate_bundle",
    "new_bundle",
    "record_label",
    "is_partner_bundle",
    "clinical_content",
    "FORMAT",
    "VERSION",
    "PARTNER_COLLECTIONS",
]
