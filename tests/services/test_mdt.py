"""MDT meetings: the agenda from flags, decisions that change the tier, actions and owners."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import flags, mdt, pathway
from painclinic_desktop.store import records
from tests.factories import client, discharge, new_store, referral, uid

TODAY = date(2026, 11, 5)
HELD_ON = "2026-10-15"


def _flag(name, client_name, kind="mdt_discuss", raised_on="2026-10-01", **fields):
    return {
        "id": uid(name),
        "client_id": uid(client_name),
        "kind": kind,
        "raised_on": raised_on,
        "raised_by": "Coach One",
        "note": f"why {name}",
        **fields,
    }


@pytest.fixture
def store(tmp_path):
    store = new_store(
        tmp_path / "mdt.db",
        clients=[
            client("ayesha"),
            client("grace", nhs_number=None, given_name="Grace", family_name="Okafor"),
            client("imran", nhs_number=None, given_name="Imran", family_name="Hussain"),
            client("lena", nhs_number=None, given_name="Lena", family_name="Nowak"),
        ],
        referrals=[
            referral("r1", "ayesha"),
            referral("r2", "grace"),
            referral("r3", "imran"),
            referral("r4", "lena"),
        ],
        discharges=[discharge("d3", "imran", discharged_on="2026-10-01")],
        flags=[
            _flag("f-grace", "grace", raised_on="2026-09-20"),
            _flag("f-ayesha", "ayesha", raised_on="2026-10-02"),
            _flag("f-imran", "imran", raised_on="2026-09-25"),
            _flag("f-late", "lena", raised_on="2026-10-20"),  # after the meeting
            _flag("f-risk", "lena", kind="risk"),
        ],
    )
    yield store
    store.close()


@pytest.fixture
def meeting(store):
    return mdt.plan_meeting(
        store, HELD_ON, ["Dr Clinician", "Coach One", " coach one "], "Coach One"
    )


def _agenda_names(store, meeting_id):
    return [(e.name, e.item.why, e.item.discussed) for e in mdt.agenda(store, meeting_id)]


def test_attendees_are_kept_once_each(meeting):
    assert meeting["attendees"] == ["Dr Clinician", "Coach One"]


def test_the_agenda_is_the_flagged_clients_longest_waiting_first_then_those_added(store, meeting):
    mdt.add_to_agenda(store, meeting["id"], uid("lena"), "Pain much worse", "Coach One")
    assert _agenda_names(store, meeting["id"]) == [
        ("Grace Okafor", "flagged", False),
        ("Imran Hussain", "flagged", False),
        ("Ayesha Khan", "flagged", False),
        ("Lena Nowak", "added", False),
    ]
    [grace] = [e for e in mdt.agenda(store, meeting["id"]) if e.name == "Grace Okafor"]
    assert (grace.item.note, grace.tier, grace.status) == ("why f-grace", 1, "open")


def test_a_client_is_on_the_agenda_once_and_hand_additions_can_come_off(store, meeting):
    with pytest.raises(InvalidInput, match="already on the agenda"):
        mdt.add_to_agenda(store, meeting["id"], uid("grace"), None, "Coach One")
    mdt.add_to_agenda(store, meeting["id"], uid("lena"), None, "Coach One")
    mdt.take_off_agenda(store, meeting["id"], uid("lena"), "Coach One", TODAY)
    assert "Lena Nowak" not in [e.name for e in mdt.agenda(store, meeting["id"])]


def test_discussing_a_client_clears_their_flag_on_the_day_of_the_meeting(store, meeting):
    mdt.record_discussion(
        store,
        meeting["id"],
        uid("grace"),
        "continue",
        "Keep going",
        [],
        "Dr Clinician",
        today=TODAY,
    )
    flag = records.get(store, "flags", uid("f-grace"))
    assert (flag["cleared_on"], flag["cleared_by"]) == (HELD_ON, "Dr Clinician")
    assert flag["note"] == "why f-grace\nCleared: Discussed at the MDT meeting of 15-Oct-2026."
    assert ("Grace Okafor", "flagged", True) in _agenda_names(store, meeting["id"])
    later = mdt.plan_meeting(store, "2026-10-29", [], "Coach One")
    assert "Grace Okafor" not in [e.name for e in mdt.agenda(store, later["id"])]


def test_a_client_to_be_seen_again_keeps_their_flag(store, meeting):
    mdt.record_discussion(
        store,
        meeting["id"],
        uid("grace"),
        "continue",
        None,
        [],
        "Dr Clinician",
        discuss_again=True,
        today=TODAY,
    )
    assert [f["kind"] for f in flags.open_flags(store, uid("grace"))] == ["mdt_discuss"]


def test_move_to_tier_3_applies_the_tier_change_linked_to_the_discussion(store, meeting):
    discussion = mdt.record_discussion(
        store,
        meeting["id"],
        uid("ayesha"),
        "move_to_tier_3",
        "CBT agreed",
        [{"text": "Refer to CBT therapist", "owner": "Dr Clinician", "due_on": "2026-10-29"}],
        "Dr Clinician",
        today=TODAY,
    )
    where = pathway.episode(store, uid("ayesha"))
    assert where.tier == 3
    assert (where.tier_change["changed_on"], where.tier_change["mdt_discussion_id"]) == (
        HELD_ON,
        discussion["id"],
    )
    assert where.tier_change["reason"] == "Agreed at the MDT meeting of 15-Oct-2026."
    assert pathway.tier3_discussions(store, uid("ayesha")) == []


def test_move_to_tier_2_applies_too(store, meeting):
    mdt.record_discussion(
        store, meeting["id"], uid("grace"), "move_to_tier_2", None, [], "Dr Clinician", today=TODAY
    )
    assert pathway.episode(store, uid("grace")).tier == 2


def test_a_move_the_pathway_refuses_saves_nothing(store, meeting):
    with pytest.raises(InvalidInput, match="only be changed while the client is open"):
        mdt.record_discussion(
            store,
            meeting["id"],
            uid("imran"),
            "move_to_tier_3",
            "note",
            [{"text": "Refer"}],
            "Dr Clinician",
            today=TODAY,
        )
    assert mdt.meeting(store, meeting["id"])["discussions"] == []
    assert records.get(store, "flags", uid("f-imran"))["cleared_on"] is None
    assert pathway.discussions(store, uid("imran")) == []


def test_decisions_wait_until_the_meeting_has_been_held(store):
    planned = mdt.plan_meeting(store, "2026-11-12", [], "Coach One")
    with pytest.raises(InvalidInput, match="planned for 12-Nov-2026"):
        mdt.record_discussion(
            store, planned["id"], uid("grace"), "continue", None, [], "Dr Clinician", today=TODAY
        )


def test_a_client_is_discussed_once_per_meeting(store, meeting):
    mdt.record_discussion(
        store, meeting["id"], uid("grace"), "continue", None, [], "Dr Clinician", today=TODAY
    )
    with pytest.raises(InvalidInput, match="already been discussed"):
        mdt.record_discussion(
            store, meeting["id"], uid("grace"), "refer_on", None, [], "Dr Clinician", today=TODAY
        )


def test_an_applied_decision_cannot_be_changed_but_its_note_and_actions_can(store, meeting):
    discussion = mdt.record_discussion(
        store,
        meeting["id"],
        uid("ayesha"),
        "move_to_tier_3",
        "CBT",
        [],
        "Dr Clinician",
        today=TODAY,
    )
    with pytest.raises(InvalidInput, match="cannot be changed"):
        mdt.change_discussion(
            store, meeting["id"], discussion["id"], "continue", "CBT", [], "Dr Clinician", TODAY
        )
    changed = mdt.change_discussion(
        store,
        meeting["id"],
        discussion["id"],
        "move_to_tier_3",
        "CBT, 8 sessions",
        [{"text": "Book CBT"}],
        "Dr Clinician",
        TODAY,
    )
    assert changed["note"] == "CBT, 8 sessions" and changed["actions"][0]["text"] == "Book CBT"
    tier_changes = list(records.select(store, "tier_changes", "client_id = ?", (uid("ayesha"),)))
    assert len(tier_changes) == 1


def test_changing_a_decision_to_a_move_applies_it_then(store, meeting):
    discussion = mdt.record_discussion(
        store, meeting["id"], uid("grace"), "continue", None, [], "Dr Clinician", today=TODAY
    )
    mdt.change_discussion(
        store,
        meeting["id"],
        discussion["id"],
        "move_to_tier_3",
        "Agreed",
        [],
        "Dr Clinician",
        TODAY,
    )
    assert pathway.episode(store, uid("grace")).tier == 3


def test_open_actions_by_owner_and_by_client_soonest_due_first(store, meeting):
    mdt.record_discussion(
        store,
        meeting["id"],
        uid("ayesha"),
        "continue",
        None,
        [
            {"text": "Phone GP", "owner": "Coach One", "due_on": "2026-10-30"},
            {"text": "Send leaflet", "owner": "Dr Clinician", "due_on": "2026-10-20"},
            {"text": "Ask about carer", "owner": "coach  one"},
        ],
        "Dr Clinician",
        today=TODAY,
    )
    discussion = mdt.record_discussion(
        store,
        meeting["id"],
        uid("grace"),
        "refer_on",
        None,
        [{"text": "Write referral", "owner": "Coach One", "due_on": "2026-10-22"}],
        "Dr Clinician",
        today=TODAY,
    )
    mine = mdt.open_actions(store, owner="Coach One")
    assert [(a.action.text, a.client_name) for a in mine] == [
        ("Write referral", "Grace Okafor"),
        ("Phone GP", "Ayesha Khan"),
        ("Ask about carer", "Ayesha Khan"),
    ]
    assert mine[0].action.overdue(TODAY)
    assert [a.action.text for a in mdt.open_actions(store, client_id=uid("ayesha"))] == [
        "Send leaflet",
        "Phone GP",
        "Ask about carer",
    ]
    mdt.set_action_done(store, meeting["id"], discussion["id"], 0, "2026-10-21", "Coach One", TODAY)
    assert [a.action.text for a in mdt.open_actions(store, owner="Coach One")] == [
        "Phone GP",
        "Ask about carer",
    ]
    assert mdt.meetings(store)[0].open_actions == 3


def test_an_action_cannot_be_done_in_the_future_or_without_saying_what(store, meeting):
    discussion = mdt.record_discussion(
        store,
        meeting["id"],
        uid("grace"),
        "continue",
        None,
        [{"text": "Call"}],
        "Dr Clinician",
        today=TODAY,
    )
    with pytest.raises(InvalidInput, match="future"):
        mdt.set_action_done(
            store, meeting["id"], discussion["id"], 0, "2026-11-06", "Coach One", TODAY
        )
    with pytest.raises(InvalidInput, match="Action 2 needs to say"):
        mdt.record_discussion(
            store,
            meeting["id"],
            uid("ayesha"),
            "continue",
            None,
            [{"text": "Call"}, {"text": " ", "owner": "Coach One"}],
            "Dr Clinician",
            today=TODAY,
        )
    assert len(mdt.open_actions(store)) == 1
