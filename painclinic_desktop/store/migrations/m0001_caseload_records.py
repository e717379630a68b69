"""Migration 0001: one table per bundle collection.

Frozen: never edit a released migration; add a new one. Lists and nested records are kept
as JSON text in the row that owns them (goal reviews, star ratings, signposting history,
register attendees, MDT discussions), so a record is always read and written whole.
"""

from __future__ import annotations

import sqlite3

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE clients (
        id TEXT PRIMARY KEY, nhs_number TEXT, given_name TEXT NOT NULL,
        family_name TEXT NOT NULL, date_of_birth TEXT NOT NULL, gender TEXT, ethnicity TEXT,
        first_language TEXT, interpreter_needed INTEGER, postcode TEXT, imd_decile INTEGER,
        gp_practice_code TEXT, gp_practice_name TEXT, pcn TEXT, employment_status TEXT,
        pain_duration_months INTEGER, assigned_staff TEXT, {_META})""",
    f"""CREATE TABLE community_services (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, venue TEXT,
        schedule TEXT, cost TEXT, languages TEXT, contact TEXT, accessibility TEXT, {_META})""",
    f"""CREATE TABLE referrals (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        received_on TEXT NOT NULL, source TEXT NOT NULL, referrer_name TEXT, reason TEXT,
        outcome TEXT NOT NULL, outcome_on TEXT, decline_reason TEXT, {_META})""",
    f"""CREATE TABLE mdt_meetings (
        id TEXT PRIMARY KEY, held_on TEXT NOT NULL, attendees TEXT, discussions TEXT, {_META})""",
    f"""CREATE TABLE tier_changes (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        tier INTEGER NOT NULL, changed_on TEXT NOT NULL, reason TEXT, mdt_discussion_id TEXT,
        {_META})""",
    f"""CREATE TABLE discharges (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        discharged_on TEXT NOT NULL, reason TEXT NOT NULL, {_META})""",
    f"""CREATE TABLE flags (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id), kind TEXT NOT NULL,
        raised_on TEXT NOT NULL, raised_by TEXT, note TEXT, cleared_on TEXT, cleared_by TEXT,
        {_META})""",
    f"""CREATE TABLE contacts (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        starts_at TEXT NOT NULL, duration_minutes INTEGER, type TEXT NOT NULL, venue TEXT,
        outcome TEXT NOT NULL, staff TEXT, interpreter_language TEXT, carer_present INTEGER,
        footsteps TEXT, components TEXT, note TEXT, {_META})""",
    f"""CREATE TABLE assessments (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        instrument TEXT NOT NULL, time_point TEXT NOT NULL, administered_on TEXT NOT NULL,
        items TEXT NOT NULL, recorded_by TEXT, instrument_version TEXT, protocol TEXT, {_META})""",
    f"""CREATE TABLE plans (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL UNIQUE REFERENCES clients(id),
        what_matters TEXT, best_hopes TEXT, focus_footsteps TEXT, setback_plan TEXT,
        resources_given TEXT, medication_review_notes TEXT, gp_actions TEXT, {_META})""",
    f"""CREATE TABLE goals (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        footstep INTEGER NOT NULL, text TEXT NOT NULL, set_on TEXT NOT NULL, target_on TEXT,
        confidence INTEGER, replaces TEXT, reviews TEXT, {_META})""",
    f"""CREATE TABLE igro_stars (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        arms TEXT NOT NULL, ratings TEXT, {_META})""",
    f"""CREATE TABLE signposting (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        service_id TEXT NOT NULL REFERENCES community_services(id), history TEXT, {_META})""",
    f"""CREATE TABLE module_sessions (
        id TEXT PRIMARY KEY, module TEXT NOT NULL, held_on TEXT NOT NULL, venue TEXT,
        facilitator TEXT, attendees TEXT, {_META})""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
