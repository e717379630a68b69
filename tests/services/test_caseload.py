"""Caseload rows: status, tier, last contact, next review and flags as the table shows them."""

from datetime import date

import pytest

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_caseload, load_client_record
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, contact, discharge, referral, uid

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    yield s
    s.close()


def _row(store, name):
    return next(r for r in load_caseload(store, TODAY) if r.client_id == uid(name))


def _client(name, **kw):
    return client(name, nhs_number=None, **kw)


def test_status_follows_the_pathway(store):
    import_bundle(
        store,
        bundle(
            clients=[_client(n) for n in ("open", "waiting", "gone", "back", "declined", "none")],
            referrals=[
                referral("r-open", "open"),
                referral("r-wait", "waiting", outcome="pending", outcome_on=None),
                referral("r-gone", "gone", received_on="2026-01-05"),
                referral("r-back1", "back", received_on="2025-11-01"),
                referral("r-back2", "back", received_on="2026-08-01"),
                referral("r-dec", "declined", outcome="declined", decline_reason="Not persistent"),
            ],
            discharges=[
                discharge("d-gone", "gone", discharged_on="2026-06-30"),
                # discharged from the first episode; re-referred and accepted since: open again
                discharge("d-back", "back", discharged_on="2026-03-01", reason="disengaged"),
            ],
        ),
    )
    assert _row(store, "open").status == "open"
    assert _row(store, "waiting").status == "awaiting_triage"
    assert _row(store, "gone").status == "discharged"
    assert _row(store, "back").status == "open"
    assert _row(store, "declined").status == "declined"
    assert _row(store, "none").status == "no_referral"
    assert _row(store, "gone").tier is None  # only open clients have a current tier


def test_tier_is_the_latest_change_since_the_accepted_referral(store):
    import_bundle(
        store,
        bundle(
            clients=[_client("a"), _client("b")],
            referrals=[
                referral("ra", "a", received_on="2026-02-01"),
                referral("rb", "b", received_on="2026-09-01"),
            ],
            tier_changes=[
                {"id": uid("ta1"), "client_id": uid("a"), "tier": 1, "changed_on": "2026-02-10"},
                {"id": uid("ta2"), "client_id": uid("a"), "tier": 2, "changed_on": "2026-05-10"},
                # a tier from before this episode does not carry over
                {"id": uid("tb"), "client_id": uid("b"), "tier": 3, "changed_on": "2025-05-10"},
            ],
        ),
    )
    assert _row(store, "a").tier == 2
    assert _row(store, "b").tier == 1


def test_last_contact_counts_attended_contacts_only_and_flags_open_only(store):
    import_bundle(
        store,
        bundle(
            clients=[_client("a")],
            referrals=[referral("r", "a")],
            contacts=[
                contact("c1", "a", starts_at="2026-10-01T10:00:00+01:00"),
                contact("c2", "a", starts_at="2026-11-02T10:00:00+00:00", outcome="dna"),
            ],
            flags=[
                {"id": uid("f1"), "client_id": uid("a"), "kind": "risk", "raised_on": "2026-10-01"},
                {
                    "id": uid("f2"),
                    "client_id": uid("a"),
                    "kind": "safeguarding",
                    "raised_on": "2026-09-01",
                    "cleared_on": "2026-09-15",
                },
            ],
            goals=[
                {
                    "id": uid("g1"),
                    "client_id": uid("a"),
                    "footstep": 3,
                    "text": "Walk to shop",
                    "set_on": "2026-10-01",
                    "target_on": "2026-12-01",
                },
                {
                    "id": uid("g2"),
                    "client_id": uid("a"),
                    "footstep": 7,
                    "text": "Sleep",
                    "set_on": "2026-10-01",
                    "target_on": "2026-11-25",
                    "reviews": [{"reviewed_on": "2026-11-01", "status": "achieved"}],
                },
            ],
        ),
    )
    row = _row(store, "a")
    assert row.last_contact == "2026-10-01"
    assert row.flags == ("risk",)
    assert row.next_review == "2026-12-01"  # the achieved goal no longer needs a review


def test_nhs_number_is_shown_3_3_4_and_age_on_today(store):
    import_bundle(store, bundle(clients=[client("a", date_of_birth="1961-11-23")]))
    row = _row(store, "a")
    assert row.nhs_number == "943 476 5919"
    assert row.age == 64  # birthday is tomorrow


def test_client_record_holds_every_kind_of_record(store):
    import_bundle(
        store,
        bundle(
            clients=[_client("a")],
            referrals=[referral("r", "a")],
            contacts=[contact("c1", "a")],
            module_sessions=[
                {
                    "id": uid("m"),
                    "module": "t2_03",
                    "held_on": "2026-10-10",
                    "attendees": [uid("a")],
                }
            ],
        ),
    )
    record = load_client_record(store, uid("a"), TODAY)
    assert record.row.status == "open"
    assert [c["id"] for c in record.records["contacts"]] == [uid("c1")]
    assert [m["module"] for m in record.records["module_sessions"]] == ["t2_03"]


def test_the_whole_caseload_agrees_with_each_clients_own_row_for_every_role(store):
    """The whole caseload is read by aggregates on a second connection (issue 14's 50,000
    clients): each row must be what the client's own row says, and a role without clinical
    access must not see, through that connection, what its own connection hides."""
    from painclinic_desktop.store import caseload as queries

    import_bundle(
        store,
        bundle(
            clients=[_client("a"), _client("b"), _client("c")],
            referrals=[referral("ra", "a"), referral("rb", "b", outcome="pending")],
            contacts=[contact("c1", "a", starts_at="2026-10-01T10:00:00+01:00")],
            flags=[{"id": uid("f"), "client_id": uid("b"), "kind": "risk",
                    "raised_on": "2026-10-01"}],
            goals=[{"id": uid("g"), "client_id": uid("a"), "footstep": 3, "text": "Walk",
                    "set_on": "2026-10-01", "target_on": "2026-12-01"}],
        ),
    )  # fmt: skip
    for role in (None, "coach", "community_partner"):
        store.restrict_to(role)
        whole = {r["id"]: r for r in queries.caseload_rows(store)}
        assert whole == {c: queries.caseload_rows(store, c)[0] for c in whole}
        assert len(whole) == 3
        a = whole[uid("a")]
        if role == "community_partner":  # contacts and goals are clinical: read as empty
            assert (a["last_contact_at"], a["next_review_on"]) == (None, None)
        else:
            assert a["last_contact_at"].startswith("2026-10-01")
            assert a["next_review_on"] == "2026-12-01"
        assert whole[uid("b")]["flags"] == "risk"
