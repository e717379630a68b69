"""Taking a register on a shared laptop: find a name and press Enter, tick a booked name, add
walk-ins; then the attendance is on the client's record."""

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.services import groups
from painclinic_desktop.ui.screens.groups import menu
from painclinic_desktop.ui.screens.groups.menu import _sessions_page, show_page
from painclinic_desktop.ui.screens.groups.walk_ins import WalkInsDialog
from tests.factories import client, grace, imran, new_store, referral, uid

TODAY = date.today().isoformat()
ACCEPTED = (date.today() - timedelta(days=60)).isoformat()


@pytest.fixture
def window(show_main_window, tmp_path):
    store = new_store(
        tmp_path / "r.db",
        clients=[
            client("ayesha"),
            grace(date_of_birth="1958-02-20"),
            imran(date_of_birth="1970-06-30"),
        ],
        referrals=[
            referral(f"r-{n}", n, received_on=ACCEPTED, outcome_on=ACCEPTED)
            for n in ("ayesha", "grace", "imran")
        ],
    )
    session = groups.create_session(
        store,
        {
            "module": "t2_10",
            "held_on": TODAY,
            "venue": "Jamia Masjid Hall, Keighley",
            "facilitator": "Partner One",
        },
        "Coach One",
    )
    groups.book(store, session["id"], uid("grace"), "Coach One")
    win = show_main_window(store)
    win.session_id = session["id"]
    yield win
    store.close()


@pytest.fixture
def page(window, qtbot):
    page = show_page(window, "sessions", _sessions_page)
    qtbot.waitUntil(lambda: len(page.index) == 3, timeout=10_000)
    return page


def _present(window):
    return set(groups.register(window.store, window.session_id).session["attendees"])


def _item(page, name):
    names = page.register.names
    return next(
        names.item(i) for i in range(names.count()) if names.item(i).text().startswith(name)
    )


def test_todays_session_is_chosen_with_its_booked_names_to_tick(page):
    assert page.register.heading.text().startswith("Beliefs, Spirituality, Faith and Pain")
    names = page.register.names
    assert [names.item(i).text() for i in range(names.count())] == [
        "Grace Okafor   born 20/02/1958   (booked)"
    ]
    assert page.register.count.text() == "0 here of 1 on the register"


def test_typing_a_name_and_pressing_enter_ticks_them_and_clears_the_box(page, qtbot, window):
    page.register.search.setFocus()
    qtbot.keyClicks(page.register.search, "ayesha k")  # not booked: found on the caseload
    qtbot.keyClick(page.register.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.register.search.text() == "")
    assert _present(window) == {uid("ayesha")}
    assert page.register.count.text() == "1 here of 2 on the register"
    assert "Ayesha Khan ticked as here." in page.register.message.text()
    assert page.model.rows[0][4] == "1"  # the session list counts who is here


def test_ticking_and_unticking_a_booked_name(page, qtbot, window):
    item = _item(page, "Grace Okafor")
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: _present(window) == {uid("grace")})
    _item(page, "Grace Okafor").setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: _present(window) == set())


def test_a_walk_in_who_is_a_client_is_ticked_and_a_stranger_is_held(page, qtbot, window):
    register = page.register
    for edit, text in (
        (register.given, "imran"),
        (register.family, "HUSSAIN"),
        (register.born, "30/06/1970"),
    ):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(register.born, Qt.Key.Key_Return)
    assert _present(window) == {uid("imran")}
    assert "Imran Hussain is a client: ticked as here." in register.message.text()
    register.given.setFocus()
    for edit, text in (
        (register.given, "Bob"),
        (register.family, "Smith"),
        (register.born, "01/01/1970"),
    ):
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(register.add_walk_in, Qt.MouseButton.LeftButton)
    assert _present(window) == {uid("imran")}
    assert "Bob Smith added as a walk-in" in register.message.text()
    assert "Bob Smith (01/01/1970): waiting for a coach to match" in register.walk_ins.text()
    assert page.walk_ins.isVisibleTo(page) and page.walk_ins.text().endswith(": 1…")


def test_a_date_of_birth_that_is_not_a_date_is_explained_and_nothing_is_added(page, qtbot, window):
    register = page.register
    register.given.setText("Bob")
    register.family.setText("Smith")
    register.born.setText("1/1/70")
    qtbot.mouseClick(register.add_walk_in, Qt.MouseButton.LeftButton)
    assert "day/month/year" in register.message.text()
    assert groups.register(window.store, window.session_id).walk_ins == []
    assert register.given.text() == "Bob"  # what was typed is kept to correct


def test_attendance_shows_on_the_clients_record(page, qtbot, window):
    _item(page, "Grace Okafor").setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: _present(window) == {uid("grace")})
    window.open_client(uid("grace"))
    tabs = window.record.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Groups && s&ignposting")
    tabs.setCurrentIndex(index)
    section = tabs.widget(index)
    assert section.attended.rows == [
        (
            date.today().strftime("%d/%m/%Y"),
            "Beliefs, Spirituality, Faith and Pain",
            "Jamia Masjid Hall, Keighley",
        )
    ]
    assert section.summary.text().endswith("Tier 2 modules attended: 1 of 10.")
    timeline = window.record.timeline
    whats = [timeline.index(r, 1).data() for r in range(timeline.rowCount())]
    assert "Attended Beliefs, Spirituality, Faith and Pain" in whats


def test_walk_ins_to_match_read_the_caseload_off_the_gui_thread(page, qtbot, window, monkeypatch):
    real, threads, release, opened = groups.client_index, [], threading.Event(), []

    def held_index(store):
        threads.append(threading.current_thread())
        release.wait(10)
        return real(store)

    monkeypatch.setattr(groups, "client_index", held_index)
    monkeypatch.setattr(WalkInsDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    menu._walk_ins(window)
    assert not page.walk_ins.isEnabled()
    assert "Reading the caseload" in window.status_text.text()
    menu._walk_ins(window)  # asked again while the names load: no second dialog
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=10_000)
    assert threads[0] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    assert sorted(hit.name for hit in opened[0].index) == [
        "Ayesha Khan",
        "Grace Okafor",
        "Imran Hussain",
    ]
    assert page.walk_ins.isEnabled() and window.status_text.text() == ""
    qtbot.wait(100)
    assert len(opened) == 1 and len(threads) == 1
