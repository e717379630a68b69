"""The field rule is written twice (core/merge.py for laptops and bundles, SQL on the hub):
both must give the same answer for every case."""

from __future__ import annotations

import json
import random

from psycopg.types.json import Jsonb

from painclinic_desktop.core.merge import merge_change

VALUES = (None, "a", "b", [1], [2])
REVIEWS = (None, [], [{"reviewed_on": "2026-01-01", "status": "in_progress"}],
           [{"reviewed_on": "2026-02-01", "status": "achieved"}])  # fmt: skip


def _record(rng, meta):
    record = {name: rng.choice(VALUES) for name in ("text", "target_on") if rng.random() < 0.9}
    if rng.random() < 0.8:
        record["reviews"] = rng.choice(REVIEWS)
    if meta:
        record.update(updated_at=f"2026-10-0{rng.randint(1, 9)}", author=rng.choice("PQ"))
    return record


def _plain(record):
    return json.dumps({k: v for k, v in record.items() if v is not None}, sort_keys=True)


def test_python_and_hub_merge_agree(hub_db):
    rng = random.Random(22)
    cases = []
    for _ in range(400):
        before = None if rng.random() < 0.25 else _record(rng, True)
        after = _record(rng, True)
        if before is not None:
            after = {**before, **after}
        cases.append((before, after, _record(rng, True)))
    with hub_db.cluster.admin(hub_db.name) as conn:
        for before, after, current in cases:
            expected = merge_change("goals", before, after, current)
            result, changed, clashes = conn.execute(
                "SELECT * FROM painclinic.merge_fields('goals', %s, %s, %s)",
                (Jsonb(before) if before is not None else None, Jsonb(after), Jsonb(current)),
            ).fetchone()
            case = (before, after, current)
            assert _plain(result) == _plain(expected.record), case
            assert changed == expected.changed, case
            got = {(c["field"], json.dumps(c["live"]), json.dumps(c["other"])) for c in clashes}
            want = {(n, json.dumps(live), json.dumps(other)) for n, live, other in expected.clashes}
            assert got == want, case
