"""`training-report` (and `costing`): staff training and programme costing."""

from __future__ import annotations

import argparse

from ..core.errors import InvalidInput
from .common import add_db_option, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "training-report",
        help="write the 10 Footsteps training report (xlsx or PDF)",
        description="Confidence before and 3 months after training, for one course or for "
        "every course starting between two dates.",
    )
    p.add_argument("--course", metavar="ID|TITLE", help="one course, by id or exact title")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="courses starting from")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="courses starting up to")
    p.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    add_db_option(p)
    p.set_defaults(func=run_training_report)

    p = subparsers.add_parser(
        "costing",
        help="cost a programme and print the costing (PDF)",
        description="Cost a programme from its inputs (money in pounds), or print a saved "
        "costing with --costing. Band rates come from resources/band_rates.json, or --rates.",
    )
    p.add_argument("--costing", metavar="ID", help="print this saved costing")
    p.add_argument("--list", action="store_true", help="list the saved costings")
    p.add_argument("--title", help="the programme's name")
    p.add_argument(
        "--staff",
        action="append",
        default=[],
        metavar="ROLE:BAND:HOURS",
        help="a role, its band (3..9, 8a..8d or medical) and hours; repeat for each role",
    )
    p.add_argument("--room-hours", help="hours the room is booked")
    p.add_argument("--room-rate", metavar="POUNDS", help="the room's hourly rate")
    p.add_argument("--admin-hours", help="administration hours")
    p.add_argument("--admin-band", help="the band of the administration hours")
    p.add_argument("--sundries", metavar="POUNDS")
    p.add_argument("--on-costs", metavar="PERCENT", help="on-costs on staff and admin pay")
    p.add_argument("--participants", help="participants enrolled")
    p.add_argument("--completers", help="participants who completed")
    p.add_argument("--reaching-mid", help="clients whose change reached the MID")
    p.add_argument("--measure", help="the measure of the MID (pseq, phq9, ...)")
    p.add_argument("--reference-label", help="what the reference price is for")
    p.add_argument("--reference-price", metavar="POUNDS", help="its price per participant")
    p.add_argument("--note", help="a line describing the programme")
    p.add_argument("--rates", metavar="FILE.json", help="band rates other than the shipped ones")
    p.add_argument("--save", action="store_true", help="also save the costing in the database")
    p.add_argument("--out", metavar="FILE.pdf")
    add_db_option(p)
    p.set_defaults(func=run_costing)


def _course_id(store, reference: str) -> str:
    from ..services import training

    wanted = reference.strip().casefold()
    found = [c for c in training.courses(store) if wanted in (c["id"], c["title"].casefold())]
    if len(found) != 1:
        reason = "no course" if not found else f"{len(found)} courses"
        raise InvalidInput(f"{reason} matches {reference!r}; give the course's id.", "course")
    return found[0]["id"]


def run_training_report(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import parse_day
    from ..services.session import current_staff
    from ..services.training_report import write_training_report_for

    dates = (args.date_from, args.date_to)
    if bool(args.course) == any(dates) or (not args.course and not all(dates)):
        raise InvalidInput("Give either --course, or both --from and --to.", "course")
    date_from = parse_day(args.date_from, "from") if args.date_from else None
    date_to = parse_day(args.date_to, "to") if args.date_to else None
    store = open_store(args)
    try:
        course_id = _course_id(store, args.course) if args.course else None
        data = write_training_report_for(
            store,
            args.out,
            current_staff(),
            course_id=course_id,
            date_from=date_from,
            date_to=date_to,
        )
    finally:
        store.close()
    stats = data.stats
    print(
        f"Wrote the training report to {args.out}: {stats.pairs} pairs matched, "
        f"{stats.unpaired} unpaired questionnaire(s) left out."
    )
    return 0


def _staff_lines(given: list[str]) -> list[dict[str, str]]:
    lines = []
    for entry in given:
        parts = entry.rsplit(":", 2)
        if len(parts) != 3:
            raise InvalidInput(
                f"--staff {entry!r}: write ROLE:BAND:HOURS, e.g. Physio:7:42", "staff"
            )
        lines.append({"role": parts[0], "band": parts[1], "hours": parts[2]})
    return lines


def run_costing(args: argparse.Namespace) -> int:
    from ..core.costing import band_rates, pounds
    from ..services import costing
    from ..services.session import current_staff

    if not args.list and not args.out:
        raise InvalidInput("Give --out FILE.pdf (or --list).", "out")
    values = {
        "title": args.title,
        "staff_hours": _staff_lines(args.staff),
        "room_hours": args.room_hours,
        "room_rate": args.room_rate,
        "admin_hours": args.admin_hours,
        "admin_band": args.admin_band,
        "sundries": args.sundries,
        "on_costs_percent": args.on_costs,
        "enrolled": args.participants,
        "completers": args.completers,
        "reaching_mid": args.reaching_mid,
        "mid_measure": args.measure,
        "reference_label": args.reference_label,
        "reference_price": args.reference_price,
        "note": args.note,
    }
    record = None
    if not args.costing and not args.list:  # checked before the database is opened
        record = costing.checked_costing(values, band_rates(args.rates) if args.rates else None)
    store = open_store(args)
    try:
        if args.list:
            for saved in costing.costings(store):
                total = costing.rules.compute(saved).total_pence
                print(f"{saved['id']}  {saved['costed_on']}  {saved['title']}  {pounds(total)}")
            return 0
        if args.costing:
            record = costing.costing(store, args.costing)
        elif args.save:
            record = costing.save_costing_record(store, record, current_staff())
        result = costing.write_costing_pdf_for(store, record, args.out, current_staff())
    finally:
        store.close()
    each = (
        f", {pounds(result.per_enrolled_pence)} per participant"
        if result.per_enrolled_pence is not None
        else ""
    )
    print(f"Wrote the costing to {args.out}: total {pounds(result.total_pence)}{each}.")
    return 0
