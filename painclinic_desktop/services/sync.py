"""Sync with the team hub: push this laptop's outbox, then pull everyone else's changes.

Each outbox entry gets its own answer. Accepted, merged and conflicting entries leave the
outbox; refused and quarantined ones are kept whole on this laptop and shown, never dropped.
An entry whose answer was lost (the network cut after the hub committed) stays in the outbox
and is sent again: the hub answers "replayed" and applies nothing twice.

A pulled change never overwrites a record that still has outbox entries: it is merged with
them by the field rule (``core/merge.py``), clashes kept. The cursor moves only in the same
transaction that applies the page, so a crash repeats a page rather than skipping one.
"""

from __future__ import annotations

import itertools
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..core import permissions
from ..core.errors import InvalidInput
from ..core.merge import merge_change
from ..core.sync_rules import SYNCED
from ..store import hub, hub_certificate, outbox, records
from ..store.database import Store
from ..store.migrations import LATEST
from . import session
from .community import is_community

HubUnavailable = hub.HubUnavailable  # the screens say the hub cannot be reached

PUSH_PAGE = 2000
PULL_PAGE = 1000
# A first fetch (a join, or a laptop that never pulled) of this many changes or more comes
# in larger pages, into tables whose indexes are built once at the end (as a large import).
FIRST_FETCH_FROM = 5000
FIRST_FETCH_PAGE = 2500
AUDIT_PAGE = 1000
CLOCK_WARNING_SECONDS = 5 * 60
CHECK_EVERY_REFERENCE_FROM = 5000  # pulled records; below this only theirs are checked
ANSWERED = ("accepted", "merged", "conflict")
REFUSED = ("rejected", "quarantined")


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    waiting: int = 0
    pulled_by_collection: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    role: str | None = None
    clients_changed: set = field(default_factory=set)  # clients whose records were pulled
    # collection -> ids of the records pulled (for the check of their references)
    records_pulled: dict = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "waiting": self.waiting,
            "pulled_by_collection": dict(sorted(self.pulled_by_collection.items())),
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class HubLogin:
    url: str
    user: str
    password: str
    ca_pem: str


# -- connecting -------------------------------------------------------------------------


def _read_ca(url: str, ca_fingerprint: str | None = None) -> str:
    """The hub's CA certificate to pin: the file the address names (checked against the
    fingerprint IT read out, if given), or, with no file, the CA certificate the hub itself
    presents whose fingerprint is the one read out."""
    parts = hub.check_url(url)
    ca = parts.get("sslrootcert")
    if not ca and ca_fingerprint:
        return hub_certificate.ca_by_fingerprint(url, ca_fingerprint)
    if not ca:
        raise InvalidInput(
            "The hub address must name the hub's CA certificate (…?sslrootcert=ca.crt), or "
            "give the CA's SHA-256 fingerprint as IT read it out (--ca-fingerprint): it is "
            "pinned on this laptop so that no other server can pose as the hub.",
            "hub",
        )
    try:
        pem = Path(ca).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Could not read the hub's CA certificate {ca}: {exc}", "hub") from None
    if ca_fingerprint:
        wanted = hub_certificate.checked_fingerprint(ca_fingerprint)
        actual = hub_certificate.pem_fingerprint(pem)
        if hub_certificate.plain_fingerprint(actual) != wanted:
            raise InvalidInput(
                "The certificate file does not match the fingerprint IT read out. Do not "
                f"connect: ask IT for the right file. (The file's fingerprint is {actual}.)",
                "ca",
            )
    return pem


def _login(
    store: Store,
    url: str | None,
    user: str | None,
    password: str | None,
    ca_fingerprint: str | None = None,
) -> HubLogin:
    """The hub login to use: given now (and then remembered) or remembered from before."""
    url = url or outbox.state(store, "hub_url")
    if not url:
        raise InvalidInput("This laptop has not joined a hub: give --hub URL.", "hub")
    same_hub = url == outbox.state(store, "hub_url") and not ca_fingerprint
    ca_pem = outbox.state(store, "hub_ca") if same_hub else None
    ca_pem = ca_pem or _read_ca(url, ca_fingerprint)
    user = user or outbox.state(store, "hub_user")
    password = password or outbox.state(store, "hub_password")
    if not user or not password:
        raise InvalidInput(
            "Sign in to the hub with PAINCLINIC_HUB_USER and PAINCLINIC_HUB_PASSWORD.", "hub"
        )
    return HubLogin(url, user, password, ca_pem)


