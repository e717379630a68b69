"""Reading a referral file (CSV or Excel) into rows, and remembering which column holds what.

Reading writes nothing. Row numbers are those a spreadsheet shows (the header row is row 1
when it is the first line), so a problem reported for row 7 is found on row 7.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import InvalidInput
from ..core.referral_rules import guess_mapping, header_key, text_of
from ..store.database import Store

Report = Callable[[int, int, str], None]  # (done, total, text); raises to cancel
MAPPINGS_KEY = "referral_file.mappings"
SOURCE_KEY = "referral_file.source"
_EVERY = 1000  # rows between progress reports while reading
# What a progress report is about (codes; the screens word them).
READING, CHECKING, SAVING = "reading", "checking", "saving"


def _quiet(done: int, total: int, text: str = "") -> None:
    return None


@dataclass
class Table:
    file_name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as a spreadsheet shows it, cells)
    blank_rows: int = 0


class UnknownEncoding(InvalidInput):
    """A text file that is not UTF-8 and carries no byte-order mark: the person is asked which
    encoding it is in (``ENCODINGS``) and the file is read again with ``encoding=``."""


# Encodings a person may choose for a file that does not say (codec: words for the screens).
ENCODINGS = {
    "cp1252": "Windows-1252 (Western European: a CSV saved by Excel on Windows)",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
    "mac_roman": "Mac OS Roman (older Mac programs)",
    "cp850": "DOS Latin-1 (code page 850)",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def read_table(path: str | Path, report: Report = _quiet, encoding: str | None = None) -> Table:
    """The file's header row and data rows. Blank rows are counted, not returned. A CSV file
    is read in the encoding its byte-order mark names, else as UTF-16 when it is laid out
    like UTF-16, else as UTF-8; otherwise UnknownEncoding asks for ``encoding``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        raw = _csv_rows(path, encoding)
    elif suffix == ".xls":
        raise InvalidInput(
            "This is an old-style Excel file (.xls). Open it in Excel and save "
            "it as an Excel Workbook (.xlsx) or CSV, then import that.",
            "file",
        )
    else:
        raise InvalidInput(f"{path.name} is not a CSV or Excel (.xlsx) file.", "file")
    return _table(path.name, raw, report)


def _table(name: str, raw, report: Report) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    blank = 0
    for number, cells in enumerate(raw, start=1):
        if all(text_of(c) == "" for c in cells):
            blank += headers is not None
            continue
        if headers is None:
            headers = _headers(list(cells))
            continue
        rows.append((number, list(cells)))
        if number % _EVERY == 0:
            report(number, 0, READING)
    if headers is None:
        raise InvalidInput(f"{name} is empty: it has no header row and no referrals.", "file")
    if not rows:
        raise InvalidInput(f"{name} has column headings but no rows of referrals.", "file")
    return Table(name, headers, rows, blank)


def _headers(cells: list[Any]) -> list[str]:
    """Header texts, with blanks named by their column letter and repeats numbered."""
    found: list[str] = []
    for i, cell in enumerate(cells):
        text = text_of(cell) or f"Column {_letter(i)}"
        base, n = text, 2
        while text in found:
            text, n = f"{base} ({n})", n + 1
        found.append(text)
    return found


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def decode_text(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a file: in ``encoding`` when given, else as detected (see read_table)."""
    if encoding is not None:
        return _decoded(data, encoding, ENCODINGS.get(encoding, encoding), name)
    for bom, codec, words in _BOMS:
        if data.startswith(bom):
            return _decoded(data, codec, words, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decoded(data, utf16, "UTF-16", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnknownEncoding(
            f"{name} is not in UTF-8, and it does not say which encoding it is in. If it "
            "was saved by Excel on Windows it is most likely Windows-1252: choose the "
            'encoding to read it with (or save it from Excel as "CSV UTF-8").',
            "encoding",
        ) from None
    return _text_only(text, name)


def _decoded(data: bytes, codec: str, words: str, name: str) -> str:
    try:
        return _text_only(data.decode(codec), name)
    except (UnicodeDecodeError, LookupError):
        raise InvalidInput(
            f"{name} cannot be read as {words}: choose another encoding.", "encoding"
        ) from None


def _text_only(text: str, name: str) -> str:
    if "\x00" in text:  # never store NUL characters held in "text" (a binary file, say)
        raise InvalidInput(f"{name} is not a text file (it holds NUL characters).", "file")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by its zero bytes: in mostly-Latin text every
    other byte is zero (the second of each pair in little-endian, the first in big-endian)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2 or b"\x00" not in sample:
        return None
    pairs = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > pairs * 0.4 and even < pairs * 0.1:
        return "utf-16-le"
    if even > pairs * 0.4 and odd < pairs * 0.1:
        return "utf-16-be"
    return None


def _csv_rows(path: Path, encoding: str | None):
    text = decode_text(path.read_bytes(), path.name, encoding)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _xlsx_rows(path: Path):
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(f"{path.name} cannot be read as an Excel workbook.", "file") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # files from other programs often carry wrong dimensions
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


# Remembered column mappings, one per file layout (the set of its column headings).


def _signature(headers: list[str]) -> str:
    return "|".join(sorted(header_key(h) for h in headers))


def _mappings(store: Store) -> dict[str, dict[str, str]]:
    return json.loads(store.setting(MAPPINGS_KEY) or "{}")


def mapping_for(store: Store, headers: list[str]) -> tuple[dict[str, str], bool]:
    """({field: header}, remembered): the mapping used last time for files laid out like this
    one, otherwise a guess from the usual column names."""
    remembered = _mappings(store).get(_signature(headers))
    if remembered and all(h in headers for h in remembered.values()):
        return dict(remembered), True
    return guess_mapping(headers), False


def remember_mapping(
    store: Store, headers: list[str], mapping: dict[str, str], source: str | None = None
) -> None:
    saved = _mappings(store)
    saved[_signature(headers)] = {f: h for f, h in mapping.items() if h in headers}
    store.set_setting(MAPPINGS_KEY, json.dumps(saved, ensure_ascii=False))
    if source:
        store.set_setting(SOURCE_KEY, source)


def remembered_source(store: Store) -> str | None:
    return store.setting(SOURCE_KEY)
