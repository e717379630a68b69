"""What the desktop shows about the team hub: the state in one line, the log of runs, the
pinned certificate's fingerprint, the clashes by client, and settling a clash.

A run is logged whether it finished or not (an unreachable hub is "offline"); the log keeps
the last ``LOG_LENGTH`` runs inside the encrypted database, never a client's details.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..core.errors import InvalidInput
from ..store import hub, hub_certificate, outbox, records
from ..store.database import Store
from . import sync, writes
from .audit import client_of

LOG_LENGTH = 50
DELETED = "(deleted)"  # the field of a clash between a delete and an edit


@dataclass(frozen=True)
class SyncStatus:
    joined: bool
    last_sync: str | None  # ISO time (UTC) of the last finished run
    waiting: int  # changes not yet accepted by the hub
    clashes: int  # open clashes
    refused: int  # changes the hub refused or quarantined, kept on this laptop
    offline: str | None  # why the last run could not reach the hub (None: it could)


def is_joined(store: Store) -> bool:
    return bool(outbox.state(store, "hub_url"))


def status(store: Store) -> SyncStatus:
    return SyncStatus(
        joined=is_joined(store),
        last_sync=outbox.state(store, "last_sync"),
        waiting=outbox.waiting(store),
        clashes=outbox.open_conflict_count(store),
        refused=outbox.refused_count(store),
        offline=outbox.state(store, "offline"),
    )


def run(store: Store, progress: sync.Progress | None = None, **login: Any) -> sync.SyncReport:
    """One sync, logged: finished, or why not. ``login`` (hub_url, user, password) connects
    a laptop to a hub the first time; afterwards the remembered login is used."""
    started = _now()
    try:
        report = sync.sync(store, progress=progress, **login)
    except hub.HubUnavailable as exc:
        if is_joined(store):
            with store.atomic():
                outbox.set_state(store, "offline", str(exc))
                _log(store, {"at": started, "result": "offline", "message": str(exc)})
        raise
    with store.atomic():
        outbox.set_state(store, "offline", None)
        if outbox.state(store, "joined_at") is None:
            outbox.set_state(store, "joined_at", started)
        _log(
            store,
            {
                "at": started,
                "result": "finished",
                "pushed": report.pushed,
                "pulled": report.pulled,
                "conflicts": report.conflicts,
                "rejected": report.rejected,
                "waiting": report.waiting,
                "warnings": report.warnings,
            },
        )
    return report


def _log(store: Store, entry: dict[str, Any]) -> None:
    kept = log(store)
    kept.append(entry)
    outbox.set_state(store, "log", json.dumps(kept[-LOG_LENGTH:]))


def joined_at(store: Store) -> str | None:
    """When this laptop first synced with the hub: changes by others since then are news."""
    return outbox.state(store, "joined_at")


def changed_by_others(store: Store, record_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Record id → (who, when) for records someone else changed since this laptop joined."""
    return outbox.changed_by(store, record_ids)


def log(store: Store) -> list[dict[str, Any]]:
    """The last runs, oldest first."""
    text = outbox.state(store, "log")
    return json.loads(text) if text else []


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the hub's address and certificate -------------------------------------------------------


def ca_fingerprint(pem: str) -> str:
    """SHA-256 of the certificate, in the colon-separated pairs IT reads out."""
    return hub_certificate.pem_fingerprint(pem)


def same_fingerprint(typed: str, actual: str) -> bool:
    """As read out: spaces, colons and letter case do not matter."""
    plain = hub_certificate.plain_fingerprint
    return bool(plain(typed)) and plain(typed) == plain(actual)


def hub_url(address: str, ca_file: str | Path, fingerprint: str = "") -> str:
    """The hub URL from what a person is given: the hub's address (``hub.trust.nhs.uk/
    pain_bradford``, ``host:port/db`` or a full ``postgresql://`` URL) and the CA file, or
    instead of the file the CA's fingerprint as IT read it out (the certificate is then
    fetched from the hub and pinned when it matches: see ``store/hub_certificate.py``).
    With both, the file must match the fingerprint. Nothing is fetched here."""
    address = address.strip()
    if not address:
        raise InvalidInput("Please type the hub's address (from your service's IT).", "hub")
    if "://" not in address:
        address = "postgresql://" + address
    sep = "&" if "?" in address else "?"
    if not str(ca_file).strip():
        if not fingerprint.strip():
            raise InvalidInput(
                "Please choose the hub's CA certificate file (ca.crt), or type its "
                "fingerprint as IT read it out.",
                "ca",
            )
        hub_certificate.checked_fingerprint(fingerprint)
        url = f"{address}{sep}sslmode=verify-full"
        hub.check_url(url)
        return url
    ca_path = Path(str(ca_file).strip()).expanduser()
    try:
        pem = ca_path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Could not read the CA certificate {ca_path}: {exc}", "ca") from None
    actual = ca_fingerprint(pem)
    if fingerprint.strip() and not same_fingerprint(fingerprint, actual):
        raise InvalidInput(
            "The certificate file does not match the fingerprint IT read out. Do not "
            f"connect: ask IT for the right file. (The file's fingerprint is {actual}.)",
            "ca",
        )
    url = f"{address}{sep}sslmode=verify-full&sslrootcert={quote(str(ca_path))}"
    hub.check_url(url)
    return url


