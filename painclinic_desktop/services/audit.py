"""Recording actions in the audit trail, checking it, and reading it (admin only)."""

from __future__ import annotations

from typing import Any

from ..core import permissions, signed_slots
from ..core.audit_chain import head_statement, signature_detail
from ..core.progress import UNWATCHED, Progress
from ..store import audit, keys
from ..store.database import Store
from . import session


def record(
    store: Store,
    action: str,
    collection: str | None = None,
    record_id: str | None = None,
    client_id: str | None = None,
    detail: str | None = None,
    actor: str | None = None,
) -> int:
    """Append one row as the signed-in person; call inside the change's own transaction."""
    entry = audit.Entry(
        actor or session.current_staff(), action, collection, record_id, client_id, detail
    )
    return audit.append(store, entry)


def client_of(collection: str, saved: dict[str, Any]) -> str | None:
    """The client a record belongs to, for filtering the trail by client."""
    if collection == "clients":
        return saved.get("id")
    return saved.get("client_id")


def record_write(store: Store, collection: str, saved: dict[str, Any], new: bool) -> None:
    record(
        store,
        audit.CREATE if new else audit.UPDATE,
        collection,
        saved.get("id"),
        client_of(collection, saved),
    )


def record_view(store: Store, client_id: str) -> None:
    with store.atomic():
        record(store, audit.VIEW_RECORD, "clients", client_id, client_id)


def sign_head(
    store: Store, signing_key: bytes | None, actor: str | None = None, first: bool = False
) -> None:
    """The service signing key vouches for the trail as it stands (at each admin sign-in and
    backup): a row naming the newest row and its hash, signed. Someone who rewrites the trail
    outside the app and recomputes the hashes cannot sign it again; and a trail whose newest
    signature no longer holds is not signed again (that would bless the rewrite) unless this
    is its ``first`` signature (a new or newly signed database, or the recovery key)."""
    if signing_key is None:
        return
    if not first and not _newest_signature_holds(store):
        return
    with store.atomic():
        newest = audit.head(store)
        if newest is None:
            return
        seq, head_hash = newest
        signature = signed_slots.sign_text(signing_key, head_statement(seq, head_hash))
        record(
            store,
            audit.CHAIN_SIGNED,
            detail=signature_detail(seq, head_hash, signature),
            actor=actor,
        )


def verify(store: Store, progress: Progress = UNWATCHED) -> list[str]:
    """Breaks in the hash chain, and whether the newest signature of the service still holds
    (anyone may check; the rows themselves are admin-only). ``progress`` hears how many rows
    are hashed and may stop the check."""
    problems = audit.verify(store, progress)
    vouched, newest = vouched_for(store)
    if newest is not None and vouched != newest:
        problems.append(
            f"the newest signature of the trail (for rows 1 to {newest}) no longer holds: "
            f"from row {vouched + 1} on it cannot be vouched for"
        )
    elif newest is None and keys.load(store.path).service_key is not None:
        problems.append(
            "the trail carries no signature of the service: from row 1 on it cannot be vouched for"
        )
    return problems


def vouched_for(store: Store) -> tuple[int, int | None]:
    """(the last row the service's signatures still vouch for, or 0; the last row the newest
    signature claims, or None when there is none). A signature holds when it verifies with
    the service signing key, the row it names still has the hash it signed, and the chain
    holds up to that row."""
    keyfile = keys.load(store.path)
    found = audit.signatures(store)
    if keyfile.service_key is None or not found:
        return 0, None
    known = _known_keys(store, keyfile)
    broken = audit.first_break(store)
    for _row, seq, head_hash, signature in found:
        statement = head_statement(seq, head_hash)
        if (
            any(signed_slots.verify_text(key, statement, signature) for key in known)
            and audit.hash_at(store, seq) == head_hash
            and (broken is None or broken > seq)
        ):
            return seq, found[0][1]
    return 0, found[0][1]


def trail(store: Store, **filters: Any) -> list[dict[str, Any]]:
    session.require(permissions.VIEW_AUDIT)
    return audit.search(store, **filters)


def _known_keys(store: Store, keyfile: keys.KeyFile) -> list[str]:
    """The service's signing key, the one a change under way moves to, and every key before
    them that a later key named as its predecessor (so older signatures still count)."""
    known = [keyfile.service_key] if keyfile.service_key else []
    if keyfile.pending and keyfile.pending.get("service_key"):
        known.append(keyfile.pending["service_key"])
    for previous, new, word in audit.key_changes(store):  # newest first
        if new in known and previous not in known:
            if signed_slots.verify_text(new, signed_slots.predecessor_text(previous), word):
                known.append(previous)
    return known


def _newest_signature_holds(store: Store) -> bool:
    """The newest signature verifies, its row still has the signed hash and the rows after it
    follow on (a quick check: the rows before it are covered by the hash it signed, and an
    edit there without recomputing the chain stays visible to ``verify``)."""
    keyfile = keys.load(store.path)
    found = audit.signatures(store)
    if keyfile.service_key is None or not found:
        return False
    _row, seq, head_hash, signature = found[0]
    statement = head_statement(seq, head_hash)
    return (
        any(signed_slots.verify_text(k, statement, signature) for k in _known_keys(store, keyfile))
        and audit.hash_at(store, seq) == head_hash
        and audit.first_break(store, after=seq) is None
    )


def actors(store: Store) -> list[str]:
    """Everyone who appears in the trail, for the audit screen's filter."""
    return audit.actors(store)
