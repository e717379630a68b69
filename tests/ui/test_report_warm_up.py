"""The first monthly return or evaluation of a session does not wait for its modules: the
window loads them in the background once the caseload is shown, without holding up the
first screen, the caseload or the window."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

from painclinic_desktop.services import session
from painclinic_desktop.services.demo import load_demo
from painclinic_desktop.services.returns import REPORT_MODULES
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui import report_warm_up
from tests.factories import in_a_process


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warm") / "demo.db"
    store = open_store(path, create=True)
    load_demo(store, clients=40)
    store.close()
    return path


def test_a_fresh_window_loads_the_report_modules_after_the_caseload_and_stays_responsive(demo_db):
    run = in_a_process("-m", "tests.ui.report_warm_up_probe", demo_db)
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    heavy = {"openpyxl", "scipy.special"}
    # Nothing of it is loaded before the whole caseload is shown: the first screen and the
    # caseload's load do not share the machine with it.
    assert heavy.isdisjoint(seen["at_start"] + seen["at_first_screen"])
    assert heavy.isdisjoint(seen["at_caseload_shown"])
    # Then everything is loaded without anyone asking for a report.
    assert seen["after"] == list(REPORT_MODULES), seen
    # The window kept answering meanwhile: its event loop ran throughout the loading (had
    # it loaded them itself, one pause would have lasted the whole loading).
    assert seen["ticks_while_loading"] >= 5, seen
    assert seen["longest_pause_s"] < min(0.5, seen["loading_s"] / 2), seen


@pytest.fixture
def fresh_warm_up(monkeypatch):
    """The warm-up as at the start of a session (this test process may have run it)."""
    monkeypatch.setattr(report_warm_up, "loaded", threading.Event())
    monkeypatch.setattr(report_warm_up, "_started", threading.Lock())
    return report_warm_up


def _caseload_shown_as(name: str, role: str, store, show_main_window, qtbot) -> None:
    session.sign_in_as(name, role)
    window = show_main_window(store)
    assert not report_warm_up._started.locked()  # not before the caseload is shown
    with qtbot.waitSignal(window.caseload_shown, timeout=20_000):
        window.reload()


def test_the_window_starts_the_warm_up_once_the_caseload_is_shown(
    qtbot, show_main_window, demo_db, fresh_warm_up
):
    store = open_store(demo_db)
    try:
        _caseload_shown_as("Admin One", "admin", store, show_main_window, qtbot)
        qtbot.waitUntil(fresh_warm_up.loaded.is_set, timeout=20_000)
        assert all(name in sys.modules for name in REPORT_MODULES)
    finally:
        session.sign_out()
        store.close()


def test_a_coach_who_makes_no_returns_is_spared_the_warm_up(
    qtbot, show_main_window, demo_db, fresh_warm_up
):
    store = open_store(demo_db)
    try:
        _caseload_shown_as("Coach One", "coach", store, show_main_window, qtbot)
        qtbot.wait(200)
        assert not fresh_warm_up._started.locked() and not fresh_warm_up.loaded.is_set()
    finally:
        session.sign_out()
        store.close()
