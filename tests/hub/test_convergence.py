"""Random offline edits on several laptops, synced in random orders, converge: every laptop
holds exactly what its role may see, identical to the hub; every edit is live or kept as a
conflict value; nothing is applied twice."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from painclinic_desktop.core.permissions import hidden_for
from painclinic_desktop.core.sync_rules import SYNCED
from painclinic_desktop.store import records
from tests import factories as f

FIELDS = {
    "clients": ("first_language", "postcode", "pcn"),
    "plans": ("what_matters", "best_hopes"),
    "goals": ("text",),
}
PARTNER_FIELDS = {"clients": FIELDS["clients"]}


def run(team, seed: int, steps: int = 30):
    rng = random.Random(seed)
    laptops = [team("c0"), team("c1"), team("p0", "community_partner")]
    first = laptops[0]
    for n in range(3):
        first.add("clients", f.client(f"client{n}"))
        first.add("plans", {"id": f.uid(f"plan{n}"), "client_id": f.uid(f"client{n}"),
                            "what_matters": "start", "best_hopes": "start"})  # fmt: skip
        first.add("goals", {"id": f.uid(f"goal{n}"), "client_id": f.uid(f"client{n}"),
                            "footstep": 1, "text": "start", "set_on": "2026-10-01"})  # fmt: skip
        first.add("flags", {"id": f.uid(f"flag{n}"), "client_id": f.uid(f"client{n}"),
                            "kind": "carer_involved", "raised_on": "2026-10-01"})  # fmt: skip
    for laptop in laptops:
        laptop.sync()
    written, superseded, reviews = set(), set(), set()
    counter = itertools.count()
    for _ in range(steps):
        laptop = rng.choice(laptops)
        action = rng.random()
        partner = laptop.role == "community_partner"
        if action < 0.25:
            laptop.sync()
            continue
        if action < 0.35 and not partner:
            n = rng.randrange(3)
            goal = laptop.get("goals", f.uid(f"goal{n}"))
            if goal is not None:
                review = {"reviewed_on": f"2026-11-{rng.randint(10, 28)}",
                          "status": "in_progress", "note": f"r{next(counter)}"}  # fmt: skip
                reviews.add(review["note"])
                laptop.change("goals", goal["id"], reviews=[*goal["reviews"], review])
            continue
        if action < 0.40 and not partner:
            flag = f.uid(f"flag{rng.randrange(3)}")
            if laptop.get("flags", flag) is not None:
                with laptop.store.atomic():
                    laptop.store.conn.execute("DELETE FROM flags WHERE id = ?", (flag,))
            continue
        fields = PARTNER_FIELDS if partner else FIELDS
        collection = rng.choice(sorted(fields))
        n = rng.randrange(3)
        record_id = f.uid(
            {"clients": "client", "plans": "plan", "goals": "goal"}[collection] + str(n)
        )
        name = rng.choice(fields[collection])
        current = laptop.get(collection, record_id)
        if current is None:
            continue
        value = f"{laptop.login[-2:]}-{next(counter)}"
        superseded.add(current[name])
        written.add(value)
        laptop.change(collection, record_id, **{name: value})
    for _ in range(2):
        for laptop in rng.sample(laptops, len(laptops)):
            laptop.sync()
    return laptops, written, superseded, reviews


def _hub_view(hub, role):
    tables, columns = hidden_for(role)
    rows = hub.owner(
        "SELECT r.collection, r.id, r.data || coalesce(c.data, '{}') FROM painclinic.records r "
        "LEFT JOIN painclinic.clinical_fields c USING (collection, id) WHERE NOT r.deleted"
    )
    view = {}
    for collection, record_id, data in rows:
        if collection in tables:
            continue
        view[(collection, record_id)] = {
            k: (None if (collection, k) in columns else v) for k, v in data.items()
        }
    return view


def _laptop_view(laptop):
    view = {}
    with laptop.act():
        for collection in SYNCED:
            for row in records.select(laptop.store, collection):
                view[(collection, row["id"])] = row
    return view


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_offline_edits_converge(team, seed):
    laptops, written, superseded, reviews = run(team, seed)
    hub = laptops[0].hub
    for laptop in laptops:
        want = _hub_view(hub, laptop.role)
        got = _laptop_view(laptop)
        assert set(got) == set(want), laptop.login
        for key, data in want.items():
            complete = records.complete(laptop.store, key[0], {**data, "id": key[1]})
            assert got[key] == complete, (laptop.login, key)
    # Every edit is live, or kept as one value of a conflict, unless its own writer or
    # someone who had seen it replaced it.
    kept = set()
    for (data,) in hub.owner("SELECT data FROM painclinic.records"):
        kept |= {v for v in data.values() if isinstance(v, str)}
    for live, other in hub.owner("SELECT live_value, other_value FROM painclinic.conflicts"):
        for value in (live, other):
            kept |= {json.dumps(value).strip('"')}
            if isinstance(value, dict):
                kept |= {v for v in value.values() if isinstance(v, str)}
    lost = written - superseded - kept
    assert lost == set()
    # Appended reviews: each exactly once on the hub, never applied twice.
    seen = []
    for (data,) in hub.owner("SELECT data FROM painclinic.records WHERE collection = 'goals'"):
        seen += [r.get("note") for r in data.get("reviews") or []]
    assert sorted(n for n in seen if n in reviews) == sorted(set(n for n in seen if n in reviews))
    assert {n for n in seen if n} >= reviews - _reviews_in_conflicts(hub)


def _reviews_in_conflicts(hub):
    found = set()
    for (other,) in hub.owner("SELECT other_value FROM painclinic.conflicts"):
        if isinstance(other, dict):
            found |= {r.get("note") for r in other.get("reviews") or []}
    return found
