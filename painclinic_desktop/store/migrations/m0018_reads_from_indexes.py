"""Migration 0018: indexes that answer the caseload and the monthly return without reading
the tables themselves.

On an encrypted service database every page read is decrypted and authenticated (the page's
HMAC-SHA512 costs most of it), so a read that needs a column outside its index pays for a
table page per row. Measured at 50,000 clients: the latest referral and the latest tier
change needed their record's id for the tie-break (a table page per row); the next goal
review read every goal's reviews (70 MB of table); the month's contact counts read each
contact's outcome and type from the table. Each is now answered from an index alone.
``idx_contacts_month`` starts with the column of ``idx_contacts_starts``, which it replaces.

Frozen: never edit a released migration; add a new one.
"""

from __future__ import annotations

from typing import Any

STATEMENTS = (
    "CREATE INDEX idx_referrals_latest ON referrals(client_id, received_on, id, outcome)",
    "CREATE INDEX idx_tier_changes_latest ON tier_changes(client_id, changed_on, id, tier)",
    # The caseload's "next review": a goal with a target date whose latest review (the last
    # of its JSON list) leaves it not started or in progress.
    "CREATE INDEX idx_goals_next_review ON goals(client_id, target_on, "
    "coalesce(json_extract(reviews, '$[#-1].status'), 'not_started')) "
    "WHERE target_on IS NOT NULL",
    "CREATE INDEX idx_contacts_month ON contacts(starts_at, outcome, type)",
    "DROP INDEX idx_contacts_starts",
)


def apply(conn: Any) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
