"""What travels between a laptop and the team hub, and how (SYNC.md).

The laptop and the hub both read these lists: the hub's migration writes them into its own
tables, so which collections are clinical is decided on the hub, never taken from a laptop.
"""

from __future__ import annotations

import uuid

from .permissions import CLINICAL_COLUMNS, CLINICAL_TABLES

# Every record of these collections travels both ways (each is a table on the laptop).
SYNCED = (
    "clients",
    "community_services",
    "referrals",
    "mdt_meetings",
    "tier_changes",
    "discharges",
    "flags",
    "contacts",
    "contact_note_versions",
    "assessments",
    "assessment_notes",
    "plans",
    "goals",
    "igro_stars",
    "signposting",
    "module_sessions",
    "module_bookings",
    "register_walk_ins",
    "mdt_agenda_additions",
    "personal_budget_spend",
    "referral_rows_held",
    "trainees",
    "training_courses",
    "training_enrolments",
    "training_responses",
    "programme_costings",
    "medication_items",
    "medication_plans",
    "gp_actions",
    "programmes",
    "programme_enrolments",
)
# Appended history with its own id: inserted once, never changed or deleted, never in conflict.
INSERT_ONLY = frozenset({"contact_note_versions"})
# The audit trail goes up to the hub (insert-only there) and never comes back down: each
# laptop's chain is its own.
PUSH_ONLY = ("audit_log",)
# Laptop-only tables: settings, the postcode -> IMD lookup, autosaved drafts, who may sign in
# here, the export log and the sync machinery itself.
LOCAL_ONLY = frozenset(
    {
        "settings",
        "drafts",
        "intake_drafts",
        "accounts",
        "exports",
        "schema_migrations",
        "sync_outbox",
        "sync_state",
        "sync_versions",
        "sync_refused",
        "sync_conflicts",
        "sync_recording",
        "imd_postcodes",
    }
)
# Who wrote a record and when: kept as the hub has them, never a clash of their own.
META_FIELDS = frozenset({"id", "created_at", "updated_at", "author"})
# Lists that only ever grow (goal reviews, star ratings, signposting steps): two laptops'
# additions are both kept, in date order, instead of clashing.
APPEND_LISTS = frozenset(
    {
        ("goals", "reviews"),
        ("igro_stars", "ratings"),
        ("signposting", "history"),
        ("medication_plans", "events"),
        ("gp_actions", "history"),
    }
)
# Clinical through and through (only logins whose role may read clinical records see them).
CLINICAL_COLLECTIONS = frozenset(c for c in SYNCED if c in CLINICAL_TABLES)
CLINICAL_FIELDS = CLINICAL_COLUMNS

# Records the app makes from other records get an id derived from their source, so every
# laptop that derives the same record makes the same id and sync never duplicates it.
_DERIVED = uuid.UUID("2f6c1c52-4b53-4d0e-9d0f-6a1d8f3c9b27")


def derived_id(source_id: str, rule: str) -> str:
    return str(uuid.uuid5(_DERIVED, f"{rule}:{source_id}"))


# A risk flag raised for a PHQ-9 answer to question 9 (on saving it, or on importing it).
RISK_FLAG_RULE = "phq9_item9_risk_flag"
