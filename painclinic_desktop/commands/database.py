"""`init`, `demo`, `import`, `export-bundle` and `check`."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import InvalidBundle
from .common import add_db_option, db_path, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help="create an empty service database")
    add_db_option(p)
    p.set_defaults(func=run_init)

    p = subparsers.add_parser("demo", help="create (or add to) a demo caseload of synthetic clients")
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
    add_db_option(p)
    p.set_defaults(func=run_export)

    p = subparsers.add_parser("check", help="check the database file for damage")
    add_db_option(p)
    p.set_defaults(func=run_check)


def run_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    if path.exists():
        print(f"painclinic: a database already exists at {path}; nothing was changed.",
              file=sys.stderr)
        return 2
    open_store(args, create=True).close()
    print(f"Created an empty service database at {path}.")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from ..services.demo import load_demo

    if args.clients < 1:
        print("painclinic: --clients must be at least 1.", file=sys.stderr)
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
        doc = read_bundle_file(args.file)
        store = open_store(args, create=True)
        try:
            summary = import_bundle(store, doc)
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
    from ..services.bundles import export_bundle, write_bundle_file

    store = open_store(args)
    try:
        doc = export_bundle(store)
    finally:
        store.close()
    write_bundle_file(doc, args.file)
    print(f"Exported {len(doc['clients'])} clients to {args.file}.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..services.integrity import check_database

    report = check_database(db_path(args))
    if report.ok:
        counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
        print(f"The database is intact (schema {report.schema}; {counts}).")
        return 0
    print("The database has problems. Do not keep working in it: restore the latest backup.",
          file=sys.stderr)
    for problem in report.problems[:50]:
        print(f"  {problem}", file=sys.stderr)
    return 1