def _remember(store: Store, login: HubLogin) -> None:
    """Inside a transaction. The password only ever inside an encrypted database."""
    outbox.set_state(store, "hub_url", login.url)
    outbox.set_state(store, "hub_ca", login.ca_pem)
    outbox.set_state(store, "hub_user", login.user)
    if store.is_encrypted:
        outbox.set_state(store, "hub_password", login.password)
    if outbox.state(store, "device") is None:
        outbox.set_state(store, "device", str(uuid.uuid4()))


class _Pinned:
    """The pinned CA written where libpq can read it, for one connection."""

    def __init__(self, pem: str):
        self.pem = pem

    def __enter__(self) -> str:
        handle = tempfile.NamedTemporaryFile("w", suffix=".crt", delete=False)
        with handle:
            handle.write(self.pem)
        self.path = handle.name
        return self.path

    def __exit__(self, *_exc) -> None:
        Path(self.path).unlink(missing_ok=True)


# -- the run ------------------------------------------------------------------------------


# progress(stage, done, total): "push" or "pull", called between pages (never inside a
# transaction), so it may raise to stop the run: what was done so far is kept and the next
# run carries on from there.
Progress = Callable[[str, int, int], None]


def sync(
    store: Store,
    hub_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    progress: Progress | None = None,
    ca_fingerprint: str | None = None,
) -> SyncReport:
    """Push, then pull. Raises ``hub.HubUnavailable`` when the hub cannot be reached or
    refuses the login: nothing is lost, the outbox waits for the next run. With
    ``ca_fingerprint`` (first connection of this laptop) the hub's CA is found by it."""
    progress = progress or (lambda _stage, _done, _total: None)
    login = _login(store, hub_url, user, password, ca_fingerprint)
    report = SyncReport()
    with _Pinned(login.ca_pem) as ca, hub.login(login.url, login.user, login.password, ca) as conn:
        who = hub.whoami(conn)
        if not who.get("role"):
            raise hub.HubUnavailable(
                f"The hub does not know {login.user} as a member of this service (switched "
                "off?). Nothing here was changed; ask the service's admin."
            )
        with store.atomic():
            _remember(store, login)
            outbox.start_recording(store)  # first time: every record already held is queued
        _check_clock(who, report)
        # Change numbers this run's pushes took, on a hub that says so: the pull that follows
        # leaves out the records they created (they are here already, as the hub has them).
        own: list[list[int]] | None = [] if hub.OWN_CHANGES in (who.get("features") or []) else None
        push(store, conn, report, progress, own, hub.push_function(who.get("features")))
        _follow_role(store, who["role"])
        report.role = who["role"]
        pull(store, conn, report, progress, who.get("last_change"), own)
        if who["role"] == permissions.ADMIN:
            _keep_held_list(store, conn)
    with store.atomic():
        outbox.set_state(store, "last_sync", datetime.now(UTC).isoformat(timespec="seconds"))
    report.waiting = outbox.waiting(store)
    return report


def _check_clock(answer: dict[str, Any], report: SyncReport) -> None:
    off = (datetime.now(UTC) - hub.hub_time(answer)).total_seconds()
    if abs(off) > CLOCK_WARNING_SECONDS:
        report.warnings.append(
            f"This laptop's clock is {abs(off) / 60:.0f} minutes "
            f"{'ahead of' if off > 0 else 'behind'} the hub's. Nothing depends on it, but "
            "the times shown on records will look wrong: please set the clock."
        )


