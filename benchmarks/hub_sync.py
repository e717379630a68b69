"""Team hub benchmarks (SYNC.md's targets) against a private PostgreSQL cluster started here.

    .venv/bin/python -m benchmarks.hub_sync --clients 1000 10000

For each size: the first push of a whole demo caseload from a laptop that had never synced,
a second laptop joining (creating its encrypted database and pulling everything), a sync with
50 changes each way, and an idle sync; with the floor (a verify-full connection and SELECT 1)
and the machine's load average (1 minute) before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.suite import RESULTS, caseload_db, counts

OWNER_PASSWORD_ENV = "PGPASSWORD"


def _hub(cluster):
    from painclinic_desktop.store import hub
    from painclinic_desktop.store.migrations import LATEST
    from tests.hub import cluster as pg

    name = cluster.new_database()
    os.environ[OWNER_PASSWORD_ENV] = pg.OWNER_PASSWORD
    with hub.connect(cluster.url(name, pg.OWNER)) as conn:
        hub.init(conn, LATEST)
        for login in ("bench_a", "bench_b"):
            hub.add_user(conn, f"{name}_{login}", "coach", "bench-password-1")
    del os.environ[OWNER_PASSWORD_ENV]
    return name


def floor(cluster, name: str, user: str) -> float:
    """The floor: a person's verify-full connection to the hub and SELECT 1 (best of 3)."""
    from painclinic_desktop.store import hub

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        with hub.login(cluster.url(name, user), user, "bench-password-1", str(cluster.ca)) as c:
            c.execute("SELECT 1").fetchone()
        runs.append(time.perf_counter() - started)
    return min(runs)


def measure(cluster, clients: int, folder: Path) -> dict:
    from painclinic_desktop.services import session, sync
    from painclinic_desktop.store import records
    from painclinic_desktop.store.database import open_store

    name = _hub(cluster)
    source = caseload_db(clients)
    laptop_a = folder / f"a-{clients}.db"
    shutil.copy(source, laptop_a)
    user_a, user_b = f"{name}_bench_a", f"{name}_bench_b"
    url_a, url_b = cluster.url(name, user_a), cluster.url(name, user_b)
    load_before = os.getloadavg()[0]
    floor_s = floor(cluster, name, user_a)
    session.sign_in_as(user_a, "coach")
    a = open_store(laptop_a)
    started = time.perf_counter()
    first = sync.sync(a, url_a, user_a, "bench-password-1")
    first_push = time.perf_counter() - started

    os.environ.setdefault("PAINCLINIC_ARGON2_TIME_COST", "5")
    started = time.perf_counter()
    joined = sync.join(folder / f"b-{clients}.db", url_b, user_b, "bench-password-1",
                       "laptop passphrase 1")  # fmt: skip
    join = time.perf_counter() - started
    from painclinic_desktop.services.accounts import sign_in

    b = sign_in(folder / f"b-{clients}.db", user_b, "laptop passphrase 1")
    ids = [r["id"] for r in records.select(a, "clients", "1 = 1 LIMIT 100")]
    with b.atomic():
        for n, record_id in enumerate(ids[50:]):
            b.conn.execute("UPDATE clients SET postcode = ? WHERE id = ?", (f"BB{n}", record_id))
    sync.sync(b)
    with a.atomic():
        for n, record_id in enumerate(ids[:50]):
            a.conn.execute("UPDATE clients SET postcode = ? WHERE id = ?", (f"AA{n}", record_id))
    started = time.perf_counter()
    both_ways = sync.sync(a, url_a, user_a, "bench-password-1")
    fifty = time.perf_counter() - started
    idle_runs = []
    for _ in range(5):
        started = time.perf_counter()
        sync.sync(a, url_a, user_a, "bench-password-1")
        idle_runs.append(time.perf_counter() - started)
    a.close()
    b.close()
    return {
        "clients": clients,
        "floor_s": round(floor_s, 3),
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "records": sum(counts(source).values()),
        "first_push_s": round(first_push, 2),
        "first_push_entries": first.pushed,
        "join_s": round(join, 2),
        "join_pulled": joined.pulled,
        "fifty_each_way_s": round(fifty, 3),
        "fifty_pushed_pulled": [both_ways.pushed, both_ways.pulled],
        "idle_sync_median_s": round(sorted(idle_runs)[2], 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    from tests.hub import cluster as pg

    cluster = pg.start_cluster()
    results = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for clients in args.clients:
                found = measure(cluster, clients, Path(folder))
                print(json.dumps(found), flush=True)
                results.append(found)
    finally:
        pg.remove(cluster)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hub-sync.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
