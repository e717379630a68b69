"""Caseload screen state without Qt: rows, search, filters and sorting.

Kept Qt-free so the rules a coach relies on (what a search finds, what a filter hides) are
tested quickly and directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ....services.caseload import CaseloadRow

ANY = None


@dataclass(frozen=True)
class Filters:
    status: str | None = "open"  # open clients by default: a coach's working list
    tier: int | None = ANY
    staff: str | None = ANY
    flag: str | None = ANY


# Columns of the caseload table, in order, with the key each sorts by.
COLUMNS = ("name", "nhs_number", "age", "tier", "status", "staff", "last_contact",
           "next_review", "flags")


def _sort_key(column: str):
    def key(row: CaseloadRow):
        value = {
            "name": (row.family_name.casefold(), row.name.casefold()),
            "nhs_number": row.nhs_number or "~",
            "age": row.age if row.age is not None else -1,
            "tier": row.tier or 0,
            "status": row.status,
            "staff": row.staff.casefold(),
            "last_contact": row.last_contact or "",
            "next_review": row.next_review or "9999",
            "flags": (-len(row.flags), row.flags),
        }[column]
        return value
    return key


@dataclass
class CaseloadState:
    rows: list[CaseloadRow] = field(default_factory=list)
    search: str = ""
    filters: Filters = field(default_factory=Filters)
    sort_column: str = "name"
    descending: bool = False
    visible: list[CaseloadRow] = field(default_factory=list)

    def load(self, rows: list[CaseloadRow]) -> None:
        self.rows = rows
        self._ordered = sorted(rows, key=_sort_key(self.sort_column), reverse=self.descending)
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
        self._ordered = sorted(self.rows, key=_sort_key(column), reverse=descending)
        self.refresh()

    def staff_names(self) -> list[str]:
        return sorted({r.staff for r in self.rows if r.staff}, key=str.casefold)

    def refresh(self, within: list[CaseloadRow] | None = None) -> None:
        source = within if within is not None else getattr(self, "_ordered", self.rows)
        matches = _matcher(self.search)
        f = self.filters
        self.visible = [
            r for r in source
            if (f.status is None or r.status == f.status)
            and (f.tier is None or r.tier == f.tier)
            and (f.staff is None or r.staff == f.staff)
            and (f.flag is None or f.flag in r.flags)
            and matches(r)
        ]


def _matcher(search: str):
    """Every word typed must appear in the name or NHS number (spaces in numbers ignored)."""
    words = search.casefold().split()
    if not words:
        return lambda row: True
    digits = "".join(search.split())
    if digits.isdigit():
        return lambda row: digits in row.nhs_digits
    return lambda row: all(w in row.search_key for w in words)