def push(
    store: Store,
    conn: Any,
    report: SyncReport,
    progress: Progress | None = None,
    own: list[list[int]] | None = None,
    function: str | None = None,
) -> None:
    device = outbox.state(store, "device")
    total = outbox.waiting(store)
    query = outbox.wire_query(store)
    last_seq = 0
    audit_from = int(outbox.state(store, "audit_pushed") or 0)
    sent = None  # the page the hub is answering: (entries, audit rows, the answer to come)
    with _HubAhead() as ahead:
        while True:
            # Each entry comes out of SQLite already as the hub takes it (see _wire).
            entries, wire = outbox.pending_on_the_wire(store, PUSH_PAGE, query, last_seq)
            audit_rows = outbox.audit_rows_after(store, audit_from, AUDIT_PAGE)
            sending = None
            if entries or audit_rows:
                batch = {
                    "protocol": 1,
                    "device": device,
                    "app_version": __version__,
                    "schema_version": LATEST,
                    "audit": audit_rows,
                }
                text = hub.batch_text(batch, wire)
                answer = ahead.call(
                    hub.push, conn, text, own_changes=own is not None, function=function
                )
                sending = (entries, audit_rows, answer)
                last_seq = entries[-1]["seq"] if entries else last_seq
                audit_from = audit_rows[-1]["seq"] if audit_rows else audit_from
            if sent is not None:  # kept while the hub works on the next page
                _answered(store, sent, report, progress, own, total)
            sent = sending
            if sent is None:
                return
            if len(entries) < PUSH_PAGE and len(audit_rows) < AUDIT_PAGE:
                _answered(store, sent, report, progress, own, total)
                return


def _answered(store, sent, report, progress, own, total) -> None:
    """A page's answers kept, in page order: outbox, versions, the spans of own changes."""
    entries, audit_rows, coming = sent
    answer = coming.result()
    _take_answers(store, entries, answer["answers"], audit_rows, report)
    if own is not None and answer.get(hub.OWN_CHANGES):
        _note_own(own, answer[hub.OWN_CHANGES])
    if progress is not None and total:
        progress("push", min(report.pushed + report.rejected, total), total)


