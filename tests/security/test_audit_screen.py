"""The admin's audit trail screen: filtered by user, client and date; others are refused."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt

from painclinic_desktop.core.errors import Cancelled, InvalidInput
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import audit as audit_service
from painclinic_desktop.services import bundles
from painclinic_desktop.services.access import open_client_record
from painclinic_desktop.store import audit as audit_store
from painclinic_desktop.ui.ops import wait_until_idle
from painclinic_desktop.ui.screens.audit.state import AuditFilters, load_rows
from painclinic_desktop.ui.screens.audit.view import AuditTrailDialog
from tests.factories import bundle, client, uid

from .conftest import NAMES


@pytest.fixture
def trail(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store, bundle(clients=[client("ayesha"), client("bilal", nhs_number=None)])
    )
    open_client_record(store, uid("ayesha"))
    open_client_record(store, uid("bilal"))
    store.close()
    return service


def test_filters_by_who_by_client_from_an_nhs_number_and_by_date(trail):
    store = trail.sign_in()
    coach = load_rows(store, AuditFilters(actor=NAMES["coach"]))
    assert [r["action"] for r in coach] == ["view_record", "view_record", "import", "sign_in"]
    by_number = load_rows(store, AuditFilters(client="943 476 5919"))
    assert [(r["action"], r["client_id"]) for r in by_number] == [("view_record", uid("ayesha"))]
    assert load_rows(store, AuditFilters(until="2000-12-31")) == []
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        load_rows(store, AuditFilters(since="last week"))
    store.close()


def test_only_the_admin_can_read_the_trail(trail):
    store = trail.sign_in("clinician")
    with pytest.raises(PermissionDenied):
        load_rows(store, AuditFilters())
    store.close()


def test_the_screen_shows_the_rows_in_plain_words_and_checks_the_chain(trail, qtbot):
    store = trail.sign_in()
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    dialog.actor.setCurrentIndex(dialog.actor.findData(NAMES["coach"]))
    dialog.refresh()
    model = dialog.model
    assert model.rowCount() == 4
    assert model.index(0, 2).data() == "Opened a record"
    assert "4 entries" in dialog.status.text()
    dialog.verify()
    qtbot.waitUntil(lambda: "intact" in dialog.status.text(), timeout=10_000)
    assert "signature vouches for entries 1 to" in dialog.status.text()
    store.close()


@pytest.fixture
def held_check(monkeypatch):
    """Checking the trail, held until released, noting which thread hashed the rows."""
    real, threads, release = audit_service.verify, [], threading.Event()

    def verify(store, progress):
        threads.append(threading.current_thread())
        release.wait(10)
        return real(store, progress)

    monkeypatch.setattr(audit_service, "verify", verify)
    yield threads, release
    release.set()


def test_checking_the_trail_runs_off_the_gui_thread_with_the_button_held(trail, qtbot, held_check):
    threads, release = held_check
    store = trail.sign_in()
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    assert not dialog.check.isEnabled()  # pressing again cannot start a second check
    assert "Checking every entry" in dialog.status.text()
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=10_000)
    assert threads[0] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: "intact" in dialog.status.text(), timeout=10_000)
    assert dialog.check.isEnabled()
    store.close()


def test_closing_the_screen_while_the_trail_is_checked_loses_nothing(trail, qtbot, held_check):
    threads, release = held_check
    store = trail.sign_in()
    dialog = AuditTrailDialog(store)
    dialog.verify()
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=10_000)
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
    release.set()
    assert wait_until_idle(10)
    qtbot.wait(50)  # the result is delivered (and dropped) without touching the dialog
    store.close()


class _Watching:
    """A progress as the desktop's: notes each report; Cancel pressed after ``stop_at``."""

    def __init__(self, stop_at: int | None = None):
        self.reports: list[tuple[int, int]] = []
        self.stop_at = stop_at

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total))
        if self.stop_at is not None and len(self.reports) > self.stop_at:
            raise Cancelled()

    def check(self) -> None:
        pass


def test_checking_the_trail_says_how_far_it_has_got_and_can_be_stopped(trail, monkeypatch):
    store = trail.sign_in()
    rows = audit_store.count(store)
    monkeypatch.setattr(audit_store, "REPORT_EVERY", 2)
    watching = _Watching()
    assert audit_service.verify(store, watching) == []
    assert watching.reports == [(done, rows) for done in range(0, rows, 2)]
    with pytest.raises(Cancelled):
        audit_service.verify(store, _Watching(stop_at=1))
    store.close()


def test_a_stopped_check_gives_the_button_back_and_says_it_was_stopped(trail, qtbot, monkeypatch):
    def stopped(store, progress):
        assert threading.current_thread() is not threading.main_thread()
        progress.report(0, 10)
        progress.cancel()  # as the progress dialog's Cancel does
        progress.report(1, 10)

    monkeypatch.setattr(audit_service, "verify", stopped)
    store = trail.sign_in()
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stopped before the end" in dialog.status.text(), timeout=10_000)
    assert dialog.check.isEnabled()
    store.close()


def test_the_screen_tells_a_non_admin_it_is_not_theirs(trail, qtbot):
    store = trail.sign_in("coach")
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    assert "not allowed to read the audit trail" in dialog.status.text()
    assert dialog.model.rowCount() == 0
    store.close()
