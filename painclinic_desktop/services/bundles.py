"""Import and export of bundles (BUNDLE.md): validate everything, then apply in one transaction."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core import nhs_number
from ..core.bundle import Existing, is_partner_bundle, new_bundle, validate_bundle
from ..core.codes import BUNDLE_COLLECTIONS, OPTIONAL_COLLECTIONS
from ..core.errors import InvalidBundle, InvalidInput, Problem
from ..core.files import save_atomically
from ..core.measures.safety import raised as safety_flags_raised
from ..core.merge import merge_change
from ..core.permissions import CLINICAL_TABLES, EXPORT_BUNDLE, IMPORT_BUNDLE, PARTNER_BUNDLE
from ..core.progress import UNWATCHED, Progress
from ..core.security_errors import DiskFull
from ..core.sync_rules import RISK_FLAG_RULE, derived_id
from ..store import audit, bundle_load, lookups, records
from ..store import outbox as sync_store
from ..store.database import Store
from . import session
from .audit import record as audit_record
from .community import is_community


@dataclass
class ImportSummary:
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept_newer: Counter = field(default_factory=Counter)
    clashes: Counter = field(default_factory=Counter)  # fields where both copies differ
    risk_flags_raised: int = 0

    def line(self) -> str:
        def total(c: Counter) -> int:
            return sum(c.values())

        return (
            f"Imported: {total(self.added)} added, {total(self.updated)} updated, "
            f"{total(self.unchanged)} unchanged, {total(self.kept_newer)} kept (newer here); "
            f"clients added: {self.added['clients']}."
            + (
                f" {total(self.clashes)} field(s) differed between the two copies: both "
                "values are kept (see Conflicts)."
                if self.clashes
                else ""
            )
            + (
                f" RISK flags raised for {self.risk_flags_raised} PHQ-9 answer(s) to question 9"
                " above 0 that had none."
                if self.risk_flags_raised
                else ""
            )
        )


def read_bundle_file(path: str | Path) -> Any:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file at {path}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidBundle([Problem("bundle", "-", "(file)", "is not UTF-8 text")]) from exc
    except json.JSONDecodeError as exc:
        reason = f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise InvalidBundle([Problem("bundle", "-", "(file)", reason)]) from exc
    except RecursionError as exc:
        reason = "is nested too deeply to be a bundle"
        raise InvalidBundle([Problem("bundle", "-", "(file)", reason)]) from exc


def existing_for(store: Store) -> Existing:
    referred_to = (
        "clients",
        "community_services",
        "goals",
        "training_courses",
        "trainees",
        "medication_items",
        "programmes",
    )
    ids = {c: records.ids(store, c) for c in referred_to}
    return Existing(
        ids=ids,
        mdt_discussion_ids=lookups.mdt_discussion_ids(store),
        plan_client_ids=lookups.plan_ids_by_client(store),
        nhs_numbers=lookups.client_ids_by_nhs_number(store),
    )


def import_bundle(store: Store, doc: Any, progress: Progress = UNWATCHED) -> ImportSummary:
    """Apply a bundle whole, or change nothing and raise InvalidBundle listing every problem.

    The one rule (issue 21): importing a bundle is a data-management task allowed as a whole
    by ``import_bundle`` (an admin moving a caseload, or a health coach), clinical records
    included, on every path (new records, merged ones, the risk flags the import raises). The
    audit row says how many clinical records it carried. Every other role is refused before
    the file is even validated, with a message naming who can import.

    ``progress`` hears of each collection (no words: the screen's label says what is
    happening); Cancel stops the import and rolls back its one
    transaction, so a cancelled import changes nothing."""
    partner = is_partner_bundle(doc)
    session.require(PARTNER_BUNDLE if partner else IMPORT_BUNDLE)
    if is_community(store) and not partner:
        raise InvalidInput(
            "This is a community partner's database: it takes only a partner bundle (one "
            "with no clinical records, exported with “Export a partner bundle…”). Nothing "
            "was imported."
        )
    steps = len(BUNDLE_COLLECTIONS) + 2
    progress.report(0, steps)
    problems = validate_bundle(doc, existing_for(store))
    if problems:
        raise InvalidBundle(problems)
    summary = ImportSummary()
    with bundle_load.import_cache(store), store.atomic():
        for done, collection in enumerate(BUNDLE_COLLECTIONS, start=1):
            progress.report(done, steps)
            _apply_collection(store, collection, doc.get(collection, []), summary)
        progress.report(steps - 1, steps)
        summary.risk_flags_raised = _flag_uncovered_risk(store, doc.get("assessments", []))
        kind = "Partner bundle (no clinical records). " if partner else ""
        audit_record(store, audit.IMPORT, detail=kind + summary.line() + _clinical_carried(doc))
        if doc.get("demo"):
            lookups.mark_demo(store)
        progress.check()  # the last moment Cancel can still undo everything
    return summary


def _clinical_carried(doc: dict) -> str:
    counts = [
        f"{len(doc[c])} {c}" for c in BUNDLE_COLLECTIONS if c in CLINICAL_TABLES and doc.get(c)
    ]
    return f" Clinical records carried: {', '.join(counts)}." if counts else ""


IMPORTED_RISK_RAISER = "PainClinic (imported PHQ-9 answer)"


def _flag_uncovered_risk(store: Store, assessments: list[dict]) -> int:
    """A PHQ-9 with question 9 above 0 must never arrive without a risk flag (MEASURES.md):
    raise one, dated that day, unless a risk flag already covered that day."""
    from .writes import add

    raised = 0
    for item in sorted(assessments, key=lambda a: a["administered_on"]):
        flagged = safety_flags_raised(
            item["instrument"], item["items"]
        )  # the instruments' data say which
        if not flagged:
            continue
        on = item["administered_on"]
        if lookups.risk_flag_covers(store, item["client_id"], on):
            continue
        add(
            store,
            "flags",
            {
                # Every laptop importing this answer makes this same flag, so merging their
                # caseloads never doubles it: its id and content come from the answer alone.
                "id": derived_id(item["id"], RISK_FLAG_RULE),
                "client_id": item["client_id"],
                "kind": "risk",
                "raised_on": on,
                "raised_by": IMPORTED_RISK_RAISER,
                "note": f"{flagged[0].short_name} question {flagged[0].item} answered above "
                f"{flagged[0].above} in an imported assessment",
            },
            session.current_staff(),
            permitted_by=IMPORT_BUNDLE,
        )
        raised += 1
    return raised


def _apply_collection(
    store: Store, collection: str, incoming: list[dict], summary: ImportSummary
) -> None:
    present = records.ids(store, collection) if incoming else set()
    fresh = [r for r in incoming if r["id"] not in present]
    bundle_load.insert_new(store, collection, fresh, stored=len(present))
    summary.added[collection] += len(fresh)
    known = [r for r in incoming if r["id"] in present]
    if known:
        _merge(store, collection, known, summary)


def _merge(store: Store, collection: str, known: list[dict], summary: ImportSummary) -> None:
    """Records this database already holds, brought together field by field (the rule of
    ``core/merge.py``). Two copies with no common base: a field only one copy fills is
    filled, history lists keep both sides' entries, and a field both fill differently keeps
    the later copy's value live (BUNDLE.md) and the other as a conflict, never dropped."""
    stored = records.get_many(store, collection, [r["id"] for r in known])
    changed = []
    for record in known:
        current = stored[record["id"]]
        candidate = records.complete(store, collection, record)
        if candidate == current:
            summary.unchanged[collection] += 1
            continue
        newer = _incoming_wins(candidate.get("updated_at"), current.get("updated_at"))
        live, other = (candidate, current) if newer else (current, candidate)
        merged = merge_change(collection, None, other, live)
        for name, _live, _other in merged.clashes:
            sync_store.keep_conflict(store, _clash(collection, live, other, name))
            summary.clashes[collection] += 1
        result = {**merged.record, "updated_at": live.get("updated_at")}
        if result != current:
            changed.append(result)
        if newer:
            summary.updated[collection] += 1
        else:
            summary.kept_newer[collection] += 1
    records.replace_many(store, collection, changed)


