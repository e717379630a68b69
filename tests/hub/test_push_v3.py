"""push_v3 answers a page set-based where it can (records the hub has never had) and entry
by entry for the rest, with the same answers and the same hub as before: a batch mixing new,
updated, clashing and refused entries; a partner's batch; the same batch sent again after
its answer was lost."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest

from painclinic_desktop.core.sync_rules import CLINICAL_COLLECTIONS
from painclinic_desktop.services import sync
from painclinic_desktop.store import hub, outbox
from painclinic_desktop.store.migrations import LATEST
from tests import factories as f

HUB_TABLES = ("records", "versions", "mutations", "conflicts", "clinical_fields", "held")


def _page(laptop) -> list[str]:
    """The laptop's outbox as it would be sent, without sending it."""
    return outbox.pending_on_the_wire(laptop.store, 10_000)[1]


def _push(laptop, wire: list[str], function: str = hub.PUSH_V3, device: str = "laptop-x"):
    batch = {"protocol": 1, "device": device, "app_version": "0", "schema_version": LATEST,
             "audit": [{"seq": 1, "what": "a trail row"}]}  # fmt: skip
    with psycopg.connect(
        laptop.hub.login_url(laptop.login), password=laptop.hub_password, autocommit=True
    ) as conn:
        return hub.push(conn, hub.batch_text(batch, wire), function=function)


def _counts(hub_db) -> dict[str, int]:
    return {t: hub_db.owner(f"SELECT count(*) FROM painclinic.{t}")[0][0] for t in HUB_TABLES}


def _bad_entry() -> str:
    return json.dumps({"mutation_id": str(uuid.uuid4()), "collection": "no_such_records",
                       "record_id": "x", "op": "upsert", "base": None, "before": None,
                       "after": {"id": "x"}, "author": "ann", "made_at": "2026-11-01",
                       "resolves": []})  # fmt: skip


# push_v2 answers one by one: both must leave the same answers and the same hub.
BOTH = pytest.mark.parametrize("function", ["push_v2", hub.PUSH_V3])


@BOTH
def test_a_mixed_batch_is_answered_entry_by_entry_in_entry_order(team, function):
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha", first_language="Urdu"))
    ann.add("clients", f.client("bilal"))
    ann.sync()
    bob.sync()
    bob.change("clients", f.uid("ayesha"), first_language="Punjabi")
    bob.sync()
    # Ann, not yet synced: a clash, an edit of a record nobody else changed, new records.
    ann.change("clients", f.uid("ayesha"), first_language="Bengali")
    ann.change("clients", f.uid("bilal"), postcode="BD7 1AA")
    ann.add("clients", f.client("carys"))
    ann.add("contacts", f.contact("visit", "carys"))
    wire = _page(ann)
    wire.insert(2, _bad_entry())
    wire.append(wire[-1])  # the same change twice in one page: applied once
    answer = _push(ann, wire, function)
    sent = [json.loads(w)["mutation_id"] for w in wire]
    got = answer["answers"]
    assert [a["mutation_id"] for a in got] == sent
    status = {a["mutation_id"]: a for a in got}
    by_record = {json.loads(w)["record_id"]: json.loads(w)["mutation_id"] for w in wire}
    assert status[by_record[f.uid("ayesha")]]["status"] == "conflict"
    assert status[by_record[f.uid("bilal")]]["status"] == "accepted"
    assert status[by_record[f.uid("bilal")]]["version"] == 2
    assert status[by_record[f.uid("carys")]] | {"conflicts": []} == {
        "mutation_id": by_record[f.uid("carys")], "status": "accepted", "replayed": False,
        "version": 1, "conflicts": []}  # fmt: skip
    assert status[by_record["x"]]["status"] == "rejected"
    assert [a["replayed"] for a in got][-1] is True  # the copy: answered as a replay
    first, last = answer["own_changes"]
    assert last >= first and last - first + 1 >= 4  # two new, one edit, one conflict
    # The hub as the one-by-one path leaves it: the live value kept, the clash recorded.
    live = ann.hub.owner(
        "SELECT data->>'first_language' FROM painclinic.records WHERE id = %s",
        (f.uid("ayesha"),),
    )
    assert live == [("Punjabi",)]
    clashes = ann.hub.owner(
        "SELECT field, other_value FROM painclinic.conflicts WHERE record_id = %s",
        (f.uid("ayesha"),),
    )
    assert clashes == [("first_language", "Bengali")]
    held = ann.hub.owner("SELECT kind, entry->>'collection' FROM painclinic.held")
    assert held == [("rejected", "no_such_records")]
    assert ann.hub.owner(
        "SELECT row->>'what' FROM painclinic.audit_rows WHERE device = 'laptop-x'"
    ) == [("a trail row",)]


