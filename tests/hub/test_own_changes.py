"""A laptop's pull leaves out the records its own push has just created (they are on the
laptop already, exactly as the hub keeps them), and nothing else: a change anyone made since,
another laptop's record and a clash all still arrive."""

from __future__ import annotations

from painclinic_desktop.services import sync
from painclinic_desktop.store import hub
from tests import factories as f


def _counting_pulls(monkeypatch) -> list[dict]:
    pages = []
    real = hub.pull

    def counted(*args, **kwargs):
        page = real(*args, **kwargs)
        pages.append(page)
        return page

    monkeypatch.setattr(hub, "pull", counted)
    return pages


def _pulled_ids(pages) -> list[str]:
    return [c["id"] for page in pages for c in page["changes"]]


def test_the_first_sync_does_not_fetch_back_what_it_sent(team, monkeypatch):
    ann = team("ann")
    for name in ("ayesha", "bilal", "carys"):
        ann.add("clients", f.client(name))
    ann.add("contacts", f.contact("visit", "ayesha"))
    pages = _counting_pulls(monkeypatch)
    report = ann.sync()
    assert report.pushed >= 4 and report.waiting == 0
    assert _pulled_ids(pages) == []
    # The hub has them all, and a second laptop receives them all.
    bob = team("bob")
    assert {r[0] for r in bob.raw("SELECT id FROM clients")} == {
        f.uid("ayesha"),
        f.uid("bilal"),
        f.uid("carys"),
    }


def test_a_change_made_between_the_push_and_the_pull_still_arrives(team, monkeypatch):
    """Someone edits a record this laptop has just created, after its push and before its
    pull (the same run): the edit has a later version and is fetched."""
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha"))
    ann.add("clients", f.client("bilal"))
    real_push = sync.push
    once = []

    def push_then_bob_edits(*args, **kwargs):
        real_push(*args, **kwargs)
        if once:
            return  # Bob's own syncs below
        once.append(True)
        bob.sync()
        bob.change("clients", f.uid("ayesha"), first_language="Punjabi")
        bob.add("clients", f.client("carys"))
        bob.sync()
        pages.clear()  # what Bob's laptop fetched: only Ann's pull is looked at

    monkeypatch.setattr(sync, "push", push_then_bob_edits)
    pages = _counting_pulls(monkeypatch)
    ann.sync()
    assert sorted(_pulled_ids(pages)) == sorted([f.uid("ayesha"), f.uid("carys")])
    assert ann.get("clients", f.uid("ayesha"))["first_language"] == "Punjabi"
    assert ann.get("clients", f.uid("carys")) is not None


def test_an_edit_of_a_record_already_on_the_hub_is_fetched_back_merged(team):
    """Only new records are left out: an edit merged on the hub comes back as merged."""
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("ayesha", first_language="English"))
    ann.sync()
    bob.sync()
    bob.change("clients", f.uid("ayesha"), postcode="BD1 1AA")
    bob.sync()
    ann.change("clients", f.uid("ayesha"), first_language="Urdu")
    ann.sync()
    got = ann.get("clients", f.uid("ayesha"))
    assert (got["first_language"], got["postcode"]) == ("Urdu", "BD1 1AA")


def test_an_older_hub_without_pull_v2_is_still_synced_in_full(team, monkeypatch):
    ann, bob = team("ann"), team("bob")
    real_whoami = hub.whoami

    def old_hub(conn):
        answer = real_whoami(conn)
        answer.pop("features", None)
        return answer

    monkeypatch.setattr(hub, "whoami", old_hub)
    ann.add("clients", f.client("ayesha"))
    pages = _counting_pulls(monkeypatch)
    ann.sync()
    assert _pulled_ids(pages) == [f.uid("ayesha")]  # fetched back, as before
    assert bob.sync().pulled_by_collection["clients"] == 1


def test_spans_kept_are_bounded_and_joined_when_adjacent():
    own: list[list[int]] = []
    sync._note_own(own, [1, 10])
    sync._note_own(own, [11, 20])
    assert own == [[1, 20]]
    sync._note_own(own, [5, 4])  # a push that took no number
    assert own == [[1, 20]]
    for n in range(sync.OWN_SPANS + 5):
        sync._note_own(own, [100 + 10 * n, 100 + 10 * n + n % 3])
    assert len(own) == sync.OWN_SPANS and own == sorted(own) and [1, 20] in own
