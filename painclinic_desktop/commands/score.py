"""`painclinic score INSTRUMENT --items LIST [--json]`: score one questionnaire (MEASURES.md).

Exit 0 with the result; exit 2 with one line on stderr naming the bad item on input errors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import ScoreResult, instrument, instruments, score
from painclinic_desktop.core.measures.safety import safety_flag

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "score",
        help="score one outcome measure from its item answers",
        description="Score one outcome measure exactly as the app does.",
    )
    parser.add_argument(
        "instrument", metavar="INSTRUMENT", help="one of: " + ", ".join(instruments())
    )
    parser.add_argument(
        "--items",
        required=True,
        metavar="LIST",
        help="answers in item order, comma-separated, null for an unanswered item "
        "(e.g. 4,5,null,6,3,2,5,4,6,3)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
    return parser


def parse_items(text: str) -> list[int | None]:
    """'4,null,6' -> [4, None, 6]; anything else is refused, naming the item."""
    answers: list[int | None] = []
    for number, token in enumerate(text.split(","), start=1):
        token = token.strip()
        if token.lower() == "null":
            answers.append(None)
        elif _WHOLE_NUMBER.fullmatch(token):
            answers.append(int(token))
        elif not token:
            raise InvalidInput(
                f"item {number}: empty; write null for an unanswered item", field=f"item {number}"
            )
        else:
            raise InvalidInput(
                f"item {number}: {token!r} is not a whole number or null", field=f"item {number}"
            )
    return answers


def run(args: argparse.Namespace) -> int:
    try:
        instrument(args.instrument)
        result = score(args.instrument, parse_items(args.items))
    except InvalidInput as err:
        print(" ".join(str(err).split()), file=sys.stderr)
        return 2
    print(json.dumps(result.to_json()) if args.json else summary(result))
    return 0


def _shown(value: int | float | None) -> str:
    if value is None:
        return "not scored (too many unanswered items)"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def summary(result: ScoreResult) -> str:
    """A few plain lines for a person reading a terminal."""
    inst = instrument(result.instrument)
    lines = [f"{inst.title} ({inst.name}, {inst.version})"]
    for name, value in result.scores.items():
        band = result.bands.get(name)
        direction = "higher is better" if inst.higher_is_better(name) else "lower is better"
        suffix = f", band {band}" if band else ""
        lines.append(f"  {name}: {_shown(value)}{suffix} ({direction})")
    if result.prorated:
        lines.append("  prorated: unanswered items were filled with the mean of the answered ones")
    for flag in result.flags:
        lines.append(f"  FLAG {flag}: {_flag_words(flag)}")
    lines.append("  valid: " + ("yes" if result.valid else "no (a score could not be computed)"))
    return "\n".join(lines)


def _flag_words(code: str) -> str:
    """A flag put into words from the instrument's data (MEASURES.md's safety flag)."""
    flag = safety_flag(code)
    if flag is None:
        return code
    return (
        f"{flag.short_name} item {flag.item} ({flag.about}) answered above {flag.above}: "
        "review risk now"
    )
