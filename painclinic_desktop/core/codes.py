"""The service's codes, exactly as the bundle format (BUNDLE.md) defines them.

The UI words these codes; core and store only ever hold the codes.
"""

from __future__ import annotations

GENDERS = ("female", "male", "non_binary", "other", "not_stated")

ETHNICITIES = {
    "A": "White British",
    "B": "White Irish",
    "C": "Any other White background",
    "D": "White and Black Caribbean",
    "E": "White and Black African",
    "F": "White and Asian",
    "G": "Any other mixed background",
    "H": "Indian",
    "J": "Pakistani",
    "K": "Bangladeshi",
    "L": "Any other Asian background",
    "M": "Caribbean",
    "N": "African",
    "P": "Any other Black background",
    "R": "Chinese",
    "S": "Any other ethnic group",
    "Z": "Not stated",
}

EMPLOYMENT_STATUSES = (
    "employed",
    "self_employed",
    "unemployed",
    "unable_to_work_sick_disabled",
    "retired",
    "student",
    "carer",
    "not_stated",
)

REFERRAL_SOURCES = (
    "gp",
    "msk_practitioner",
    "pcn_other",
    "self",
    "community_partner",
    "secondary_care",
    "other",
)
REFERRAL_OUTCOMES = ("pending", "accepted", "declined", "signposted_elsewhere")

TIERS = (1, 2, 3)

DISCHARGE_REASONS = (
    "goals_met",
    "disengaged",
    "moved_away",
    "declined_further_support",
    "transferred",
    "deceased",
    "other",
)

FLAG_KINDS = (
    "mdt_discuss",
    "faith_barrier",
    "interpreter_needed",
    "safeguarding",
    "carer_involved",
    "risk",
)

CONTACT_TYPES = ("face_to_face", "home_visit", "telephone", "video", "group")
CONTACT_VENUES = ("gp_practice", "faith_centre", "community_venue", "home", "remote", "other")
CONTACT_OUTCOMES = ("attended", "dna", "cancelled_by_client", "cancelled_by_service")
CONTACT_COMPONENTS = (
    "pain_book",
    "relaxation_audio",
    "pacing_diary",
    "exercise_planning",
    "sleep_hygiene",
    "medication_worksheet",
    # Issue 15: opioid analgesic dependence worksheets and "de-scripting" within sessions.
    # medication_worksheet stays, so older contacts read as they were recorded.
    "oad_worksheet",
    "de_scripting",
    "goal_review",
    "igro_rating",
    "signposting",
)

INSTRUMENTS = ("pseq", "wemwbs", "swemwbs", "bpi", "ons4", "phq9", "gad7", "peg", "sts")
TIME_POINTS = ("baseline", "mid", "end", "fu_10w", "fu_6m", "fu_12m", "review")
FOLLOW_UP_TIME_POINTS = ("mid", "end", "fu_10w", "fu_6m", "fu_12m")

FOOTSTEPS = tuple(range(1, 11))
GOAL_STATUSES = (
    "not_started",
    "in_progress",
    "achieved",
    "partly_achieved",
    "not_achieved",
    "replaced",
)

IGRO_LABELS = ("start", "mid", "end", "review")

SERVICE_CATEGORIES = (
    "physical_activity",
    "relaxation",
    "arts_crafts",
    "music_choir",
    "peer_support",
    "mens_shed",
    "financial_advice",
    "employment_volunteering",
    "faith_group",
    "carers_support",
    "other",
)
SIGNPOSTING_STATUSES = (
    "suggested",
    "referred",
    "attended",
    "declined",
    "waiting_list",
    "not_available",
)

MODULES = ("understanding_pain",) + tuple(f"t2_{n:02d}" for n in range(1, 11))

MDT_DECISIONS = (
    "continue",
    "move_to_tier_2",
    "move_to_tier_3",
    "refer_on",
    "discharge",
    "safeguarding_action",
)

# Medication review (MEDICATION.md): where a medicine's record comes from; what can happen to
# a dose-reduction plan; what became of an action requested of the GP.
MEDICATION_SOURCES = ("gp_record", "client_report", "pharmacy")
PLAN_EVENT_KINDS = ("setback", "pause", "resume")
GP_ACTION_STATUSES = ("requested", "done", "declined", "withdrawn")

# Programmes (courses of group sessions, issue 16): where a client's enrolment stands, and why
# a client left a programme before its end (the coach adds words of their own).
ENROLMENT_STATUSES = ("enrolled", "completed", "dropped_out")
DROPOUT_REASONS = (
    "health_or_pain",
    "work_or_caring",
    "travel_or_access",
    "not_helpful",
    "moved_away",
    "lost_contact",
    "other",
)
DEFAULT_ATTENDANCE_RULE_PERCENT = 75  # the published programmes analyse those attending 75 %

# The collections of a bundle, in the order records must be applied (parents first).
COLLECTIONS = (
    "clients",
    "community_services",
    "referrals",
    "mdt_meetings",
    "tier_changes",
    "discharges",
    "flags",
    "contacts",
    "assessments",
    "plans",
    "goals",
    "igro_stars",
    "signposting",
    "module_sessions",
)

# Optional additions to the bundle (staff training and programme costing; medicines,
# dose-reduction plans and requests to the GP; programmes and their enrolments): each may be absent
# from a bundle, and an export leaves out the ones with no records, so a bundle without them is
# exactly what earlier versions wrote and read. Parents first, as above.
OPTIONAL_COLLECTIONS = (
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
BUNDLE_COLLECTIONS = COLLECTIONS + OPTIONAL_COLLECTIONS
