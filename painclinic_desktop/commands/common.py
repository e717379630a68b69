"""Helpers shared by subcommands: the ``--db`` option and opening the service database."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..paths import default_db_path


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # Accepted after the subcommand too, so `painclinic import x.json --db y.db` works.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="the service database (default: the one in your data folder)")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_store(args: argparse.Namespace, create: bool = False):
    from ..store.database import open_store as _open

    return _open(db_path(args), create=create)
