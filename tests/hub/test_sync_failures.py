"""SYNC.md's ten failures, each reproduced with several laptops and a real hub."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from painclinic_desktop.services import sync
from painclinic_desktop.store import hub as hub_store
from tests import factories as f


def _plan(client_name="ayesha"):
    return {
        "id": f.uid(f"plan-{client_name}"),
        "client_id": f.uid(client_name),
        "what_matters": "Walking to the mosque",
        "best_hopes": "Sleep through",
        "focus_footsteps": [1, 2],
    }


def _shared_plan(*laptops):
    first = laptops[0]
    first.add("clients", f.client("ayesha"))
    first.add("plans", _plan())
    first.sync()
    for other in laptops[1:]:
        other.sync()
    return f.uid("plan-ayesha")


def _hub_record(hub, collection, record_id):
    rows = hub.owner(
        "SELECT r.data || coalesce(c.data, '{}'), r.deleted, r.version FROM painclinic.records r "
        "LEFT JOIN painclinic.clinical_fields c USING (collection, id) "
        "WHERE r.collection = %s AND r.id = %s",
        (collection, record_id),
    )
    return rows[0] if rows else None


def _hub_conflicts(hub, record_id):
    return hub.owner(
        "SELECT field, live_value, other_value FROM painclinic.conflicts WHERE record_id = %s "
        "AND resolved_at IS NULL ORDER BY id",
        (record_id,),
    )


# 1 -------------------------------------------------------------------------------------
def test_1_a_change_committed_late_is_never_skipped_by_the_pull_cursor(team):
    ann, bob, cat = team("ann"), team("bob"), team("cat")
    ann.add("clients", f.client("early"))
    bob.add("clients", f.client("late"))
    entries = sync.outbox.pending(ann.store, 10)
    batch = {"protocol": 1, "device": "slow", "app_version": "0", "schema_version": 9,
             "entries": [sync._wire(ann.store, e) for e in entries]}  # fmt: skip
    slow = psycopg.connect(ann.hub.login_url(ann.login), password=ann.hub_password)
    slow.execute("SELECT painclinic.push_v1(%s::jsonb)", (psycopg.types.json.Jsonb(batch),))
    # Ann's push has taken its change number but not committed; Bob's push comes after.
    pushed = threading.Thread(target=bob.sync)
    pushed.start()
    time.sleep(0.5)
    cat.sync()  # pulls while Ann's change is still open
    slow.commit()
    slow.close()
    pushed.join(30)
    cat.sync()
    held = {r[0] for r in cat.raw("SELECT family_name || given_name FROM clients")}
    assert held == {"KhanEarly", "KhanLate"}


# 2 -------------------------------------------------------------------------------------
def test_2_pushing_a_whole_stale_record_never_blanks_fields_changed_by_someone_else(team):
    ann, bob = team("ann"), team("bob")
    plan = _shared_plan(ann, bob)
    ann.change("plans", plan, best_hopes="Back to the allotment")
    ann.sync()
    bob.change("plans", plan, what_matters="My grandchildren")  # Bob's copy is stale
    bob.sync()
    ann.sync()
    for laptop in (ann, bob):
        got = laptop.get("plans", plan)
        assert (got["best_hopes"], got["what_matters"]) == (
            "Back to the allotment",
            "My grandchildren",
        )
    assert _hub_conflicts(ann.hub, plan) == []


def test_2_a_partners_edit_of_a_referral_never_blanks_its_clinical_columns(team):
    ann, pat = team("ann"), team("pat", "community_partner")
    ann.add("clients", f.client("ayesha"))
    referral = ann.add("referrals", f.referral("ref", reason="Back pain", referrer_name="Dr A"))
    ann.sync()
    pat.sync()
    held = pat.raw("SELECT outcome, reason, referrer_name FROM referrals")
    assert held == [("accepted", None, None)]
    # The whole record as the partner's laptop holds it (clinical columns blank), changed.
    before = {**referral, "reason": None, "referrer_name": None}
    after = {**before, "outcome": "declined", "outcome_on": "2026-10-01"}
    entry = {
        "mutation_id": "3f1a8b6e-2d4c-4e5f-8a9b-0c1d2e3f4a5b",
        "collection": "referrals",
        "record_id": referral["id"],
        "op": "upsert",
        "before": before,
        "after": after,
    }
    batch = {"protocol": 1, "device": "pat", "schema_version": 9, "entries": [entry]}
    with psycopg.connect(pat.hub.login_url(pat.login), password=pat.hub_password) as conn:
        answer = conn.execute("SELECT painclinic.push_v1(%s)",
                              (psycopg.types.json.Jsonb(batch),)).fetchone()[0]  # fmt: skip
    assert answer["answers"][0]["status"] in ("accepted", "merged")
    ann.sync()
    got = ann.get("referrals", referral["id"])
    assert (got["outcome"], got["reason"], got["referrer_name"]) == (
        "declined",
        "Back pain",
        "Dr A",
    )


# 3 -------------------------------------------------------------------------------------
def test_3_a_pull_never_overwrites_edits_not_yet_pushed(team):
    ann, bob = team("ann"), team("bob")
    plan = _shared_plan(ann, bob)
    bob.change("plans", plan, best_hopes="Bob's words")  # not pushed yet
    ann.change("plans", plan, best_hopes="Ann's words", what_matters="Ann's matter")
    ann.sync()
    with bob.act() as store:
        with hub_store.login(
            bob.hub.login_url(bob.login), bob.login, bob.hub_password, str(bob.hub.cluster.ca)
        ) as conn:
            sync.pull(store, conn, sync.SyncReport())  # a pull alone, Bob's edit unsent
    got = bob.get("plans", plan)
    assert got["best_hopes"] == "Bob's words"
    assert got["what_matters"] == "Ann's matter"
    assert [c["field"] for c in bob.conflicts()] == ["best_hopes"]
    bob.sync()
    assert _hub_conflicts(bob.hub, plan) == [("best_hopes", "Ann's words", "Bob's words")]
    assert [c["source"] for c in bob.conflicts()] == ["hub"]


# 4 -------------------------------------------------------------------------------------
def test_4_a_role_change_never_drops_unpushed_edits(team, monkeypatch):
    from painclinic_desktop import cli

    from . import cluster as pg

    ann, cal = team("ann"), team("cal")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    cal.sync()
    contact = cal.add("contacts", f.contact("visit", note="Talked about pacing"))
    cal.change("clients", f.uid("ayesha"), first_language="Punjabi")
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    url = cal.hub.owner_url
    assert cli.main(["hub", "user", "role", cal.login, "community_partner", "--hub", url]) == 0
    report = cal.sync()
    assert report.rejected == 1  # the contact: kept, not dropped
    kept = cal.raw("SELECT collection, after FROM sync_refused")
    assert kept[0][0] == "contacts" and "Talked about pacing" in kept[0][1]
    held = cal.hub.owner("SELECT kind, entry->'after'->>'note' FROM painclinic.held")
    assert held == [("rejected", "Talked about pacing")]
    assert cal.raw("SELECT count(*) FROM contacts") == [(0,)]  # no longer theirs to hold
    ann.sync()
    assert ann.get("clients", f.uid("ayesha"))["first_language"] == "Punjabi"
    assert ann.get("contacts", contact["id"]) is None


def test_4_a_switched_off_login_keeps_every_unpushed_edit(team, monkeypatch):
    from painclinic_desktop import cli

    from . import cluster as pg

    cal = team("cal")
    cal.add("clients", f.client("ayesha"))
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    assert cli.main(["hub", "user", "disable", cal.login, "--hub", cal.hub.owner_url]) == 0
    with pytest.raises(hub_store.HubUnavailable):
        cal.sync()
    assert cal.raw("SELECT count(*) FROM sync_outbox WHERE collection = 'clients'") == [(1,)]


# 5 -------------------------------------------------------------------------------------
def test_5_one_bad_record_never_blocks_the_rest(team):
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("one"))
    with ann.store.atomic():  # a damaged entry between two good ones
        ann.store.conn.execute(
            "INSERT INTO sync_outbox (mutation_id, collection, record_id, op, after, made_at) "
            "VALUES ('7d0f8e53-8c3c-4f44-9d9e-3c1f6e2a0b11', 'no_such_thing', 'x', 'upsert', "
            "'{}', '2026-11-01')"
        )
    ann.add("clients", f.client("two"))
    report = ann.sync()
    assert (report.pushed, report.rejected, report.waiting) == (2, 1, 0)
    assert [r[2] for r in ann.raw("SELECT * FROM sync_refused")] == ["no_such_thing"]
    bob.sync()
    assert bob.raw("SELECT count(*) FROM clients") == [(2,)]


# 6 -------------------------------------------------------------------------------------
def test_6_edits_made_offline_in_any_order_converge(team):
    ann, bob, cat = team("ann"), team("bob"), team("cat")
    plan = _shared_plan(ann, bob, cat)
    ann.change("plans", plan, best_hopes="A")
    bob.change("plans", plan, what_matters="B")
    cat.change("plans", plan, focus_footsteps=[3])
    for laptop in (cat, ann, bob, cat, ann):
        laptop.sync()
    copies = [{k: v for k, v in lap.get("plans", plan).items() if k not in ("updated_at",
               "author")} for lap in (ann, bob, cat)]  # fmt: skip
    assert copies[0] == copies[1] == copies[2]
    assert (copies[0]["best_hopes"], copies[0]["what_matters"], copies[0]["focus_footsteps"]) == (
        "A",
        "B",
        [3],
    )


# 7 -------------------------------------------------------------------------------------
def _delete(laptop, collection, record_id):
    with laptop.store.atomic():
        laptop.store.conn.execute(f"DELETE FROM {collection} WHERE id = ?", (record_id,))


@pytest.mark.parametrize("first", ["delete", "edit"])
def test_7_delete_and_edit_never_silently_win(team, first):
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha"))
    flag = ann.add("flags", {"client_id": f.uid("ayesha"), "kind": "carer_involved",
                             "raised_on": "2026-10-01", "note": "Daughter helps"})  # fmt: skip
    ann.sync()
    bob.sync()
    _delete(ann, "flags", flag["id"])
    bob.change("flags", flag["id"], note="Daughter and son help")
    order = (ann, bob) if first == "delete" else (bob, ann)
    for laptop in order + order:
        laptop.sync()
    conflicts = _hub_conflicts(ann.hub, flag["id"])
    assert [c[0] for c in conflicts] == ["(deleted)"]
    kept = conflicts[0]
    # Whichever came first is live; the other side is kept as the clash, never lost.
    if first == "delete":
        assert _hub_record(ann.hub, "flags", flag["id"])[1] is True
        assert kept[2]["note"] == "Daughter and son help"
    else:
        assert _hub_record(ann.hub, "flags", flag["id"])[1] is False
        assert kept[1]["note"] == "Daughter and son help"
    assert [c["field"] for c in ann.conflicts()] == ["(deleted)"]


# 8 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("first", ["ann", "bob"])
def test_8_both_values_of_a_clash_are_kept_whoever_syncs_first(team, first):
    ann, bob = team("ann"), team("bob")
    plan = _shared_plan(ann, bob)
    ann.change("plans", plan, best_hopes="Ann's words")
    bob.change("plans", plan, best_hopes="Bob's words")
    order = (ann, bob) if first == "ann" else (bob, ann)
    for laptop in order + order:
        laptop.sync()
    ((field, live, other),) = _hub_conflicts(ann.hub, plan)
    assert field == "best_hopes" and {live, other} == {"Ann's words", "Bob's words"}
    for laptop in (ann, bob):
        shown = laptop.conflicts()
        assert [(c["live_value"], c["other_value"]) for c in shown] == [(live, other)]
        assert laptop.get("plans", plan)["best_hopes"] == live


# 9 -------------------------------------------------------------------------------------
def test_9_a_clock_a_year_wrong_changes_nothing_about_which_value_is_live(team, monkeypatch):
    from painclinic_desktop.core import stamps

    ann, bob = team("ann"), team("bob")
    plan = _shared_plan(ann, bob)
    ann.change("plans", plan, best_hopes="Ann's words")
    ann.sync()
    year_ahead = (datetime.now().astimezone() + timedelta(days=365)).isoformat()
    monkeypatch.setattr(stamps, "now_iso", lambda: year_ahead)

    class Wrong(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(days=365)

    monkeypatch.setattr(sync, "datetime", Wrong)
    bob.change("plans", plan, best_hopes="Bob's words")
    report = bob.sync()
    assert any("clock is" in w for w in report.warnings)
    assert _hub_record(ann.hub, "plans", plan)[0]["best_hopes"] == "Ann's words"
    assert _hub_conflicts(ann.hub, plan) == [("best_hopes", "Ann's words", "Bob's words")]


def test_9_a_right_clock_gives_no_warning(team):
    assert team("ann").sync().warnings == []


# 10 ------------------------------------------------------------------------------------
def test_10_a_lost_acknowledgement_never_creates_a_duplicate(team, monkeypatch):
    ann, bob = team("ann"), team("bob")
    real_push = hub_store.push

    def cut_after_commit(conn, batch, **how):
        real_push(conn, batch, **how)
        raise hub_store.HubUnavailable("The connection to the hub was lost")

    ann.add("clients", f.client("ayesha"))
    plan = ann.add("plans", _plan())
    monkeypatch.setattr(hub_store, "push", cut_after_commit)
    with pytest.raises(hub_store.HubUnavailable):
        ann.sync()
    assert ann.raw("SELECT count(*) FROM sync_outbox") == [(2,)]
    monkeypatch.setattr(hub_store, "push", real_push)
    report = ann.sync()
    assert (report.pushed, report.waiting) == (2, 0)
    versions = ann.hub.owner("SELECT count(*) FROM painclinic.versions WHERE id = %s",
                             (plan["id"],))  # fmt: skip
    assert versions == [(1,)]
    bob.sync()
    assert bob.raw("SELECT count(*) FROM plans") == [(1,)]
    assert _hub_conflicts(ann.hub, plan["id"]) == []


def test_hub_time_is_returned(team):
    ann = team("ann")
    with hub_store.login(ann.hub.login_url(ann.login), ann.login, ann.hub_password,
                         str(ann.hub.cluster.ca)) as conn:  # fmt: skip
        when = hub_store.hub_time(hub_store.whoami(conn))
    assert abs(when - datetime.now(UTC)) < timedelta(minutes=1)


# Beyond the ten -------------------------------------------------------------------------
def test_a_push_from_a_newer_laptop_schema_is_quarantined_not_applied_nor_dropped(
    team, monkeypatch
):
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha"))
    monkeypatch.setattr(sync, "LATEST", 99)
    report = ann.sync()
    assert (report.pushed, report.rejected) == (0, 1)
    assert ann.raw("SELECT kind, collection FROM sync_refused") == [("quarantined", "clients")]
    held = ann.hub.owner("SELECT kind, schema_version FROM painclinic.held")
    assert held == [("quarantined", 99)]
    bob.sync()
    assert bob.raw("SELECT count(*) FROM clients") == [(0,)]


def test_appended_history_is_never_changed_on_the_hub(team):
    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    contact = ann.add("contacts", f.contact("visit", note="First words"))
    first = {"contact_id": contact["id"], "version": 1, "note": "First words"}
    version = ann.add("contact_note_versions", first)
    ann.sync()
    # A tampered laptop (the app's own database refuses it) sends history rewritten.
    entry = {
        "mutation_id": "5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6",
        "collection": "contact_note_versions",
        "record_id": version["id"],
        "op": "upsert",
        "before": version,
        "after": {**version, "note": "Other words"},
    }
    batch = {"protocol": 1, "device": "ann", "schema_version": 9, "entries": [entry]}
    with psycopg.connect(ann.hub.login_url(ann.login), password=ann.hub_password) as conn:
        answer = conn.execute("SELECT painclinic.push_v1(%s)",
                              (psycopg.types.json.Jsonb(batch),)).fetchone()[0]  # fmt: skip
    assert answer["answers"][0]["status"] == "rejected"
    assert "history" in answer["answers"][0]["reason"]
    assert _hub_record(ann.hub, "contact_note_versions", version["id"])[0]["note"] == (
        "First words"
    )
