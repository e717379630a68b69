"""What the monthly return reads, narrowed in SQL to what one month can use.

Reading every contact and assessment of a large caseload into records costs far more than
the return itself. So the contact facts are counted here by GROUP BY queries, and only the
assessments that can pair are read, as plain tuples with what the pairing rule derives from
them already worked out by SQLite and their answers still JSON text (``core/outcomes.py``
pairs them in one pass and decodes only the answers it scores). ``core`` does the rest.

Dates are ISO text compared as text, as in core: "the date part of ``starts_at`` is on or
before ``end``" is ``starts_at < _past(end)``, which lets SQLite range over an index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..core.codes import FOLLOW_UP_TIME_POINTS
from ..core.measures import DEFAULT_STS_PROTOCOL
from ..core.monthly_return.caseload import RECENT_CONTACT_DAYS, ContactFacts
from ..core.monthly_return.common import Caseload, Period, shift_days, year_ending
from ..core.monthly_return.workbook import ReturnInputs
from ..core.outcomes import ASSESSMENT_FIELDS, AssessmentRow, PairedOutcomes, paired_outcomes
from .connection import apply_role
from .database import Store, reopen
from .snapshot import RETURN_COLUMNS, read_collection

T = TypeVar("T")
_IN_PCN = " AND client_id IN (SELECT id FROM clients WHERE pcn = ?)"


def _past(day: str) -> str:
    """The least text after every text whose first ten characters are ``day`` or earlier
    (``2026-10-31`` -> ``2026-10-32``): an exclusive upper bound for date-times on ``day``."""
    return day[:-1] + chr(ord(day[-1]) + 1)


def _pcn(pcn: str | None) -> tuple[str, tuple[Any, ...]]:
    return ("", ()) if pcn is None else (_IN_PCN, (pcn,))


# Collections SQLite narrows by searching JSON text in every row (a goal's reviews, a
# signposting entry's history): mostly SQLite's own work, with few rows coming out.
SEARCHED = ("goals", "signposting")


def return_inputs(store: Store, month: Period, pcn: str | None = None) -> ReturnInputs:
    """Everything ``compute_monthly_return_from`` needs for ``month``.

    Python runs one thread at a time, and SQLite's own work lets others run meanwhile. So
    what is mostly SQLite's work is done on connections of their own, each in a worker: the
    contact facts (a million contacts in, a few rows out) and the collections narrowed by
    searching their JSON text. This connection meanwhile does what is mostly Python's work,
    one part after the other: pairing the assessments (half a million rows) and reading the
    rest of the caseload: two Python-heavy readers side by side only take turns.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        contacts = pool.submit(_on_own_connection, store, contact_facts, month, pcn)
        searched = pool.submit(_on_own_connection, store, return_caseload, month, SEARCHED)
        outcomes = outcome_pairs(store, year_ending(month.end), pcn)
        caseload = return_caseload(store, month, exclude=SEARCHED)
        caseload.update(searched.result())
        return ReturnInputs(caseload, contacts.result(), outcomes)


def _on_own_connection(store: Store, query: Callable[..., T], *args: Any) -> T:
    """``query(store, *args)`` on a new connection to the same file, with the same key and
    the same role's restrictions."""
    with reopen(store.path, store.conn.data_key) as own:
        apply_role(own.conn, store.conn.role)
        return query(own, *args)


def return_caseload(
    store: Store,
    month: Period,
    only: tuple[str, ...] | None = None,
    exclude: tuple[str, ...] = (),
) -> Caseload:
    """The smaller collections (``only`` those, or all but ``exclude``), with only the
    columns the return reads and without records that cannot count in it: anything dated
    after the month, referrals neither accepted nor received in the month, goals and
    signposting with nothing dated in the month, meetings held outside it. Core still checks
    every date itself.

    A goal reviewed, or a signposting entry dated, in ``YYYY-MM`` has that text in its JSON
    column: the store writes these with ``json.dumps``, which never escapes digits or ``-``.
    """
    start, past_end, key = month.start, _past(month.end), month.start[:7]
    reads: dict[str, tuple[tuple[str, ...], str | None, tuple[Any, ...]]] = {
        "clients": (RETURN_COLUMNS["clients"], None, ()),
        "referrals": (
            ("client_id", "received_on", "source", "outcome"),
            # Most referrals qualify: one pass beats a lookup per row from a date index.
            "+received_on < ? AND (outcome = 'accepted' OR +received_on >= ?)",
            (past_end, start),
        ),
        "tier_changes": (RETURN_COLUMNS["tier_changes"], "changed_on < ?", (past_end,)),
        "discharges": (("client_id", "discharged_on", "reason"), "discharged_on < ?", (past_end,)),
        "community_services": (RETURN_COLUMNS["community_services"], None, ()),
        "goals": (RETURN_COLUMNS["goals"], "instr(reviews, ?) > 0", (key,)),
        "signposting": (RETURN_COLUMNS["signposting"], "instr(history, ?) > 0", (key,)),
        "mdt_meetings": (
            RETURN_COLUMNS["mdt_meetings"],
            "held_on >= ? AND held_on < ?",
            (start, past_end),
        ),
    }
    return {
        name: read_collection(store, name, columns, where, params)
        for name, (columns, where, params) in reads.items()
        if (only is None or name in only) and name not in exclude
    }


