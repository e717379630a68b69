"""Who may do what: the role permission matrix, in one place.

Services ask ``allows(role, permission)`` before they act; the store also installs
``hidden_for(role)`` on every connection so that a role without clinical access reads
clinical tables as empty and clinical columns as blank, whichever screen or report asks.

``role`` None means an unencrypted practice or demo database opened without accounts: there
is nobody to restrict, so everything is allowed (a service database always has accounts).
"""

from __future__ import annotations

ADMIN = "admin"
COACH = "coach"
SOCIAL_PRESCRIBER = "social_prescriber"
CLINICIAN = "clinician"
COMMUNITY_PARTNER = "community_partner"
ROLES = (ADMIN, COACH, SOCIAL_PRESCRIBER, CLINICIAN, COMMUNITY_PARTNER)

# Permissions (codes; the UI words them).
VIEW_CASELOAD = "view_caseload"  # client list, demographics and contact details
EDIT_INTAKE = "edit_intake"  # register a client or a (self-)referral; contact details
VIEW_CLINICAL = "view_clinical"  # notes, assessments, plans, goals, stars, MDT, reasons
EDIT_CLINICAL = "edit_clinical"
TAKE_REGISTERS = "take_registers"  # education module sessions and attendance
EDIT_DIRECTORY = "edit_directory"  # the community services directory
IMPORT_BUNDLE = "import_bundle"
EXPORT_BUNDLE = "export_bundle"
# A partner bundle carries no clinical collection or column: a coach or admin exports it for a
# community partner's own database, and the partner's registers come back the same way.
PARTNER_BUNDLE = "partner_bundle"
EXPORT_MONTHLY_RETURN = "export_monthly_return"
PRINT_GP_SUMMARY = "print_gp_summary"
MANAGE_USERS = "manage_users"
BACKUP_RESTORE = "backup_restore"  # on demand; automatic backups run for everyone
VIEW_AUDIT = "view_audit"
RUN_TRAINING = "run_training"  # staff training courses, trainees and their questionnaires
COST_PROGRAMMES = "cost_programmes"  # programme costings for commissioners

_ALL = (VIEW_CASELOAD, EDIT_INTAKE, TAKE_REGISTERS)
MATRIX: dict[str, frozenset[str]] = {
    # The admin officer reads clinical records for GP summaries and data quality, but does
    # not write them.
    ADMIN: frozenset(
        _ALL
        + (
            VIEW_CLINICAL,
            EDIT_DIRECTORY,
            IMPORT_BUNDLE,
            EXPORT_BUNDLE,
            PARTNER_BUNDLE,
            EXPORT_MONTHLY_RETURN,
            PRINT_GP_SUMMARY,
            MANAGE_USERS,
            BACKUP_RESTORE,
            VIEW_AUDIT,
            RUN_TRAINING,
            COST_PROGRAMMES,
        )
    ),
    COACH: frozenset(
        _ALL
        + (
            VIEW_CLINICAL,
            EDIT_CLINICAL,
            EDIT_DIRECTORY,
            IMPORT_BUNDLE,
            EXPORT_BUNDLE,
            PARTNER_BUNDLE,
            PRINT_GP_SUMMARY,
            RUN_TRAINING,
        )
    ),
    SOCIAL_PRESCRIBER: frozenset(
        _ALL + (VIEW_CLINICAL, EDIT_CLINICAL, EDIT_DIRECTORY, RUN_TRAINING)
    ),
    CLINICIAN: frozenset(
        _ALL + (VIEW_CLINICAL, EDIT_CLINICAL, PRINT_GP_SUMMARY, RUN_TRAINING, COST_PROGRAMMES)
    ),
    # Registers, the directory and contact details only: never notes, assessments or plans.
    COMMUNITY_PARTNER: frozenset(_ALL + (EDIT_DIRECTORY, PARTNER_BUNDLE)),
}

# Tables that are clinical through and through, and clinical columns of shared tables.
CLINICAL_TABLES = frozenset(
    {
        "contacts",
        "assessments",
        "plans",
        "goals",
        "igro_stars",
        "signposting",
        "mdt_meetings",
        "drafts",
        "assessment_notes",
        "contact_note_versions",
        "referral_rows_held",
        "mdt_agenda_additions",
        "personal_budget_spend",
        "medication_items",
        "medication_plans",
        "gp_actions",
    }
)
CLINICAL_COLUMNS = frozenset(
    {
        ("referrals", "reason"),
        ("referrals", "decline_reason"),
        ("referrals", "referrer_name"),
        ("tier_changes", "reason"),
        ("discharges", "reason"),
        ("discharges", "follow_up_strategies"),  # what the client said at follow-up
        ("flags", "note"),
        # Why a client left a programme, or completed it below its attendance rule, may say
        # something of their health: kept from roles without clinical access, like a
        # discharge's reason. The enrolment itself (who, which programme, status) is not.
        ("programme_enrolments", "dropout_reason"),
        ("programme_enrolments", "dropout_note"),
        ("programme_enrolments", "completion_note"),
    }
)

_WRITE_PERMISSION = {
    "clients": EDIT_INTAKE,
    "referrals": EDIT_INTAKE,
    "community_services": EDIT_DIRECTORY,
    "module_sessions": TAKE_REGISTERS,
    "module_bookings": TAKE_REGISTERS,
    "register_walk_ins": TAKE_REGISTERS,
    # A programme is a course of the group sessions whose registers are taken.
    "programmes": TAKE_REGISTERS,
    "programme_enrolments": TAKE_REGISTERS,
    # Rows of a referral file held back for correction belong with referral intake.
    "referral_rows_held": EDIT_INTAKE,
    # Unfinished words of an open form (a triage decline reason, a contact note): anyone who
    # may read clinical records may keep their own; the table stays hidden from anyone else.
    "drafts": VIEW_CLINICAL,
    # Staff training and programme costing hold no client's record.
    "trainees": RUN_TRAINING,
    "training_courses": RUN_TRAINING,
    "training_enrolments": RUN_TRAINING,
    "training_responses": RUN_TRAINING,
    "programme_costings": COST_PROGRAMMES,
    # A new referral's unsaved words, kept for the person typing them (referral intake).
    "intake_drafts": EDIT_INTAKE,
}


def allows(role: str | None, permission: str) -> bool:
    if role is None:
        return True
    return permission in MATRIX.get(role, frozenset())


def clinical(role: str | None) -> bool:
    """Whether ``role`` may hold clinical records at all: a database that holds them never
    holds a key slot for a role that may not (``services/community.py``)."""
    return allows(role, VIEW_CLINICAL)


def write_permissions(collection: str, new: bool) -> tuple[str, ...]:
    """What saving a record of ``collection`` needs. Changing a record that has clinical
    columns also needs clinical access: someone who reads them blank would blank them."""
    needed = _WRITE_PERMISSION.get(collection, EDIT_CLINICAL)
    has_hidden = any(table == collection for table, _ in CLINICAL_COLUMNS)
    if not new and has_hidden and needed != EDIT_CLINICAL:
        return (needed, VIEW_CLINICAL)
    return (needed,)


def hidden_for(role: str | None) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(tables, columns) this role must never read."""
    if allows(role, VIEW_CLINICAL):
        return frozenset(), frozenset()
    return CLINICAL_TABLES, CLINICAL_COLUMNS


def visible_collections(role: str | None, collections: dict[str, list]) -> dict[str, list]:
    """A client's records with the collections the role may not read left empty."""
    tables, _ = hidden_for(role)
    return {name: ([] if name in tables else rows) for name, rows in collections.items()}
