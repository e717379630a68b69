"""Named accounts: who may sign in, with which role, and whether they have left."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.keyslots import account_key
from .database import Store


@dataclass(frozen=True)
class Account:
    name: str  # as typed when the account was made; the author of their records
    role: str
    disabled_at: str | None = None

    @property
    def key(self) -> str:
        return account_key(self.name)

    @property
    def active(self) -> bool:
        return self.disabled_at is None


def get(store: Store, name: str) -> Account | None:
    row = store.conn.execute(
        "SELECT name, role, disabled_at FROM accounts WHERE name_key = ?", (account_key(name),)
    ).fetchone()
    return Account(*row) if row else None


def all_accounts(store: Store) -> list[Account]:
    rows = store.conn.execute("SELECT name, role, disabled_at FROM accounts ORDER BY name_key")
    return [Account(*r) for r in rows]


def insert(store: Store, account: Account, created_at: str, created_by: str | None) -> None:
    store.conn.execute(
        "INSERT INTO accounts (name_key, name, role, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        (account.key, account.name, account.role, created_at, created_by),
    )


def set_role(store: Store, name: str, role: str) -> None:
    store.conn.execute("UPDATE accounts SET role = ? WHERE name_key = ?", (role, account_key(name)))


def set_disabled(store: Store, name: str, at: str | None, by: str | None) -> None:
    store.conn.execute(
        "UPDATE accounts SET disabled_at = ?, disabled_by = ? WHERE name_key = ?",
        (at, by, account_key(name)),
    )


def last_sign_ins(store: Store) -> dict[str, str]:
    """{account key: time of the latest sign-in in the audit trail}."""
    rows = store.conn.execute(
        "SELECT actor, MAX(at) FROM audit_log WHERE action = 'sign_in' GROUP BY actor"
    )
    found: dict[str, str] = {}
    for actor, at in rows:
        key = account_key(actor)
        found[key] = max(found.get(key, ""), at)
    return found
