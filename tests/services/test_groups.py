"""Education module sessions and registers: ticking names, walk-ins, a coach matching them."""

from datetime import date

import pytest

from painclinic_desktop.core import register_matching as matching
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import groups, walk_ins
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_client_record
from tests.factories import bundle, client, grace, new_store, uid

TODAY = date(2026, 11, 5)


@pytest.fixture
def store(tmp_path):
    store = new_store(
        tmp_path / "groups.db",
        clients=[
            client("ayesha"),
            grace(nhs_number="9876543210", date_of_birth="1958-02-20"),
            client(
                "lukasz",
                nhs_number=None,
                given_name="Łukasz",
                family_name="Nowak-Kowalski",
                date_of_birth="1975-07-01",
            ),
            client(
                "mo",
                nhs_number=None,
                given_name="Mohammed",
                family_name="Iqbal",
                date_of_birth="1980-03-03",
            ),
        ],
    )
    yield store
    store.close()


def _session(store, held_on="2026-11-05", venue="Al-Hikmah Community Centre", module="t2_10"):
    return groups.create_session(
        store,
        {"module": module, "held_on": held_on, "venue": venue, "facilitator": "Partner One"},
        "Coach One",
    )


def _present(store, session_id):
    return {line.name for line in groups.register(store, session_id).lines if line.present}


def test_a_session_needs_a_known_module_a_date_a_venue_and_a_facilitator(store):
    values = {"module": "t2_04", "held_on": "2026-11-05", "venue": "Hub", "facilitator": "Sam"}
    for field, bad in (
        ("module", "t2_11"),
        ("held_on", "05/11/2026"),
        ("venue", "  "),
        ("facilitator", ""),
    ):
        with pytest.raises(InvalidInput) as error:
            groups.create_session(store, {**values, field: bad}, "Coach One")
        assert error.value.field == field
    saved = groups.create_session(store, values, "Coach One")
    assert saved["attendees"] == [] and saved["author"] == "Coach One"
    assert [s.module for s in groups.sessions(store)] == ["t2_04"]


def test_the_module_list_is_the_services_own_list_in_order(store):
    titles = groups.module_titles()
    assert list(titles)[0] == "understanding_pain"
    assert titles["understanding_pain"] == "Understanding Pain"
    assert titles["t2_10"] == "Beliefs, Spirituality, Faith and Pain"
    assert len(titles) == 11


def test_ticking_and_unticking_names_is_saved_and_shows_on_the_clients_record(store):
    session = _session(store)
    for name in ("ayesha", "grace"):
        groups.mark_attendance(store, session["id"], uid(name), True, "Partner One", TODAY)
    groups.mark_attendance(store, session["id"], uid("grace"), False, "Partner One", TODAY)
    assert _present(store, session["id"]) == {"Ayesha Khan"}
    record = load_client_record(store, uid("ayesha"))
    assert [s["module"] for s in record.records["module_sessions"]] == ["t2_10"]
    assert load_client_record(store, uid("grace")).records["module_sessions"] == []


def test_ticking_twice_keeps_one_attendance(store):
    session = _session(store)
    for _ in range(2):
        groups.mark_attendance(store, session["id"], uid("ayesha"), True, "Partner One", TODAY)
    assert groups.sessions(store)[0].attended == 1


def test_a_register_is_not_taken_before_the_day(store):
    session = _session(store, held_on="2026-11-12")
    with pytest.raises(InvalidInput, match="12-Nov-2026"):
        groups.mark_attendance(store, session["id"], uid("ayesha"), True, "Partner One", TODAY)


def test_the_register_lists_booked_clients_and_those_who_came_last_time_at_that_venue(store):
    last_week = _session(store, held_on="2026-10-29", venue="al-hikmah community centre ")
    groups.mark_attendance(store, last_week["id"], uid("grace"), True, "Partner One", TODAY)
    elsewhere = _session(store, held_on="2026-11-01", venue="Girlington Hub")
    groups.mark_attendance(store, elsewhere["id"], uid("mo"), True, "Partner One", TODAY)
    today = _session(store)
    groups.book(store, today["id"], uid("ayesha"), "Coach One")
    lines = {line.name: line for line in groups.register(store, today["id"]).lines}
    assert set(lines) == {"Ayesha Khan", "Grace Okafor"}
    assert lines["Ayesha Khan"].booked and not lines["Ayesha Khan"].came_last_time
    assert lines["Grace Okafor"].came_last_time and not lines["Grace Okafor"].booked
    assert not any(line.present for line in lines.values())


