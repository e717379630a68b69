"""Talking to the team hub (PostgreSQL through psycopg 3).

Two kinds of connection: the hub's owner (``hub init``, ``hub user …``: authenticated as
libpq does — ``PGPASSWORD``, ``~/.pgpass``, client certificates) and a person's own login
from a laptop, always over TLS with ``verify-full`` against the CA pinned when the laptop
joined. A hub URL never carries a password.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from ..core import permissions
from ..core.errors import InvalidInput, PainClinicError
from . import hub_schema

CONNECT_TIMEOUT = 10  # seconds: an unreachable hub is reported, never waited on for long
LOGIN_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,62}$")


class HubUnavailable(PainClinicError):
    """The hub could not be reached, or refused this login."""


def check_url(url: str) -> dict[str, Any]:
    import psycopg.conninfo

    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise InvalidInput(f"That is not a hub address: {exc}", "hub") from None
    if parts.get("password"):
        raise InvalidInput(
            "A hub address must not carry a password: give it with PAINCLINIC_HUB_PASSWORD "
            "(or PGPASSWORD for the hub's owner).",
            "hub",
        )
    if not parts.get("dbname") or not parts.get("host"):
        raise InvalidInput("A hub address names its server and database.", "hub")
    return parts


@contextmanager
def connect(url: str, **overrides: Any) -> Iterator[Any]:
    """A connection to the hub; failures to reach or sign in become ``HubUnavailable``."""
    import psycopg

    check_url(url)
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True, **overrides)
    except psycopg.OperationalError as exc:
        raise HubUnavailable(
            f"Could not reach the hub or sign in to it: {_first_line(exc)}"
        ) from None
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def login(url: str, user: str, password: str, ca_file: str) -> Iterator[Any]:
    """A person's own login: TLS verify-full against the pinned CA, never anything less."""
    with connect(
        url, user=user, password=password, sslmode="verify-full", sslrootcert=ca_file
    ) as conn:
        yield conn


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or ["unknown error"])[0]


# -- the owner's side -------------------------------------------------------------------


def role_prefix(dbname: str) -> str:
    return "pc_" + re.sub(r"[^a-z0-9_]", "_", dbname.lower())[:40]


def group(prefix: str, role: str) -> str:
    return f"{prefix}_{role}"


def init(conn: Any, laptop_schema: int) -> list[str]:
    """Create or upgrade the hub schema; return the migrations applied now (idempotent)."""
    from psycopg import sql

    applied_now = []
    with conn.transaction():
        cur = conn.cursor()
        owner, dbname = cur.execute("SELECT current_user, current_database()").fetchone()
        prefix = role_prefix(dbname)
        cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('painclinic.init', 0))")
        cur.execute("CREATE SCHEMA IF NOT EXISTS painclinic")
        cur.execute(
            "CREATE TABLE IF NOT EXISTS painclinic.migrations (id integer PRIMARY KEY, "
            "name text NOT NULL UNIQUE, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur.execute("ALTER TABLE painclinic.migrations ENABLE ROW LEVEL SECURITY")
        cur.execute("ALTER TABLE painclinic.migrations FORCE ROW LEVEL SECURITY")
        cur.execute(
            "SELECT 1 FROM pg_policies WHERE schemaname = 'painclinic' AND tablename = 'migrations'"
        )
        if cur.fetchone() is None:
            cur.execute(
                sql.SQL(
                    "CREATE POLICY hub_owner ON painclinic.migrations TO {} USING (true)"
                ).format(sql.Identifier(owner))
            )
        for role in permissions.ROLES:
            name = group(prefix, role)
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        done = {r[0] for r in cur.execute("SELECT name FROM painclinic.migrations")}
        ctx = {"owner": owner, "prefix": prefix, "laptop_schema": laptop_schema}
        for number, (name, apply) in enumerate(hub_schema.MIGRATIONS, start=1):
            if name in done:
                continue
            apply(cur, ctx)
            cur.execute(
                "INSERT INTO painclinic.migrations (id, name) VALUES (%s, %s)", (number, name)
            )
            applied_now.append(name)
        # A newer app understands newer laptops: the hub learns it here.
        cur.execute(
            "UPDATE painclinic.service SET laptop_schema = greatest(laptop_schema, %s)",
            (laptop_schema,),
        )
    return applied_now


def _prefix(cur: Any) -> str:
    row = cur.execute("SELECT role_prefix FROM painclinic.service").fetchone()
    if row is None:
        raise InvalidInput("This hub has not been set up: run `painclinic hub init` first.")
    return row[0]


def _checked_login(name: str) -> str:
    if not LOGIN_NAME.match(name or ""):
        raise InvalidInput(
            "A hub login is lower-case letters, digits, '_', '.' or '-', starting with a "
            "letter (at most 63).",
            "name",
        )
    return name


def _checked_role(role: str) -> str:
    if role not in permissions.ROLES:
        raise InvalidInput(f"Unknown role {role!r}: one of {', '.join(permissions.ROLES)}.")
    return role


def add_user(conn: Any, name: str, role: str, password: str) -> None:
    """A login for one person, in the group of their role. The password is hashed (SCRAM)
    here, so it never reaches the server's statement log as text."""
    from psycopg import sql

    name, role = _checked_login(name), _checked_role(role)
    if len(password) < 10:
        raise InvalidInput("A hub password is at least 10 characters.", "password")
    verifier = conn.pgconn.encrypt_password(
        password.encode(), name.encode(), b"scram-sha-256"
    ).decode()
    with conn.transaction():
        cur = conn.cursor()
        prefix = _prefix(cur)
        if cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            raise InvalidInput(f"There is already a login called {name}; nothing was changed.")
        cur.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(verifier), sql.Identifier(group(prefix, role))
            )
        )
        cur.execute("INSERT INTO painclinic.people (login, role) VALUES (%s, %s)", (name, role))


