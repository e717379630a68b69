"""The report modules loaded ahead (``REPORT_MODULES``, loaded by the window once the caseload
is shown) are all that a monthly return and an evaluation workbook load, and loading them
while a return is being made changes nothing in it. Each run is a fresh process: nothing
loaded yet, as when the app starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from painclinic_desktop.services.demo import load_demo
from painclinic_desktop.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]

WHAT_IS_LOADED = """
import json, sys, tempfile
from datetime import date
from pathlib import Path
from painclinic_desktop.services.demo import practise_as_demo_staff
from painclinic_desktop.services.returns import (
    load_report_modules, write_evaluation_for, write_monthly_return_for)
from painclinic_desktop.store.database import open_store
store = open_store(sys.argv[1])
practise_as_demo_staff(store)
load_report_modules()
before = set(sys.modules)
with tempfile.TemporaryDirectory() as tmp:
    write_monthly_return_for(store, "2026-10", Path(tmp) / "r.xlsx", "Coach",
                             pcn="Craven", suppress_small=True)
    write_evaluation_for(store, date(2025, 12, 1), date(2026, 11, 30), Path(tmp) / "e.xlsx", "C")
store.close()
print(json.dumps(sorted(set(sys.modules) - before)))
"""

RACE = """
import json, sys, threading, time
from pathlib import Path
from painclinic_desktop.services.demo import practise_as_demo_staff
from painclinic_desktop.services.returns import load_report_modules, write_monthly_return_for
from painclinic_desktop.store.database import open_store
store = open_store(sys.argv[1])
practise_as_demo_staff(store)
warm_up = threading.Thread(target=load_report_modules, daemon=True)
warm_up.start()
time.sleep(float(sys.argv[3]))
loading = warm_up.is_alive()
write_monthly_return_for(store, "2026-10", Path(sys.argv[2]), "Coach")
warm_up.join()
store.close()
print(json.dumps({"still_loading_when_the_return_began": loading}))
"""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("modules") / "demo.db"
    store = open_store(path, create=True)
    load_demo(store, clients=120, seed=3)
    store.close()
    return path


def _run(code: str, *args: object) -> object:
    run = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_return_and_an_evaluation_load_nothing_heavy_beyond_the_modules_loaded_ahead(demo_db):
    new = _run(WHAT_IS_LOADED, demo_db)
    heavy = [m for m in new if m.split(".")[0] in {"painclinic_desktop", "scipy", "openpyxl"}]
    heavy += [m for m in new if m.split(".")[0] == "numpy"]
    assert heavy == []


def _cells(path: Path) -> list:
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        if not (sheet.title == "Notes" and row and row[0] == "generated_at")
    ]


def test_a_return_made_while_the_modules_still_load_is_the_same_return(demo_db, tmp_path):
    reference = tmp_path / "reference.xlsx"
    _run(RACE, demo_db, reference, 5.0)  # the modules loaded long before the return
    raced = []
    for delay in (0.0, 0.05, 0.2):
        path = tmp_path / f"raced-{delay}.xlsx"
        raced.append(_run(RACE, demo_db, path, delay)["still_loading_when_the_return_began"])
        assert _cells(path) == _cells(reference), delay
    assert any(raced)  # at least one return began while the modules were loading