def contact_facts(store: Store, month: Period, pcn: str | None = None) -> ContactFacts:
    """The month's contact facts (``core.monthly_return.caseload.contact_facts``) by SQL.

    Only contacts attended or missed (``dna``) count; a contact's day is the date part of
    ``starts_at``. First and recent attendance come from one pass over the index of
    attended contacts, which holds both columns they need, and come back as two JSON
    values rather than a row per client (so counting beside other work never waits for
    Python between rows).
    """
    in_pcn, params = _pcn(pcn)
    past_end = _past(month.end)
    recent_from = shift_days(month.end, -(RECENT_CONTACT_DAYS - 1))
    first, recent = store.conn.execute(
        "SELECT json_group_object(client_id, first_day) FILTER (WHERE first_day BETWEEN ? AND ?),"
        " json_group_array(client_id) FILTER (WHERE recent)"
        " FROM (SELECT client_id, substr(min(starts_at), 1, 10) AS first_day,"
        " max(starts_at >= ? AND starts_at < ?) AS recent FROM contacts"
        " WHERE outcome = 'attended' AND starts_at != ''" + in_pcn + " GROUP BY client_id)",
        (month.start, month.end, recent_from, past_end, *params),
    ).fetchone()
    facts = ContactFacts(
        first_attended=json.loads(first), recently_attended=set(json.loads(recent))
    )
    counts = store.conn.execute(
        "SELECT outcome, type, count(*) FROM contacts"
        " WHERE outcome IN ('attended', 'dna') AND starts_at >= ? AND starts_at < ?"
        + in_pcn
        + " GROUP BY outcome, type",
        (month.start, past_end, *params),
    )
    for outcome, contact_type, count in counts:
        if outcome == "dna":
            facts.dna_in_month += count
        else:
            facts.attended_in_month[contact_type] += count
    return facts


def outcome_assessments(
    store: Store, window: Period, pcn: str | None = None
) -> list[AssessmentRow]:
    """Every baseline given by the end of ``window`` and every follow-up given in it, as
    ``ASSESSMENT_FIELDS`` tuples with the answers as their JSON text. Nothing else can pair
    in the window or count as a baseline at its end."""
    return _outcome_assessments(store, ASSESSMENT_FIELDS, window, pcn).fetchall()


# ``core.outcomes.PREPARED_FIELDS``: each is what ``core.outcomes`` derives from the stored
# value (the columns are TEXT, so every value read is text or NULL): the day is the first ten
# characters; the tie-break is when recorded ("" when not), then the id; the protocol is the
# sit-to-stand's (its default when none is given), "" for every other instrument.
_PREPARED = (
    "client_id",
    "instrument",
    "time_point",
    "substr(administered_on, 1, 10)",
    "coalesce(created_at, '')",
    "id",
    "CASE WHEN instrument = 'sts' THEN coalesce(nullif(protocol, ''), :sts) ELSE '' END",
    "items",
)


def outcome_pairs(store: Store, window: Period, pcn: str | None = None) -> PairedOutcomes:
    """The pairs of ``window`` and the clients with a baseline by its end, from the rows
    ``outcome_assessments`` reads, paired as they are read (no list of them is made)."""
    return paired_outcomes(_outcome_assessments(store, _PREPARED, window, pcn), window)


def _outcome_assessments(
    store: Store, columns: tuple[str, ...], window: Period, pcn: str | None
) -> Any:
    """Most assessments qualify, so one pass over the table beats a random lookup per row
    from the date index (``+`` keeps SQLite off it); a PCN still narrows by its clients'
    index."""
    points = {f"p{n}": point for n, point in enumerate(FOLLOW_UP_TIME_POINTS)}
    in_pcn = "" if pcn is None else " AND client_id IN (SELECT id FROM clients WHERE pcn = :pcn)"
    return store.conn.execute(
        f"SELECT {', '.join(columns)} FROM assessments"
        " WHERE +administered_on < :past_end AND (time_point = 'baseline' OR (time_point IN"
        f" ({', '.join(':' + name for name in points)}) AND +administered_on >= :start))" + in_pcn,
        {
            **points,
            "past_end": _past(window.end),
            "start": window.start,
            "pcn": pcn,
            "sts": DEFAULT_STS_PROTOCOL,
        },
    )
