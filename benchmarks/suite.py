"""The benchmark suite: caseload-scale timings against the targets in docs/PERFORMANCE.md.

Each benchmark runs several times and reports the median and the spread (min–max); where a
natural baseline exists, its ratio is measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
TODAY = date(2026, 11, 1)
PYTHON = sys.executable


def timed(fn: Callable[[], object], repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return summary(runs)


def summary(runs: list[float]) -> dict:
    return {
        "median": statistics.median(runs),
        "min": min(runs),
        "max": max(runs),
        "runs": len(runs),
    }


def caseload_db(clients: int) -> Path:
    """A demo caseload of ``clients`` (generated once, then cached)."""
    from painclinic_desktop.services.demo import load_demo
    from painclinic_desktop.store.database import open_store

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"caseload-{clients}.db"
    if not path.exists():
        started = time.perf_counter()
        store = open_store(path.with_suffix(".tmp"), create=True)
        load_demo(store, clients=clients, seed=7, today=TODAY)
        store.close()
        path.with_suffix(".tmp").rename(path)
        print(
            f"  generated and imported {clients:,} clients in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
    return path


def counts(path: Path) -> dict:
    import sqlite3

    conn = sqlite3.connect(path)
    found = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("clients", "contacts", "assessments", "goals")
    }
    conn.close()
    return found


def compile_app(package: Path | None = None) -> None:
    """Bytecode for the app's own modules, as an installed app has (the installer bundles
    it; pip writes it): with PYTHONDONTWRITEBYTECODE set, as on some build machines, every
    start measured would otherwise compile the app's source again (about 0.1–0.2 s)."""
    import compileall

    import painclinic_desktop

    folder = package or Path(painclinic_desktop.__file__).parent
    compileall.compile_dir(str(folder), quiet=1)


def run_script(code: str, *args: str, env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run a measuring script in a fresh process (cold caches, honest memory) and read its
    JSON answer from the last line of its output. ``cwd``: the folder whose
    ``painclinic_desktop`` the script and ``python -m`` find first."""
    result = subprocess.run(
        [PYTHON, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        cwd=cwd,
    )
    if result.returncode:
        raise RuntimeError(f"benchmark script failed: {result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# The floor: the same interpreter start, PySide6 import and window shown, measured the way
# the app measures itself (from the first line of the program to the window painted).
BARE_WINDOW = """
import json, time; t = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([]); w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print(json.dumps({"s": time.perf_counter() - t})), app.quit()))
app.exec()
"""

SMOKE = """
import json, re, resource, subprocess, sys, time
t = time.perf_counter()
out = subprocess.run([sys.executable, "-m", "painclinic_desktop", "--smoke-test", "--db",
                      sys.argv[1]], capture_output=True, text=True)
wall = time.perf_counter() - t
if out.returncode:
    sys.exit(f"smoke test exited {out.returncode}: {out.stderr[-2000:]}")
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
first, whole = (int(n) / 1000 for n in re.findall(r"shown (\\d+) ms", out.stdout))
print(json.dumps({"first_screen": first, "whole": whole, "wall": wall, "peak_mb": rss}))
"""

SEARCH = """
import json, sys, time
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from painclinic_desktop.store.database import open_store
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.ui.screens.caseload.view import CaseloadView
app = QApplication([])
store = open_store(sys.argv[1])
view = CaseloadView(); view.resize(1280, 800); view.show()
view.show_rows(load_caseload(store)); view.status_filter.setCurrentIndex(0)
app.processEvents()
times = []
for word in ("khan", "ali", "9991", "smith", "ahmed"):
    view.search.clear(); app.processEvents()
    for ch in word:
        t = time.perf_counter()
        QTest.keyClick(view.search, ch)
        view.table.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - t)
print(json.dumps({"times": times}), flush=True)
import os; os._exit(0)  # measuring only: skip interpreter teardown
"""

RECORD = """
import json, sys, time
from PySide6.QtWidgets import QApplication
from painclinic_desktop.store.database import open_store
from painclinic_desktop.services.caseload import load_client_record
from painclinic_desktop.ui.main_window import MainWindow
app = QApplication([])
store = open_store(sys.argv[1])
client_id = store.conn.execute(
    "SELECT client_id FROM contacts GROUP BY client_id ORDER BY count(*) DESC LIMIT 1"
).fetchone()[0]
n = store.conn.execute("SELECT count(*) FROM contacts WHERE client_id = ?",
                       (client_id,)).fetchone()[0]
window = MainWindow(store); window.resize(1280, 800); window.show(); app.processEvents()
times = []
for _ in range(7):
    t = time.perf_counter()
    window.open_client(client_id)
    window.record.repaint(); app.processEvents()
    times.append(time.perf_counter() - t)
    window.show_caseload(); app.processEvents()