def _clash(collection: str, live: dict, other: dict, name: str) -> dict[str, Any]:
    digest = hashlib.sha256(json.dumps(other.get(name), sort_keys=True).encode()).hexdigest()
    return {
        # The same clash met again (the bundle imported twice) is the same conflict.
        "id": f"bundle:{collection}:{live['id']}:{name}:{digest[:16]}",
        "source": "bundle",
        "collection": collection,
        "record_id": live["id"],
        "field": name,
        "live_value": live.get(name),
        "other_value": other.get(name),
        "live_author": live.get("author"),
        "other_author": other.get("author"),
        "live_at": live.get("updated_at"),
        "other_at": other.get("updated_at"),
    }


def _incoming_wins(incoming: str | None, current: str | None) -> bool:
    """BUNDLE.md: the later ``updated_at`` wins; a record without one yields to the incoming."""
    if incoming is None or current is None:
        return True
    return datetime.fromisoformat(incoming) > datetime.fromisoformat(current)


def export_bundle(store: Store, progress: Progress = UNWATCHED) -> dict[str, Any]:
    session.require(EXPORT_BUNDLE)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    doc = new_bundle(now, demo=store.is_demo)
    steps = len(BUNDLE_COLLECTIONS) + 1
    for done, collection in enumerate(BUNDLE_COLLECTIONS):
        progress.report(done, steps)
        found = [_without_nulls(r) for r in records.select(store, collection)]
        if found or collection not in OPTIONAL_COLLECTIONS:
            doc[collection] = found
    for client in doc["clients"]:
        # MEASURES.md: numbers starting with 9 are test numbers, marked in exports.
        if client.get("nhs_number") and nhs_number.is_test_number(client["nhs_number"]):
            client["test_record"] = True
    return doc


