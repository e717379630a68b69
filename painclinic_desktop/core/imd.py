"""The postcode -> IMD decile lookup a service loads (docs/imd-lookup.md says how to build it).

Pure: the text of a CSV file in, checked rows (or every problem, by row) out. A file with any
bad row is refused whole, so a half-read file never replaces a good lookup.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .errors import InvalidInput

# Normalised header text -> the column it fills.
_HEADERS = {
    "postcode": "postcode",
    "pcds": "postcode",
    "pcd": "postcode",
    "lsoacode": "lsoa_code",
    "lsoa": "lsoa_code",
    "lsoa11cd": "lsoa_code",
    "lsoa21cd": "lsoa_code",
    "lsoacode2011": "lsoa_code",
    "lsoacode2021": "lsoa_code",
    "imddecile": "imd_decile",
    "decile": "imd_decile",
    "indexofmultipledeprivationimddecile": "imd_decile",
}
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
MOST_PROBLEMS_LISTED = 10


@dataclass(frozen=True)
class LookupRow:
    postcode: str  # "BD1 1AA": upper case, one space before the last three characters
    lsoa_code: str
    imd_decile: int  # 1 = most deprived


def postcode_key(text: str | None) -> str | None:
    """A postcode as the lookup holds it, or None when it is not a UK postcode."""
    squashed = re.sub(r"\s", "", (text or "").upper())
    if not _POSTCODE.match(squashed):
        return None
    return f"{squashed[:-3]} {squashed[-3:]}"


def _header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def read_lookup(text: str) -> list[LookupRow]:
    """Every row of the file, checked; ``InvalidInput`` listing the problems otherwise."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    headers = next(reader, None) or []
    columns = {_HEADERS[_header(h)]: i for i, h in enumerate(headers) if _header(h) in _HEADERS}
    missing = [c for c in ("postcode", "lsoa_code", "imd_decile") if c not in columns]
    if missing:
        raise InvalidInput(
            "The lookup file needs the columns postcode, LSOA code and IMD decile; "
            f"it has no {', '.join(missing).replace('_', ' ')} column.",
            "file",
        )
    found: dict[str, LookupRow] = {}
    problems: list[str] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row, problem = _row(cells, columns)
        if problem:
            problems.append(f"row {number}: {problem}")
        elif row is not None:
            found[row.postcode] = row
    if problems:
        shown = "; ".join(problems[:MOST_PROBLEMS_LISTED])
        more = len(problems) - MOST_PROBLEMS_LISTED
        raise InvalidInput(
            f"The lookup file was not loaded ({len(problems)} bad rows): {shown}"
            + (f"; and {more} more" if more > 0 else ""),
            "file",
        )
    if not found:
        raise InvalidInput("The lookup file has no rows.", "file")
    return list(found.values())


def _row(cells: list[str], columns: dict[str, int]) -> tuple[LookupRow | None, str]:
    def cell(name: str) -> str:
        i = columns[name]
        return cells[i].strip() if i < len(cells) else ""

    postcode = postcode_key(cell("postcode"))
    if postcode is None:
        return None, "the postcode is not a UK postcode"
    decile = cell("imd_decile")
    if not re.fullmatch(r"\d+", decile) or not 1 <= int(decile) <= 10:
        return None, "the IMD decile should be a whole number from 1 to 10"
    lsoa = cell("lsoa_code").upper()
    if not re.fullmatch(r"[EW]0\d{7}", lsoa):
        return None, "the LSOA code should look like E01010570"
    return LookupRow(postcode, lsoa, int(decile)), ""