print(json.dumps({"times": times, "contacts": n}), flush=True)
import os; os._exit(0)  # measuring only: skip interpreter teardown
"""


def long_standing_client(path: Path, contacts: int = 200) -> None:
    """Give the busiest client ``contacts`` contacts (the demo's busiest has about 60): copies
    of their own contacts, a fortnight apart going back in time. Idempotent (stable ids)."""
    import uuid

    from painclinic_desktop.core.bundle import new_bundle
    from painclinic_desktop.services.bundles import import_bundle
    from painclinic_desktop.store import records
    from painclinic_desktop.store.database import open_store

    store = open_store(path)
    client_id = store.conn.execute(
        "SELECT client_id FROM contacts GROUP BY client_id ORDER BY count(*) DESC, client_id "
        "LIMIT 1"
    ).fetchone()[0]
    own = list(records.select(store, "contacts", "client_id = ? ORDER BY starts_at", (client_id,)))
    extra = []
    for n in range(contacts - len(own)):
        copy = dict(own[n % len(own)])
        earlier = date.fromisoformat(own[0]["starts_at"][:10]).toordinal() - 14 * (n + 1)
        copy["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-contact-{client_id}-{n}"))
        copy["starts_at"] = date.fromordinal(earlier).isoformat() + copy["starts_at"][10:]
        extra.append(copy)
    if extra:
        doc = new_bundle("2026-11-01T09:00:00+00:00")
        doc["contacts"] = extra
        import_bundle(store, doc)
    store.close()


def bench_size(clients: int, repeats: int) -> dict:
    from painclinic_desktop.services.client_reports import write_gp_summary_for
    from painclinic_desktop.services.returns import write_monthly_return_for
    from painclinic_desktop.store.database import open_store

    path = caseload_db(clients)
    out: dict = {"counts": counts(path)}
    bare, smoke_runs = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine
        bare.append(run_script(BARE_WINDOW)["s"])
        smoke_runs.append(run_script(SMOKE, str(path)))
    first = summary([r["first_screen"] for r in smoke_runs])
    out["cold_start"] = {
        **first,
        "bare_window": summary(bare),
        "ratio": first["median"] / statistics.median(bare),
        "whole_caseload": summary([r["whole"] for r in smoke_runs]),
        "process_wall": summary([r["wall"] for r in smoke_runs]),
    }
    out["gui_peak_memory_mb"] = max(r["peak_mb"] for r in smoke_runs)
    search = run_script(SEARCH, str(path))["times"]
    out["search_keystroke"] = summary(search) | {"p95": sorted(search)[int(len(search) * 0.95)]}
    long_standing_client(path)
    record = run_script(RECORD, str(path))
    out["open_record"] = summary(record["times"]) | {"contacts": record["contacts"]}

    store = open_store(path)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "return.xlsx"
        ret = timed(lambda: write_monthly_return_for(store, "2026-10", target, "bench"), repeats)
        cells = _cells(target)
        plain = timed(lambda: _write_plain(cells, Path(tmp) / "plain.xlsx"), repeats)
        out["monthly_return"] = ret | {
            "openpyxl_only": plain,
            "ratio": ret["median"] / plain["median"],
        }
        ids = [r[0] for r in store.conn.execute("SELECT client_id FROM igro_stars LIMIT 25")]
        gp = timed(
            lambda: [write_gp_summary_for(store, i, Path(tmp) / "gp.pdf", "bench") for i in ids], 1
        )
        out["gp_summary_each"] = {
            k: (v / len(ids) if isinstance(v, float) else v) for k, v in gp.items()
        }
    store.close()
    return out


def _cells(path: Path) -> dict:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _write_plain(cells: dict, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in cells.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def bench_bundles(clients: int, repeats: int) -> dict:
    from painclinic_desktop.core.demo import generate_bundle
    from painclinic_desktop.services.bundles import export_bundle, import_bundle
    from painclinic_desktop.store.database import open_store

    doc = generate_bundle(clients, seed=11, today=TODAY)
    results = {"records": sum(len(v) for v in doc.values() if isinstance(v, list))}
    imports, exports = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            store = open_store(Path(tmp) / f"b{i}.db", create=True)
            start = time.perf_counter()
            import_bundle(store, doc)
            imports.append(time.perf_counter() - start)
            start = time.perf_counter()
            export_bundle(store)
            exports.append(time.perf_counter() - start)
            store.close()
    results["import"] = summary(imports)
    results["export"] = summary(exports)
    return results


def gp_batch(clients: int) -> dict:
    from painclinic_desktop.services.client_reports import write_gp_summary_for
    from painclinic_desktop.store.database import open_store

    store = open_store(caseload_db(clients))
    ids = [r[0] for r in store.conn.execute("SELECT id FROM clients LIMIT 500")]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for client_id in ids:
            write_gp_summary_for(store, client_id, Path(tmp) / f"{client_id}.pdf", "bench")
        elapsed = time.perf_counter() - start
    store.close()
    return {"clients": len(ids), "seconds": elapsed, "each": elapsed / len(ids)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--bundle-clients", type=int, default=10000)
    args = parser.parse_args()
    os.environ.setdefault("PAINCLINIC_DATA_DIR", tempfile.mkdtemp(prefix="pc-bench-"))
    compile_app()
    report: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "sizes": {},
    }
    for size in args.sizes:
        print(f"caseload of {size:,} clients…", flush=True)
        report["sizes"][str(size)] = bench_size(size, args.repeats)
        print(json.dumps(report["sizes"][str(size)], indent=1), flush=True)
    print(f"bundle import/export of {args.bundle_clients:,} clients…", flush=True)
    report["bundles"] = bench_bundles(args.bundle_clients, max(1, args.repeats // 2))
    print(f"batch of 500 GP summaries at {max(args.sizes):,} clients…", flush=True)
    report["gp_batch"] = gp_batch(max(args.sizes))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"bundles": report["bundles"], "gp_batch": report["gp_batch"]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
