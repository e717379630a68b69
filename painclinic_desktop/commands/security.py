"""`backup`, `restore`, `audit verify` and `users …` (and `init --admin`'s set-up)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ..core.permissions import ROLES
from .common import (
    add_db_option,
    credentials,
    db_path,
    needs_sign_in,
    new_password,
    open_store,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backup", help="back up the database (checked, encrypted)")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the backup here (e.g. a portable "
        "drive); without it, a dated backup goes to the backups folder",
    )
    add_db_option(p)
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="replace the database with a checked backup")
    p.add_argument("file", metavar="FILE")
    add_db_option(p)
    p.set_defaults(func=run_restore)

    p = subparsers.add_parser("audit", help="the audit trail")
    audit = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit.add_parser("verify", help="check that no audit row has been changed or removed")
    add_db_option(v)
    v.set_defaults(func=run_audit_verify)

    _register_users(subparsers)


def _register_users(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("users", help="user accounts (admin)")
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    actions = {
        "list": ("list the accounts and their roles", run_users_list, ()),
        "add": ("add an account", run_users_add, ("name", "role")),
        "reset": ("give someone a new password", run_users_reset, ("name",)),
        "disable": ("switch off a leaver's account at once", run_users_disable, ("name",)),
        "role": ("change someone's role", run_users_role, ("name", "role")),
        "password": ("change your own password", run_users_password, ()),
        "recovery-key": (
            "make a new recovery key (the old one stops working)",
            run_users_recovery_key,
            (),
        ),
        "recover": ("set a new admin password with the recovery key", run_users_recover, ("name",)),
    }
    for action, (help_text, func, positional) in actions.items():
        a = users.add_parser(action, help=help_text)
        for name in positional:
            if name == "role":
                a.add_argument("role", choices=ROLES)
            else:
                a.add_argument(name, metavar="NAME")
        add_db_option(a)
        a.set_defaults(func=func)


def create_service_database(path: Path, admin: str) -> int:
    """`init --admin NAME`: the encrypted database, its first admin and the recovery key."""
    from ..services.accounts import create_service_database as create

    password = os.environ.get("PAINCLINIC_PASSWORD") or new_password(f"Password for {admin}")
    store, recovery_key = create(path, admin, password)
    store.close()
    print(f"Created an encrypted service database at {path}, with {admin} as its admin.")
    print("\nRECOVERY KEY (shown only this once):\n")
    print(f"    {recovery_key}\n")
    print(
        "Write it down or print it and keep it locked away, off this laptop. With it an "
        "admin can set a new password if every admin password is forgotten."
    )
    return 0


def create_community_database(path: Path, partner: str) -> int:
    """`init --partner NAME`: a community partner's own database, with no clinical record."""
    from ..services.community import create_community_database as create

    password = os.environ.get("PAINCLINIC_PASSWORD") or new_password(f"Password for {partner}")
    create(path, partner, password).close()
    print(
        f"Created {partner}'s community database at {path}: it never holds a clinical "
        "record. Fill it with a partner bundle from the service (`painclinic import FILE`)."
    )
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from ..services.backup import automatic_backup, backup_folder, backup_now
    from ..services.session import require

    store = open_store(args)
    try:
        if args.out:
            made = backup_now(store, args.out)
        else:
            require("backup_restore")
            made = automatic_backup(store, "on request")
    finally:
        store.close()
    rows = sum(made.counts.values())
    print(f"Backed up and checked ({rows:,} rows) to {made.path}.")
    if not args.out:
        print(f"Backups are kept in {backup_folder(db_path(args))}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ..core.errors import DatabaseDamaged, NotADatabase
    from ..core.security_errors import AccountDisabled
    from ..services.backup import restore, restore_over_unusable

    path, source = db_path(args), Path(args.file)
    if not path.exists():
        return _restore_as_new(args, path, source)
    try:
        store = open_store(args)
    except (DatabaseDamaged, NotADatabase, AccountDisabled) as exc:
        print(f"painclinic: the database cannot be opened ({exc})", file=sys.stderr)
        name, password = credentials() if needs_sign_in(path) else (None, None)
        done = restore_over_unusable(path, source, name, password)
    else:
        done = restore(store, source)
    done.store.close()
    print(f"Restored {source.name} into {path}.")
    if done.kept_checked:
        print(
            f"The database it replaced is kept, checked, as {done.kept}. To go back to it:\n"
            f'    painclinic --db "{path}" restore "{done.kept}"'
        )
    else:
        print(
            f"The database it replaced could not be opened; its file is kept as it was in "
            f"{done.kept} (it may not restore)."
        )
    return 0


def _restore_as_new(args: argparse.Namespace, path: Path, source: Path) -> int:
    from ..services.accounts import data_key_for
    from ..services.backup import is_encrypted, restore_as_new

    name, key = None, None
    if is_encrypted(source):
        name, password = credentials()
        key = data_key_for(source, name, password)
    restore_as_new(source, path, key, name)
    open_store(args).close()  # signs in: proves the copy opens before anyone relies on it
    print(f"Restored {source.name} as {path}.")
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    from ..services.audit import verify, vouched_for
    from ..store.audit import count

    store = open_store(args)
    try:
        problems, rows = verify(store), count(store)
        vouched, _newest = vouched_for(store)
    finally:
        store.close()
    if not problems:
        print(f"The audit trail is intact ({rows:,} rows).")
        if vouched:
            print(
                f"The service's signature vouches for rows 1 to {vouched:,}; the rows after "
                "it are signed at the next admin sign-in or backup."
            )
        return 0
    print("The audit trail has been tampered with or damaged:", file=sys.stderr)
    for problem in problems[:50]:
        print(f"  {problem}", file=sys.stderr)
    return 1


def run_users_list(args: argparse.Namespace) -> int:
    from ..services.session import role_words
    from ..services.users import list_accounts

    store = open_store(args)
    try:
        for account in list_accounts(store):
            state = "" if account.active else f"  (switched off {account.disabled_at[:10]})"
            print(f"{account.name}: {role_words(account.role)}{state}")
    finally:
        store.close()
    return 0


def _with_store(args: argparse.Namespace, action) -> int:
    store = open_store(args)
    try:
        action(store)
    finally:
        store.close()
    return 0


def run_users_add(args: argparse.Namespace) -> int:
    from ..services.users import add_account

    def add(store) -> None:
        add_account(store, args.name, args.role, new_password(f"Password for {args.name}"))
        print(
            f"Added {args.name}. Give them the password in person; they can change it "
            "with `painclinic users password`."
        )

    return _with_store(args, add)


def run_users_reset(args: argparse.Namespace) -> int:
    from ..services.users import reset_password

    def reset(store) -> None:
        reset_password(store, args.name, new_password(f"New password for {args.name}"))
        print(f"{args.name} has a new password.")

    return _with_store(args, reset)


def run_users_disable(args: argparse.Namespace) -> int:
    from ..services.users import disable_account

    def disable(store) -> None:
        notes = disable_account(store, args.name, progress=_progress)
        print(f"{args.name} is switched off and can no longer sign in (the data key is new).")
        _print_notes(notes)

    return _with_store(args, disable)


def run_users_role(args: argparse.Namespace) -> int:
    from ..services.users import change_role

    def change(store) -> None:
        notes = change_role(store, args.name, args.role, progress=_progress)
        print(f"{args.name} is now {args.role}.")
        _print_notes(notes)

    return _with_store(args, change)


def _progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"Please note: {note}.")


def run_users_password(args: argparse.Namespace) -> int:
    from ..services.users import change_own_password

    def change(store) -> None:
        old = os.environ.get("PAINCLINIC_PASSWORD") or getpass.getpass("Current password: ")
        change_own_password(store, old, new_password())
        print("Your password has been changed.")

    return _with_store(args, change)


def run_users_recovery_key(args: argparse.Namespace) -> int:
    from ..services.users import replace_recovery_key

    def replace(store) -> None:
        key = replace_recovery_key(store)
        print(
            f"NEW RECOVERY KEY (shown only this once):\n\n    {key}\n\nThe old one no longer "
            "works. Keep this one locked away, off this laptop."
        )

    return _with_store(args, replace)


def run_users_recover(args: argparse.Namespace) -> int:
    from ..services.accounts import recover

    typed = os.environ.get("PAINCLINIC_RECOVERY_KEY")
    if not typed:
        print("Recovery key: ", end="", file=sys.stderr, flush=True)
        typed = sys.stdin.readline()
    store = recover(db_path(args), typed, args.name, new_password(f"New password for {args.name}"))
    store.close()
    print(f"{args.name} has a new password.")
    return 0
