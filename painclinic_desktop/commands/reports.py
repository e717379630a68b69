"""`gp-summary`, `plan-pdf`, `monthly-return`, `evaluation` and `programme-report`."""

from __future__ import annotations

import argparse

from ..core.errors import InvalidInput
from ..core.translations import LANGUAGES
from .common import add_db_option, open_store

# core.equity_groups.DIMENSIONS, written out so the command line starts without importing it
EQUITY_DIMENSIONS = (
    "ethnicity",
    "ethnic_group",
    "imd_quintile",
    "imd_decile",
    "first_language",
    "interpreter_needed",
    "gender",
    "age_band",
    "pcn",
    "staff",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gp-summary", help="write a client's GP summary (PDF)")
    p.add_argument("--client", required=True, metavar="ID", help="the client's id or NHS number")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    add_db_option(p)
    p.set_defaults(func=run_gp_summary)

    p = subparsers.add_parser("plan-pdf", help="write the plan for the client (PDF)")
    p.add_argument("--client", required=True, metavar="ID", help="the client's id or NHS number")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--large-print", action="store_true", help="body text of at least 16 pt")
    p.add_argument(
        "--language",
        choices=LANGUAGES,
        help="language of the plan (default: the client's materials language, else English)",
    )
    add_db_option(p)
    p.set_defaults(func=run_plan_pdf)

    p = subparsers.add_parser(
        "monthly-return", help="write the commissioners' monthly return (xlsx)"
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--pcn", metavar="NAME", help="only clients of this PCN")
    p.add_argument("--suppress-small", action="store_true", help='write counts of 1 to 4 as "<5"')
    add_db_option(p)
    p.set_defaults(func=run_monthly_return)

    p = subparsers.add_parser("evaluation", help="write the service evaluation table")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    p.add_argument(
        "--by",
        metavar="DIMENSION",
        choices=EQUITY_DIMENSIONS,
        help="the equity report: reach and outcomes per group of " + ", ".join(EQUITY_DIMENSIONS),
    )
    p.add_argument(
        "--show-small",
        action="store_true",
        help='with --by: write counts of 1 to 4 as they are (hidden as "<5" by default)',
    )
    add_db_option(p)
    p.set_defaults(func=run_evaluation)
    register_follow_ups(subparsers)
    p = subparsers.add_parser(
        "service-report", help="write the service report for commissioners (PDF)"
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument(
        "--planned", type=int, metavar="N", help="referrals planned for the year (default: setting)"
    )
    add_db_option(p)
    p.set_defaults(func=run_service_report)

    p = subparsers.add_parser(
        "programme-report",
        help="write the programme report: attendance, completion, drop-out and outcomes",
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    p.add_argument(
        "--programme",
        metavar="NAME",
        help="only this programme (default: every programme "
        "starting in the range, and all of them together)",
    )
    p.add_argument(
        "--show-small",
        action="store_true",
        help='write counts of 1 to 4 as they are (hidden as "<5" by default)',
    )
    add_db_option(p)
    p.set_defaults(func=run_programme_report)


def register_follow_ups(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "follow-ups-due", help="list the 10-week, 6-month and 12-month follow-ups due (xlsx)"
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE.xlsx|FILE.pdf",
        help="the list (.xlsx), or a letter for each questionnaire not yet back (.pdf)",
    )
    p.add_argument("--large-print", action="store_true", help="letters with 16 pt text")
    add_db_option(p)
    p.set_defaults(func=run_follow_ups_due)


def run_follow_ups_due(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import parse_day
    from ..services.followups import write_due_list, write_letters_for

    date_from, date_to = parse_day(args.date_from, "from"), parse_day(args.date_to, "to")
    if date_to < date_from:
        raise InvalidInput("--to is before --from", "to")
    letters = str(args.out).lower().endswith(".pdf")
    store = open_store(args)
    try:
        if letters:
            written = write_letters_for(
                store, date_from, date_to, args.out, _staff(), large_print=args.large_print
            )
            print(f"Wrote {written.letters} letters to {args.out}.")
            if written.without_address:
                print(
                    f"{written.without_address} of them have only a postcode: the client's "
                    "address is not recorded (Client details)."
                )
        else:
            count = write_due_list(store, date_from, date_to, args.out, _staff())
            print(f"Wrote {count} follow-ups due to {args.out}.")
    finally:
        store.close()
    return 0


def run_service_report(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import parse_day
    from ..services.service_report import write_service_report_for

    date_from, date_to = parse_day(args.date_from, "from"), parse_day(args.date_to, "to")
    if date_to < date_from:
        raise InvalidInput("--to is before --from", "to")
    if args.planned is not None and args.planned <= 0:
        raise InvalidInput("--planned should be a whole number above 0", "planned")
    store = open_store(args)
    try:
        figures = write_service_report_for(
            store, date_from, date_to, args.out, _staff(), planned=args.planned
        )
    finally:
        store.close()
    print(f"Wrote the service report ({figures.referrals} referrals) to {args.out}.")
    return 0


def _staff() -> str:
    from ..services.session import current_staff

    return current_staff()


def run_gp_summary(args: argparse.Namespace) -> int:
    from ..services.client_reports import write_gp_summary_for

    store = open_store(args)
    try:
        pages = write_gp_summary_for(store, args.client, args.out, _staff())
    finally:
        store.close()
    print(f"Wrote the GP summary ({pages} page{'s' if pages > 1 else ''}) to {args.out}.")
    return 0


def run_plan_pdf(args: argparse.Namespace) -> int:
    from ..services.client_reports import write_client_plan_for

    store = open_store(args)
    try:
        pages = write_client_plan_for(
            store,
            args.client,
            args.out,
            _staff(),
            large_print=args.large_print,
            language=args.language,
        )
    finally:
        store.close()
    print(f"Wrote the client's plan ({pages} page{'s' if pages > 1 else ''}) to {args.out}.")
    return 0


def run_monthly_return(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import month_period
    from ..services.returns import write_monthly_return_for

    month_period(args.month)  # a bad month is refused before the database is opened
    month = args.month
    store = open_store(args)
    try:
        write_monthly_return_for(
            store, month, args.out, _staff(), pcn=args.pcn, suppress_small=args.suppress_small
        )
    finally:
        store.close()
    print(f"Wrote the monthly return for {month} to {args.out}.")
    return 0


def run_evaluation(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import parse_day
    from ..services.returns import write_evaluation_for

    date_from = parse_day(args.date_from, "from")
    date_to = parse_day(args.date_to, "to")
    if date_to < date_from:
        raise InvalidInput("--to is before --from", "to")
    if args.by:
        return _run_equity(args, date_from, date_to)
    store = open_store(args)
    try:
        rows = write_evaluation_for(store, date_from, date_to, args.out, _staff())
    finally:
        store.close()
    print(f"Wrote the service evaluation ({rows} rows) to {args.out}.")
    return 0


def _run_equity(args: argparse.Namespace, date_from, date_to) -> int:
    from ..services.equity import write_equity_for

    store = open_store(args)
    try:
        report = write_equity_for(
            store, date_from, date_to, args.by, args.out, _staff(), suppress=not args.show_small
        )
    finally:
        store.close()
    print(f"Wrote the equity report by {args.by} ({len(report.groups)} groups) to {args.out}.")
    return 0


def run_programme_report(args: argparse.Namespace) -> int:
    from ..core.monthly_return.common import parse_day
    from ..services.programmes import write_programme_report_for

    date_from = parse_day(args.date_from, "from")
    date_to = parse_day(args.date_to, "to")
    if date_to < date_from:
        raise InvalidInput("--to is before --from", "to")
    store = open_store(args)
    try:
        report = write_programme_report_for(
            store,
            date_from,
            date_to,
            args.out,
            _staff(),
            programme_name=args.programme,
            suppress=not args.show_small,
        )
    finally:
        store.close()
    count = len([r for r in report.counts if r[0] != "All programmes"])
    print(
        f"Wrote the programme report ({count} programme{'s' if count != 1 else ''}) to {args.out}."
    )
    return 0
