"""The admin's whole-service laptop: an ENCRYPTED service database holding every client of
the service (issue 14). In one run, interleaved run by run with its floor (a bare Qt window):
cold start to the first screen of the caseload (signed in from the environment, with the
production Argon2id cost), the whole caseload, and the monthly return: the first of a
session as the person meets it in the app (the report modules loaded in the background once
the caseload was shown, as the window does), the first of a session cold (nothing loaded
ahead: what the command line and a report asked for at once meet), and a later one.

    .venv/bin/python -m benchmarks.whole_service --clients 50000 --repeats 5
    .venv/bin/python -m benchmarks.whole_service --only-return --repeats 3  # the return alone

The database is made once (generated caseload imported into a new service database by its
admin) and kept in benchmarks/.cache. Results go to benchmarks/results/whole-service.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from .suite import BARE_WINDOW, CACHE, HERE, SMOKE, TODAY, run_script, summary

ADMIN, PASSWORD = "Bench Admin", "bench admin passphrase"


def service_db(clients: int) -> Path:
    """An encrypted service database with ``clients`` made-up clients (made once)."""
    from painclinic_desktop.core.demo.bundle import generate_bundle
    from painclinic_desktop.services.accounts import create_service_database
    from painclinic_desktop.services.bundles import import_bundle
    from painclinic_desktop.store.connection import keys_path

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"service-{clients}.db"
    if path.exists() and keys_path(path).exists():
        return path
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(dir=CACHE))
    made = folder / path.name
    store, _recovery = create_service_database(made, ADMIN, PASSWORD)
    doc = generate_bundle(clients, seed=7, today=TODAY)
    doc["demo"] = False  # a service database as a service uses it
    import_bundle(store, doc)
    store.close()
    made.rename(path)
    keys_path(made).rename(keys_path(path))
    print(f"  made an encrypted database of {clients:,} clients in "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    return path


def prepare(path: Path) -> None:
    """Open the database once before timing: a database made by an earlier version is
    brought up to date (a migration adding indexes takes a minute at 50,000 clients), which
    would otherwise land in the first run."""
    from painclinic_desktop.services.accounts import sign_in

    sign_in(path, ADMIN, PASSWORD).close()


def key_derivation(path: Path) -> float:
    """What signing in costs before anything is read: the slot's Argon2id."""
    from painclinic_desktop.services.accounts import data_key_for

    started = time.perf_counter()
    data_key_for(path, ADMIN, PASSWORD)
    return time.perf_counter() - started


# The first return of a session, in a fresh process signed in as the admin. "warmed": the
# report modules are loaded first, on a thread, as the window does once the caseload is
# shown (the person opens the return's dialog after that: the loading time is reported);
# "cold": nothing loaded ahead. Then a second return in the same process.
FIRST_RETURN = """
import json, sys, tempfile, threading, time
from pathlib import Path
from painclinic_desktop.services.accounts import sign_in
from painclinic_desktop.services.returns import write_monthly_return_for
db, who, password, mode = sys.argv[1:5]
store = sign_in(Path(db), who, password)
warm_up = None
if mode == "warmed":
    from painclinic_desktop.services.returns import load_report_modules
    started = time.perf_counter()
    loading = threading.Thread(target=load_report_modules, daemon=True)
    loading.start()
    loading.join()
    warm_up = time.perf_counter() - started
times = {"warm_up": warm_up}
with tempfile.TemporaryDirectory() as tmp:
    for which in ("first", "second"):
        started, cpu = time.perf_counter(), time.process_time()
        write_monthly_return_for(store, "2026-10", Path(tmp) / f"{which}.xlsx", who)
        times[which] = time.perf_counter() - started
        times[which + "_cpu"] = time.process_time() - cpu  # every thread's: less load-bound
store.close()
print(json.dumps(times))
"""


def first_returns(path: Path, repeats: int) -> dict:
    """The first return of a session warmed and cold, each in a fresh process, interleaved
    run by run with the bare window (the floor); the order swapped every run."""
    runs: dict[str, list[dict]] = {"warmed": [], "cold": []}
    bare, load = [], []
    for i in range(repeats):
        load.append(os.getloadavg()[0])
        bare.append(run_script(BARE_WINDOW)["s"])
        for mode in ("warmed", "cold") if i % 2 == 0 else ("cold", "warmed"):
            runs[mode].append(run_script(FIRST_RETURN, str(path), ADMIN, PASSWORD, mode))
    return {
        "load_average": [min(load), max(load)],
        "bare_window": summary(bare),
        "first_as_the_app_meets_it": summary([r["first"] for r in runs["warmed"]]),
        "warm_up_after_the_caseload_is_shown": summary([r["warm_up"] for r in runs["warmed"]]),
        "first_cold": summary([r["first"] for r in runs["cold"]]),
        "later": summary([r["second"] for mode in runs.values() for r in mode]),
        # CPU time of all the process's threads: what the machine's load inflates least
        "cpu_first_as_the_app_meets_it": summary([r["first_cpu"] for r in runs["warmed"]]),
        "cpu_first_cold": summary([r["first_cpu"] for r in runs["cold"]]),
        "cpu_later": summary([r["second_cpu"] for mode in runs.values() for r in mode]),
    }


def monthly_return(path: Path, repeats: int) -> dict:
    from painclinic_desktop.services.accounts import sign_in
    from painclinic_desktop.services.returns import write_monthly_return_for

    store = sign_in(path, ADMIN, PASSWORD)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            started = time.perf_counter()
            write_monthly_return_for(store, "2026-10", Path(tmp) / "return.xlsx", ADMIN)
            runs.append(time.perf_counter() - started)
    store.close()
    return summary(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--only-return", action="store_true", help="only the first and later monthly returns"
    )
    args = parser.parse_args()
    os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"] = ADMIN, PASSWORD
    path = service_db(args.clients)
    prepare(path)
    out = HERE / "results" / "whole-service.json"
    out.parent.mkdir(exist_ok=True)
    if args.only_return:
        result = {"clients": args.clients, "encrypted": True}
        result["monthly_return"] = first_returns(path, args.repeats)
        out = out.with_name("whole-service-return.json")
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=1))
        return 0
    bare, smoke, keys, load = [], [], [], []
    for _ in range(args.repeats):  # interleaved, so both see the same machine
        load.append(os.getloadavg()[0])
        bare.append(run_script(BARE_WINDOW)["s"])
        smoke.append(run_script(SMOKE, str(path)))
        keys.append(key_derivation(path))
    first = summary([r["first_screen"] for r in smoke])
    floor = statistics.median(bare)
    key = statistics.median(keys)
    result = {
        "clients": args.clients,
        "encrypted": True,
        "load_average": [min(load), max(load)],  # the machine's 1-minute load (2 cores)
        "first_screen": first,
        "bare_window": summary(bare),
        "ratio": first["median"] / floor,
        "key_derivation": summary(keys),
        "ratio_after_key_derivation": (first["median"] - key) / floor,
        "whole_caseload": summary([r["whole"] for r in smoke]),
        "gui_peak_memory_mb": max(r["peak_mb"] for r in smoke),
        "monthly_return_in_one_process": monthly_return(path, args.repeats),
        "monthly_return": first_returns(path, args.repeats),
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
