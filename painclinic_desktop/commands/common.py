"""Helpers shared by subcommands: the ``--db`` option, signing in and opening the database.

A service database (encrypted, with a key file beside it) is opened only after signing in:
``PAINCLINIC_USER`` / ``PAINCLINIC_PASSWORD`` from the environment when set, otherwise a
prompt on the terminal (the password without echo).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ..core.errors import InvalidInput
from ..paths import default_db_path

# What each command needs beyond signing in, checked before it touches any record.
# A tuple: any one of them (a partner imports and exports partner bundles only).
COMMAND_PERMISSIONS: dict[str, str | tuple[str, ...]] = {
    "import": ("import_bundle", "partner_bundle"),
    "export-bundle": ("export_bundle", "partner_bundle"),
    "monthly-return": "export_monthly_return",
    "evaluation": "export_monthly_return",
    "service-report": "export_monthly_return",
    "gp-summary": "print_gp_summary",
    "plan-pdf": "view_clinical",
    "training-report": "run_training",
    "costing": "cost_programmes",
    "imd-lookup": "manage_users",
}


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # Accepted after the subcommand too, so `painclinic import x.json --db y.db` works.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the service database (default: the one in your data folder)",
    )


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def needs_sign_in(path: Path) -> bool:
    from ..store.connection import keys_path

    # Without a key file an encrypted-looking file cannot be opened anyway: opening it
    # explains that the key file is missing rather than asking for a password.
    return path.exists() and keys_path(path).exists()


def say_when_waiting() -> None:
    """A save that waits for another program's (a long import) says so on the terminal."""
    from ..store import database

    database.busy_notice = lambda text: print(f"painclinic: {text}", file=sys.stderr, flush=True)


def open_store(args: argparse.Namespace, create: bool = False):
    """The database for this command, signed in when it is a service database."""
    from ..store.database import open_store as _open

    say_when_waiting()
    path = db_path(args)
    if not needs_sign_in(path):
        store = _open(path, create=create)
        if store.is_demo:
            from ..services.demo import practise_as_demo_staff

            practise_as_demo_staff(store)  # "Prepared by" a demo coach, not the login
        return store
    store = sign_in(path)
    needed = COMMAND_PERMISSIONS.get(getattr(args, "command", None) or "")
    if needed:
        from ..services.session import can, require

        try:
            choices = needed if isinstance(needed, tuple) else (needed,)
            if not any(can(p) for p in choices):
                require(choices[0])
        except BaseException:
            store.close()
            raise
    return store


def _tell(store) -> None:
    """What a step at opening did (a database split for partners), on the terminal."""
    for notice in getattr(store, "notices", []):
        print(f"painclinic: {notice}", file=sys.stderr)


def sign_in(path: Path):
    """Sign in to the service database at ``path`` as the person at the keyboard."""
    from ..services.accounts import sign_in as _sign_in

    say_when_waiting()
    name, password = credentials()
    store = _sign_in(path, name, password)
    _tell(store)
    store.notices = []  # told once
    return store


def signed_in_path(args: argparse.Namespace) -> Path:
    """The database path, after signing in if it needs it (the key stays in memory for
    connections this command opens by path)."""
    path = db_path(args)
    if needs_sign_in(path):
        sign_in(path).close()
    return path


def credentials() -> tuple[str, str]:
    name = os.environ.get("PAINCLINIC_USER")
    password = os.environ.get("PAINCLINIC_PASSWORD")
    if name and password:
        return name, password
    if not sys.stdin.isatty():
        raise InvalidInput(
            "This is an encrypted service database: sign in by setting PAINCLINIC_USER and "
            "PAINCLINIC_PASSWORD, or run the command in a terminal to be asked."
        )
    if not name:
        print("Your name: ", end="", file=sys.stderr, flush=True)
        name = sys.stdin.readline().strip()
    return name, password or getpass.getpass("Password: ")


def new_password(prompt: str = "New password") -> str:
    """A new password from PAINCLINIC_NEW_PASSWORD (scripts) or asked twice without echo."""
    given = os.environ.get("PAINCLINIC_NEW_PASSWORD")
    if given:
        return given
    if not sys.stdin.isatty():
        raise InvalidInput("Set PAINCLINIC_NEW_PASSWORD, or run the command in a terminal.")
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass(f"{prompt} again: ") != first:
        raise InvalidInput("The two passwords are not the same; nothing was changed.")
    return first
