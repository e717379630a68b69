"""The admin's whole-service laptop: an ENCRYPTED service database holding every client of
the service (issue 14). In one run, interleaved run by run with its floor (a bare Qt window):
cold start to the first screen of the caseload (signed in from the environment, with the
production Argon2id cost), the same start with the cheapest Argon2id slot (the first screen
without the key derivation), the sign-in screen itself (what a person sees before typing a
password), the whole caseload, and the monthly return: the first of a session as the person
meets it in the app (the report modules loaded in the background once the caseload was
shown, as the window does), the first of a session cold (nothing loaded ahead: what the
command line and a report asked for at once meet), and a later one.

    .venv/bin/python -m benchmarks.whole_service --clients 50000 --repeats 5
    .venv/bin/python -m benchmarks.whole_service --only-return --repeats 3  # the return alone
    .venv/bin/python -m benchmarks.whole_service --before /tmp/old   # also an older checkout

The database is made once (generated caseload imported into a new service database by its
admin) and kept in benchmarks/.cache, with a copy whose admin slot has the cheapest Argon2id
cost. ``--before DIR`` (a folder holding an older ``painclinic_desktop``) times that code's
starts too, alternating run by run. Results go to benchmarks/results/whole-service.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from .suite import BARE_WINDOW, CACHE, HERE, SMOKE, TODAY, compile_app, run_script, summary

ADMIN, PASSWORD = "Bench Admin", "bench admin passphrase"

# The app started on a service database as a person starts it, timed from the first line to
# the sign-in screen's first paint; the screen is then closed with Quit.
SIGN_IN_SCREEN = """
import importlib.abc, importlib.util, json, sys, time
t = time.perf_counter()
class Painted(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "painclinic_desktop.ui.sign_in":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name); run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            made = module.SignInDialog.__init__
            def init(dialog, *a, **k):
                made(dialog, *a, **k)
                from PySide6.QtCore import QEvent, QObject, QTimer
                class Watch(QObject):
                    def eventFilter(self, o, e):
                        if e.type() == QEvent.Type.Paint and not hasattr(self, "s"):
                            self.s = time.perf_counter() - t
                            print(json.dumps({"s": self.s}), flush=True)
                            QTimer.singleShot(0, dialog.reject)
                        return False
                dialog._watch = Watch(dialog); dialog.installEventFilter(dialog._watch)
            module.SignInDialog.__init__ = init
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Painted())
from painclinic_desktop.app import main
main(["--db", sys.argv[1]])
"""


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


def cheapest_slot_copy(path: Path) -> Path:
    """A copy of the database whose admin slot has the cheapest Argon2id cost (made once):
    the same start with the key derivation taken out of it."""
    import shutil

    from painclinic_desktop.services import session, users
    from painclinic_desktop.services.accounts import sign_in
    from painclinic_desktop.store.connection import keys_path

    cheap = path.with_name(f"{path.stem}-cheapest-slot.db")
    if cheap.exists() and keys_path(cheap).exists():
        return cheap
    folder = Path(tempfile.mkdtemp(dir=CACHE))
    made = folder / cheap.name
    shutil.copyfile(path, made)
    shutil.copyfile(keys_path(path), keys_path(made))
    store = sign_in(made, ADMIN, PASSWORD)
    cost = {"PAINCLINIC_ARGON2_TIME_COST": "1", "PAINCLINIC_ARGON2_MEMORY_KIB": "8"}
    saved = {name: os.environ.get(name) for name in cost}
    os.environ.update(cost)
    try:
        users.change_own_password(store, PASSWORD, PASSWORD)  # the slot made anew, cheaply
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    store.close()
    session.sign_out()
    made.rename(cheap)
    keys_path(made).rename(keys_path(cheap))
    shutil.rmtree(folder, ignore_errors=True)
    return cheap


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


def starts(path: Path, cheap: Path, code: Path | None = None) -> dict:
    """One of each start, in a fresh process each, of the app in ``code`` (a folder holding
    ``painclinic_desktop``; this checkout's when None)."""
    where = {"cwd": code, "env": {"PYTHONPATH": str(code)}} if code else {}
    signed_in = run_script(SMOKE, str(path.resolve()), **where)
    return {
        "first_screen": signed_in["first_screen"],
        "whole": signed_in["whole"],
        "peak_mb": signed_in["peak_mb"],
        "first_screen_cheapest_slot": run_script(SMOKE, str(cheap.resolve()), **where)[
            "first_screen"
        ],
        "sign_in_screen": run_script(SIGN_IN_SCREEN, str(path.resolve()), **where)["s"],
    }


def start_figures(runs: list[dict], floor: float, key: float) -> dict:
    first = summary([r["first_screen"] for r in runs])
    cheap = summary([r["first_screen_cheapest_slot"] for r in runs])
    screen = summary([r["sign_in_screen"] for r in runs])
    return {
        "first_screen": first,
        "ratio": first["median"] / floor,
        "first_screen_less_key_derivation": first["median"] - key,
        "first_screen_cheapest_slot": cheap,
        "ratio_cheapest_slot": cheap["median"] / floor,
        "sign_in_screen": screen,
        "ratio_sign_in_screen": screen["median"] / floor,
        "whole_caseload": summary([r["whole"] for r in runs]),
        "gui_peak_memory_mb": max(r["peak_mb"] for r in runs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--only-return", action="store_true", help="only the first and later monthly returns"
    )
    parser.add_argument("--before", type=Path, help="a folder holding an older painclinic_desktop")
    parser.add_argument("--no-return", action="store_true", help="skip the monthly return")
    args = parser.parse_args()
    os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"] = ADMIN, PASSWORD
    compile_app()
    if args.before:
        compile_app(args.before / "painclinic_desktop")
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
    cheap = cheapest_slot_copy(path)
    prepare(cheap)
    older = args.before.resolve() if args.before else None
    bare, after, before, keys, load = [], [], [], [], []
    for n in range(args.repeats):  # interleaved, so each sees the same machine
        load.append(os.getloadavg()[0])
        bare.append(run_script(BARE_WINDOW)["s"])
        if older and n % 2:
            before.append(starts(path, cheap, older))
        after.append(starts(path, cheap))
        if older and not n % 2:
            before.append(starts(path, cheap, older))
        keys.append(key_derivation(path))
    floor = statistics.median(bare)
    key = statistics.median(keys)
    result = {
        "clients": args.clients,
        "encrypted": True,
        "load_average": [min(load), max(load)],  # the machine's 1-minute load (2 cores)
        "bare_window": summary(bare),
        "key_derivation": summary(keys),
        **start_figures(after, floor, key),
    }
    if before:
        result["before"] = start_figures(before, floor, key)
    if not args.no_return:
        result["monthly_return_in_one_process"] = monthly_return(path, args.repeats)
        result["monthly_return"] = first_returns(path, args.repeats)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
