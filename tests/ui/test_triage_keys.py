"""Triage by keyboard: Enter on a waiting referral opens one Accept form, and only one."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services import referrals
from painclinic_desktop.services.session import current_staff
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.referrals.triage import TriageDialog
from painclinic_desktop.ui.widgets.quick_form import QuickForm


@pytest.fixture
def triage(qtbot, tmp_path):
    store = open_store(tmp_path / "t.db", create=True)
    referrals.add_referral(
        store,
        {
            "given_name": "Imran",
            "family_name": "Hussain",
            "date_of_birth": "1980-02-01",
            "received_on": "2026-11-02",
            "source": "gp",
        },
        "Admin One",
    )
    dialog = TriageDialog(RecordContext(store, current_staff, lambda: None))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    yield dialog
    for form in _open_forms():
        form.reject()
    store.close()


def _open_forms():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QuickForm) and w.isVisible()]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_referral_opens_one_accept_form(triage, qtbot, key):
    triage.pending_table.setFocus()
    qtbot.keyClick(triage.pending_table, key)
    qtbot.wait(50)
    forms = _open_forms()
    assert [f.windowTitle() for f in forms] == ["Accept the referral"]
    assert triage.isVisible()


def test_double_click_on_a_referral_opens_one_accept_form(triage, qtbot):
    table = triage.pending_table
    rect = table.visualRect(table.model().index(0, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _open_forms() == []  # one click only selects
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    assert [f.windowTitle() for f in _open_forms()] == ["Accept the referral"]
