"""The hub works on the next page while the laptop writes the last one (a push's answers, a
pull's changes): what arrives and what is kept is the same as one page at a time, and a
failure part-way loses nothing and doubles nothing."""

from __future__ import annotations

import pytest

from painclinic_desktop.services import sync
from painclinic_desktop.store import hub
from tests import factories as f

NAMES = ("ayesha", "bilal", "carys", "dev", "erin", "farah", "gul")


def _hub_rows(hub_db) -> list[tuple]:
    return hub_db.owner(
        "SELECT collection, id, version, data->>'first_language' FROM painclinic.records "
        "ORDER BY collection, id"
    )


def test_pages_pushed_ahead_keep_every_answer_in_order(team, monkeypatch):
    """Pages of two: a record created on one page and edited on the next, whose page was
    read before the first page's answer was kept."""
    monkeypatch.setattr(sync, "PUSH_PAGE", 2)
    ann, bob = team("ann"), team("bob")
    ann.add("clients", f.client("zed"))  # so that each record's edit is on the next page
    for name in NAMES:
        ann.add("clients", f.client(name))
        ann.change("clients", f.uid(name), first_language="Welsh")
    report = ann.sync()
    assert report.pushed == 2 * len(NAMES) + 1
    assert report.rejected == 0 and report.waiting == 0
    rows = {r[1]: (r[2], r[3]) for r in _hub_rows(ann.hub)}
    assert rows.pop(f.uid("zed")) == (1, "Urdu")
    assert set(rows.values()) == {(2, "Welsh")}  # each made, then changed once
    assert ann.raw("SELECT count(*) FROM sync_versions WHERE version = 2")[0][0] == len(NAMES)
    assert bob.sync().pulled_by_collection["clients"] == len(NAMES) + 1
    assert {r[0] for r in bob.raw("SELECT first_language FROM clients")} == {"Welsh", "Urdu"}


def test_a_push_cut_part_way_is_finished_by_the_next_sync_once(team, monkeypatch):
    monkeypatch.setattr(sync, "PUSH_PAGE", 2)
    ann = team("ann")
    for name in NAMES:
        ann.add("clients", f.client(name))
    real_push, calls = hub.push, []

    def cut_on_the_third_page(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise hub.HubUnavailable("The connection to the hub was lost: test")
        return real_push(*args, **kwargs)

    monkeypatch.setattr(hub, "push", cut_on_the_third_page)
    with pytest.raises(hub.HubUnavailable):
        ann.sync()
    waiting = ann.raw("SELECT count(*) FROM sync_outbox")[0][0]
    assert 0 < waiting < len(NAMES) + 1  # the first two pages answered and kept
    monkeypatch.setattr(hub, "push", real_push)
    report = ann.sync()
    assert report.waiting == 0 and report.rejected == 0
    assert len(_hub_rows(ann.hub)) == len(NAMES)
    assert ann.hub.owner("SELECT count(*) FROM painclinic.versions")[0][0] == len(NAMES)


def test_pages_pulled_ahead_stop_cleanly_and_carry_on(team, monkeypatch):
    monkeypatch.setattr(sync, "PULL_PAGE", 2)
    ann, bob = team("ann"), team("bob")
    for name in NAMES:
        ann.add("clients", f.client(name))
    ann.sync()
    real_pull, calls = hub.pull, []

    def cut_on_the_third_page(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise hub.HubUnavailable("The connection to the hub was lost: test")
        return real_pull(*args, **kwargs)

    monkeypatch.setattr(hub, "pull", cut_on_the_third_page)
    with pytest.raises(hub.HubUnavailable):
        bob.sync()
    held = bob.raw("SELECT count(*) FROM clients")[0][0]
    assert held == 4  # two pages written; the cursor stands after them
    monkeypatch.setattr(hub, "pull", real_pull)
    bob.sync()
    assert bob.raw("SELECT count(*) FROM clients")[0][0] == len(NAMES)