@BOTH
def test_the_same_batch_again_after_a_lost_answer_applies_nothing_twice(team, function):
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    bob.sync()
    bob.change("clients", f.uid("ayesha"), first_language="Punjabi")
    bob.sync()
    ann.change("clients", f.uid("ayesha"), first_language="Bengali")  # a clash
    for name in ("bilal", "carys", "dev"):
        ann.add("clients", f.client(name))
    wire = [*_page(ann), _bad_entry()]
    first = _push(ann, wire, function)["answers"]
    after_first = _counts(ann.hub)
    again = _push(ann, wire, function)["answers"]  # the answer was lost: the laptop sends it again
    assert _counts(ann.hub) == after_first
    assert [a["mutation_id"] for a in again] == [a["mutation_id"] for a in first]
    assert all(a["replayed"] for a in again)
    assert [a["status"] for a in again] == [a["status"] for a in first]
    # The laptop's own run after that: everything answered, nothing waiting, no duplicate.
    report = ann.sync()
    assert report.waiting == 0 and _counts(ann.hub)["records"] == after_first["records"]


@BOTH
def test_a_partners_batch_is_refused_its_clinical_records_and_columns(team, function):
    ann, pat = team("ann"), team("pat", "community_partner")
    # Records made on a clinical laptop, sent by the partner's login as if its own.
    ann.add("clients", f.client("ayesha"))
    ann.add("referrals", f.referral("ref", reason="Back pain", referrer_name="Dr A"))
    ann.add("assessments", f.assessment("phq"))
    ann.add("contacts", f.contact("visit"))
    wire = _page(ann)
    answer = _push(pat, wire, function, device="partner-laptop")
    sent = [json.loads(w) for w in wire]
    for entry, got in zip(sent, answer["answers"], strict=True):
        assert got["mutation_id"] == entry["mutation_id"]
        clinical = entry["collection"] in CLINICAL_COLLECTIONS
        assert got["status"] == ("rejected" if clinical else "accepted"), entry["collection"]
    assert {e["collection"] for e in sent} & CLINICAL_COLLECTIONS  # some were clinical
    assert ann.hub.owner(
        "SELECT data ? 'reason', data ? 'referrer_name' FROM painclinic.records "
        "WHERE collection = 'referrals'"
    ) == [(False, False)]
    assert ann.hub.owner("SELECT count(*) FROM painclinic.clinical_fields")[0][0] == 0
    assert ann.hub.owner(
        "SELECT count(*) FROM painclinic.records WHERE collection = ANY(%s)",
        (sorted(CLINICAL_COLLECTIONS),),
    ) == [(0,)]


@pytest.mark.parametrize("features", [None, ["own_changes"], ["own_changes", "push_v3"]])
def test_the_laptop_uses_the_newest_push_the_hub_has(team, monkeypatch, features):
    """An older hub (push_v1, push_v2) is still synced, and the newest is used."""
    ann, bob = team("ann"), team("bob")
    real_whoami, real_push = hub.whoami, hub.push
    used = []

    def as_older_hub(conn):
        answer = real_whoami(conn)
        answer.pop("features", None)
        if features is not None:
            answer["features"] = features
        return answer

    def pushed(conn, batch, own_changes=False, function=None):
        used.append(function)
        return real_push(conn, batch, own_changes, function)

    monkeypatch.setattr(hub, "whoami", as_older_hub)
    monkeypatch.setattr(hub, "push", pushed)
    ann.add("clients", f.client("ayesha"))
    ann.add("contacts", f.contact("visit"))
    report = ann.sync()
    assert report.pushed >= 2 and report.waiting == 0
    assert set(used) == {hub.push_function(features)}
    assert bob.sync().pulled_by_collection["clients"] == 1


def test_push_function_names():
    assert hub.push_function(None) == "push_v1"
    assert hub.push_function(["own_changes"]) == "push_v2"
    assert hub.push_function(["own_changes", "push_v3"]) == "push_v3"
    assert sync.hub is hub
