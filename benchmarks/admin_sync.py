"""A sync of 50 changes each way on the admin's whole-service laptop (issue 14): an
encrypted database of 50,000 clients, joined to a hub, with the caseload open in the window.

    .venv/bin/python -m benchmarks.admin_sync --clients 50000

How the two laptops are made (a first push of 50,000 clients is itself far over its target,
so the hub does not hold them all): laptop A is a 1,000-client demo caseload that pushes
itself to a fresh hub by the ordinary first push; the admin's laptop joins that hub by the
ordinary ``join`` (encrypted, Argon2 key slot, everything pulled), and then takes in every
record of the whole-service database ``benchmarks.whole_service`` makes (the same generator
and seed, so the hub's clients are among them and are left as pulled) by a plain SQL copy
between the two encrypted files, with the outbox not recording (not queued for the hub: a
bundle import of 49,000 clients into a joined laptop took over a minute per thousand clients
on the loaded machine). So the laptop
holds the whole service's size of caseload, indexes and files; the hub holds the 1,000
clients the changes are made to. The 50 changes each way are to clients on the hub: A changes
50 clients' family names and syncs; the admin changes 50 others on the laptop; then, with
the whole caseload shown in the main window (offscreen), F9: the sync runs on its worker and
the caseload shows A's 50 changes. Measured: the sync itself (send 50, receive 50) and F9
to the caseload showing the changes; an idle sync; the bare Qt window (floor) in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from .suite import BARE_WINDOW, RESULTS, caseload_db, run_script, summary
from .whole_service import service_db

HUB_PASSWORD = "bench-password-1"
LOCAL_PASSWORD = "laptop passphrase 1"


def _hub(cluster) -> str:
    from painclinic_desktop.store import hub
    from painclinic_desktop.store.migrations import LATEST
    from tests.hub import cluster as pg

    name = cluster.new_database()
    os.environ["PGPASSWORD"] = pg.OWNER_PASSWORD
    with hub.connect(cluster.url(name, pg.OWNER)) as conn:
        hub.init(conn, LATEST)
        hub.add_user(conn, f"{name}_coach", "coach", HUB_PASSWORD)
        hub.add_user(conn, f"{name}_admin", "admin", HUB_PASSWORD)
    del os.environ["PGPASSWORD"]
    return name


def _laptops(cluster, clients: int, folder: Path):
    from painclinic_desktop.services import session, sync
    from painclinic_desktop.services.accounts import sign_in
    from painclinic_desktop.store.database import open_store

    name = _hub(cluster)
    coach, admin = f"{name}_coach", f"{name}_admin"
    laptop_a = folder / "a.db"
    shutil.copy(caseload_db(1000), laptop_a)
    session.sign_in_as(coach, "coach")
    a = open_store(laptop_a)
    started = time.perf_counter()
    sync.sync(a, cluster.url(name, coach), coach, HUB_PASSWORD)
    print(f"  laptop A pushed 1,000 clients in {time.perf_counter() - started:.0f} s", flush=True)
    os.environ.setdefault("PAINCLINIC_ARGON2_TIME_COST", "5")
    path = folder / "admin.db"
    started = time.perf_counter()
    sync.join(path, cluster.url(name, admin), admin, HUB_PASSWORD, LOCAL_PASSWORD)
    print(f"  the admin's laptop joined in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    held = _take_in_the_rest(path, admin, service_db(clients))
    print(f"  the admin's laptop took in the rest ({held:,} clients) in "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    b = sign_in(path, admin, LOCAL_PASSWORD)
    session.sign_in_as(admin, "admin")
    return cluster.url(name, coach), a, b, coach, admin


def _take_in_the_rest(path: Path, admin: str, whole: Path) -> int:
    """Copy every synced record of the whole-service database ``whole`` that the laptop does
    not hold yet into the laptop's own (encrypted) database, with the outbox not recording,
    in one transaction on a plain SQLCipher connection keyed with each file's data key."""
    import sqlcipher3.dbapi2 as driver

    from painclinic_desktop.core.sync_rules import SYNCED
    from painclinic_desktop.services.accounts import data_key_for

    from .whole_service import ADMIN, PASSWORD

    mine, theirs = data_key_for(path, admin, LOCAL_PASSWORD), data_key_for(whole, ADMIN, PASSWORD)
    conn = driver.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{mine.hex()}'\"")
        conn.execute("PRAGMA cache_size = -1000000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"ATTACH DATABASE ? AS whole KEY \"x'{theirs.hex()}'\"", (str(whole),))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE sync_recording SET recording = 0")
        for table in SYNCED:
            columns = ", ".join(
                f'"{r[1]}"' for r in conn.execute(f"PRAGMA main.table_info({table})")
            )
            conn.execute(
                f"INSERT OR IGNORE INTO main.{table} ({columns}) "
                f"SELECT {columns} FROM whole.{table}"
            )
        conn.execute("UPDATE sync_recording SET recording = 1")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE whole")
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    finally:
        conn.close()


