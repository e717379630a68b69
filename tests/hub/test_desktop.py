"""The team hub in the desktop, against the real hub of this test session: joining from the
first-run guide, two laptops (two databases, two windows) clashing and settling it, the
status bar's states each produced for real, and an open record refreshed by a pull without
losing what was being typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard

from painclinic_desktop import cli
from painclinic_desktop.services import session, sync_status, writes
from painclinic_desktop.store import records
from painclinic_desktop.ui.first_run import FirstRunGuide
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.screens.hub import page as hub_page
from painclinic_desktop.ui.screens.hub.page import HubDialog
from tests import factories as f

from . import cluster as pg
from .laptops import LOCAL_PASSWORD

AYESHA = f.uid("ayesha")


def _window(qtbot, store, login, role) -> MainWindow:
    session.sign_in_as(login, role)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.start()  # on a joined laptop: a first sync at once, on a worker
    qtbot.waitUntil(lambda: window.hub_sync.running, timeout=5_000)
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)
    return window


def _sync(qtbot, window: MainWindow) -> None:
    """F9, as the person presses it, then wait for the worker to finish."""
    session.sign_in_as(window.person, window.role)
    f9 = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
              if a.shortcut().toString() == "F9")  # fmt: skip
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)
    f9.trigger()
    assert window.hub_sync.running
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)


def _status(window: MainWindow) -> str:
    button = window.hub_sync.button
    assert button.isVisible()
    return button.text()


def _edit(window: MainWindow, collection: str, record_id: str, **fields) -> None:
    """An edit as the screens make it, then the window told a record was saved."""
    session.sign_in_as(window.person, window.role)
    current = records.get(window.store, collection, record_id)
    writes.change(window.store, collection, {**current, **fields}, window.person)
    window.reload_record()


def _join_through_the_guide(qtbot, tmp_path, hub, login, password) -> MainWindow:
    guide = FirstRunGuide(tmp_path / f"{login} data")
    qtbot.addWidget(guide)
    guide.show()
    (join,) = [b for b in guide.service.findChildren(QPushButton) if "Join my" in b.text()]
    qtbot.mouseClick(join, Qt.MouseButton.LeftButton)
    page = guide.join
    assert guide.currentPage() is page
    assert not guide.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.keyClicks(page.address, f"127.0.0.1:{hub.cluster.port}/{hub.name}")
    qtbot.keyClicks(page.ca_file, str(hub.cluster.ca))
    pem = hub.cluster.ca.read_text()
    qtbot.keyClicks(page.fingerprint, sync_status.ca_fingerprint(pem).replace(":", " ").lower())
    qtbot.keyClicks(page.login, login)
    qtbot.keyClicks(page.hub_password, password)
    qtbot.keyClicks(page.password, LOCAL_PASSWORD)
    qtbot.keyClicks(page.again, LOCAL_PASSWORD)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.store is not None or not page.busy, timeout=60_000)
    assert page.store is not None, page.message.text()
    finish = guide.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    outcome = guide.outcome
    assert outcome.store is not None and outcome.path == tmp_path / f"{login} data/painclinic.db"
    window = _window(qtbot, outcome.store, login, "coach")
    window.person, window.role = login, "coach"
    return window


def _second_window(qtbot, laptop) -> MainWindow:
    window = _window(qtbot, laptop.store, laptop.login, laptop.role)
    window.person, window.role = laptop.login, laptop.role
    return window


@pytest.fixture
def hub_page_shown(monkeypatch):
    """The hub page opens without blocking the test: shown, and kept to be looked at."""
    shown = []

    def show(dialog):
        shown.append(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(HubDialog, "exec", show)
    return shown


def test_join_through_the_guide_clash_on_two_laptops_and_settle_it(
    qtbot, team, tmp_path, hub_page_shown, monkeypatch
):
    cal = team("cal")
    cal.add("clients", f.client("ayesha", first_language="English"))
    cal.sync()
    hub = team.hub
    ann_login = f"{hub.name}_ann"
    ann_password = hub.add_user(monkeypatch, ann_login, "coach")
    ann = _join_through_the_guide(qtbot, tmp_path, hub, ann_login, ann_password)
    qtbot.waitUntil(lambda: len(ann.caseload.state.rows) == 1, timeout=10_000)
    assert _status(ann).startswith("Synced ")
    bea = _second_window(qtbot, team("bea"))

    # The same field changed differently on the two laptops, each offline of the other.
    _edit(ann, "clients", AYESHA, first_language="Urdu")
    assert "1 waiting" in _status(ann)
    _edit(bea, "clients", AYESHA, first_language="Punjabi")
    _sync(qtbot, ann)
    _sync(qtbot, bea)
    _sync(qtbot, ann)
    for window in (ann, bea):
        assert _status(window).endswith("· 1 clash"), _status(window)
        qtbot.waitUntil(lambda w=window: not w.caseload.loading, timeout=10_000)
        assert window.caseload.reveal(AYESHA) is not None
        model = window.caseload.model
        assert model.data(model.index(0, 0)) == "Ayesha Khan  ⚠ clash"

    # Bea opens the record: its badge leads to the clash, both values and who shown.
    bea.open_client(AYESHA)
    badge = bea.record.clash_badge
    assert badge.isVisible() and "1 clash" in badge.text()
    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    dialog = hub_page_shown[-1]
    assert dialog.tabs.currentIndex() == hub_page.CLASHES
    table = dialog.clashes
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[:5] == ["Ayesha Khan", "Clients", "first language", "Urdu", "Punjabi"]
    assert ann_login in row[5] and bea.person in row[6]
    table.selectRow(0)
    qtbot.mouseClick(dialog.keep_other, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 0 and dialog.clash_intro.text() == "No open clashes."
    assert not badge.isVisible()
    dialog.close()

    _sync(qtbot, bea)
    _sync(qtbot, ann)
    for window in (ann, bea):
        assert records.get(window.store, "clients", AYESHA)["first_language"] == "Punjabi"
        assert "clash" not in _status(window)
        assert sync_status.clashes(window.store) == []
    # Both values stay in the history: the settled clash, on the hub and on each laptop.
    kept = hub.owner("SELECT live_value, other_value, resolved_by FROM painclinic.conflicts")
    assert kept == [("Urdu", "Punjabi", bea.person)]
    settled = ann.store.conn.execute(
        "SELECT live_value, other_value FROM sync_conflicts WHERE resolved_at IS NOT NULL"
    ).fetchall()
    assert settled == [('"Urdu"', '"Punjabi"')]


def test_status_bar_offline_waiting_and_back(qtbot, team):
    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    window = _second_window(qtbot, ann)
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)
    assert _status(window).startswith("Synced ")
    _edit(window, "clients", AYESHA, first_language="Polish")
    assert _status(window).endswith("· 1 waiting")
    team.hub.cluster.stop()
    try:
        _sync(qtbot, window)
        assert _status(window) == "Offline — 1 change waiting"
        assert window.hub_sync.every.interval() == 10 * 60 * 1000
        runs = sync_status.log(window.store)
        assert runs[-1]["result"] == "offline"
    finally:
        team.hub.cluster.start()
    _sync(qtbot, window)
    assert _status(window).startswith("Synced ") and "waiting" not in _status(window)
    assert window.hub_sync.every.interval() == 3 * 60 * 1000


def test_status_bar_hub_refused_and_the_admin_sees_the_reason(qtbot, team, monkeypatch):
    cal, adm = team("cal"), team("adm", "admin")
    cal.add("clients", f.client("ayesha"))
    cal.sync()
    # Cal becomes a community partner with a contact note not yet sent: a partner writing
    # a clinical record, which the hub refuses and keeps for the admin.
    cal.add("contacts", f.contact("visit", note="Talked about pacing"))
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    url = team.hub.owner_url
    assert cli.main(["hub", "user", "role", cal.login, "community_partner", "--hub", url]) == 0
    monkeypatch.delenv("PGPASSWORD")
    cal.role = "community_partner"
    window = _second_window(qtbot, cal)
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)
    assert _status(window) == "Hub refused 1 change"
    dialog = HubDialog(window, window.hub_sync, hub_page.REFUSED)
    qtbot.addWidget(dialog)
    assert dialog.refused.rowCount() == 1
    assert "clinical" in dialog.refused.item(0, 3).text()
    assert dialog.everyone.isHidden()  # only an admin sees everyone's

    admin = _second_window(qtbot, adm)
    qtbot.waitUntil(lambda: not admin.hub_sync.running, timeout=30_000)
    dialog = HubDialog(admin, admin.hub_sync, hub_page.REFUSED)
    qtbot.addWidget(dialog)
    assert not dialog.everyone.isHidden()
    assert dialog.everyone.rowCount() == 1
    row = [dialog.everyone.item(0, c).text() for c in range(5)]
    assert row[1] == cal.login and row[2] == "Contacts" and "clinical" in row[4]


def test_a_pull_refreshes_the_open_record_keeping_what_is_typed(qtbot, team):
    ann, bea = team("ann"), team("bea")
    ann.add("clients", f.client("ayesha"))
    ann.add("plans", {"client_id": AYESHA, "what_matters": "Family"})
    ann.add("contacts", f.contact("first", starts_at="2026-09-01T10:00:00+01:00"))
    ann.add("contacts", f.contact("second", starts_at="2026-09-08T10:00:00+01:00"))
    ann.sync()
    bea.sync()
    window = _second_window(qtbot, ann)
    qtbot.waitUntil(lambda: not window.hub_sync.running, timeout=30_000)
    window.open_client(AYESHA)
    plan = next(s for s in window.record.sections if type(s).__name__ == "PlanSection")
    window.record.tabs.setCurrentWidget(plan)
    plan.best_hopes.setPlainText("Walk to the park with my grandson")  # typed, not saved
    before = window.record.timeline.rowCount()

    bea.add("contacts", f.contact("visit", staff="Bea"))
    bea.change("contacts", f.uid("first"), duration_minutes=45)  # Ann's contact, edited
    bea.sync()
    _sync(qtbot, window)
    qtbot.waitUntil(lambda: window.record.timeline.rowCount() == before + 1, timeout=10_000)
    assert plan.best_hopes.toPlainText() == "Walk to the park with my grandson"
    model = window.record.timeline
    details = {
        model.entries[r].record["id"]: model.data(model.index(r, 2))
        for r in range(model.rowCount())
        if model.entries[r].kind == "contact"
    }
    for changed in ("visit", "first"):
        assert f"changed by {bea.login} at " in details[f.uid(changed)], details
    assert "changed by" not in details[f.uid("second")]  # nobody else touched it


def test_a_new_laptop_joins_when_a_parent_changed_after_its_children(team, monkeypatch):
    """A client changed after their contact was recorded comes later in the hub's change
    order than the contact: a join whose pages split the two must still succeed."""
    from painclinic_desktop.services import sync

    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    ann.add("contacts", f.contact("visit"))
    ann.sync()
    ann.change("clients", AYESHA, first_language="Punjabi")
    ann.sync()
    monkeypatch.setattr(sync, "PULL_PAGE", 1)
    bea = team("bea")
    assert bea.raw("SELECT first_language FROM clients") == [("Punjabi",)]
    assert bea.raw("SELECT count(*) FROM contacts") == [(1,)]


def test_the_first_fetch_can_be_stopped_and_carried_on(qtbot, team, tmp_path, monkeypatch):
    from painclinic_desktop.services import sync
    from painclinic_desktop.ui import ops

    cal = team("cal")
    for name in ("ayesha", "bilal", "carys", "dev"):
        cal.add("clients", f.client(name))
    cal.sync()
    hub = team.hub
    login = f"{hub.name}_ann"
    password = hub.add_user(monkeypatch, login, "coach")
    monkeypatch.setattr(sync, "PULL_PAGE", 1)  # one change a page: a fetch with a middle
    real_report = ops.Progress.report
    pressed = []

    def cancel_after_two_pages(progress, done, total, text=""):
        if "Fetching" in text and done >= 2 and not pressed:
            pressed.append(done)
            progress.cancel()  # as the person pressing Cancel on the progress bar
        return real_report(progress, done, total, text)

    monkeypatch.setattr(ops.Progress, "report", cancel_after_two_pages)
    guide = FirstRunGuide(tmp_path / "data")
    qtbot.addWidget(guide)
    guide.show()
    guide._join_hub()
    page = guide.join
    page.address.setText(f"127.0.0.1:{hub.cluster.port}/{hub.name}")
    page.ca_file.setText(str(hub.cluster.ca))
    page.login.setText(login)
    page.hub_password.setText(password)
    page.password.setText(LOCAL_PASSWORD)
    page.again.setText(LOCAL_PASSWORD)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    assert page.store is None and pressed
    assert page.message.text().startswith("Stopped.")
    assert page.join_button.text().replace("&", "") == "Carry on fetching"
    from painclinic_desktop.store.database import reopen

    with reopen(tmp_path / "data/painclinic.db") as part:
        held = part.conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    assert 1 <= held < 4  # what arrived is kept

    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    assert page.store is not None, page.message.text()
    assert page.store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 4
    guide.accept()
    assert guide.outcome.store is page.store
    page.store.close()


def test_a_pull_refreshes_only_the_changed_clients_rows_in_the_open_caseload(
    qtbot, team, monkeypatch
):
    """Issue 14 (the admin's whole-service laptop): a sync that brings a few clients'
    changes shows them in the open caseload without reading every client again (seconds
    at 50,000 clients), and a client new to this laptop appears in it."""
    from painclinic_desktop.ui import main_window

    ann, bea = team("ann"), team("bea")
    for name in ("ayesha", "bilal", "carys"):
        ann.add("clients", f.client(name, nhs_number=None))
    ann.add("referrals", f.referral("ref-ayesha", "ayesha"))
    ann.sync()
    bea.sync()
    window = _second_window(qtbot, ann)
    qtbot.waitUntil(lambda: not window.caseload.loading, timeout=10_000)
    qtbot.waitUntil(lambda: len(window.caseload.state.rows) == 3, timeout=10_000)
    whole_loads = []
    real_load = main_window.load_caseload
    monkeypatch.setattr(
        main_window, "load_caseload", lambda store: whole_loads.append(1) or real_load(store)
    )

    bea.change("clients", f.uid("bilal"), family_name="Hussain")
    bea.add("clients", f.client("dylan", nhs_number=None, family_name="Evans"))
    bea.add("discharges", {"client_id": AYESHA, "discharged_on": "2026-10-20",
                           "reason": "goals_met"})  # fmt: skip
    bea.sync()
    _sync(qtbot, window)

    def rows():
        return {r.client_id: r for r in window.caseload.state.rows}

    qtbot.waitUntil(lambda: len(rows()) == 4, timeout=10_000)
    qtbot.waitUntil(lambda: rows()[f.uid("bilal")].name == "Bilal Hussain", timeout=10_000)
    assert rows()[f.uid("dylan")].name == "Dylan Evans"
    assert rows()[AYESHA].status == "discharged"
    assert rows()[f.uid("carys")].name == "Carys Khan"  # untouched, still there
    assert whole_loads == []  # only the three changed clients were read again
