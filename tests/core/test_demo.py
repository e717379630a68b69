"""The demo caseload: what new staff practise on and what screenshots show.

It must be the same every time for the same seed and day, use only the bundle's codes, hold
only valid test NHS numbers, have every reference resolve, keep every answer within its
measure, and tell each client's story in date order with nothing after "today".
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict

import pytest

from painclinic_desktop.core import codes, nhs_number
from painclinic_desktop.core.demo import MAX_CLIENTS, demo_staff, generate_bundle
from painclinic_desktop.core.demo.base import uk_offset_hours, uuid4_text
from painclinic_desktop.core.demo.people import nhs_numbers
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.resources_path import resource

TODAY = dt.date(2026, 11, 1)
SCHEMA = resource("schema", "bundle-v1.schema.json")

# Written out from MEASURES.md: item count, lowest and highest answer.
MEASURES = {
    "pseq": (10, 0, 6),
    "wemwbs": (14, 1, 5),
    "swemwbs": (7, 1, 5),
    "bpi": (11, 0, 10),
    "ons4": (4, 0, 10),
    "phq9": (9, 0, 3),
    "gad7": (7, 0, 3),
    "peg": (3, 0, 10),
    "sts": (1, 0, 100),
}
COLLECTIONS = [
    "clients",
    "referrals",
    "tier_changes",
    "discharges",
    "flags",
    "contacts",
    "assessments",
    "plans",
    "goals",
    "igro_stars",
    "community_services",
    "signposting",
    "module_sessions",
    "mdt_meetings",
    "medication_items",
    "medication_plans",
    "gp_actions",
    "programmes",
    "programme_enrolments",
]
FOLLOW_UPS = ("fu_10w", "fu_6m", "fu_12m")


@pytest.fixture(scope="module")
def caseload() -> dict:
    return generate_bundle(500, seed=1, today=TODAY)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _by_client(records: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for record in records:
        grouped[record["client_id"]].append(record)
    return grouped


def _discussions(caseload: dict) -> dict[str, tuple[dict, dict]]:
    return {d["id"]: (m, d) for m in caseload["mdt_meetings"] for d in m["discussions"]}


# --- the same caseload every time --------------------------------------------------------


def test_same_seed_and_day_give_byte_identical_json():
    first = json.dumps(generate_bundle(60, seed=5, today=TODAY), ensure_ascii=False)
    again = json.dumps(generate_bundle(60, seed=5, today=TODAY), ensure_ascii=False)
    assert first == again


def test_another_seed_gives_another_caseload():
    one = generate_bundle(60, seed=5, today=TODAY)
    other = generate_bundle(60, seed=6, today=TODAY)
    assert {c["id"] for c in one["clients"]}.isdisjoint({c["id"] for c in other["clients"]})
    assert [c["nhs_number"] for c in one["clients"]] != [c["nhs_number"] for c in other["clients"]]


def test_the_day_sets_the_history_not_the_wall_clock(caseload):
    assert caseload["exported_at"] == "2026-11-01T18:00:00+00:00"
    earlier = generate_bundle(20, seed=1, today=dt.date(2025, 3, 14))
    assert earlier["exported_at"] == "2025-03-14T18:00:00+00:00"
    received = [_day(r["received_on"]) for r in earlier["referrals"]]
    assert max(received) <= dt.date(2025, 3, 14)
    assert min(received) >= dt.date(2025, 3, 14) - dt.timedelta(days=548)


def test_without_a_day_the_history_ends_today():
    before = dt.date.today()
    bundle = generate_bundle(3)
    assert _day(bundle["exported_at"][:10]) in {before, dt.date.today()}


def test_ids_are_version_4_uuids_made_like_the_uuid_module():
    for bits in (0, 2**128 - 1, 0x0123456789ABCDEF0123456789ABCDEF):
        assert uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))


def test_every_id_is_unique(caseload):
    ids = [r["id"] for name in COLLECTIONS for r in caseload[name]]
    ids += list(_discussions(caseload))
    assert len(ids) == len(set(ids))
    assert all(uuid.UUID(i).version == 4 for i in ids)


# --- the document and its codes ----------------------------------------------------------


def test_document_has_the_bundle_header_and_every_collection(caseload):
    assert list(caseload)[:4] == ["format", "version", "exported_at", "demo"]
    assert caseload["format"] == "painclinic-bundle"
    assert caseload["version"] == 1
    assert caseload["demo"] is True
    assert list(caseload)[4:] == COLLECTIONS


def test_every_record_says_who_wrote_it_and_when(caseload):
    staff = {member["name"] for member in demo_staff()}
    for name in COLLECTIONS:
        for record in caseload[name]:
            assert record["author"] in staff
            assert record["created_at"].endswith("+00:00")
            created = dt.datetime.fromisoformat(record["created_at"])
            updated = dt.datetime.fromisoformat(record["updated_at"])
            assert created <= updated <= dt.datetime.fromisoformat(caseload["exported_at"])


def test_clients_are_assigned_to_health_coaches(caseload):
    coaches = {m["name"] for m in demo_staff() if m["role"] == "health_coach"}
    assert {c["assigned_staff"] for c in caseload["clients"]} == coaches


def test_client_details_use_the_bundle_codes(caseload):
    for client in caseload["clients"]:
        assert client["gender"] in codes.GENDERS
        assert client.get("ethnicity") is None or client["ethnicity"] in codes.ETHNICITIES
        assert client["employment_status"] in codes.EMPLOYMENT_STATUSES
        assert client["imd_decile"] is None or 1 <= client["imd_decile"] <= 10
        assert client["pain_duration_months"] is None or 3 <= client["pain_duration_months"] <= 240
        assert client["postcode"] is None or client["postcode"].startswith("BD")
        assert client["gp_practice_code"].startswith("B8") and len(client["gp_practice_code"]) == 6


def test_every_code_is_one_the_bundle_defines(caseload):
    allowed = [
        ("referrals", "source", codes.REFERRAL_SOURCES),
        ("referrals", "outcome", codes.REFERRAL_OUTCOMES),
        ("tier_changes", "tier", codes.TIERS),
        ("discharges", "reason", codes.DISCHARGE_REASONS),
        ("flags", "kind", codes.FLAG_KINDS),
        ("contacts", "type", codes.CONTACT_TYPES),
        ("contacts", "venue", codes.CONTACT_VENUES),
        ("contacts", "outcome", codes.CONTACT_OUTCOMES),
        ("assessments", "instrument", codes.INSTRUMENTS),
        ("assessments", "time_point", codes.TIME_POINTS),
        ("goals", "footstep", codes.FOOTSTEPS),
        ("community_services", "category", codes.SERVICE_CATEGORIES),
        ("module_sessions", "module", codes.MODULES),
    ]
    for collection, field, values in allowed:
        assert {r[field] for r in caseload[collection]} <= set(values), (collection, field)
    contacts = caseload["contacts"]
    assert {c for r in contacts for c in r["components"]} <= set(codes.CONTACT_COMPONENTS)
    assert {f for r in contacts for f in r["footsteps"]} <= set(codes.FOOTSTEPS)
    goals = caseload["goals"]
    assert {v["status"] for g in goals for v in g["reviews"]} <= set(codes.GOAL_STATUSES)
    steps = {h["status"] for s in caseload["signposting"] for h in s["history"]}
    assert steps <= set(codes.SIGNPOSTING_STATUSES)
    labels = {r["label"] for s in caseload["igro_stars"] for r in s["ratings"]}
    assert labels <= set(codes.IGRO_LABELS)
    decisions = {d["decision"] for _, d in _discussions(caseload).values()}
    assert decisions <= set(codes.MDT_DECISIONS)


def test_a_500_client_caseload_shows_every_code(caseload):
    def seen(collection, field):
        return {r[field] for r in caseload[collection]}

    assert seen("referrals", "source") == set(codes.REFERRAL_SOURCES)
    assert seen("referrals", "outcome") == set(codes.REFERRAL_OUTCOMES)
    assert seen("tier_changes", "tier") == set(codes.TIERS)
    assert seen("discharges", "reason") == set(codes.DISCHARGE_REASONS)
    assert seen("flags", "kind") == set(codes.FLAG_KINDS)
    assert seen("contacts", "type") == set(codes.CONTACT_TYPES)
    assert seen("contacts", "venue") == set(codes.CONTACT_VENUES)
    assert seen("contacts", "outcome") == set(codes.CONTACT_OUTCOMES)
    assert {c for r in caseload["contacts"] for c in r["components"]} == set(
        codes.CONTACT_COMPONENTS
    )
    assert seen("assessments", "instrument") == set(codes.INSTRUMENTS)
    assert seen("assessments", "time_point") == set(codes.TIME_POINTS)
    assert seen("community_services", "category") == set(codes.SERVICE_CATEGORIES)
    assert seen("module_sessions", "module") == set(codes.MODULES)
    statuses = {v["status"] for g in caseload["goals"] for v in g["reviews"]}
    assert statuses == set(codes.GOAL_STATUSES)
    steps = {h["status"] for s in caseload["signposting"] for h in s["history"]}
    assert steps == set(codes.SIGNPOSTING_STATUSES)
    assert {d["decision"] for _, d in _discussions(caseload).values()} == set(codes.MDT_DECISIONS)
    assert {c["gender"] for c in caseload["clients"]} >= {"female", "male"}


def test_contacts_average_about_twenty_per_client_seen(caseload):
    contacts = caseload["contacts"]
    per_client = len(contacts) / len({c["client_id"] for c in contacts})
    assert 15 <= per_client <= 25
    missed = sum(c["outcome"] == "dna" for c in contacts) / len(contacts)
    assert 0.07 <= missed <= 0.14


# --- NHS numbers, names and languages ------------------------------------------------------


def test_nhs_numbers_are_valid_unique_test_numbers(caseload):
    numbers = [c["nhs_number"] for c in caseload["clients"] if c["nhs_number"] is not None]
    assert len(numbers) >= 480
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        assert len(number) == 10 and number.isdigit()
        assert number.startswith("999")
        assert nhs_number.is_valid(number)


def test_nhs_numbers_skip_prefixes_without_a_check_digit():
    import random

    # 999000000: 9*10 + 9*9 + 9*8 = 243; 243 mod 11 = 1; 11 - 1 = 10, so no check digit exists.
    assert nhs_number.with_check_digit("999000000") is None
    # 999000001: 243 + 1*2 = 245; 245 mod 11 = 3; 11 - 3 = 8.
    assert nhs_number.with_check_digit("999000001") == "9990000018"
    numbers = nhs_numbers(random.Random(3), 20_000)
    assert len(set(numbers)) == 20_000
    assert all(n.startswith("999") and nhs_number.is_valid(n) for n in numbers)


def test_names_come_from_many_communities_including_accented_ones(caseload):
    names = {c["given_name"] for c in caseload["clients"]} | {
        c["family_name"] for c in caseload["clients"]
    }
    assert any(not name.isascii() for name in names)
    assert len({c.get("ethnicity") for c in caseload["clients"]}) >= 12
    assert "Z" in {c.get("ethnicity") for c in caseload["clients"]}
    assert any("ethnicity" not in c for c in caseload["clients"])
    assert len({c["first_language"] for c in caseload["clients"]}) >= 10


def test_interpreters_are_only_for_clients_whose_first_language_is_not_english(caseload):
    flagged = {f["client_id"] for f in caseload["flags"] if f["kind"] == "interpreter_needed"}
    clients = {c["id"]: c for c in caseload["clients"]}
    for client in clients.values():
        if client["interpreter_needed"]:
            assert client["first_language"] != "English"
            assert client["id"] in flagged
    for contact in caseload["contacts"]:
        if contact["interpreter_language"] is not None:
            client = clients[contact["client_id"]]
            assert client["interpreter_needed"]
            assert contact["interpreter_language"] == client["first_language"]


def test_most_clients_are_30_to_85(caseload):
    ages = [(TODAY - _day(c["date_of_birth"])).days / 365.25 for c in caseload["clients"]]
    assert min(ages) >= 18
    assert sum(30 <= age <= 85 for age in ages) / len(ages) >= 0.85


def test_deprivation_leans_to_the_most_deprived_deciles(caseload):
    deciles = [c["imd_decile"] for c in caseload["clients"] if c["imd_decile"] is not None]
    assert sum(d <= 3 for d in deciles) > 2 * sum(d >= 8 for d in deciles)


# --- references ----------------------------------------------------------------------------


def test_every_client_reference_resolves(caseload):
    clients = {c["id"] for c in caseload["clients"]}
    for name in COLLECTIONS[1:]:
        for record in caseload[name]:
            if "client_id" in record:
                assert record["client_id"] in clients, name
    for session in caseload["module_sessions"]:
        assert session["attendees"]
        assert set(session["attendees"]) <= clients
        assert len(session["attendees"]) == len(set(session["attendees"]))
    for _, discussion in _discussions(caseload).values():
        assert discussion["client_id"] in clients


def test_signposting_points_at_listed_services(caseload):
    services = {s["id"] for s in caseload["community_services"]}
    assert 25 <= len(services) <= 40
    assert {s["service_id"] for s in caseload["signposting"]} <= services


def test_tier_3_moves_link_to_the_mdt_discussion_that_agreed_them(caseload):
    discussions = _discussions(caseload)
    tier_3 = [t for t in caseload["tier_changes"] if t["tier"] == 3]
    assert tier_3
    for change in caseload["tier_changes"]:
        if change["mdt_discussion_id"] is None:
            assert change["tier"] != 3
            continue
        meeting, discussion = discussions[change["mdt_discussion_id"]]
        assert discussion["client_id"] == change["client_id"]
        assert discussion["decision"] == f"move_to_tier_{change['tier']}"
        assert change["changed_on"] == meeting["held_on"]


def test_mdt_meetings_are_fortnightly_and_follow_a_flag(caseload):
    meetings = caseload["mdt_meetings"]
    days = [_day(m["held_on"]) for m in meetings]
    assert days == sorted(days)
    assert all((b - a).days % 14 == 0 for a, b in zip(days, days[1:], strict=False))
    flags = _by_client(f for f in caseload["flags"] if f["kind"] == "mdt_discuss")
    for meeting in meetings:
        assert len(meeting["attendees"]) >= 4
        for discussion in meeting["discussions"]:
            raised = [_day(f["raised_on"]) for f in flags[discussion["client_id"]]]
            assert any(day < _day(meeting["held_on"]) for day in raised)
            for action in discussion["actions"]:
                assert action["text"] and action["owner"] in meeting["attendees"]
                assert _day(action["due_on"]) > _day(meeting["held_on"])
                if action["done_on"] is not None:
                    assert _day(meeting["held_on"]) <= _day(action["done_on"]) <= TODAY


def test_module_attendance_goes_with_a_group_contact(caseload):
    group = {
        (c["client_id"], c["starts_at"][:10]) for c in caseload["contacts"] if c["type"] == "group"
    }
    for session in caseload["module_sessions"]:
        for client in session["attendees"]:
            assert (client, session["held_on"]) in group


# --- measures ---------------------------------------------------------------------------------


def test_answers_have_the_instruments_item_counts_and_ranges(caseload):
    for assessment in caseload["assessments"]:
        count, low, high = MEASURES[assessment["instrument"]]
        items = assessment["items"]
        assert len(items) == count
        assert all(i is None or (type(i) is int and low <= i <= high) for i in items)
        if assessment["instrument"] == "sts":
            assert assessment["protocol"] == "30s"
            assert items[0] is not None
        else:
            assert "protocol" not in assessment


def test_a_few_answers_are_missing(caseload):
    assessments = caseload["assessments"]
    with_gaps = sum(None in a["items"] for a in assessments) / len(assessments)
    assert 0.01 <= with_gaps <= 0.06


def test_scores_mostly_improve_from_baseline_to_end(caseload):
    def total(assessment):
        return sum(i for i in assessment["items"] if i is not None)

    pairs = defaultdict(dict)
    for a in caseload["assessments"]:
        if a["instrument"] == "pseq" and a["time_point"] in ("baseline", "end"):
            pairs[a["client_id"]][a["time_point"]] = total(a)
    changes = [p["end"] - p["baseline"] for p in pairs.values() if len(p) == 2]
    assert len(changes) >= 50
    assert sum(change > 0 for change in changes) / len(changes) >= 0.6
    assert any(change < 0 for change in changes)


def test_phq9_item_9_above_0_always_has_an_open_risk_flag(caseload):
    risks = _by_client(f for f in caseload["flags"] if f["kind"] == "risk")
    positives = [a for a in caseload["assessments"] if a["instrument"] == "phq9" and a["items"][8]]
    assert positives
    assert len(positives) < 0.1 * sum(a["instrument"] == "phq9" for a in caseload["assessments"])
    for assessment in positives:
        day = _day(assessment["administered_on"])
        covering = [
            f
            for f in risks[assessment["client_id"]]
            if _day(f["raised_on"]) <= day
            and (f["cleared_on"] is None or _day(f["cleared_on"]) > day)
        ]
        assert covering, assessment["id"]


# --- dates in order, nothing after today --------------------------------------------------


def _all_event_dates(caseload: dict):
    """Every date of something that happened (planned dates excluded)."""
    simple = {
        "referrals": ("received_on", "outcome_on"),
        "tier_changes": ("changed_on",),
        "discharges": ("discharged_on",),
        "flags": ("raised_on", "cleared_on"),
        "assessments": ("administered_on",),
        "goals": ("set_on",),
        "module_sessions": ("held_on",),
        "mdt_meetings": ("held_on",),
    }
    for collection, fields in simple.items():
        for record in caseload[collection]:
            yield from (record[f] for f in fields if record[f] is not None)
    yield from (c["starts_at"][:10] for c in caseload["contacts"])
    yield from (r["reviewed_on"] for g in caseload["goals"] for r in g["reviews"])
    yield from (r["rated_on"] for s in caseload["igro_stars"] for r in s["ratings"])
    yield from (h["on"] for s in caseload["signposting"] for h in s["history"])
    yield from (r["given_on"] for p in caseload["plans"] for r in p["resources_given"])


def test_nothing_happens_after_today(caseload):
    assert max(_day(text) for text in _all_event_dates(caseload)) <= TODAY


def _episodes(caseload: dict) -> dict[str, list[tuple[dt.date, dt.date | None]]]:
    """Per client, (accepted on, discharged on or None) for each accepted referral."""
    discharges = _by_client(caseload["discharges"])
    episodes = defaultdict(list)
    for client, referrals in _by_client(caseload["referrals"]).items():
        ends = sorted(_day(d["discharged_on"]) for d in discharges[client])
        for referral in sorted(referrals, key=lambda r: r["received_on"]):
            assert (
                referral["outcome_on"] is None or referral["received_on"] <= referral["outcome_on"]
            )
            if referral["outcome"] == "accepted":
                start = _day(referral["outcome_on"])
                end = next((e for e in ends if e >= start), None)
                episodes[client].append((start, end))
    return episodes


def test_each_story_runs_referral_then_contacts_then_discharge(caseload):
    episodes = _episodes(caseload)
    for client, discharges in _by_client(caseload["discharges"]).items():
        assert len(discharges) == sum(end is not None for _, end in episodes[client])
    for contact in caseload["contacts"]:
        day = _day(contact["starts_at"][:10])
        windows = episodes[contact["client_id"]]
        assert any(start < day and (end is None or day <= end) for start, end in windows)
    for change in caseload["tier_changes"]:
        day = _day(change["changed_on"])
        windows = episodes[change["client_id"]]
        assert any(start <= day and (end is None or day <= end) for start, end in windows)


def test_a_re_referral_comes_after_the_earlier_discharge(caseload):
    episodes = _episodes(caseload)
    returned = [spans for spans in episodes.values() if len(spans) > 1]
    assert returned
    for spans in returned:
        (_, first_end), (second_start, _) = spans
        assert first_end is not None and first_end < second_start


def test_assessments_sit_in_the_episode_and_follow_ups_after_discharge(caseload):
    episodes = _episodes(caseload)
    attended = defaultdict(set)
    for contact in caseload["contacts"]:
        if contact["outcome"] == "attended":
            attended[contact["client_id"]].add(contact["starts_at"][:10])
    for assessment in caseload["assessments"]:
        day = _day(assessment["administered_on"])
        client = assessment["client_id"]
        if assessment["time_point"] in FOLLOW_UPS:
            assert any(end is not None and end < day for _, end in episodes[client])
        else:  # given at a session the client attended
            assert assessment["administered_on"] in attended[client]


def test_histories_are_in_date_order(caseload):
    for goal in caseload["goals"]:
        days = [_day(r["reviewed_on"]) for r in goal["reviews"]]
        assert days == sorted(days) and days[0] == _day(goal["set_on"])
        assert _day(goal["target_on"]) > _day(goal["set_on"])
    for star in caseload["igro_stars"]:
        days = [_day(r["rated_on"]) for r in star["ratings"]]
        assert days == sorted(days)
    for item in caseload["signposting"]:
        days = [_day(h["on"]) for h in item["history"]]
        assert days == sorted(days) and item["history"][0]["status"] == "suggested"
    for flag in caseload["flags"]:
        if flag["cleared_on"] is not None:
            assert flag["raised_on"] <= flag["cleared_on"] and flag["cleared_by"]


def test_replaced_goals_link_to_the_goal_that_replaced_them(caseload):
    goals = {g["id"]: g for g in caseload["goals"]}
    replacing = [g for g in goals.values() if "replaces" in g]
    assert replacing
    for goal in replacing:
        old = goals[goal["replaces"]]
        assert old["reviews"][-1]["status"] == "replaced"
        assert old["reviews"][-1]["reviewed_on"] == goal["set_on"]
        assert old["client_id"] == goal["client_id"]


# --- plans and stars --------------------------------------------------------------------------


def test_one_plan_per_client_with_focus_footsteps_and_a_setback_plan(caseload):
    plans = _by_client(caseload["plans"])
    assert all(len(p) == 1 for p in plans.values())
    for (plan,) in plans.values():
        assert plan["what_matters"] and plan["best_hopes"]
        steps = plan["focus_footsteps"]
        assert 2 <= len(steps) == len(set(steps)) and set(steps) <= set(codes.FOOTSTEPS)
        assert set(plan["setback_plan"]) == {
            "warning_signs",
            "what_helps",
            "who_to_contact",
            "avoid",
        }
        assert all(plan["setback_plan"].values())


def test_igro_stars_have_five_arms_and_one_to_three_ratings(caseload):
    assert caseload["igro_stars"]
    for star in caseload["igro_stars"]:
        assert len(star["arms"]) == 5 and all(arm.strip() for arm in star["arms"])
        assert 1 <= len(star["ratings"]) <= 3
        assert star["ratings"][0]["label"] == "start"
        for rating in star["ratings"]:
            assert len(rating["scores"]) == 5
            assert all(0 <= s <= 10 for s in rating["scores"])


# --- size, limits and schema ------------------------------------------------------------------


def test_an_empty_caseload_is_still_a_whole_document():
    bundle = generate_bundle(0, today=TODAY)
    assert all(bundle[name] == [] for name in COLLECTIONS if name != "community_services")
    assert bundle["community_services"]


@pytest.mark.parametrize("clients", [-1, MAX_CLIENTS + 1, 2.5, True])
def test_impossible_sizes_are_refused(clients):
    with pytest.raises(InvalidInput):
        generate_bundle(clients, today=TODAY)


def test_uk_clock_changes_give_the_right_offset():
    # 2026: BST from Sunday 29 March to Sunday 25 October.
    assert uk_offset_hours(dt.date(2026, 3, 28)) == 0
    assert uk_offset_hours(dt.date(2026, 3, 29)) == 1
    assert uk_offset_hours(dt.date(2026, 10, 24)) == 1
    assert uk_offset_hours(dt.date(2026, 10, 25)) == 0


def test_contacts_are_in_working_hours_on_weekdays(caseload):
    for contact in caseload["contacts"]:
        start = dt.datetime.fromisoformat(contact["starts_at"])
        assert start.weekday() < 5
        assert 9 <= start.hour <= 16
        assert start.utcoffset() == dt.timedelta(hours=uk_offset_hours(start.date()))


def test_a_small_caseload_matches_the_bundle_schema():
    if not SCHEMA.is_file():
        pytest.skip("resources/schema/bundle-v1.schema.json is not in the repository yet")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bundle = generate_bundle(120, seed=3, today=TODAY)
    validator = jsonschema.Draft202012Validator(schema)
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(bundle)]
    assert problems == []


def test_the_bundle_import_validation_accepts_the_caseload(caseload):
    from painclinic_desktop.core.bundle import validate_bundle

    assert [str(problem) for problem in validate_bundle(caseload)] == []


def test_every_demo_medicine_is_a_dose_a_person_can_take(caseload):
    """Each dose is whole tablets, capsules or patches of the product named (an MR tablet is
    never halved), and a dose-reduction step keeps to that."""
    from decimal import Decimal

    from painclinic_desktop.core.medication import products

    strength = {p.name: p.strength for p in products()}
    items = caseload["medication_items"]
    assert any(i.get("replaces") for i in items)  # the reduction steps are checked too
    for item in items:
        assert item["name"] in strength, item["name"]
        per_dose = Decimal(str(item["dose"]))
        assert per_dose % strength[item["name"]] == 0, (item["name"], item["dose"])


def test_programmes_are_made_last_from_the_registers_as_they_are(monkeypatch):
    from painclinic_desktop.core.demo import bundle as demo_bundle
    from painclinic_desktop.core.programme_report import compute_programme_report

    with_programmes = generate_bundle(300, seed=2, today=TODAY)
    monkeypatch.setattr(demo_bundle, "programme_stories", lambda demo: None)
    without = generate_bundle(300, seed=2, today=TODAY)
    for name, found in without.items():
        if name not in ("programmes", "programme_enrolments"):
            assert with_programmes[name] == found, name  # the rest of the seed's caseload
    assert with_programmes["programmes"] and with_programmes["programme_enrolments"]
    sessions = {s["id"] for s in with_programmes["module_sessions"]}
    for programme in with_programmes["programmes"]:
        assert set(programme["session_ids"]) <= sessions
        assert len(programme["session_ids"]) <= programme["planned_sessions"]
    report = compute_programme_report(with_programmes, "2020-01-01", TODAY, suppress=False)
    assert report.counts[-1][4] == len(with_programmes["programme_enrolments"])
