"""A laptop's first fetch of many changes (a join) takes larger pages into tables whose
indexes are set aside and built again at the end: it ends with exactly the records and the
schema of a laptop that fetched page by page, and a fetch stopped or killed part-way leaves
no index missing."""

from __future__ import annotations

import pytest

from painclinic_desktop.services import sync
from painclinic_desktop.store import outbox
from painclinic_desktop.store.database import open_store, reopen
from tests import factories as f

from .laptops import clinical_values_held

NAMES = ("ayesha", "bilal", "carys", "dev", "erin", "farah")


@pytest.fixture
def every_fetch_is_large(monkeypatch):
    """Small pages, and the first-fetch path from the first change on."""
    monkeypatch.setattr(sync, "FIRST_FETCH_FROM", 1)
    monkeypatch.setattr(sync, "FIRST_FETCH_PAGE", 3)


def _indexes(laptop) -> list[tuple[str, str]]:
    return laptop.raw(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    )


def _caseload(laptop) -> set[tuple]:
    return set(laptop.raw("SELECT id, family_name, first_language FROM clients")) | set(
        laptop.raw("SELECT id, client_id, outcome FROM contacts")
    )


def _team_with_records(team):
    cal = team("cal")
    for name in NAMES:
        cal.add("clients", f.client(name))
        cal.add("contacts", f.contact(f"visit-{name}", name))
    cal.add("referrals", f.referral("ref-ayesha", "ayesha"))
    cal.sync()
    cal.change("clients", f.uid("ayesha"), first_language="Punjabi")  # after its contact
    cal.sync()
    return cal


def test_a_large_first_fetch_ends_as_a_fetch_page_by_page(team, monkeypatch, every_fetch_is_large):
    cal = _team_with_records(team)
    set_aside = []
    real = outbox.set_aside_indexes
    monkeypatch.setattr(outbox, "set_aside_indexes", lambda *a: set_aside.append(real(*a)))
    ann = team("ann")
    assert set_aside and set_aside[0] > 0  # the first-fetch path was taken
    assert _caseload(ann) == _caseload(cal)
    assert ann.raw("SELECT first_language FROM clients WHERE id = ?", (f.uid("ayesha"),)) == [
        ("Punjabi",)
    ]
    assert _indexes(ann) == _indexes(cal)  # every index made again, as the migrations made it
    assert outbox.state(ann.store, outbox.INDEXES_SET_ASIDE) is None
    assert outbox.state(ann.store, sync.FETCHING_ALL) is None
    versions = ann.raw("SELECT count(*) FROM sync_versions")[0][0]
    assert versions == cal.raw("SELECT count(*) FROM sync_versions")[0][0] > 0
    # Afterwards it syncs as any laptop does, both ways.
    ann.change("clients", f.uid("bilal"), first_language="Welsh")
    ann.sync()
    cal.sync()
    assert cal.get("clients", f.uid("bilal"))["first_language"] == "Welsh"


def test_a_first_fetch_stopped_part_way_keeps_what_arrived_and_every_index(
    team, monkeypatch, every_fetch_is_large
):
    cal = _team_with_records(team)
    ann = team("ann", join=False)
    stops = []

    def stop_after_the_first_page(stage, done, total):
        if stage == "pull" and not stops:
            stops.append(done)
            raise KeyboardInterrupt  # as Cancel on the progress bar

    with pytest.raises(KeyboardInterrupt):
        sync.join(ann.path, ann.hub.login_url(ann.login), ann.login, ann.hub_password,
                  "laptop passphrase 1", stop_after_the_first_page)  # fmt: skip
    assert stops
    with reopen(ann.path) as part:
        held = part.conn.execute("SELECT count(*) FROM clients").fetchone()[0]
        held += part.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        assert 0 < held < 2 * len(NAMES)  # what arrived is kept
        assert outbox.state(part, outbox.INDEXES_SET_ASIDE) is None
        assert outbox.state(part, sync.FETCHING_ALL) == "1"
    assert _indexes(ann) == _indexes(cal)
    # Carried on: the rest arrives, again as one first fetch.
    ann.join_existing()
    ann.sync()
    assert _caseload(ann) == _caseload(cal)
    assert _indexes(ann) == _indexes(cal)
    assert outbox.state(ann.store, sync.FETCHING_ALL) is None


def test_a_first_fetch_killed_part_way_has_its_indexes_made_on_the_next_open(
    team, monkeypatch, every_fetch_is_large
):
    cal = _team_with_records(team)
    ann = team("ann", join=False)
    # A kill: the fetch stops after a page and nothing of this process runs after it.
    monkeypatch.setattr(sync, "_restore_indexes", lambda store: None)

    def killed(stage, done, total):
        if stage == "pull":
            raise SystemExit(9)

    with pytest.raises(SystemExit):
        sync.join(ann.path, ann.hub.login_url(ann.login), ann.login, ann.hub_password,
                  "laptop passphrase 1", killed)  # fmt: skip
    with reopen(ann.path) as part:
        assert outbox.has_indexes_set_aside(part.conn)
    assert len(_indexes(ann)) < len(_indexes(cal))
    monkeypatch.undo()
    monkeypatch.setattr(sync, "FIRST_FETCH_FROM", 1)
    store = ann.join_existing()  # opening the database makes them again, first of all
    assert not outbox.has_indexes_set_aside(store.conn)
    assert _indexes(ann) == _indexes(cal)
    ann.sync()
    assert _caseload(ann) == _caseload(cal)


def test_indexes_killed_aside_are_made_again_by_open_store(tmp_path):
    from painclinic_desktop.services.demo import load_demo

    path = tmp_path / "x.db"
    store = open_store(path, create=True)
    load_demo(store, clients=3, seed=1)
    before = store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
    before = before.fetchone()[0]
    with store.atomic():
        assert outbox.set_aside_indexes(store, ("clients", "contacts", "goals")) > 0
    store.close()
    store = open_store(path)
    after = store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
    assert after.fetchone()[0] == before
    assert not outbox.has_indexes_set_aside(store.conn)
    store.close()


def test_a_partner_joins_without_indexes_set_aside_and_holds_nothing_clinical(
    team, monkeypatch, every_fetch_is_large
):
    """A connection restricted to a role that reads clinical columns as blank never builds
    an index: a partner's first fetch goes page by page, and holds nothing clinical."""
    _team_with_records(team)
    set_aside = []
    real = outbox.set_aside_indexes
    monkeypatch.setattr(outbox, "set_aside_indexes", lambda *a: set_aside.append(1) or real(*a))
    pat = team("pat", "community_partner")
    assert set_aside == []
    assert clinical_values_held(pat) == []
    assert pat.raw("SELECT count(*) FROM clients")[0][0] == len(NAMES)
