"""A community partner registers a self-referral on a laptop that never keeps health details:
the reason and the referrer are refused in plain words, never saved as blanks in silence."""

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import referrals, session
from painclinic_desktop.services.community import create_community_database

PERSON = {
    "given_name": "Ann",
    "family_name": "Lee",
    "date_of_birth": "1960-01-02",
    "nhs_number": "",
    "received_on": "2026-12-01",
    "source": "self",
}


@pytest.fixture
def partner_store(tmp_path):
    store = create_community_database(tmp_path / "c.db", "Pat Partner", "a long enough pass 1")
    session.sign_in_as("Pat Partner", "community_partner")
    yield store
    session.sign_out()
    store.close()


def _referrals(store) -> int:
    return store.conn.execute("SELECT count(*) FROM referrals").fetchone()[0]


@pytest.mark.parametrize("field", ["reason", "referrer_name"])
def test_a_partner_typing_health_details_is_told_and_nothing_is_saved(partner_store, field):
    with pytest.raises(InvalidInput, match="health details"):
        referrals.add_referral(partner_store, {**PERSON, field: "back pain since a fall"}, "Pat")
    assert _referrals(partner_store) == 0
    assert partner_store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_a_partner_registers_the_referral_without_them(partner_store):
    saved = referrals.add_referral(partner_store, {**PERSON, "reason": "  "}, "Pat Partner")
    assert saved["outcome"] == "pending" and _referrals(partner_store) == 1


def test_a_coach_keeps_the_reason(tmp_path):
    from painclinic_desktop.store.database import open_store

    store = open_store(tmp_path / "s.db", create=True)
    session.sign_in_as("Coach", "coach")
    try:
        saved = referrals.add_referral(store, {**PERSON, "reason": "back pain"}, "Coach")
    finally:
        session.sign_out()
    assert store.conn.execute("SELECT reason FROM referrals").fetchone()[0] == "back pain"
    assert saved["reason"] == "back pain"
    store.close()
