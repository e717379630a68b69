"""Tiers, discharge and re-opening, as the caseload and the record then show them."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import pathway, referrals, writes
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.store.database import open_store

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "p.db", create=True)
    yield s
    s.close()


def _open_client(store, received="2026-03-02", given="Ayesha"):
    referral = referrals.add_referral(
        store,
        {
            "given_name": given,
            "family_name": "Khan",
            "date_of_birth": "1961-04-12",
            "received_on": received,
            "source": "gp",
        },
        "Admin One",
        today=TODAY,
    )
    referrals.triage(store, referral["id"], "accepted", "Admin One", on=received, today=TODAY)
    return referral["client_id"]


def _row(store, client_id):
    return next(r for r in load_caseload(store, TODAY) if r.client_id == client_id)


def _mdt(store, client_id, decision="move_to_tier_3", held_on="2026-06-10", key="d1"):
    discussion = {
        "id": key,
        "client_id": client_id,
        "decision": decision,
        "note": "",
        "actions": [],
    }
    writes.add(
        store,
        "mdt_meetings",
        {"held_on": held_on, "attendees": ["Dr Shah"], "discussions": [discussion]},
        "Dr Shah",
    )
    return key


def _tier(store, client_id, tier, on, **kw):
    return pathway.change_tier(
        store, client_id, tier, "Needs more support", "Coach One", on=on, today=TODAY, **kw
    )


def test_a_tier_change_shows_on_the_caseload_with_who_and_why(store):
    client = _open_client(store)
    saved = _tier(store, client, 2, "2026-05-01")
    assert (saved["tier"], saved["changed_on"], saved["author"]) == (2, "2026-05-01", "Coach One")
    assert _row(store, client).tier == 2
    assert pathway.episode(store, client).tier == 2


def test_tier_3_needs_the_mdt_discussion_that_agreed_it(store):
    client = _open_client(store)
    _tier(store, client, 2, "2026-05-01")
    with pytest.raises(InvalidInput, match="MDT") as caught:
        _tier(store, client, 3, "2026-06-10")
    assert caught.value.field == "mdt_discussion_id"
    key = _mdt(store, client)
    assert [d.id for d in pathway.tier3_discussions(store, client)] == [key]
    _tier(store, client, 3, "2026-06-10", mdt_discussion_id=key)
    assert _row(store, client).tier == 3
    assert pathway.tier3_discussions(store, client) == []  # applied, no longer offered


def test_tier_3_is_refused_for_a_discussion_about_someone_else_or_another_decision(store):
    client, other = _open_client(store), _open_client(store, given="Grace")
    theirs = _mdt(store, other, key="theirs")
    continued = _mdt(store, client, decision="continue", key="continue")
    with pytest.raises(InvalidInput, match="not about this client"):
        _tier(store, client, 3, "2026-06-10", mdt_discussion_id=theirs)
    with pytest.raises(InvalidInput, match="did not decide"):
        _tier(store, client, 3, "2026-06-10", mdt_discussion_id=continued)
    agreed = _mdt(store, client, held_on="2026-06-24", key="agreed")
    with pytest.raises(InvalidInput, match="before the MDT meeting"):
        _tier(store, client, 3, "2026-06-20", mdt_discussion_id=agreed)
    assert _row(store, client).tier == 1


def test_an_mdt_decision_is_applied_once(store):
    client = _open_client(store)
    key = _mdt(store, client)
    _tier(store, client, 3, "2026-06-10", mdt_discussion_id=key)
    _tier(store, client, 2, "2026-08-01")  # stepping down needs no MDT
    with pytest.raises(InvalidInput, match="already been applied"):
        _tier(store, client, 3, "2026-09-01", mdt_discussion_id=key)


@pytest.mark.parametrize(
    "tier, on, message",
    [
        (1, "2026-05-01", "already at Tier 1"),
        (2, "2026-03-01", "before this episode began"),
        (2, "2026-11-23", "in the future"),
    ],
)
def test_tier_changes_that_make_no_sense_are_refused(store, tier, on, message):
    client = _open_client(store)
    with pytest.raises(InvalidInput, match=message):
        _tier(store, client, tier, on)


def test_a_tier_change_must_come_after_the_last_one(store):
    # two changes on one day would leave the current tier to chance
    client = _open_client(store)
    _tier(store, client, 2, "2026-05-01")
    with pytest.raises(InvalidInput, match="must be dated after"):
        _tier(store, client, 1, "2026-05-01")
    _tier(store, client, 1, "2026-05-02")
    assert _row(store, client).tier == 1


def test_discharge_closes_the_episode_and_clears_the_tier(store):
    client = _open_client(store)
    _tier(store, client, 2, "2026-05-01")
    with pytest.raises(InvalidInput, match="before the last tier change"):
        pathway.discharge(store, client, "goals_met", "Coach One", on="2026-04-30", today=TODAY)
    pathway.discharge(store, client, "goals_met", "Coach One", on="2026-09-30", today=TODAY)
    row = _row(store, client)
    assert (row.status, row.tier) == ("discharged", None)
    with pytest.raises(InvalidInput, match="Only an open client"):
        pathway.discharge(store, client, "other", "Coach One", today=TODAY)
    with pytest.raises(InvalidInput, match="only be changed while the client is open"):
        _tier(store, client, 1, "2026-10-01")


def test_a_new_referral_accepted_after_discharge_reopens_at_tier_1(store):
    client = _open_client(store)
    _tier(store, client, 2, "2026-05-01")
    pathway.discharge(store, client, "disengaged", "Coach One", on="2026-09-30", today=TODAY)
    again = referrals.add_referral(
        store,
        {"received_on": "2026-11-02", "source": "gp"},
        "Admin One",
        client_id=client,
        today=TODAY,
    )
    assert _row(store, client).status == "awaiting_triage"
    referrals.triage(store, again["id"], "accepted", "Admin One", today=TODAY)
    row = _row(store, client)
    assert (row.status, row.tier) == ("open", 1)  # the old episode's tier does not carry over


def test_a_referral_from_before_the_discharge_cannot_reopen(store):
    client = _open_client(store)
    late = referrals.add_referral(
        store,
        {"received_on": "2026-09-30", "source": "self"},
        "Admin One",
        client_id=client,
        today=TODAY,
    )
    pathway.discharge(store, client, "goals_met", "Coach One", on="2026-09-30", today=TODAY)
    with pytest.raises(InvalidInput, match="would not re-open"):
        referrals.triage(store, late["id"], "accepted", "Admin One", today=TODAY)
    referrals.triage(
        store, late["id"], "declined", "Admin One", note="Already discharged", today=TODAY
    )
    assert _row(store, client).status == "discharged"


def test_a_further_referral_accepted_while_open_keeps_the_tier(store):
    client = _open_client(store)
    key = _mdt(store, client)
    _tier(store, client, 3, "2026-06-10", mdt_discussion_id=key)
    further = referrals.add_referral(
        store,
        {"received_on": "2026-10-01", "source": "gp"},
        "Admin One",
        client_id=client,
        today=TODAY,
    )
    referrals.triage(store, further["id"], "accepted", "Admin One", today=TODAY)
    assert _row(store, client).tier == 3
    carried = pathway.episode(store, client).tier_change
    assert (carried["changed_on"], carried["mdt_discussion_id"]) == ("2026-10-01", key)
