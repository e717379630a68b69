"""Migration 0008: clients in caseload name order.

The caseload's first screen reads a page of clients in name order while the rest loads;
without this index each page sorts every client (85 ms at 50,000 clients). The index of
0002 is case-sensitive, which would put "de Souza" after "Zaman".
Frozen: never edit a released migration; add a new one.
"""

from __future__ import annotations

from typing import Any


def apply(conn: Any) -> None:
    conn.execute(
        "CREATE INDEX idx_clients_name_nocase ON clients("
        "family_name COLLATE NOCASE, given_name COLLATE NOCASE)"
    )