@dataclass(frozen=True)
class HubDetails:
    url: str | None
    user: str | None
    role: str | None
    fingerprint: str | None


def details(store: Store) -> HubDetails:
    pem = outbox.state(store, "hub_ca")
    url = outbox.state(store, "hub_url")
    return HubDetails(
        url=_shown_url(url) if url else None,
        user=outbox.state(store, "hub_user"),
        role=outbox.state(store, "hub_role"),
        fingerprint=ca_fingerprint(pem) if pem else None,
    )


def _shown_url(url: str) -> str:
    """The server and database, without the local file name of the certificate."""
    parts = hub.check_url(url)
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"{parts['host']}{port}/{parts['dbname']}"


# -- clashes -------------------------------------------------------------------------------


def clashes(store: Store) -> list[dict[str, Any]]:
    """Open clashes, each with the client it belongs to (id and name) where there is one."""
    found = sync.open_conflicts(store)
    for clash in found:
        record = records.get(store, clash["collection"], clash["record_id"])
        client_id = client_of(clash["collection"], record) if record else None
        clash["client_id"] = client_id
        clash["client_name"] = _client_name(store, client_id)
    return found


def clients_with_clashes(store: Store) -> dict[str, int]:
    """Client id → number of open clashes on their records (for the badges)."""
    counts: dict[str, int] = {}
    for clash in clashes(store):
        if clash["client_id"]:
            counts[clash["client_id"]] = counts.get(clash["client_id"], 0) + 1
    return counts


def _client_name(store: Store, client_id: str | None) -> str | None:
    return outbox.client_name(store, client_id) if client_id else None


def resolve(store: Store, clash_id: str, keep: str, author: str) -> dict[str, Any]:
    """Settle a clash by an ordinary edit that names it: the record takes the value kept
    (``keep`` is "live" or "other"); the clash, with both values, stays in the history and
    the hub marks it settled for everyone at the next sync."""
    if keep not in ("live", "other"):
        raise InvalidInput("Choose which value to keep.")
    clash = next((c for c in sync.open_conflicts(store) if c["id"] == clash_id), None)
    if clash is None:
        raise InvalidInput("That clash is already settled (perhaps on another laptop).")
    if clash["source"] != "hub" or clash["hub_id"] is None:
        raise InvalidInput(
            "This clash has not reached the hub yet. Sync first (F9); then settle it."
        )
    if clash["field"] == DELETED:
        raise InvalidInput(
            "One person deleted this record while another changed it. It cannot be settled "
            "here yet: ask the service's admin."
        )
    collection, record_id = clash["collection"], clash["record_id"]
    current = records.get(store, collection, record_id)
    if current is None:
        raise InvalidInput("That record is no longer on this laptop.")
    value = clash["live_value"] if keep == "live" else clash["other_value"]
    with store.atomic():
        saved = writes.change(store, collection, {**current, clash["field"]: value}, author)
        outbox.name_resolved(store, collection, record_id, [int(clash["hub_id"])])
        outbox.settle_conflict(store, clash_id)
    return saved


# -- refused ------------------------------------------------------------------------------


def refused_here(store: Store) -> list[dict[str, Any]]:
    """This laptop's changes the hub refused or quarantined, kept whole here."""
    return sync.refused(store)


def refused_on_hub(store: Store) -> list[dict[str, Any]]:
    """Everyone's refused and quarantined changes, as an admin's last sync saw them."""
    text = outbox.state(store, "hub_held")
    return json.loads(text) if text else []


# -- a new laptop joining ----------------------------------------------------------------------


def join_laptop(
    path: Path,
    url: str,
    user: str,
    hub_password: str,
    local_password: str,
    progress: sync.Progress | None = None,
    ca_fingerprint: str | None = None,
) -> Store:
    """A new laptop: its database made from the hub and signed in as the person, working in
    the role the hub gives them. A join that was stopped part-way (``progress`` raised) is
    carried on from where it stopped when asked again: what was fetched is kept. With
    ``ca_fingerprint`` and no CA file in ``url``, the hub's CA is found by its fingerprint."""
    from . import accounts

    path = Path(path)
    if not path.exists():
        started = _now()
        sync.join(path, url, user, hub_password, local_password, progress, ca_fingerprint)
        store = accounts.sign_in(path, user, local_password)
        with store.atomic():
            outbox.set_state(store, "joined_at", started)
        return _signed_in_as_hub_role(store)
    store = accounts.sign_in(path, user, local_password)
    try:
        if outbox.state(store, "hub_user") != user or not is_joined(store):
            raise InvalidInput(
                f"There is already a PainClinic database at {path} that did not join this "
                "hub as you; nothing was changed. Open it instead, or choose another folder."
            )
        _signed_in_as_hub_role(store)
        run(store, progress)
    except BaseException:
        store.close()
        raise
    return store


def _signed_in_as_hub_role(store: Store) -> Store:
    from . import session

    role = outbox.state(store, "hub_role")
    signed = session.signed_in()
    if role and signed is not None:
        session.sign_in_as(signed.name, role)
        store.restrict_to(role)
    return store