def measure(clients: int, repeats: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from painclinic_desktop.services import session, sync, writes
    from painclinic_desktop.store import records
    from painclinic_desktop.ui.main_window import MainWindow
    from tests.hub import cluster as pg

    app = QApplication.instance() or QApplication([])
    cluster = pg.start_cluster()
    folder = Path(tempfile.mkdtemp(prefix="admin-sync-"))
    try:
        url_a, a, b, coach, admin = _laptops(cluster, clients, folder)
        ids = [r[0] for r in a.conn.execute("SELECT id FROM clients ORDER BY id")]
        session.sign_in_as(admin, "admin")
        window = MainWindow(b)
        window.show()
        window.start()
        _wait(app, lambda: not window.hub_sync.running and not window.caseload.loading
              and not window._loading_all, 600)  # fmt: skip
        print(f"  caseload open: {len(window.caseload.state.rows):,} clients", flush=True)
        runs, shown, bare = [], [], []
        for n in range(repeats):
            theirs, ours = ids[100 * n : 100 * n + 50], ids[100 * n + 50 : 100 * n + 100]
            session.sign_in_as(coach, "coach")
            for k, client_id in enumerate(theirs):
                record = records.get(a, "clients", client_id)
                writes.change(a, "clients", {**record, "family_name": f"Run{n}a{k}"}, coach)
            sync.sync(a, url_a, coach, HUB_PASSWORD)
            session.sign_in_as(admin, "admin")
            for k, client_id in enumerate(ours):
                record = records.get(b, "clients", client_id)
                writes.change(b, "clients", {**record, "postcode": f"LS{n} {k}AB"}, admin)
            reports = []
            window.hub_sync.synced.connect(reports.append)
            bare.append(run_script(BARE_WINDOW)["s"])
            started = time.perf_counter()
            window.hub_sync.sync_now_asked()  # F9
            _wait(app, lambda: not window.hub_sync.running, 120)
            ran = time.perf_counter() - started
            _wait(app, lambda n=n, t=theirs: _shows(window, t, n), 120)
            shown.append(time.perf_counter() - started)
            runs.append(ran)
            window.hub_sync.synced.disconnect(reports.append)
            report = reports[-1]
            assert (report.pushed, report.pulled) == (50, 50), (report.pushed, report.pulled)
            print(f"  run {n + 1}: sync {ran:.3f} s, caseload shows the changes at "
                  f"{shown[-1]:.3f} s", flush=True)  # fmt: skip
        idle = []
        for _ in range(repeats):
            started = time.perf_counter()
            sync.sync(b)
            idle.append(time.perf_counter() - started)
        result = {
            "clients": len(window.caseload.state.rows),
            "hub_clients": len(ids),
            "sync_50_each_way": summary(runs),
            "f9_to_caseload_showing_them": summary(shown),
            "idle_sync": summary(idle),
            "bare_window": summary(bare),
        }
        window.close()
        a.close()
        b.close()
        return result
    finally:
        pg.remove(cluster)
        shutil.rmtree(folder, ignore_errors=True)


def _shows(window, client_ids, n) -> bool:
    rows = {r.client_id: r for r in window.caseload.state.rows}
    return all(rows[c].family_name == f"Run{n}a{k}" for k, c in enumerate(client_ids))


def _wait(app, done, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.002)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = measure(args.clients, args.repeats)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "admin-sync.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
