"""`init`, `demo`, `import`, `export-bundle` and `check`."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import DatabaseDamaged, InvalidBundle
from .common import add_db_option, db_path, needs_sign_in, open_store, signed_in_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help="create an empty service database")
    p.add_argument(
        "--admin",
        metavar="NAME",
        help="encrypt it and create its first admin account (for real records)",
    )
    p.add_argument(
        "--partner",
        metavar="NAME",
        help="a community partner's own encrypted database (never any clinical record): "
        "fill it with `painclinic import` of a partner bundle",
    )
    add_db_option(p)
    p.set_defaults(func=run_init)

    p = subparsers.add_parser(
        "demo", help="create (or add to) a demo caseload of synthetic clients"
    )
    p.add_argument("--clients", type=int, default=500, metavar="N", help="how many clients")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same caseload")
    add_db_option(p)
    p.set_defaults(func=run_demo)

    p = subparsers.add_parser("import", help="import a bundle file (all or nothing)")
    p.add_argument("file", metavar="FILE.json")
    add_db_option(p)
    p.set_defaults(func=run_import)

    p = subparsers.add_parser("export-bundle", help="export every record to a bundle file")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument(
        "--partner",
        action="store_true",
        help="a partner bundle: no clinical record or column, for a community partner's own "
        "database (from a community database, the partner's registers coming back)",
    )
    add_db_option(p)
    p.set_defaults(func=run_export)

    p = subparsers.add_parser("check", help="check the database file for damage")
    add_db_option(p)
    p.set_defaults(func=run_check)


def run_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    if path.exists():
        print(
            f"painclinic: a database already exists at {path}; nothing was changed.",
            file=sys.stderr,
        )
        return 2
    if args.admin and args.partner:
        print("painclinic: give --admin or --partner, not both.", file=sys.stderr)
        return 2
    if args.admin:
        from .security import create_service_database

        return create_service_database(path, args.admin)
    if args.partner:
        from .security import create_community_database

        return create_community_database(path, args.partner)
    open_store(args, create=True).close()
    print(f"Created an empty service database at {path}.")
    print(
        "painclinic: it is NOT encrypted: use it only for practice. For real client records "
        "use `painclinic init --admin NAME`.",
        file=sys.stderr,
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from ..services.demo import load_demo

    if args.clients < 1:
        print("painclinic: --clients must be at least 1.", file=sys.stderr)
        return 2
    if needs_sign_in(db_path(args)):
        print(
            "painclinic: that is a service database; made-up clients are never added to "
            "one. Choose a new file for the demo.",
            file=sys.stderr,
        )
        return 2
    store = open_store(args, create=True)
    try:
        summary = load_demo(store, clients=args.clients, seed=args.seed)
    finally:
        store.close()
    print(f"Demo caseload ready at {db_path(args)}. {summary.line()}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ..services.bundles import import_bundle, read_bundle_file

    try:
        # A service database signs in first: a role that may not import is refused before
        # the file is read or validated. A practice one is created only for a readable file.
        doc = None if needs_sign_in(db_path(args)) else read_bundle_file(args.file)
        store = open_store(args, create=True)
        try:
            summary = import_bundle(store, doc or read_bundle_file(args.file))
        finally:
            store.close()
    except InvalidBundle as exc:
        print(f"painclinic: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..services.bundles import export_bundle_to
    from ..services.community import export_partner_bundle_to, is_community

    store = open_store(args)
    try:
        partner = args.partner or (store.is_encrypted and is_community(store))
        count = (export_partner_bundle_to if partner else export_bundle_to)(store, args.file)
    finally:
        store.close()
    kind = "a partner bundle (no clinical records)" if partner else "a bundle"
    print(f"Exported {count} clients to {args.file} as {kind}.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..services.integrity import check_database

    try:
        path = signed_in_path(args)
    except DatabaseDamaged as exc:
        print(f"The database has problems. {exc}", file=sys.stderr)
        return 1
    report = check_database(path)
    if report.ok:
        counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
        print(f"The database is intact (schema {report.schema}; {counts}).")
        return 0
    print(
        "The database has problems. Do not keep working in it: restore the latest backup.",
        file=sys.stderr,
    )
    for problem in report.problems[:50]:
        print(f"  {problem}", file=sys.stderr)
    return 1