def export_bundle_to(store: Store, path: str | Path, progress: Progress = UNWATCHED) -> int:
    """Export every record to the bundle file ``path``; the export is recorded in the audit
    trail only once the file is in place. Returns the number of clients. Cancel (through
    ``progress``) before the file is in place leaves no file, not even a part of one."""
    doc = export_bundle(store, progress)
    progress.report(len(BUNDLE_COLLECTIONS), len(BUNDLE_COLLECTIONS) + 1)
    write_bundle_file(doc, path, progress)
    entry = audit.Entry(
        session.current_staff(),
        audit.EXPORT,
        detail=f"bundle of {len(doc['clients'])} clients",
        at=audit.now(),
    )
    try:
        with store.atomic():
            audit.append(store, entry)
    except DiskFull:  # this disk is full, the file went elsewhere: recorded at the next save
        store.write_first(lambda: audit.append(store, entry))
    return len(doc["clients"])


# Pieces of JSON written at a time: the encoder yields millions of small pieces, so they are
# gathered and written together, and Cancel is asked about between batches.
WRITE_BATCH = 50_000


def _write_json(doc: dict[str, Any], text: io.TextIOWrapper, progress: Progress) -> None:
    """What ``json.dump(doc, text, ensure_ascii=False, indent=1)`` writes, byte for byte."""
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(doc):
        pieces.append(piece)
        if len(pieces) >= WRITE_BATCH:
            progress.check()
            text.write("".join(pieces))
            pieces.clear()
    text.write("".join(pieces))


def _without_nulls(record: dict[str, Any]) -> dict[str, Any]:
    # Optional fields may be absent (BUNDLE.md); leaving them out keeps files small and readable.
    return {k: v for k, v in record.items() if v is not None}


def write_bundle_file(
    doc: dict[str, Any], path: str | Path, progress: Progress = UNWATCHED
) -> None:
    """Write atomically (``core/files``): the old file or the whole new one, never half.
    Cancel while writing removes the part written and leaves any earlier file as it was."""

    def write(stream) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        _write_json(doc, text, progress)
        text.write("\n")
        text.flush()
        text.detach()  # the stream stays open for save_atomically to flush and close

    save_atomically(path, write)
