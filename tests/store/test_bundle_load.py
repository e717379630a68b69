"""The bulk path of an import: indexes set aside and rebuilt, never lost, never left stale."""

from __future__ import annotations

import pytest

from painclinic_desktop.store import bundle_load, records
from painclinic_desktop.store.connection import OperationalError, cipher_check
from painclinic_desktop.store.database import open_store
from tests.factories import client, contact, uid


@pytest.fixture(params=["plain", "encrypted"])
def store(tmp_path, request):
    key = bytes(range(32)) if request.param == "encrypted" else None
    s = open_store(tmp_path / "caseload.db", create=True, key=key)
    yield s
    s.close()


def _indexes(store):
    return store.conn.execute(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()


def _contacts(n, start=0):
    return [
        contact(
            f"c{i}",
            starts_at=f"2026-09-{1 + i % 28:02d}T10:00:00+01:00",
            outcome="attended" if i % 3 else "dna",
        )
        for i in range(start, start + n)
    ]


def _statements(store):
    seen = []
    store.conn.set_trace_callback(seen.append)
    return seen


def test_a_large_insert_rebuilds_the_same_indexes_and_they_match_the_rows(store, monkeypatch):
    monkeypatch.setattr(bundle_load, "BULK_ROWS", 10)
    before = _indexes(store)
    seen = _statements(store)
    with store.atomic():
        records.insert_many(store, "clients", [client("ayesha")])
        bundle_load.insert_new(store, "contacts", _contacts(40), stored=0)
    assert any(s.startswith('DROP INDEX "idx_contacts_attended"') for s in seen)
    assert _indexes(store) == before  # same names, same definitions, partial ones included
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert cipher_check(store.conn) == []
    # The partial index of attended contacts holds exactly the attended ones: 40 less every 3rd.
    attended = store.conn.execute(
        "SELECT count(*) FROM contacts INDEXED BY idx_contacts_attended "
        "WHERE client_id = ? AND outcome = 'attended'",
        (uid("ayesha"),),
    ).fetchone()[0]
    assert attended == 40 - 14


def test_a_few_rows_or_fewer_than_already_stored_go_straight_into_the_indexes(store, monkeypatch):
    monkeypatch.setattr(bundle_load, "BULK_ROWS", 10)
    seen = _statements(store)
    with store.atomic():
        records.insert_many(store, "clients", [client("ayesha")])
        bundle_load.insert_new(store, "contacts", _contacts(5), stored=0)  # under BULK_ROWS
        bundle_load.insert_new(store, "contacts", _contacts(20, start=5), stored=30)
    assert not [s for s in seen if "INDEX" in s]
    assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 25


def test_a_failure_after_the_indexes_are_dropped_rolls_them_back_with_the_rows(store, monkeypatch):
    monkeypatch.setattr(bundle_load, "BULK_ROWS", 10)
    before = _indexes(store)
    real = bundle_load.own_indexes

    def one_broken(store, table):
        found = real(store, table)
        return [*found[:-1], (found[-1][0], "CREATE INDEX broken ON nowhere(anything)")]

    monkeypatch.setattr(bundle_load, "own_indexes", one_broken)
    with pytest.raises(OperationalError, match="nowhere"), store.atomic():
        records.insert_many(store, "clients", [client("ayesha")])
        bundle_load.insert_new(store, "contacts", _contacts(40), stored=0)
    assert _indexes(store) == before
    assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_bulk_inserts_refuse_to_run_outside_a_transaction(store):
    with pytest.raises(RuntimeError, match="transaction"):
        bundle_load.insert_new(store, "clients", [client("ayesha")], stored=0)
    assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_the_import_cache_is_put_back_to_its_usual_size_even_after_a_failure(store):
    usual = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    with pytest.raises(ValueError), bundle_load.import_cache(store):
        during = store.conn.execute("PRAGMA cache_size").fetchone()[0]
        assert during == -bundle_load.IMPORT_CACHE_KIB  # negative: a size in KiB
        raise ValueError("stopped half-way")
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == usual


def test_many_records_read_back_by_id_across_several_queries(store):
    people = [client(f"p{i}", nhs_number=None) for i in range(1200)]
    with store.atomic():
        records.insert_many(store, "clients", people)
    wanted = [uid(f"p{i}") for i in range(0, 1200, 2)] + [uid("nobody")]
    found = records.get_many(store, "clients", wanted)
    assert len(found) == 600 and uid("nobody") not in found
    assert found[uid("p1198")]["given_name"] == "P1198"


def test_records_replaced_together_are_each_written_whole(store):
    with store.atomic():
        records.insert_many(store, "contacts", [])  # nothing to do, no error
        records.insert_many(store, "clients", [client("ayesha"), client("bilal", nhs_number=None)])
        records.replace_many(
            store,
            "clients",
            [
                records.complete(store, "clients", client("ayesha", interpreter_needed=False)),
                records.complete(store, "clients", client("bilal", nhs_number=None, pcn=None)),
            ],
        )
    ayesha, bilal = (records.get(store, "clients", uid(n)) for n in ("ayesha", "bilal"))
    assert ayesha["interpreter_needed"] is False and ayesha["pcn"] == "Bradford City"
    assert bilal["pcn"] is None and bilal["given_name"] == "Bilal"