def test_understanding_pain_is_done_once_so_its_register_lists_only_those_booked(store):
    earlier = _session(store, held_on="2026-10-29", module="understanding_pain")
    groups.mark_attendance(store, earlier["id"], uid("grace"), True, "Partner One", TODAY)
    today = _session(store, module="understanding_pain")
    groups.book(store, today["id"], uid("ayesha"), "Coach One")
    assert [line.name for line in groups.register(store, today["id"]).lines] == ["Ayesha Khan"]


def test_the_register_lists_the_expected_first(store):
    last_week = _session(store, held_on="2026-10-29")
    groups.mark_attendance(store, last_week["id"], uid("ayesha"), True, "Partner One", TODAY)
    today = _session(store)
    groups.book(store, today["id"], uid("mo"), "Coach One")
    groups.mark_attendance(store, today["id"], uid("grace"), True, "Partner One", TODAY)
    names = [line.name for line in groups.register(store, today["id"]).lines]
    assert names == ["Mohammed Iqbal", "Grace Okafor", "Ayesha Khan"]


def test_a_cancelled_booking_leaves_the_register_and_can_be_made_again(store):
    session = _session(store, held_on="2026-11-20")
    groups.book(store, session["id"], uid("ayesha"), "Coach One")
    assert [s.id for s in groups.upcoming_bookings(store, uid("ayesha"), TODAY)] == [session["id"]]
    groups.cancel_booking(store, session["id"], uid("ayesha"), "Coach One", TODAY)
    assert groups.register(store, session["id"]).lines == []
    assert groups.upcoming_bookings(store, uid("ayesha"), TODAY) == []
    groups.book(store, session["id"], uid("ayesha"), "Coach One")
    assert groups.sessions(store)[0].booked == 1


def test_a_walk_in_with_the_same_name_and_birth_date_is_ticked_at_once(store):
    session = _session(store)
    # Typed in a hurry: no capitals, no accent, no hyphen.
    result = walk_ins.add_walk_in(
        store, session["id"], "lukasz", "nowak kowalski", "1975-07-01", "Partner One", today=TODAY
    )
    assert result.outcome == matching.MATCHED and result.client_id == uid("lukasz")
    assert _present(store, session["id"]) == {"Łukasz Nowak-Kowalski"}
    assert result.walk_in["resolution"] == walk_ins.MATCHED_ON_ENTRY
    assert walk_ins.held_walk_ins(store) == []


def test_the_same_name_with_another_birth_date_is_held_not_ticked(store):
    session = _session(store)
    result = walk_ins.add_walk_in(
        store, session["id"], "Ayesha", "Khan", "1961-12-04", "Partner One", today=TODAY
    )
    assert result.outcome == matching.HOLD and result.client_id is None
    assert _present(store, session["id"]) == set()
    [held] = walk_ins.held_walk_ins(store)
    assert [(c.client_id, why) for c, why in held.candidates] == [
        (uid("ayesha"), matching.BIRTH_DATE_DIFFERS)
    ]
    assert groups.sessions(store)[0].walk_ins_held == 1


def test_two_clients_with_the_same_name_and_birth_date_are_left_to_the_coach(store):
    import_bundle(store, bundle(clients=[client("ayesha2", nhs_number=None, given_name="Ayesha")]))
    session = _session(store)
    result = walk_ins.add_walk_in(
        store, session["id"], "Ayesha", "Khan", "1961-04-12", "Partner One", today=TODAY
    )
    assert result.outcome == matching.HOLD
    [held] = walk_ins.held_walk_ins(store)
    assert {c.client_id for c, _ in held.candidates} == {uid("ayesha"), uid("ayesha2")}


def test_names_the_other_way_round_or_a_similar_first_name_are_only_suggested(store):
    session = _session(store)
    swapped = walk_ins.add_walk_in(
        store, session["id"], "Okafor", "Grace", "1958-02-20", "Partner One", today=TODAY
    )
    similar = walk_ins.add_walk_in(
        store, session["id"], "Muhammad", "Iqbal", "1980-03-03", "Partner One", today=TODAY
    )
    assert swapped.outcome == similar.outcome == matching.HOLD
    reasons = {
        h.walk_in["given_name"]: [(c.client_id, why) for c, why in h.candidates]
        for h in walk_ins.held_walk_ins(store)
    }
    assert reasons == {
        "Okafor": [(uid("grace"), matching.NAMES_SWAPPED)],
        "Muhammad": [(uid("mo"), matching.SIMILAR_NAME)],
    }


