"""Contacts: quick entry rules, and notes that are amended by new versions, never overwritten."""

from datetime import UTC, datetime, timedelta

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import contacts
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, contact, uid

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")]))
    yield s
    s.close()


def _visit(**changes):
    record = {
        "client_id": uid("ayesha"),
        "starts_at": "2026-11-22T10:30:00+00:00",
        "duration_minutes": 60,
        "type": "home_visit",
        "venue": "home",
        "outcome": "attended",
        "interpreter_language": " Urdu ",
        "carer_present": True,
        "footsteps": [3, 1, 3],
        "components": ["pacing_diary", "pain_book"],
        "note": "Talked about pacing the housework.",
    }
    record.update(changes)
    return record


def _record(store, **changes):
    return contacts.record_contact(store, _visit(**changes), "Coach One", now=NOW)


def test_a_contact_is_saved_tidy_with_the_coach_as_staff(store):
    saved = _record(store)
    assert saved["footsteps"] == [1, 3]
    assert saved["components"] == ["pain_book", "pacing_diary"]  # in the service's list order
    assert (saved["staff"], saved["author"]) == ("Coach One", "Coach One")
    assert saved["interpreter_language"] == "Urdu" and saved["carer_present"] is True
    [only] = contacts.history(store, saved["id"])
    assert (only.number, only.text, only.saved_by, only.current) == (
        1,
        "Talked about pacing the housework.",
        "Coach One",
        True,
    )


def test_amending_a_note_keeps_every_earlier_text_with_who_and_when(store):
    saved = _record(store)
    contacts.amend_note(store, saved["id"], "Talked about pacing and sleep.", "Coach Two")
    contacts.amend_note(store, saved["id"], "Entered in error: see the next contact.", "Coach One")
    current = records.get(store, "contacts", saved["id"])
    assert current["note"] == "Entered in error: see the next contact."
    assert current["author"] == "Coach One"  # the contact's creator stays its author
    versions = contacts.history(store, saved["id"])
    assert [(v.number, v.text, v.saved_by, v.current) for v in versions] == [
        (1, "Talked about pacing the housework.", "Coach One", False),
        (2, "Talked about pacing and sleep.", "Coach Two", False),
        (3, "Entered in error: see the next contact.", "Coach One", True),
    ]
    assert all(v.saved_at for v in versions)
    assert contacts.amended_counts(store, uid("ayesha")) == {saved["id"]: 3}


def test_the_store_refuses_to_rewrite_or_delete_a_kept_version(store):
    saved = _record(store)
    contacts.amend_note(store, saved["id"], "Second text.", "Coach Two")
    with pytest.raises(Exception, match="append-only"):
        store.conn.execute("UPDATE contact_note_versions SET note = 'changed'")
    with pytest.raises(Exception, match="append-only"):
        store.conn.execute("DELETE FROM contact_note_versions")
    texts = [v.text for v in contacts.history(store, saved["id"])]
    assert texts == ["Talked about pacing the housework.", "Second text."]


def test_a_note_replaced_by_a_bundle_from_another_laptop_keeps_the_text_it_replaced(store):
    older = contact(
        "c1", note="First words.", updated_at="2026-10-01T10:00:00+01:00", author="Coach One"
    )
    import_bundle(store, bundle(contacts=[older]))
    newer = {**older, "note": "Other laptop's words.", "updated_at": "2026-10-02T10:00:00+01:00"}
    import_bundle(store, bundle(contacts=[newer]))
    texts = [(v.text, v.current) for v in contacts.history(store, uid("c1"))]
    assert texts == [("First words.", False), ("Other laptop's words.", True)]
    # and an amendment after that is numbered after both
    contacts.amend_note(store, uid("c1"), "Third.", "Coach Two")
    assert [v.number for v in contacts.history(store, uid("c1"))] == [1, 2, 3]


def test_an_amendment_must_say_something_new(store):
    saved = _record(store)
    with pytest.raises(InvalidInput, match="cannot be empty"):
        contacts.amend_note(store, saved["id"], "  ", "Coach Two")
    with pytest.raises(InvalidInput, match="unchanged"):
        contacts.amend_note(store, saved["id"], "Talked about pacing the housework.", "Coach")
    assert len(contacts.history(store, saved["id"])) == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"starts_at": (NOW + timedelta(hours=1)).isoformat()}, "starts_at"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"outcome": "dna"}, "footsteps"),  # nothing is delivered when the client did not attend
        ({"footsteps": [11]}, "footsteps"),
        ({"components": ["massage"]}, "components"),
        ({"type": None}, "type"),
    ],
)
def test_contacts_that_cannot_be_right_are_refused(store, changes, field):
    with pytest.raises(InvalidInput) as caught:
        _record(store, **changes)
    assert caught.value.field == field
    assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


def test_a_did_not_attend_needs_no_duration(store):
    saved = _record(
        store, outcome="dna", duration_minutes=None, footsteps=[], components=[], note=None
    )
    assert saved["outcome"] == "dna" and saved["duration_minutes"] is None


def test_a_community_partner_cannot_read_a_notes_history(store):
    from painclinic_desktop.core.security_errors import PermissionDenied
    from painclinic_desktop.services import session

    saved = _record(store)
    session.sign_in_as("Partner", "community_partner")
    try:
        with pytest.raises(PermissionDenied):
            contacts.history(store, saved["id"])
    finally:
        session.sign_out()
