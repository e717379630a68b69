"""Drafts: kept in the database only, survive a crash, never counted."""

import pytest

from painclinic_desktop.services import drafts
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.services.caseload import load_client_record
from painclinic_desktop.store import migrations
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

CLIENT = uid("ayesha")
PAYLOAD = {
    "time_point": "baseline",
    "answers": {"phq9": [1, 2, None, 0, 0, 0, 0, 0, 1]},
    "narrative": {"pain_where": "Plecy i biodro — ból"},
}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "d.db", create=True)
    import_bundle(
        s,
        bundle(
            clients=[client("ayesha"), client("bilal", nhs_number=None)], referrals=[referral("r1")]
        ),
    )
    yield s
    s.close()


def test_the_drafts_table_comes_from_a_named_migration(store):
    assert (3, "0003_drafts") in migrations.applied(store.conn)
    assert {"drafts", "assessment_notes"} <= set(store.db.table_names())


def test_a_draft_reads_back_exactly_including_non_ascii_words(store):
    saved = drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, PAYLOAD, "Coach One")
    loaded = drafts.load_draft(store, CLIENT, drafts.ASSESSMENT)
    assert loaded == saved
    assert loaded.payload == PAYLOAD and loaded.author == "Coach One"


def test_saving_again_overwrites_the_one_draft(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 1}, "Coach One")
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 5}, "Coach Two")
    (only,) = drafts.client_drafts(store, CLIENT)
    assert only.payload == {"step": 5}
    assert only.author == "Coach One"  # who started it is kept


def test_a_draft_is_committed_at_once_so_a_crash_keeps_it(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, PAYLOAD, "Coach One")
    # Another connection sees it while the first is still open and never closed cleanly.
    other = open_store(store.path)
    try:
        assert drafts.load_draft(other, CLIENT, drafts.ASSESSMENT).payload == PAYLOAD
    finally:
        other.close()


def test_discarding_removes_only_that_clients_draft(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, {"step": 1}, "Coach One")
    drafts.save_draft(store, uid("bilal"), drafts.ASSESSMENT, {"step": 2}, "Coach One")
    drafts.discard_draft(store, CLIENT, drafts.ASSESSMENT)
    assert drafts.load_draft(store, CLIENT, drafts.ASSESSMENT) is None
    assert drafts.load_draft(store, uid("bilal"), drafts.ASSESSMENT).payload == {"step": 2}


def test_drafts_never_appear_in_assessments_or_exports(store):
    drafts.save_draft(store, CLIENT, drafts.ASSESSMENT, PAYLOAD, "Coach One")
    record = load_client_record(store, CLIENT)
    assert record.records["assessments"] == []
    doc = export_bundle(store)
    assert doc["assessments"] == [] and "drafts" not in doc
    assert "Plecy" not in str(doc)  # the draft's words are not in the file either
    assert store.conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
