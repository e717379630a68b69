"""A first client on a new database: File ▸ New client… (Ctrl+Shift+N) registers them, and the
caseload then shows and selects them, though a new referral waits for triage and the
caseload opens on open clients."""

import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog
from tests.factories import bundle, client, referral


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "new.db", create=True)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.start()
    qtbot.waitUntil(lambda: win.menuBar().actions()[-1].text() == "&Help")  # all menus built
    yield win
    store.close()


def _new_client_action(win):
    file_menu = win.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == "&New client…")


def _intake_open(win):
    return next(
        (w for w in win.findChildren(IntakeDialog) if w.isVisible()),
        None,
    )


def _register(qtbot, dialog, given="Ayesha", family="Khan"):
    qtbot.keyClicks(dialog.edits["given_name"], given)
    qtbot.keyClicks(dialog.edits["family_name"], family)
    qtbot.keyClicks(dialog.edits["date_of_birth"], "12/04/1961")
    dialog.source.setCurrentIndex(dialog.source.findData("self"))
    qtbot.keyClicks(dialog.reason, "Back pain for 4 years")


def test_new_client_is_in_the_file_menu_with_its_key(window):
    action = _new_client_action(window)
    assert action.shortcut().toString() == "Ctrl+Shift+N"


def test_ctrl_shift_n_opens_the_form_for_a_new_client(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: _intake_open(window) is not None)
    _intake_open(window).reject()


def test_a_first_client_is_shown_and_selected_after_saving(window, qtbot):
    assert "no clients in this database yet" in window.caseload.hint.text()
    _new_client_action(window).trigger()
    dialog = _intake_open(window)
    _register(qtbot, dialog)
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        dialog.try_save()
    caseload = window.caseload
    assert [r.name for r in caseload.state.visible] == ["Ayesha Khan"]
    assert caseload.status_filter.currentData() == "awaiting_triage"
    assert not caseload.hint.isVisible()
    assert caseload.selected_client() == dialog.saved["client_id"]
    assert window.pages.currentWidget() is caseload
    assert "Awaiting triage" in window.status_text.text()


def test_a_new_client_hidden_by_the_search_and_filters_is_still_shown(window, qtbot):
    import_bundle(
        window.store,
        bundle(clients=[client("grace", given_name="Grace")], referrals=[referral("r", "grace")]),
    )
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        window.reload()
    caseload = window.caseload
    qtbot.keyClicks(caseload.search, "grace")
    caseload.tier_filter.setCurrentIndex(caseload.tier_filter.findData(3))
    _new_client_action(window).trigger()
    dialog = _intake_open(window)
    _register(qtbot, dialog, "Imran", "Hussain")
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        dialog.try_save()
    assert caseload.selected_client() == dialog.saved["client_id"]
    assert caseload.search.text() == ""
    assert caseload.tier_filter.currentData() is None


def test_a_new_referral_from_the_referrals_menu_is_shown_too(window, qtbot):
    referrals_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "R&eferrals")
    referrals_menu.actions()[0].trigger()
    dialog = _intake_open(window)
    _register(qtbot, dialog)
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        dialog.try_save()
    assert window.caseload.selected_client() == dialog.saved["client_id"]


def test_a_client_registered_from_triage_is_shown_when_triage_closes(window, qtbot):
    from painclinic_desktop.ui.screens.referrals.triage import TriageDialog

    referrals_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "R&eferrals")
    referrals_menu.actions()[1].trigger()  # Triage…
    triage = next(w for w in window.findChildren(TriageDialog) if w.isVisible())
    triage.new_referral()
    dialog = _intake_open(window)
    _register(qtbot, dialog)
    dialog.try_save()
    assert triage.pending.rowCount() == 1  # waiting for triage, not yet decided
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):
        triage.reject()
    assert window.caseload.selected_client() == dialog.saved["client_id"]
    assert window.caseload.status_filter.currentData() == "awaiting_triage"