def test_entering_the_same_walk_in_twice_keeps_one_entry(store):
    session = _session(store)
    first = walk_ins.add_walk_in(
        store, session["id"], "Bob", "Smith", "1970-01-01", "Partner One", today=TODAY
    )
    again = walk_ins.add_walk_in(
        store, session["id"], " bob", "SMITH", "1970-01-01", "Partner One", today=TODAY
    )
    assert again.walk_in["id"] == first.walk_in["id"]
    assert len(walk_ins.held_walk_ins(store)) == 1


def test_a_walk_in_needs_both_names_and_a_believable_birth_date(store):
    session = _session(store)
    for given, family, born, field in (
        ("", "Smith", "1970-01-01", "given_name"),
        ("Bob", " ", "1970-01-01", "family_name"),
        ("Bob", "Smith", "", "date_of_birth"),
        ("Bob", "Smith", "2026-12-01", "date_of_birth"),
        ("Bob", "Smith", "1890-01-01", "date_of_birth"),
    ):
        with pytest.raises(InvalidInput) as error:
            walk_ins.add_walk_in(
                store, session["id"], given, family, born, "Partner One", today=TODAY
            )
        assert error.value.field == field
    assert groups.register(store, session["id"]).walk_ins == []


def test_a_coach_matches_a_held_walk_in_and_they_are_ticked(store):
    session = _session(store)
    held = walk_ins.add_walk_in(
        store, session["id"], "Ayesha", "Khan", "1961-12-04", "Partner One", today=TODAY
    ).walk_in
    done = walk_ins.match_walk_in(store, held["id"], uid("ayesha"), "Coach One", TODAY)
    assert (done["resolution"], done["client_id"], done["resolved_by"]) == (
        walk_ins.MATCHED_BY_COACH,
        uid("ayesha"),
        "Coach One",
    )
    assert _present(store, session["id"]) == {"Ayesha Khan"}
    assert walk_ins.held_walk_ins(store) == []
    with pytest.raises(InvalidInput, match="already been dealt with"):
        walk_ins.match_walk_in(store, held["id"], uid("grace"), "Coach One", TODAY)
    assert _present(store, session["id"]) == {"Ayesha Khan"}


def test_a_walk_in_set_aside_is_kept_but_is_not_attendance(store):
    session = _session(store)
    held = walk_ins.add_walk_in(
        store, session["id"], "Carer", "Person", "1990-05-05", "Partner One", today=TODAY
    ).walk_in
    walk_ins.set_aside_walk_in(store, held["id"], "Coach One", TODAY)
    assert walk_ins.held_walk_ins(store) == []
    assert _present(store, session["id"]) == set()
    [kept] = groups.register(store, session["id"]).walk_ins
    assert kept["resolution"] == walk_ins.SET_ASIDE


def test_finding_a_client_by_the_start_of_their_names_or_their_birth_date(store):
    assert [h.name for h in groups.find_clients(store, "gra oka")] == ["Grace Okafor"]
    assert [h.name for h in groups.find_clients(store, "lukasz")] == ["Łukasz Nowak-Kowalski"]
    assert [h.name for h in groups.find_clients(store, "20/02/1958")] == ["Grace Okafor"]
    assert groups.find_clients(store, "  ") == []


def test_venues_offer_those_used_most_then_the_directorys(store):
    _session(store, held_on="2026-10-01", venue="Girlington Hub")
    _session(store, held_on="2026-10-08", venue="Jamia Masjid Hall")
    _session(store, held_on="2026-10-15", venue="Jamia Masjid Hall")
    import_bundle(
        store,
        bundle(
            community_services=[
                {
                    "id": uid("walks"),
                    "name": "Walks",
                    "category": "physical_activity",
                    "venue": "Lister Park",
                }
            ]
        ),
    )
    assert groups.venues(store) == ["Jamia Masjid Hall", "Girlington Hub", "Lister Park"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("LUKASZ", "Łukasz"), ("oneill", "O'Neill"), ("zoe", "Zoë"), ("anne marie", "Anne-Marie")],
)
def test_names_compare_without_case_accents_or_punctuation(typed, stored):
    assert matching.squash(typed) == matching.squash(stored)


def test_a_name_alone_never_matches():
    clients = [
        {"id": "1", "given_name": "Ayesha", "family_name": "Khan", "date_of_birth": "1961-04-12"}
    ]
    found = matching.match(
        {"given_name": "Ayesha", "family_name": "Khan", "date_of_birth": None}, clients
    )
    assert found.outcome == matching.HOLD and found.client_id is None
