"""`painclinic ome ITEM [ITEM ...] [--json]`: a regimen's oral morphine equivalent.

ITEM is ``DRUG:ROUTE:DOSE[:TIMES_PER_DAY]`` (MEDICATION.md). Exit 0 with the result; exit 2
with one plain line on stderr for an unknown drug or route, a dose of 0 or less, or times per
day missing where needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.ome import (
    HIGH_DOSE_MG,
    OmeTable,
    OpioidItem,
    RegimenOme,
    default_table,
    load_table,
    opioid_item,
    regimen_ome,
)

NOT_CONVERTED = "not converted — ask the prescriber"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ome",
        help="oral morphine equivalent (mg/day) of a regimen",
        description="Daily oral morphine equivalent of a regimen, from the conversion table "
        "(MEDICATION.md). The app calculates; it never prescribes.",
    )
    parser.add_argument(
        "items",
        nargs="+",
        metavar="ITEM",
        help="DRUG:ROUTE:DOSE[:TIMES_PER_DAY], e.g. oxycodone:oral:20:2 or fentanyl:patch:25 "
        "(times per day for oral and sublingual; none for a patch, whose dose is "
        "micrograms/hour)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--table",
        metavar="FILE",
        type=Path,
        help="a conversion table approved by the service (default: the shipped UK table)",
    )
    parser.set_defaults(func=run)
    return parser


def parse_item(table: OmeTable, text: str) -> OpioidItem:
    parts = text.split(":")
    if len(parts) not in (3, 4) or not all(p.strip() for p in parts):
        raise InvalidInput(
            f"{text!r}: write each item as DRUG:ROUTE:DOSE[:TIMES_PER_DAY], "
            "e.g. codeine:oral:30:4 or fentanyl:patch:25"
        )
    drug, route, dose = (p.strip().lower() for p in parts[:3])
    times = parts[3].strip() if len(parts) == 4 else None
    return opioid_item(table, drug, route, dose, times)


def run(args: argparse.Namespace) -> int:
    try:
        table = load_table(args.table) if args.table else default_table()
        result = regimen_ome(table, [parse_item(table, text) for text in args.items])
    except InvalidInput as err:
        print(f"painclinic ome: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_json()) if args.json else summary(result))
    return 0


def _amount(item: OpioidItem, unit: str) -> str:
    if item.times_per_day is None:
        return f"{item.dose} {unit}"
    return f"{item.dose} {unit} x {item.times_per_day} a day"


def summary(result: RegimenOme) -> str:
    """Plain lines for a person reading a terminal."""
    lines = []
    for entry in result.items:
        item = entry.item
        shown = NOT_CONVERTED if entry.ome is None else f"{entry.ome} mg/day"
        lines.append(f"  {item.drug} {item.route} {_amount(item, entry.unit)}: {shown}")
    total = "none converted" if result.total is None else f"{result.total} mg/day"
    if not result.complete:
        total += " (incomplete: not converted " + ", ".join(result.not_converted) + ")"
    lines.append(f"Total oral morphine equivalent: {total}")
    if result.total is not None and result.total >= HIGH_DOSE_MG:
        lines.append("FLAG: high dose (120 mg/day or more)")
    if not result.complete:
        lines.append("FLAG: incomplete total — ask the prescriber")
    lines.append(f"Table: {result.table.label} ({result.table.source})")
    return "\n".join(lines)
