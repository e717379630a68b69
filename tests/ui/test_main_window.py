"""The main window as a coach uses it: the caseload appears, typing narrows it, Enter opens."""

import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import (
    client,
    contact,
    flag,
    grace,
    imran,
    new_database,
    new_store,
    referral,
    uid,
)


@pytest.fixture
def window(qtbot, show_main_window, tmp_path):
    store = new_store(
        tmp_path / "c.db",
        clients=[client("ayesha"), grace(nhs_number="9876543210", ethnicity="N"), imran()],
        referrals=[referral("r1", "ayesha"), referral("r2", "grace"), referral("r3", "imran")],
        contacts=[contact("c1", "ayesha")],
        flags=[flag("f", "grace")],
    )
    win = show_main_window(store)
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.reload()
    yield win
    store.close()


def _visible_names(win):
    return [r.name for r in win.caseload.state.visible]


def test_caseload_is_shown_with_nhs_numbers_formatted(window):
    model = window.caseload.model
    assert model.rowCount() == 3
    texts = {model.index(r, 1).data() for r in range(3)}
    assert "943 476 5919" in texts and "987 654 3210" in texts


def test_typing_in_the_search_box_narrows_the_table(window, qtbot):
    window.caseload.search.setFocus()
    qtbot.keyClicks(window.caseload.search, "okaf")
    assert _visible_names(window) == ["Grace Okafor"]
    assert window.caseload.model.rowCount() == 1
    assert "1 of 3" in window.caseload.count.text()
    window.caseload.search.clear()
    qtbot.keyClicks(window.caseload.search, "987 654")
    assert _visible_names(window) == ["Grace Okafor"]


def test_enter_in_search_opens_the_record_with_its_risk_flag(window, qtbot):
    qtbot.keyClicks(window.caseload.search, "grace")
    qtbot.keyClick(window.caseload.search, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.record
    assert window.record.name.text() == "Grace Okafor"
    assert window.record.facts["nhs"].text() == "987 654 3210"
    header_texts = [w.text() for w in window.record.findChildren(type(window.record.name))]
    assert any(t.startswith("RISK") for t in header_texts)
    qtbot.keyClick(window.record.timeline_table, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.caseload


def test_flag_filter_shows_only_flagged_clients(window):
    combo = window.caseload.flag_filter
    combo.setCurrentIndex(combo.findData("risk"))
    assert _visible_names(window) == ["Grace Okafor"]


def test_timeline_lists_the_contact_and_referral(window):
    window.open_client(uid("ayesha"))
    timeline = window.record.timeline
    whats = [timeline.index(r, 1).data() for r in range(timeline.rowCount())]
    assert "Home visit" in whats and "Referral received" in whats


def test_sorting_by_a_header_click(window, qtbot):
    window.caseload.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _visible_names(window)[0] == "Grace Okafor"
    window.caseload.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _visible_names(window)[0] == "Imran Hussain"


def test_an_empty_search_says_what_to_do_instead_of_showing_a_blank_table(window, qtbot):
    qtbot.keyClicks(window.caseload.search, "nobody by this name")
    assert window.caseload.hint.isVisible()
    assert "Clear the search" in window.caseload.hint.text()
    window.caseload.search.clear()
    assert not window.caseload.hint.isVisible()


def test_a_new_database_explains_how_to_add_the_first_client(qtbot, tmp_path):
    store = open_store(tmp_path / "new.db", create=True)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.reload()
    assert "no clients in this database yet" in win.caseload.hint.text()
    assert win.caseload.hint.isVisible()
    store.close()


def test_start_shows_a_first_screen_at_once_then_the_whole_caseload(qtbot, tmp_path):
    from datetime import date

    from painclinic_desktop.core.demo import generate_bundle

    store = open_store(tmp_path / "big.db", create=True)
    import_bundle(store, generate_bundle(700, seed=5, today=date(2026, 11, 1)))
    win = MainWindow(store)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.caseload_shown, timeout=20_000):
        win.start()
        # Before any event is processed the first screen is already in the table.
        first = list(win.caseload.state.visible)
        assert len(first) == 40 and all(r.status == "open" for r in first)
        assert "Loading the rest" in win.caseload.count.text()
        win.show()
        win.caseload.table.selectRow(5)
    whole = win.caseload.state.visible
    assert len(whole) > 40 and whole[:40] == first
    assert win.caseload.selected_client() == first[5].client_id  # the choice survives
    assert "of 700 clients shown" in win.caseload.count.text()
    store.close()


def test_a_change_on_a_record_updates_its_caseload_row(window, qtbot):
    from painclinic_desktop.services.flags import raise_flag

    window.open_client(uid("ayesha"))
    raise_flag(window.store, uid("ayesha"), "safeguarding", "Concern raised at visit", "Coach One")
    window.reload_record()
    row = next(r for r in window.caseload.state.rows if r.client_id == uid("ayesha"))
    assert row.flags == ("safeguarding",)
    assert window.record.record.row.flags == ("safeguarding",)


def test_the_damage_check_waits_for_the_whole_caseload_then_still_stops_a_damaged_file(
    qtbot, tmp_path, monkeypatch
):
    """On a large encrypted file the check would take a core from the caseload's load: the
    app holds it until the whole caseload is shown; a damaged file is still reported."""
    from painclinic_desktop.services.integrity import hold_opening_check
    from painclinic_desktop.store import opening_check
    from painclinic_desktop.ui import application

    path = new_database(
        tmp_path / "c.db", clients=[client("ayesha")], referrals=[referral("r1", "ayesha")]
    )
    shown, began_while_loading = [], []

    def damaged(conn, full=False):
        began_while_loading.append(not shown)
        return ["page 7"]

    monkeypatch.setattr(opening_check, "quick_check", damaged)
    hold_opening_check(path)
    store = open_store(path, check_beside=True)
    win = MainWindow(store)
    qtbot.addWidget(win)
    errors = []
    monkeypatch.setattr(application, "show_error", lambda _parent, exc: errors.append(exc))
    win.caseload_shown.connect(shown.append)  # before the app's own slot
    application._watch_opening_check(win, store, None)
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.start()
        win.show()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert began_while_loading == [False]  # began only once the caseload was shown
    assert "damaged" in str(errors[0]).lower()
    assert win.property("damaged") is True
    store.close()


def test_waiting_for_the_damage_check_holds_none_of_the_background_workers(
    qtbot, tmp_path, monkeypatch
):
    """While the check waits for the caseload (up to 20 s on a large file) every worker of the
    background-work pool is free for a person's own work: all of them can run at once."""
    import threading

    from painclinic_desktop.services.integrity import hold_opening_check
    from painclinic_desktop.ui import application, ops

    path = new_database(tmp_path / "c.db", clients=[client("ayesha")])
    hold_opening_check(path)
    store = open_store(path, check_beside=True)
    win = MainWindow(store)
    qtbot.addWidget(win)
    application._watch_opening_check(win, store, None)  # held: the caseload is not shown
    workers = ops._workers._max_workers
    together = threading.Barrier(workers, timeout=5)
    done, failed = [], []
    for _ in range(workers):
        ops.run_op(win, lambda _p: together.wait(), done.append, on_error=failed.append)
    qtbot.waitUntil(lambda: len(done) + len(failed) == workers, timeout=15_000)
    assert not failed, failed
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.start()
    store.close()
