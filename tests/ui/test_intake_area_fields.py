"""The intake form and the client details form: the IMD decile fills from the postcode as the
admin leaves the postcode box, stays editable, and what is chosen is what is saved."""

import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.services import imd
from painclinic_desktop.services.session import current_staff
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.record.details_dialog import ClientDetailsDialog
from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog


@pytest.fixture
def context(tmp_path):
    store = open_store(tmp_path / "r.db", create=True)
    lookup = tmp_path / "imd.csv"
    lookup.write_text("postcode,lsoa code,imd decile\nBD3 9AA,E01010570,1\n", encoding="utf-8")
    imd.load_lookup_file(store, lookup)
    yield RecordContext(store, current_staff, lambda: None)
    store.close()


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # focus moves only in the active window
    return dialog


def _leave_postcode(qtbot, edit, text):
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # left: the look-up runs


def test_intake_fills_the_decile_from_the_postcode_and_saves_what_is_chosen(qtbot, context):
    dialog = _shown(qtbot, IntakeDialog(context))
    for key, text in (("given_name", "Ayesha"), ("family_name", "Khan")):
        qtbot.keyClicks(dialog.edits[key], text)
    qtbot.keyClicks(dialog.edits["date_of_birth"].edit, "12/04/1961")
    _leave_postcode(qtbot, dialog.edits["postcode"], "bd3 9aa")
    assert dialog.area.decile.currentData() == 1
    assert "E01010570" in dialog.area.found.text()
    dialog.area.employment.setCurrentIndex(dialog.area.employment.findData("retired"))
    qtbot.keyClicks(dialog.area.pain_months, "30")
    dialog.source.setCurrentIndex(dialog.source.findData("gp"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_save()
    client = records.get(context.store, "clients", dialog.saved["client_id"])
    assert (client["imd_decile"], client["employment_status"], client["pain_duration_months"]) == (
        1,
        "retired",
        30,
    )


def test_a_decile_chosen_by_hand_is_not_replaced_by_the_lookup(qtbot, context):
    dialog = _shown(qtbot, IntakeDialog(context))
    dialog.area.decile.setCurrentIndex(dialog.area.decile.findData(6))
    dialog.area.decile.activated.emit(dialog.area.decile.currentIndex())  # as a click does
    _leave_postcode(qtbot, dialog.edits["postcode"], "BD3 9AA")
    assert dialog.area.decile.currentData() == 6


def test_a_bad_pain_duration_is_shown_beside_its_field_and_nothing_saved(qtbot, context):
    dialog = _shown(qtbot, IntakeDialog(context))
    qtbot.keyClicks(dialog.edits["given_name"], "Ayesha")
    qtbot.keyClicks(dialog.edits["family_name"], "Khan")
    qtbot.keyClicks(dialog.edits["date_of_birth"].edit, "12/04/1961")
    qtbot.keyClicks(dialog.area.pain_months, "two years")
    dialog.source.setCurrentIndex(dialog.source.findData("gp"))
    dialog.try_save()
    assert dialog.isVisible()
    assert "whole number" in dialog.errors.fields["pain_duration_months"].message.text()
    assert context.store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    dialog.guard.may_close = lambda result: True  # let the test close it without asking


def test_client_details_form_changes_postcode_decile_and_work(qtbot, context):
    from painclinic_desktop.services import referrals

    saved = referrals.add_referral(
        context.store,
        {
            "given_name": "Imran",
            "family_name": "Hussain",
            "date_of_birth": "1980-02-01",
            "received_on": "2026-11-02",
            "source": "gp",
            "pain_duration_months": "12",
        },
        "Admin One",
    )
    client = records.get(context.store, "clients", saved["client_id"])
    dialog = _shown(qtbot, ClientDetailsDialog(context, client))
    assert dialog.area.pain_months.text() == "12"
    _leave_postcode(qtbot, dialog.postcode, "BD39AA")
    assert dialog.area.decile.currentData() == 1
    dialog.area.employment.setCurrentIndex(dialog.area.employment.findData("unemployed"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_save()
    client = records.get(context.store, "clients", saved["client_id"])
    assert (client["postcode"], client["imd_decile"], client["employment_status"]) == (
        "BD3 9AA",
        1,
        "unemployed",
    )
