"""Migration 0010: staff training in the 10 Footsteps and programme costing.

Frozen: never edit a released migration; add a new one.

- ``trainees``: people trained (service staff, or partner-organisation people known only by
  the anonymous code they chose), with profession, experience band and earlier training.
- ``training_courses``: a course (title, dates, venue, trainer) with its sessions as a list
  (``{id, title, held_on, optional}``).
- ``training_enrolments``: a trainee on a course, the sessions attended, the completion date.
- ``training_responses``: one confidence questionnaire, baseline or 3-month follow-up, by
  anonymous code, answers by statement code (``resources/training_questionnaire.json``).
- ``programme_costings``: what a programme costs: staff hours by role and band, the band
  rates used (kept with the costing, with their year), room, admin, sundries, on-costs,
  participant counts and a reference price. Money in whole pence.
"""

from __future__ import annotations

import sqlite3

from .. import outbox

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE trainees (
        id TEXT PRIMARY KEY, code TEXT NOT NULL, kind TEXT NOT NULL, name TEXT,
        organisation TEXT, profession TEXT, experience TEXT, prior_training TEXT, {_META})""",
    "CREATE INDEX idx_trainees_code ON trainees(code)",
    f"""CREATE TABLE training_courses (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT,
        venue TEXT, trainer TEXT, sessions TEXT, {_META})""",
    f"""CREATE TABLE training_enrolments (
        id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES training_courses(id),
        trainee_id TEXT NOT NULL REFERENCES trainees(id), attended_sessions TEXT,
        completed_on TEXT, {_META})""",
    "CREATE INDEX idx_training_enrolments_course ON training_enrolments(course_id)",
    f"""CREATE TABLE training_responses (
        id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES training_courses(id),
        code TEXT NOT NULL, time_point TEXT NOT NULL, answered_on TEXT NOT NULL,
        answers TEXT NOT NULL, prior_resources INTEGER, {_META})""",
    "CREATE INDEX idx_training_responses_course ON training_responses(course_id, code)",
    f"""CREATE TABLE programme_costings (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, costed_on TEXT NOT NULL, programme_id TEXT,
        rates_year TEXT, band_rates TEXT, staff_hours TEXT,
        room_hours REAL, room_rate_pence INTEGER, admin_hours REAL, admin_band TEXT,
        sundries_pence INTEGER, on_costs_percent REAL,
        enrolled INTEGER, completers INTEGER, reaching_mid INTEGER, mid_measure TEXT,
        reference_label TEXT, reference_price_pence INTEGER, note TEXT, {_META})""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    outbox.install_triggers(conn)
