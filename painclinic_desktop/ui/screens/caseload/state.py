"""Caseload screen state without Qt: rows, search, filters and sorting.

Kept Qt-free so the rules a coach relies on (what a search finds, what a filter hides) are
tested quickly and directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ....services.caseload import CaseloadRow, name_order

ANY = None


@dataclass(frozen=True)
class Filters:
    status: str | None = "open"  # open clients by default: a coach's working list
    tier: int | None = ANY
    staff: str | None = ANY
    flag: str | None = ANY


# Columns of the caseload table, in order, with the key each sorts by.
COLUMNS = (
    "name",
    "nhs_number",
    "age",
    "tier",
    "status",
    "staff",
    "last_contact",
    "next_review",
    "flags",
)


# Sort key per column (one small function each: 50,000 rows are sorted on the GUI thread).
_SORT_KEYS = {
    "name": name_order,
    "nhs_number": lambda r: r.nhs_number or "~",
    "age": lambda r: r.age if r.age is not None else -1,
    "tier": lambda r: r.tier or 0,
    "status": lambda r: r.status,
    "staff": lambda r: r.staff.casefold(),
    "last_contact": lambda r: r.last_contact or "",
    "next_review": lambda r: r.next_review or "9999",
    "flags": lambda r: (-len(r.flags), r.flags),
}


@dataclass
class CaseloadState:
    rows: list[CaseloadRow] = field(default_factory=list)
    search: str = ""
    filters: Filters = field(default_factory=Filters)
    sort_column: str = "name"
    descending: bool = False
    visible: list[CaseloadRow] = field(default_factory=list)

    def load(self, rows: list[CaseloadRow], in_name_order: bool = False) -> None:
        """``in_name_order``: the rows come sorted by name already (the loader does it off
        the GUI thread), so the usual order costs nothing here."""
        self.rows = rows
        if in_name_order and self.sort_column == "name" and not self.descending:
            self._ordered = rows
        else:
            self._ordered = sorted(rows, key=_SORT_KEYS[self.sort_column], reverse=self.descending)
        self.refresh()

    def set_search(self, text: str) -> None:
        narrowing = text.casefold().startswith(self.search.casefold()) and self.search != ""
        self.search = text
        # Typing another letter can only narrow the list: filter what is shown, not everything.
        self.refresh(within=self.visible if narrowing else None)

    def set_filters(self, **changes) -> None:
        self.filters = replace(self.filters, **changes)
        self.refresh()

    def sort(self, column: str, descending: bool = False) -> None:
        self.sort_column, self.descending = column, descending
        self._ordered = sorted(self.rows, key=_SORT_KEYS[column], reverse=descending)
        self.refresh()

    def staff_names(self) -> list[str]:
        return sorted({r.staff for r in self.rows if r.staff}, key=str.casefold)

    def replace_row(self, row: CaseloadRow) -> None:
        """One client's row after a change on their record, without reloading everyone."""
        others = [r for r in self.rows if r.client_id != row.client_id]
        self.load([*others, row])

    def replace_rows(self, rows: list[CaseloadRow], client_ids: Iterable[str]) -> None:
        """Several clients' rows at once (``client_ids`` without a row are removed)."""
        gone = set(client_ids) | {r.client_id for r in rows}
        self.load([*(r for r in self.rows if r.client_id not in gone), *rows])

    def loosened_for(self, row: CaseloadRow) -> tuple[str, Filters]:
        """The search and filters, changed no more than needed, that show ``row``: a status
        filter that hides it switches to the row's own status, any other filter that hides
        it to everyone, and a search that misses it is cleared."""
        f = self.filters
        filters = Filters(
            status=f.status if f.status in (ANY, row.status) else row.status,
            tier=f.tier if f.tier in (ANY, row.tier) else ANY,
            staff=f.staff if f.staff in (ANY, row.staff) else ANY,
            flag=f.flag if f.flag is ANY or f.flag in row.flags else ANY,
        )
        return (self.search if _searched([row], self.search) else ""), filters

    def shows(self, row: CaseloadRow) -> bool:
        """Whether the filters and the search keep this row."""
        return bool(self._kept([row]))

    def refresh(self, within: list[CaseloadRow] | None = None) -> None:
        source = within if within is not None else getattr(self, "_ordered", self.rows)
        self.visible = self._kept(source)

    def _kept(self, rows: list[CaseloadRow]) -> list[CaseloadRow]:
        """One tight pass per filter in use: at 50,000 rows a general predicate called per
        row costs more than the typing it answers."""
        f = self.filters
        if f.status is not None:
            rows = [r for r in rows if r.status == f.status]
        if f.tier is not None:
            rows = [r for r in rows if r.tier == f.tier]
        if f.staff is not None:
            rows = [r for r in rows if r.staff == f.staff]
        if f.flag is not None:
            rows = [r for r in rows if f.flag in r.flags]
        return _searched(rows, self.search)


def _searched(rows: list[CaseloadRow], search: str) -> list[CaseloadRow]:
    """Every word typed must appear in the name or NHS number (spaces in numbers ignored)."""
    words = search.casefold().split()
    if not words:
        return list(rows)
    digits = "".join(words)
    if digits.isdigit():
        return [r for r in rows if digits in r.nhs_digits]
    for word in words:
        rows = [r for r in rows if word in r.search_key]
    return rows
