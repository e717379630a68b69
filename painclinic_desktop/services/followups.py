"""Follow-ups due in a window (``core/followups``), with who they are for and the
questionnaires to post: the list on screen, the list as .xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core import nhs_number
from ..core.followups import FollowUpDue, follow_ups_due
from ..core.measures import instrument
from ..core.permissions import VIEW_CASELOAD, VIEW_CLINICAL
from ..store.database import Store
from ..store.snapshot import read_collection
from .client_reports import log_export
from .returns import _now, _target
from .session import can, require


def record_strategies(
    store: Store, discharge_id: str, time_point: str, answer: str | None, author: str
) -> dict:
    """At a follow-up, is the client still using self-management strategies: ``yes``,
    ``partly`` or ``no`` (None takes a mistaken answer back). Kept on the episode's end."""
    from ..core.errors import RecordNotFound
    from ..core.followups import check_answer
    from ..store import records
    from . import writes

    check_answer(time_point, answer)
    discharge = records.get(store, "discharges", discharge_id)
    if discharge is None:
        raise RecordNotFound("That episode's discharge is no longer in this database.")
    answers = dict(discharge.get("follow_up_strategies") or {})
    if answer is None:
        answers.pop(time_point, None)
    else:
        answers[time_point] = answer
    changed = {**discharge, "follow_up_strategies": answers or None}
    return writes.change(store, "discharges", changed, author)


def for_entry(store: Store, client_id: str) -> tuple[dict | None, list[dict]]:
    """The client a returned questionnaire belongs to (None once deleted) and their
    assessments so far, for entering it."""
    from ..store import records

    require(VIEW_CASELOAD)
    client = records.get(store, "clients", client_id)
    history = list(records.select(store, "assessments", "client_id = ?", (client_id,)))
    return client, history


XLSX_COLUMNS = [
    "due_on",
    "follow_up",
    "name",
    "nhs_number",
    "date_of_birth",
    "address",  # the lines before the postcode, for a mail merge of one's own
    "postcode",
    "episode_ended_on",
    "returned_on",
    "still_using_strategies",
    "questionnaires",
]
FOLLOW_UP_WORDS = {"fu_10w": "10-week", "fu_6m": "6-month", "fu_12m": "12-month"}


@dataclass(frozen=True)
class DueRow:
    due: FollowUpDue
    name: str
    nhs_number: str  # display form, or ""
    date_of_birth: str
    postcode: str
    address: str  # lines before the postcode, one per line ("" when not recorded)
    questionnaires: list[str]  # titles of the questionnaires given at baseline, in pack order


def due_rows(store: Store, date_from: date, date_to: date) -> list[DueRow]:
    require(VIEW_CASELOAD)
    # what a client said at follow-up is clinical: read only by those who may see it
    columns: tuple[str, ...] = ("id", "client_id", "discharged_on")
    if can(VIEW_CLINICAL):
        columns += ("follow_up_strategies",)
    discharges = read_collection(store, "discharges", columns)
    assessments = read_collection(
        store, "assessments", ("client_id", "instrument", "time_point", "administered_on")
    )
    found = follow_ups_due(discharges, assessments, date_from, date_to)
    wanted = {f.client_id for f in found}
    clients = {
        c["id"]: c
        for c in read_collection(
            store,
            "clients",
            (
                "id",
                "given_name",
                "family_name",
                "nhs_number",
                "date_of_birth",
                "address",
                "postcode",
            ),
        )
        if c["id"] in wanted
    }
    baseline: dict[str, set[str]] = {}
    for a in assessments:
        if a["time_point"] == "baseline" and a["client_id"] in wanted:
            baseline.setdefault(a["client_id"], set()).add(a["instrument"])
    rows = []
    for f in found:
        c = clients.get(f.client_id)
        if c is None:
            continue
        pack = [instrument(code).title for code in _in_pack_order(baseline.get(f.client_id))]
        rows.append(
            DueRow(
                f,
                f"{c['given_name']} {c['family_name']}",
                nhs_number.formatted(c.get("nhs_number")),
                c.get("date_of_birth") or "",
                c.get("postcode") or "",
                c.get("address") or "",
                pack,
            )
        )
    return rows


# The sit-to-stand test is done in person, so it is never in a postal pack.
NOT_BY_POST = frozenset({"sts"})


def _in_pack_order(codes: set[str] | None) -> list[str]:
    from ..core.codes import INSTRUMENTS

    return [c for c in INSTRUMENTS if c in (codes or set()) and c not in NOT_BY_POST]


def write_due_list(
    store: Store, date_from: date, date_to: date, out: str | Path, staff: str
) -> int:
    """The list as a workbook the person chose to save (it holds names: a working list)."""
    from ..core.monthly_return.common import Sheet
    from ..reports.xlsx_writer import write_workbook

    path = _target(out, (".xlsx",))
    rows = due_rows(store, date_from, date_to)
    table = [
        [
            r.due.due_on,
            FOLLOW_UP_WORDS[r.due.time_point],
            r.name,
            r.nhs_number,
            r.date_of_birth,
            r.address,
            r.postcode,
            r.due.episode_ended_on,
            r.due.returned_on,
            r.due.strategies,
            "; ".join(r.questionnaires),
        ]
        for r in rows
    ]
    notes = [("due_from", date_from.isoformat()), ("due_to", date_to.isoformat())]
    notes.append(("generated_at", _now()))
    write_workbook({"Follow-ups due": Sheet(list(XLSX_COLUMNS), table)}, path, notes)
    log_export(store, "follow_ups_due", f"{date_from}..{date_to}", path, staff)
    return len(rows)


@dataclass(frozen=True)
class LettersWritten:
    letters: int
    without_address: int  # letters with only a name and postcode: the address is not recorded


def write_letters_for(
    store: Store,
    date_from: date,
    date_to: date,
    out: str | Path,
    staff: str,
    *,
    large_print: bool = False,
    today: date | None = None,
) -> LettersWritten:
    """A letter for each follow-up due in the window whose questionnaire has not come back;
    how many were written, and how many of them lack the address lines. Letters hold names
    and addresses: written only where the person chose to save them."""
    from ..reports.follow_up_letters import Letter, write_letters
    from .service_settings import service_details

    path = _target(out, (".pdf",))
    waiting = [r for r in due_rows(store, date_from, date_to) if r.due.returned_on is None]
    letters = [
        Letter(r.name, r.address.splitlines(), r.postcode, r.due.time_point, r.questionnaires)
        for r in waiting
    ]
    write_letters(
        letters,
        path,
        service=service_details(store),
        dated=(today or date.today()).isoformat(),
        large_print=large_print,
    )
    log_export(store, "follow_up_letters", f"{date_from}..{date_to}", path, staff)
    return LettersWritten(len(letters), sum(1 for x in letters if not x.address_lines))
