"""`hub init`, `hub user …` (the hub's owner), and `join`, `sync`, `conflicts` (a laptop).

Exit codes as SYNC.md says: 0 when the run finished (even with conflicts), 1 when the hub
could not be reached or refused the login, 2 on bad arguments or input.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from ..core.permissions import ROLES
from .common import add_db_option

UNREACHABLE = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("hub", help="set up the team hub (its owner)")
    hub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    init = hub.add_parser("init", help="create or upgrade the hub schema (idempotent)")
    _hub_option(init, required=True)
    init.set_defaults(func=run_hub_init)

    user = hub.add_parser("user", help="hub logins, one per person")
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a login for a person, in their role")
    add.add_argument("name")
    add.add_argument("role", choices=ROLES)
    _hub_option(add, required=True)
    add.set_defaults(func=run_user_add)
    disable = actions.add_parser("disable", help="switch a login off at once")
    disable.add_argument("name")
    _hub_option(disable, required=True)
    disable.set_defaults(func=run_user_disable)
    role = actions.add_parser("role", help="change a person's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    _hub_option(role, required=True)
    role.set_defaults(func=run_user_role)

    join = subparsers.add_parser("join", help="set up this laptop from the team hub")
    _hub_option(join, required=True)
    join.add_argument(
        "--ca-fingerprint",
        metavar="SHA256",
        help="the hub's CA certificate by the SHA-256 fingerprint IT read out: fetched from "
        "the hub and pinned when it matches (then the URL needs no sslrootcert); with "
        "sslrootcert, the file is checked against it",
    )
    join.add_argument("--json", action="store_true", help="print the result as JSON")
    add_db_option(join)
    join.set_defaults(func=run_join)

    sync = subparsers.add_parser("sync", help="send this laptop's changes and fetch the team's")
    _hub_option(sync, required=False)
    sync.add_argument("--json", action="store_true", help="print the result as one JSON object")
    add_db_option(sync)
    sync.set_defaults(func=run_sync)

    conflicts = subparsers.add_parser("conflicts", help="open clashes between two people's edits")
    conflicts.add_argument("--json", action="store_true", help="print them as JSON")
    add_db_option(conflicts)
    conflicts.set_defaults(func=run_conflicts)


def _hub_option(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "--hub",
        metavar="URL",
        required=required,
        help="the hub, e.g. postgresql://hub.trust.nhs.uk/pain_service?sslrootcert=ca.crt",
    )


def _owner(args: argparse.Namespace):
    from ..store import hub

    return hub.connect(args.hub)


def run_hub_init(args: argparse.Namespace) -> int:
    from ..store import hub
    from ..store.migrations import LATEST

    try:
        with _owner(args) as conn:
            done = hub.init(conn, LATEST)
    except hub.HubUnavailable as exc:
        print(f"painclinic: {exc}", file=sys.stderr)
        return UNREACHABLE
    print("The hub is up to date" + (f" (applied: {', '.join(done)})." if done else "."))
    return 0


def _hub_password(name: str) -> str:
    given = os.environ.get("PAINCLINIC_HUB_NEW_PASSWORD")
    if given:
        return given
    from ..core.errors import InvalidInput

    if not sys.stdin.isatty():
        raise InvalidInput("Set PAINCLINIC_HUB_NEW_PASSWORD, or run the command in a terminal.")
    first = getpass.getpass(f"Hub password for {name}: ")
    if getpass.getpass("Again: ") != first:
        raise InvalidInput("The two passwords are not the same; nothing was changed.")
    return first


def _owner_action(args: argparse.Namespace, action, done: str) -> int:
    from ..store import hub

    try:
        with _owner(args) as conn:
            action(conn)
    except hub.HubUnavailable as exc:
        print(f"painclinic: {exc}", file=sys.stderr)
        return UNREACHABLE
    print(done)
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    from ..store import hub

    password = _hub_password(args.name)
    return _owner_action(
        args,
        lambda conn: hub.add_user(conn, args.name, args.role, password),
        f"Added hub login {args.name} ({args.role}). Give them the password in person.",
    )


def run_user_disable(args: argparse.Namespace) -> int:
    from ..store import hub

    return _owner_action(
        args, lambda conn: hub.disable_user(conn, args.name), f"{args.name} is switched off."
    )


def run_user_role(args: argparse.Namespace) -> int:
    from ..store import hub

    return _owner_action(
        args,
        lambda conn: hub.change_role(conn, args.name, args.role),
        f"{args.name} is now {args.role}; their laptop follows at its next sync.",
    )


def run_join(args: argparse.Namespace) -> int:
    from ..services import sync
    from ..store import hub
    from .common import db_path

    try:
        report = sync.join(
            db_path(args), args.hub, *_join_credentials(), ca_fingerprint=args.ca_fingerprint
        )
    except hub.HubUnavailable as exc:
        print(f"painclinic: {exc}", file=sys.stderr)
        return UNREACHABLE
    _print_report(report, args.json, "Joined the hub")
    return 0


def _join_credentials() -> tuple[str, str, str]:
    from ..core.errors import InvalidInput

    user = os.environ.get("PAINCLINIC_HUB_USER")
    hub_password = os.environ.get("PAINCLINIC_HUB_PASSWORD")
    local_password = os.environ.get("PAINCLINIC_PASSWORD")
    if not (user and hub_password and local_password):
        if not sys.stdin.isatty():
            raise InvalidInput(
                "Set PAINCLINIC_HUB_USER, PAINCLINIC_HUB_PASSWORD and PAINCLINIC_PASSWORD "
                "(this laptop's own password), or run the command in a terminal."
            )
        user = user or input("Your hub login: ").strip()
        hub_password = hub_password or getpass.getpass("Your hub password: ")
        local_password = local_password or getpass.getpass("A password for this laptop: ")
    return user, hub_password, local_password


def run_sync(args: argparse.Namespace) -> int:
    from ..services import sync
    from ..store import hub
    from .common import open_store

    store = open_store(args)
    try:
        report = sync.sync(
            store,
            hub_url=args.hub,
            user=os.environ.get("PAINCLINIC_HUB_USER"),
            password=os.environ.get("PAINCLINIC_HUB_PASSWORD"),
        )
    except hub.HubUnavailable as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}))
        print(f"painclinic: {exc}", file=sys.stderr)
        return UNREACHABLE
    finally:
        store.close()
    _print_report(report, args.json, "Synced")
    return 0


def _print_report(report, as_json: bool, verb: str) -> None:
    if as_json:
        print(json.dumps(report.as_json(), sort_keys=True))
        return
    print(
        f"{verb}: {report.pushed} sent, {report.pulled} received, {report.conflicts} new "
        f"conflict(s), {report.rejected} refused, {report.waiting} waiting to be sent."
    )
    for warning in report.warnings:
        print(f"Warning: {warning}")


def run_conflicts(args: argparse.Namespace) -> int:
    from ..services import sync
    from .common import open_store

    store = open_store(args)
    try:
        found = sync.open_conflicts(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(found, sort_keys=True, ensure_ascii=False))
        return 0
    if not found:
        print("No open conflicts.")
    for c in found:
        print(
            f"{c['collection']} {c['record_id']} {c['field']}: live {c['live_value']!r} "
            f"({c['live_author']}, {c['live_at']}); other {c['other_value']!r} "
            f"({c['other_author']}, {c['other_at']})"
        )
    return 0