def disable_user(conn: Any, name: str) -> None:
    """Switch a login off at once: it can no longer connect, and the hub stops answering it."""
    from psycopg import sql

    with conn.transaction():
        cur = conn.cursor()
        _prefix(cur)
        found = cur.execute(
            "UPDATE painclinic.people SET disabled_at = now() WHERE login = %s RETURNING 1",
            (_checked_login(name),),
        ).fetchone()
        if not found:
            raise InvalidInput(f"There is no hub login called {name}.")
        cur.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(name)))


def change_role(conn: Any, name: str, role: str) -> None:
    from psycopg import sql

    name, role = _checked_login(name), _checked_role(role)
    with conn.transaction():
        cur = conn.cursor()
        prefix = _prefix(cur)
        row = cur.execute(
            "SELECT role FROM painclinic.people WHERE login = %s FOR UPDATE", (name,)
        ).fetchone()
        if row is None:
            raise InvalidInput(f"There is no hub login called {name}.")
        cur.execute(
            sql.SQL("REVOKE {} FROM {}").format(
                sql.Identifier(group(prefix, row[0])), sql.Identifier(name)
            )
        )
        cur.execute(
            sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(group(prefix, role)), sql.Identifier(name)
            )
        )
        cur.execute("UPDATE painclinic.people SET role = %s WHERE login = %s", (role, name))


# -- a person's side --------------------------------------------------------------------


def whoami(conn: Any) -> dict[str, Any]:
    return _call(conn, "SELECT painclinic.whoami_v1()")


OWN_CHANGES = "own_changes"  # a hub (migration 0008) that says which changes a push took
PUSH_V3 = "push_v3"  # a hub (migration 0009) that answers new records set-based


def push_function(features: list[str] | None) -> str:
    """The newest push the hub has: push_v3 and push_v2 also say which change numbers the
    push took (``own_changes``)."""
    found = features or []
    return PUSH_V3 if PUSH_V3 in found else "push_v2" if OWN_CHANGES in found else "push_v1"


def push(
    conn: Any,
    batch: dict[str, Any] | str,
    own_changes: bool = False,
    function: str | None = None,
) -> dict[str, Any]:
    """One page of the outbox (a batch, or its JSON text from ``batch_text``), by
    ``function`` (see ``push_function``). With ``own_changes`` (push_v2 and later) the answer
    also says which change numbers this push took (``own_changes``: [first, last])."""
    function = function or ("push_v2" if own_changes else "push_v1")
    if function not in ("push_v1", "push_v2", PUSH_V3):
        raise ValueError(function)
    text = batch if isinstance(batch, str) else json.dumps(batch)
    return _call(conn, f"SELECT painclinic.{function}(%s::jsonb)", (text,))


def batch_text(batch: dict[str, Any], entries: list[str]) -> str:
    """A batch's JSON text with its entries given as JSON texts already (made by SQLite):
    nothing decoded and encoded again."""
    head = json.dumps({k: v for k, v in batch.items() if k != "entries"})
    return head[:-1] + (", " if len(head) > 2 else "") + '"entries": [' + ",".join(entries) + "]}"


def pull(
    conn: Any,
    after: int,
    page: int,
    device: str | None = None,
    own: list[list[int]] | None = None,
) -> dict[str, Any]:
    """Changes after ``after``. With ``own`` (spans of change numbers this device's pushes
    took in this run) the records those pushes created are left out: they are here already."""
    if own is None:
        return _call(conn, "SELECT painclinic.pull_v1(%s, %s)", (after, page))
    return _call(
        conn,
        "SELECT painclinic.pull_v2(%s, %s, %s, %s::jsonb)",
        (after, page, device, json.dumps(own)),
    )


def held(conn: Any) -> list[dict[str, Any]] | None:
    """What the hub refused or quarantined from anyone (an admin's login only); None from a
    hub not yet upgraded to list it."""
    import psycopg

    try:
        with conn.transaction():
            row = conn.execute("SELECT painclinic.held_v1()").fetchone()
    except psycopg.errors.UndefinedFunction:
        return None
    except psycopg.errors.InsufficientPrivilege:
        return None
    except psycopg.OperationalError as exc:
        raise HubUnavailable(f"The connection to the hub was lost: {_first_line(exc)}") from None
    value = row[0]
    return value if isinstance(value, list) else json.loads(value)


def _call(conn: Any, statement: str, params: tuple = ()) -> dict[str, Any]:
    import psycopg

    try:
        with conn.transaction():
            row = conn.execute(statement, params).fetchone()
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubUnavailable(f"The hub refused this login: {_first_line(exc)}") from None
    except psycopg.OperationalError as exc:
        raise HubUnavailable(f"The connection to the hub was lost: {_first_line(exc)}") from None
    value = row[0]
    return value if isinstance(value, dict) else json.loads(value)


def hub_time(answer: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(answer["hub_time"]))
