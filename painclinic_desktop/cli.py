"""The ``painclinic`` command line: thin wiring over the services; no Qt is imported."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .commands import database as database_commands
from .core.errors import PainClinicError

COMMAND_MODULES = ("database", "score", "reports", "security", "hub", "ome", "training", "area")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="painclinic",
        description="PainClinic Desktop from the command line: the same records and reports "
        "as the desktop app, without a screen.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="the service database (default: the one in your data folder)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        module.register(subparsers)
    return parser


def _command_modules() -> list:
    import importlib

    modules = [database_commands]
    for name in COMMAND_MODULES[1:]:
        try:
            modules.append(importlib.import_module(f".commands.{name}", __package__))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.commands.{name}":
                raise
    return modules


def _join_values(argv: list[str]) -> list[str]:
    """``--items -1,2`` would be taken for an option: pass it as ``--items=-1,2`` so the
    scoring command can name the bad item instead of printing a usage error."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] == "--items" and arg.startswith("-"):
            joined[-1] = f"--items={arg}"
        else:
            joined.append(arg)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_values(list(sys.argv[1:] if argv is None else argv)))
    try:
        return int(args.func(args) or 0)
    except PainClinicError as exc:
        print(f"painclinic: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("painclinic: stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