class _HubAhead:
    """Hub calls one at a time on a thread of their own, so that the hub works on the next
    page while this laptop writes the last one: the two take turns no more. The connection
    is used by that thread alone inside the block. Leaving the block waits for a call still
    under way and drops its answer: a push's entries stay in the outbox (answered
    "replayed" next time) and a pulled page is fetched again from the cursor, which moves
    only with the page it belongs to."""

    def __enter__(self) -> _HubAhead:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hub")
        self.calls: list[Future] = []
        return self

    def call(self, hub_call: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        self.calls = [c for c in self.calls if not c.done()]
        made = self.pool.submit(hub_call, *args, **kwargs)
        self.calls.append(made)
        return made

    def __exit__(self, *_exc: Any) -> None:
        wait(self.calls)
        self.pool.shutdown(wait=True)


OWN_SPANS = 50  # the longest spans kept: one left out is only pulled back, as before


def _note_own(own: list[list[int]], span: list[int]) -> None:
    """Only after the page's answers are kept: a span joins the list of this run's own."""
    first, last = int(span[0]), int(span[1])
    if last < first:
        return
    if own and own[-1][1] + 1 == first:
        own[-1][1] = last  # no one else pushed in between
    else:
        own.append([first, last])
    if len(own) > OWN_SPANS:
        own.sort(key=lambda s: s[1] - s[0])
        del own[0]
        own.sort()


def _wire(store: Store, entry: dict[str, Any]) -> dict[str, Any]:
    """An entry of ``outbox.pending`` as the hub takes it: the rule that
    ``outbox.pending_on_the_wire`` follows in SQL (a test holds the two together)."""
    before = records.from_row(entry["before"]) if entry["before"] else None
    after = records.from_row(entry["after"]) if entry["after"] else None
    return {
        "mutation_id": entry["mutation_id"],
        "collection": entry["collection"],
        "record_id": entry["record_id"],
        "op": entry["op"],
        "base": entry["base"],
        "before": before,
        "after": after,
        "author": (after or before or {}).get("author"),
        "made_at": entry["made_at"],
        "resolves": entry["resolves"] or [],
    }


def _take_answers(store, entries, answers, audit_rows, report) -> None:
    by_id = {a["mutation_id"]: a for a in answers}
    with store.atomic():
        finished, versions = [], {}
        for entry in entries:
            answer = by_id.get(entry["mutation_id"])
            if answer is None:
                continue  # not answered: stays in the outbox for the next run
            status = answer["status"]
            if status in ANSWERED:
                finished.append(entry["mutation_id"])
                if answer.get("version"):
                    # In entry order: a record's last answer in the page is its version.
                    versions[(entry["collection"], entry["record_id"])] = answer["version"]
                report.pushed += 1
            elif status in REFUSED:
                reason = answer.get("reason") or status
                outbox.refuse_waiting(store, entry["mutation_id"], status, reason)
                report.rejected += 1
        outbox.set_many_versions(store, versions)
        outbox.done(store, finished)
        if audit_rows:
            outbox.set_state(store, "audit_pushed", str(audit_rows[-1]["seq"]))


def _follow_role(store: Store, role: str) -> None:
    """After the push: a role that may no longer read clinical records drops them here.
    Edits it had not pushed were refused by the hub and are kept in ``sync_refused``."""
    before = outbox.state(store, "hub_role")
    if before == role:
        return
    with store.atomic(), outbox.applying(store):
        outbox.defer_references(store)
        if before is not None and not permissions.allows(role, permissions.VIEW_CLINICAL):
            tables, columns = permissions.hidden_for(role)
            present = [t for t in SYNCED if t in tables] + ["drafts"]
            outbox.purge_clinical(store, present, sorted(columns))
            outbox.set_state(store, "cursor_clinical_purged", outbox.state(store, "cursor"))
        if before is not None and permissions.allows(role, permissions.VIEW_CLINICAL):
            outbox.set_state(store, "cursor", "0")  # newly clinical: fetch what was hidden
        outbox.set_state(store, "hub_role", role)


def pull(
    store: Store,
    conn: Any,
    report: SyncReport,
    progress: Progress | None = None,
    last_change: int | None = None,
    own: list[list[int]] | None = None,
) -> None:
    _restore_indexes(store)  # a first fetch killed part-way set them aside
    start = int(outbox.state(store, "cursor") or 0)
    device = outbox.state(store, "device")
    first_fetch = _is_first_fetch(store, start, last_change)
    size = FIRST_FETCH_PAGE if first_fetch else PULL_PAGE
    # The hub's change order puts a parent changed after its children (a client edited after
    # their contact was recorded) after them, perhaps pages later: references are checked
    # once everything has arrived, not page by page. No table deletes in cascade, so
    # nothing else depends on the check while it is off.
    with (
        outbox.references_checked_at_the_end(store),
        _fetching_all(store, first_fetch),
        _HubAhead() as ahead,
    ):
        after = int(outbox.state(store, "cursor") or 0)
        coming = ahead.call(hub.pull, conn, after, size, device, own or None)
        while True:
            page = coming.result()
            if page["more"]:  # the hub makes the next page while this one is written
                coming = ahead.call(hub.pull, conn, int(page["next"]), size, device, own or None)
            apply_page(store, page, report)
            if progress is not None and last_change and last_change > start:
                done = min(int(page["next"]), last_change) - start
                progress("pull", done, last_change - start)
            if not page["more"]:
                break
        if first_fetch:
            with store.atomic():
                outbox.set_state(store, FETCHING_ALL, None)
    _check_references(store, report)


FETCHING_ALL = "fetching_all"  # sync_state: a first fetch stopped part-way carries on as one


def _is_first_fetch(store: Store, start: int, last_change: int | None) -> bool:
    """A laptop that never pulled (or carries on such a fetch) with many changes to come,
    on a connection that reads every column (only that one may build indexes again)."""
    if not last_change or last_change - start < FIRST_FETCH_FROM:
        return False
    if start != 0 and outbox.state(store, FETCHING_ALL) != "1":
        return False
    return outbox.reads_everything(store.conn)


@contextmanager
def _fetching_all(store: Store, first_fetch: bool) -> Iterator[None]:
    """A first fetch: the synced tables' secondary indexes set aside while the pages arrive
    and built again at the end, whether the fetch finished, failed or was stopped (a kill
    leaves them to the next open or sync); a larger page cache meanwhile."""
    if not first_fetch:
        yield
        return
    from ..store.bundle_load import import_cache

    with store.atomic():
        outbox.set_state(store, FETCHING_ALL, "1")
        outbox.set_aside_indexes(store, SYNCED)
    try:
        with import_cache(store):
            yield
    finally:
        _restore_indexes(store)


def _restore_indexes(store: Store) -> None:
    if outbox.has_indexes_set_aside(store.conn):
        with store.atomic():
            outbox.restore_indexes(store.conn)


def _check_references(store: Store, report: SyncReport) -> None:
    """Records pointing at one this laptop does not hold: kept (the hub has both), said.
    Only a pulled record can leave one so (pointing at a record not here, or being the
    record pointed at, now deleted): a few pulled changes are checked alone, since checking
    every reference of a whole-service laptop takes seconds; a large pull (a join) checks
    everything."""
    pulled = sum(len(ids) for ids in report.records_pulled.values())
    if not pulled:
        return
    whole = pulled > CHECK_EVERY_REFERENCE_FROM
    missing = outbox.missing_references(store, None if whole else report.records_pulled)
    if missing:
        report.warnings.append(
            f"{missing} record(s) refer to records not on this laptop yet; they are "
            "kept and will be complete after a later sync."
        )


def _keep_held_list(store: Store, conn: Any) -> None:
    """An admin's laptop keeps the hub's list of refused and quarantined changes to show."""
    import json

    found = hub.held(conn)
    if found is not None:
        with store.atomic():
            outbox.set_state(store, "hub_held", json.dumps(found, default=str))


def apply_page(store: Store, page: dict[str, Any], report: SyncReport) -> None:
    """One page of the hub's changes, applied in one transaction with the cursor."""
    hidden = _hidden(store)
    community = is_community(store)
    with store.atomic(), outbox.applying(store):
        outbox.defer_references(store)
        # A community database never takes a clinical record, whatever the hub sends (a
        # partner raised to a clinical role joins again for a clinical database).
        changes = [
            c
            for c in page["changes"]
            if c["collection"] in SYNCED
            and not (community and c["collection"] in permissions.CLINICAL_TABLES)
        ]
        # In change order, a run of one collection at a time (parents before children).
        for collection, group in itertools.groupby(changes, key=lambda c: c["collection"]):
            run = list(group)
            waiting = outbox.waiting_for(store, collection, [c["id"] for c in run])
            written = _apply_run(store, collection, run, waiting, hidden)
            report.clients_changed.update(
                c["id"] if collection == "clients" else c["data"].get("client_id") for c in run
            )
            report.records_pulled.setdefault(collection, set()).update(c["id"] for c in run)
            report.pulled += written
            if written:
                report.pulled_by_collection[collection] += written
            outbox.set_versions(store, collection, [(c["id"], c["version"]) for c in run])
        _note_editors(store, changes)
        for conflict in page["conflicts"]:
            _keep_hub_conflict(store, conflict, report)
        outbox.set_state(store, "cursor", str(page["next"]))


def _note_editors(store: Store, changes: list[dict[str, Any]]) -> None:
    """Once this laptop has joined (not during its first fetch): who else changed what."""
    if outbox.state(store, "joined_at") is None:
        return
    me = outbox.state(store, "hub_user")
    outbox.note_changed_by(
        store,
        [(c["id"], c["by"], str(c["at"])) for c in changes if c.get("by") and c["by"] != me],
    )


def _apply_run(store, collection, run, waiting, hidden) -> int:
    written, upserts = 0, []
    for change in run:
        record = {**change["data"], "id": change["id"]}
        pending = waiting.get(change["id"])
        if change["deleted"]:
            # Our unsent edit meeting this delete stays: the hub keeps both as a clash.
            if not pending:
                written += outbox.remove_pulled(store, collection, change["id"])
            continue
        if pending:
            record = _merge_waiting(store, collection, record, pending)
        if collection == "contact_note_versions":
            if outbox.note_version_taken(store, record):
                next_free = outbox.next_note_version(store, record["contact_id"])
                record = {**record, "version": next_free}
            written += outbox.put_pulled(store, collection, [record], hidden)
            continue
        upserts.append(record)
    # A record changed twice in one page: its latest copy only.
    latest = {r["id"]: r for r in upserts}
    return written + outbox.put_pulled(store, collection, list(latest.values()), hidden)


def _hidden(store: Store) -> frozenset:
    """Clinical columns neither this laptop's hub role nor its signed-in role may hold."""
    roles = [outbox.state(store, "hub_role"), session.current_role()]
    if is_community(store):
        roles.append(permissions.COMMUNITY_PARTNER)
    return frozenset().union(*(permissions.hidden_for(r)[1] for r in roles if r))


def _merge_waiting(store, collection, record, waiting) -> dict[str, Any]:
    """The hub's copy with this laptop's unsent edits laid over it by the field rule."""
    merged = record
    for entry in waiting:
        if entry["op"] != "upsert":
            continue
        before = records.from_row(entry["before"]) if entry["before"] else None
        result = merge_change(collection, before, records.from_row(entry["after"]), merged)
        merged = result.record
        for name, live, other in result.clashes:
            # Kept until the push: the hub then records the clash for everyone.
            merged = {**merged, name: other}  # this laptop keeps showing its own edit
            outbox.keep_conflict(
                store,
                {
                    "id": f"local:{collection}:{record['id']}:{name}",
                    "source": "local",
                    "collection": collection,
                    "record_id": record["id"],
                    "field": name,
                    "live_value": live,
                    "other_value": other,
                    "live_author": record.get("author"),
                    "other_author": entry["after"].get("author"),
                },
            )
    return merged


def _keep_hub_conflict(store: Store, k: dict[str, Any], report: SyncReport) -> None:
    known = {c["id"] for c in outbox.open_conflicts(store)}
    key = f"hub:{k['id']}"
    outbox.keep_conflict(
        store,
        {
            "id": key,
            "hub_id": k["id"],
            "source": "hub",
            "collection": k["collection"],
            "record_id": k["record_id"],
            "field": k["field"],
            "live_value": k["live_value"],
            "other_value": k["other_value"],
            "live_author": k["live_author"],
            "other_author": k["other_author"],
            "live_at": k["live_at"],
            "other_at": k["other_at"],
            "resolved_at": k["resolved_at"],
        },
    )
    outbox.forget_local_conflicts(store, k["collection"], k["record_id"], k["field"])
    if key not in known and not k["resolved_at"]:
        report.conflicts += 1


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    """Open clashes: collection, record, field, the live value, the other value, both
    authors and times."""
    return outbox.open_conflicts(store)


def refused(store: Store) -> list[dict[str, Any]]:
    return outbox.refused(store)


# -- joining --------------------------------------------------------------------------------


def join(
    path: Path,
    url: str,
    user: str,
    hub_password: str,
    local_password: str,
    progress: Progress | None = None,
    ca_fingerprint: str | None = None,
) -> SyncReport:
    """A new laptop: an encrypted database for ``user`` with their role from the hub, and
    everything they may see pulled into it. Nothing is created if the hub refuses, or if
    its CA certificate does not match the fingerprint IT read out."""
    from .accounts import create_service_database

    path = Path(path)
    if path.exists():
        raise InvalidInput(f"A database already exists at {path}; nothing was changed.")
    ca_pem = _read_ca(url, ca_fingerprint)
    with _Pinned(ca_pem) as ca, hub.login(url, user, hub_password, ca) as conn:
        role = hub.whoami(conn).get("role")
    if not role or role == "owner":
        raise hub.HubUnavailable(f"The hub does not know {user} as a member of this service.")
    # The person is this laptop's one account, with the role the hub gives them: a
    # community partner gets a community database (no clinical record may ever be in it).
    store, _recovery = create_service_database(path, user, local_password, role=role)
    try:
        with store.atomic():
            outbox.set_state(store, "hub_role", role)
            # Pinned now: the CA checked above (by its file or its fingerprint) is the one
            # every later connection is checked against.
            outbox.set_state(store, "hub_url", url)
            outbox.set_state(store, "hub_ca", ca_pem)
        return sync(store, url, user, hub_password, progress)
    finally:
        store.close()
