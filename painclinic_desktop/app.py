"""``painclinic-desktop``: start the desktop app."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from logging.handlers import RotatingFileHandler  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="painclinic-desktop", description="PainClinic Desktop: the caseload app."
    )
    parser.add_argument("--db", metavar="PATH", help="open this service database")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo caseload (made-up clients), creating it if needed",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, wait for the caseload, print the time, exit",
    )
    return parser.parse_args(argv)


def setup_logging() -> None:
    """A rotating log for support staff. Messages never carry names, NHS numbers or notes."""
    from .paths import ensure_private_dir, log_dir

    folder = ensure_private_dir(log_dir())
    handler = RotatingFileHandler(
        folder / "painclinic.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_logging()
    from .ui.application import run

    return run(args, STARTED)


if __name__ == "__main__":
    sys.exit(main())
