"""Importing referrals from a CSV or Excel file, as a PCN sends them.

Three steps, each safe to run on a worker thread with its own connection:
``read_table`` reads the file (nothing is written); ``check_table`` checks every row against
the rules and the database (nothing is written) and says which rows are good, which are held
back and why (row number, column, reason), and which were imported before; ``import_table``
checks again and, in one transaction, adds the good rows and keeps the held rows for
correction. Nothing is dropped silently and nothing is half-imported: cancelling or any error
leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.cells import csv_cell
from ..core.errors import InvalidInput
from ..core.files import save_atomically
from ..core.referral_rules import (
    LABELS,
    check_values,
    missing_required,
    person_key,
    text_of,
)
from ..store import referrals as queries
from ..store.database import Store
from . import writes
from .imd import with_decile_from_postcode
from .referral_table import (  # noqa: F401 — the file import's whole API, from one module
    CHECKING,
    ENCODINGS,
    READING,
    SAVING,
    Report,
    Table,
    UnknownEncoding,
    _quiet,
    mapping_for,
    read_table,
    remember_mapping,
    remembered_source,
)

_EVERY = 1000  # rows between progress reports


# Checking rows.


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the file's heading, or "" when the value came from the defaults
    field: str
    template: str  # plain English with {name} holes (translatable by the screens)
    params: dict[str, Any]
    value: str = ""  # the value as written in the file

    @property
    def reason(self) -> str:
        return self.template.format(**self.params)


@dataclass
class GoodRow:
    row: int
    client: dict[str, Any]
    client_id: str | None  # an existing client the referral belongs to, else None (new)
    referral: dict[str, Any]


@dataclass
class HeldRow:
    row: int
    values: dict[str, str]
    problems: list[RowProblem]
    already_held: bool = False  # held by an earlier import of the same file, not yet corrected


@dataclass
class FileCheck:
    file_name: str
    total_rows: int
    good: list[GoodRow] = field(default_factory=list)
    held: list[HeldRow] = field(default_factory=list)
    already_imported: list[int] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def problems(self) -> list[RowProblem]:
        return [p for h in self.held for p in h.problems]

    @property
    def known_clients(self) -> int:
        return sum(1 for g in self.good if g.client_id is not None)


class _Known:
    """What the database holds, looked up once for the whole file."""

    def __init__(self, store: Store, file_name: str):
        self.by_nhs = queries.clients_by_nhs_number(store)
        self.people: dict[tuple, list[str]] = {}
        for i, g, f, b in queries.client_names(store):
            self.people.setdefault(person_key(g, f, b), []).append(i)
        self.referrals = queries.referral_keys(store)
        self.held = queries.unresolved_held_rows(store, file_name)


def check_table(
    store: Store,
    table: Table,
    mapping: dict[str, str],
    defaults: dict[str, Any],
    today: date | None = None,
    report: Report = _quiet,
) -> FileCheck:
    """Check every row; writes nothing."""
    missing = missing_required(mapping, table.headers)
    if missing:
        names = ", ".join(LABELS[m] for m in missing)
        raise InvalidInput(
            f"{table.file_name} has no column chosen for: {names}. Choose the "
            "column that holds each (the file's columns are: "
            f"{', '.join(table.headers)}).",
            "mapping",
        )
    today = today or date.today()
    known = _Known(store, table.file_name)
    columns = {f: table.headers.index(h) for f, h in mapping.items() if h in table.headers}
    result = FileCheck(table.file_name, len(table.rows), blank_rows=table.blank_rows)
    first_seen: dict[Any, int] = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        _check_row(result, known, first_seen, number, values, mapping, defaults, today)
        if done % _EVERY == 0:
            report(done, len(table.rows), CHECKING)
    return result


def _check_row(
    result: FileCheck,
    known: _Known,
    first_seen: dict,
    number: int,
    values: dict[str, Any],
    mapping: dict[str, str],
    defaults: dict[str, Any],
    today: date,
) -> None:
    checked = check_values(values, defaults, today)
    problems = [
        RowProblem(number, mapping.get(i.field, ""), i.field, i.template, i.params, i.value)
        for i in checked.issues
    ]
    client, referral, client_id = checked.client, checked.referral, None
    if not problems and _already_imported(known, client, referral):
        result.already_imported.append(number)
        return
    if not problems:
        client_id, problem = _match_client(known, client, number, mapping)
        if problem is not None:
            problems.append(problem)
    if not problems:
        problems += _seen_in_file(first_seen, client, number, mapping)
    if problems:
        texts = {f: text_of(v) for f, v in values.items()}
        for f in ("source", "received_on"):
            if not texts.get(f) and defaults.get(f):
                texts[f] = str(defaults[f])
        held = HeldRow(number, texts, problems)
        held.already_held = (number, _values_json(texts)) in known.held
        result.held.append(held)
        return
    result.good.append(GoodRow(number, client, client_id, referral))


def _already_imported(known: _Known, client: dict, referral: dict) -> bool:
    """The same referral (date and source) is already recorded for this person."""
    born = client["date_of_birth"]
    candidates = list(
        known.people.get(person_key(client["given_name"], client["family_name"], born), [])
    )
    by_number = known.by_nhs.get(client["nhs_number"] or "")
    if by_number is not None and by_number[1] == born:
        candidates.append(by_number[0])
    return any(
        (c, referral["received_on"], referral["source"]) in known.referrals for c in candidates
    )


def _match_client(
    known: _Known, client: dict, number: int, mapping: dict[str, str]
) -> tuple[str | None, RowProblem | None]:
    """The existing client this row is about (same NHS number and date of birth), or a reason
    to hold it back when it may be someone already known but cannot be matched safely."""
    nhs, born = client["nhs_number"], client["date_of_birth"]
    if nhs and nhs in known.by_nhs:
        client_id, their_birth = known.by_nhs[nhs]
        if their_birth == born:
            return client_id, None
        return None, RowProblem(
            number,
            mapping.get("nhs_number", ""),
            "nhs_number",
            "this NHS number belongs to an existing client with a different "
            "date of birth: check both records",
            {},
        )
    if person_key(client["given_name"], client["family_name"], born) in known.people:
        return None, RowProblem(
            number,
            mapping.get("family_name", ""),
            "family_name",
            "an existing client has the same name and date of birth but the NHS number does not "
            "confirm it is the same person: add this referral from the intake form, where you "
            "can choose the client",
            {},
        )
    return None, None


def _seen_in_file(
    first_seen: dict, client: dict, number: int, mapping: dict[str, str]
) -> list[RowProblem]:
    keys = [("nhs", client["nhs_number"])] if client["nhs_number"] else []
    keys.append(
        ("person", person_key(client["given_name"], client["family_name"], client["date_of_birth"]))
    )
    earlier = next((first_seen[k] for k in keys if k in first_seen), None)
    for k in keys:
        first_seen.setdefault(k, number)
    if earlier is None:
        return []
    column = mapping.get("nhs_number" if client["nhs_number"] else "family_name", "")
    return [
        RowProblem(
            number,
            column,
            "nhs_number",
            "the same person as row {row} of this file",
            {"row": earlier},
        )
    ]


def _values_json(values: dict[str, str]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


# Importing.


@dataclass(frozen=True)
class ImportResult:
    clients_added: int
    referrals_added: int
    rows_held: int  # newly held for correction
    rows_still_held: int  # held by an earlier import of this file and still waiting
    already_imported: int
    blank_rows: int


def import_table(
    store: Store,
    table: Table,
    mapping: dict[str, str],
    defaults: dict[str, Any],
    author: str,
    today: date | None = None,
    report: Report = _quiet,
) -> ImportResult:
    """Check again (the database may have changed) and write everything in one transaction."""
    with store.atomic():
        checked = check_table(store, table, mapping, defaults, today, report)
        total = len(checked.good) + len(checked.held)
        clients = 0
        for done, good in enumerate(checked.good, start=1):
            client_id = good.client_id
            if client_id is None:
                client = with_decile_from_postcode(store, good.client)
                client_id = writes.add(store, "clients", client, author)["id"]
                clients += 1
            writes.add(store, "referrals", {**good.referral, "client_id": client_id}, author)
            if done % _EVERY == 0:
                report(done, total, SAVING)
        new_held = [h for h in checked.held if not h.already_held]
        for held in new_held:
            writes.add(store, "referral_rows_held", _held_record(table.file_name, held), author)
    return ImportResult(
        clients,
        len(checked.good),
        len(new_held),
        len(checked.held) - len(new_held),
        len(checked.already_imported),
        checked.blank_rows,
    )


def _held_record(file_name: str, held: HeldRow) -> dict[str, Any]:
    # The reason in words, and its template and values so a screen can translate it.
    problems = [
        {
            "column": p.column,
            "field": p.field,
            "reason": p.reason,
            "template": p.template,
            "params": p.params,
        }
        for p in held.problems
    ]
    return {
        "file_name": file_name,
        "row_number": held.row,
        "values_json": _values_json(held.values),
        "problems_json": json.dumps(problems, ensure_ascii=False),
    }


def problems_csv(check: FileCheck, path: str | Path) -> None:
    """The held-back rows' problems as a CSV (row, column, problem): no patient details, so it
    can be sent back to whoever sent the file. Cells that look like formulas are defused
    exactly as in the xlsx reports (``core/cells``); written atomically (``core/files``)."""

    def write(stream) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        out = csv.writer(text)
        out.writerow(["Row", "Column", "Field", "Problem"])
        for p in check.problems:
            row = [p.row, p.column, LABELS.get(p.field, p.field), p.reason]
            out.writerow([csv_cell(cell) for cell in row])
        text.flush()
        text.detach()

    save_atomically(path, write)
