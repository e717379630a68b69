"""`imd-lookup`: load the service's postcode -> IMD decile file (docs/imd-lookup.md)."""

from __future__ import annotations

import argparse

from .common import add_db_option, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "imd-lookup", help="load the postcode -> IMD decile lookup (CSV: postcode, LSOA, decile)"
    )
    p.add_argument("file", metavar="FILE.csv")
    add_db_option(p)
    p.set_defaults(func=run_imd_lookup)


def run_imd_lookup(args: argparse.Namespace) -> int:
    from ..services.imd import load_lookup_file

    store = open_store(args)
    try:
        count = load_lookup_file(store, args.file)
    finally:
        store.close()
    print(f"Loaded {count} postcodes into the IMD lookup.")
    return 0
