"""The one write path: every write to a synced table reaches the outbox in its transaction."""

from __future__ import annotations

import json

import pytest

from painclinic_desktop.core.sync_rules import LOCAL_ONLY, PUSH_ONLY, SYNCED
from painclinic_desktop.services import session, writes
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import outbox
from painclinic_desktop.store.database import open_store
from tests.factories import assessment, bundle, client, contact, uid


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "caseload.db", create=True)
    yield s
    s.close()


def _tables(store):
    return {
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


def _entries(store):
    return store.conn.execute(
        "SELECT collection, record_id, op, before IS NOT NULL, after FROM sync_outbox ORDER BY seq"
    ).fetchall()


def test_every_table_is_either_synced_or_named_as_local(store):
    # A new table must be given a place: synced (with outbox triggers) or local only.
    assert _tables(store) == set(SYNCED) | set(PUSH_ONLY) | LOCAL_ONLY


def test_every_synced_table_records_every_column_on_insert_update_and_delete(store):
    triggers = dict(
        store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    )
    for table in SYNCED:
        columns = store.columns(table)
        for name in outbox.trigger_names(table):
            assert name in triggers, name
            for column in columns:
                assert f"'{column}'" in triggers[name], (name, column)


def test_nothing_is_recorded_until_the_laptop_joins_then_everything_is_queued(store):
    session.sign_in_as("Coach One")
    writes.add(store, "clients", client("ayesha"), "Coach One")
    assert _entries(store) == []
    with store.atomic():
        assert outbox.start_recording(store) == 1
    assert [e[:3] for e in _entries(store)] == [("clients", uid("ayesha"), "upsert")]


def test_screens_raw_sql_and_bundle_import_all_reach_the_outbox(store):
    session.sign_in_as("Coach One")
    with store.atomic():
        outbox.start_recording(store)
    saved = writes.add(store, "clients", client("ayesha"), "Coach One")
    writes.change(store, "clients", {**saved, "first_language": "Punjabi"}, "Coach One")
    with store.atomic():  # even a statement that bypasses every service
        store.conn.execute("UPDATE clients SET postcode = 'BD1 1AA'")
    import_bundle(store, bundle(clients=[client("bilal", nhs_number="9876543210")],
                                contacts=[contact("visit", "bilal")],
                                assessments=[assessment("phq", "bilal")]))  # fmt: skip
    got = _entries(store)
    assert [(c, op, had_before) for c, _, op, had_before, _ in got[:3]] == [
        ("clients", "upsert", False),
        ("clients", "upsert", True),
        ("clients", "upsert", True),
    ]
    assert json.loads(got[2][4])["postcode"] == "BD1 1AA"
    imported = {c for c, *_ in got[3:]}
    assert {"clients", "contacts", "assessments"} <= imported


def test_an_unchanged_save_is_not_recorded_and_a_failed_one_leaves_no_entry(store):
    session.sign_in_as("Coach One")
    with store.atomic():
        outbox.start_recording(store)
    saved = writes.add(store, "clients", client("ayesha"), "Coach One")
    with store.atomic():
        store.conn.execute("UPDATE clients SET postcode = postcode")
    with pytest.raises(RuntimeError), store.atomic():
        writes.add(store, "clients", client("bilal"), "Coach One")
        raise RuntimeError("power cut")
    assert [e[1] for e in _entries(store)] == [saved["id"]]


def test_changes_applied_from_the_hub_are_not_recorded(store):
    with store.atomic():
        outbox.start_recording(store)
    with store.atomic(), outbox.applying(store):
        outbox.put_pulled(store, "clients", [{**client("ayesha"), "created_at": None}])
    assert _entries(store) == []
    assert outbox.is_recording(store)


def test_references_missing_after_a_pull_are_found_among_the_records_it_touched(store):
    """A sync checks only the references its pulled records could break (a whole-service
    laptop's every reference takes seconds): a pulled record pointing at a client not here,
    and a record pointing at a pulled client now gone; others are not counted again."""
    session.sign_in_as("Amina", "coach")
    import_bundle(store, bundle(clients=[client("a")], contacts=[contact("kept", "a")]))
    store.conn.execute("PRAGMA foreign_keys = OFF")  # as a page of pulled changes may leave it
    with store.atomic():
        store.conn.execute(
            "INSERT INTO contacts (id, client_id, starts_at, type, outcome)"
            " VALUES (?, ?, '2026-10-01T10:00', 'one_to_one', 'attended')",
            (uid("orphan"), uid("not-here")),
        )
        store.conn.execute(
            "INSERT INTO contacts (id, client_id, starts_at, type, outcome)"
            " VALUES (?, ?, '2026-10-02T10:00', 'one_to_one', 'attended')",
            (uid("older"), uid("gone-earlier")),
        )
    assert outbox.missing_references(store) == 2  # everything, as a join checks
    assert outbox.missing_references(store, {"contacts": {uid("orphan")}}) == 1
    assert outbox.missing_references(store, {"clients": {uid("not-here")}}) == 1
    assert outbox.missing_references(store, {"contacts": {uid("kept")}}) == 0
    assert outbox.missing_references(store, {"clients": {uid("a")}}) == 0


def _strict(value) -> str:
    """JSON text that tells true from 1 and a list from its text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def test_the_outbox_as_sent_is_the_same_made_by_sqlite_or_by_python(store):
    """A push page is written out by SQLite; it must be exactly what decoding each entry
    and encoding it again in Python gave: lists and objects as JSON, flags as booleans,
    blank lists as [], every collection of a demo caseload, inserts, edits and deletes."""
    from painclinic_desktop.services.demo import load_demo
    from painclinic_desktop.services.sync import _wire

    load_demo(store, clients=12, seed=3)
    with store.atomic():
        outbox.start_recording(store)
        store.conn.execute("UPDATE clients SET interpreter_needed = NULL WHERE rowid % 3 = 0")
        store.conn.execute("UPDATE clients SET interpreter_needed = 0 WHERE rowid % 3 = 1")
        store.conn.execute("UPDATE goals SET reviews = NULL WHERE rowid % 2 = 0")
        store.conn.execute("UPDATE plans SET setback_plan = '' WHERE rowid % 2 = 0")
        store.conn.execute("DELETE FROM assessments WHERE rowid % 4 = 0")
        store.conn.execute("UPDATE clients SET family_name = 'Ünal 王' WHERE rowid = 2")
        outbox.set_versions(store, "clients", [(r[0], 3) for r in store.conn.execute(
            "SELECT id FROM clients LIMIT 5")])  # fmt: skip
        outbox.name_resolved(store, "clients", store.conn.execute(
            "SELECT id FROM clients WHERE rowid = 2").fetchone()[0], [7, 9])  # fmt: skip
    total = outbox.waiting(store)
    by_python = [_wire(store, e) for e in outbox.pending(store, total)]
    names, by_sqlite = outbox.pending_on_the_wire(store, total)
    assert len(by_sqlite) == len(by_python) == total > 300
    assert [n["mutation_id"] for n in names] == [e["mutation_id"] for e in by_python]
    assert {e["collection"] for e in by_python} >= {"clients", "goals", "plans", "contacts"}
    assert {e["op"] for e in by_python} == {"upsert", "delete"}
    for python, text in zip(by_python, by_sqlite, strict=True):
        assert _strict(json.loads(text)) == _strict(python)
