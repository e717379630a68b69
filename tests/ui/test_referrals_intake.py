"""Referral intake as an admin officer does it: type the referral, see possible duplicates
before saving, triage it; import a PCN's file through the wizard."""

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services import referrals
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.services.session import current_staff
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.referrals.import_wizard import ImportWizard
from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog
from painclinic_desktop.ui.screens.referrals.triage import TriageDialog
from tests.factories import client, discharge, new_store, referral, uid


@pytest.fixture
def context(tmp_path):
    store = new_store(
        tmp_path / "r.db",
        clients=[
            client(
                "grace",
                nhs_number="9876543210",
                given_name="Grace",
                family_name="Okafor",
                date_of_birth="1958-07-30",
            )
        ],
        referrals=[referral("r", "grace", received_on="2025-01-10")],
        discharges=[discharge("d", "grace", discharged_on="2025-09-01")],
    )
    yield RecordContext(store, current_staff, lambda: None)
    store.close()


def _count(context, table):
    return context.store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _intake(qtbot, context, **kw):
    dialog = IntakeDialog(context, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # keyboard shortcuts go to the active window
    return dialog


def _type_person(qtbot, dialog, nhs, given, family, born):
    for key, text in (
        ("nhs_number", nhs),
        ("given_name", given),
        ("family_name", family),
        ("date_of_birth", born),
    ):
        box = dialog.edits[key]
        qtbot.keyClicks(getattr(box, "edit", box), text)  # the date entry's own text box


def test_a_new_person_is_registered_with_a_referral_waiting_for_triage(qtbot, context):
    dialog = _intake(qtbot, context)
    _type_person(qtbot, dialog, "943 476 5919", "Ayesha", "Khan", "12/04/1961")
    qtbot.waitUntil(lambda: "valid" in dialog.errors.fields["nhs_number"].message.text())
    dialog.source.setCurrentIndex(dialog.source.findData("self"))
    qtbot.keyClicks(dialog.reason, "Back pain for 4 years")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [waiting] = referrals.pending_referrals(context.store)
    assert (waiting.name, waiting.nhs_number, waiting.referral["source"]) == (
        "Ayesha Khan",
        "943 476 5919",
        "self",
    )
    assert waiting.referral["reason"] == "Back pain for 4 years"


def test_a_known_person_is_offered_before_a_duplicate_is_made(qtbot, context):
    dialog = _intake(qtbot, context)
    _type_person(qtbot, dialog, "", "grace", "OKAFOR", "30/07/1958")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=2000)
    offered = dialog.matches.item(0).text()
    assert "Grace Okafor" in offered and "same name and date of birth" in offered
    assert "Discharged" in offered  # a re-referral: the record will re-open once accepted
    dialog.use_selected()
    assert not dialog.edits["family_name"].isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_save()
    assert _count(context, "clients") == 1
    assert dialog.saved["client_id"] == uid("grace")


def test_the_same_nhs_number_cannot_be_saved_as_a_new_client(qtbot, context):
    dialog = _intake(qtbot, context)
    _type_person(qtbot, dialog, "987 654 3210", "Gracie", "Okafor-Smith", "30/07/1958")
    dialog.different.setChecked(True)
    dialog.try_save()
    assert dialog.isVisible() and "may already be a client" in dialog.problems.text()
    assert dialog.matches.count() == 1 and "same NHS number" in dialog.matches.item(0).text()
    assert _count(context, "clients") == 1


def _imran_referred(context) -> None:
    """A new referral of someone who is not a client yet, waiting for triage."""
    referrals.add_referral(
        context.store,
        {
            "given_name": "Imran",
            "family_name": "Hussain",
            "date_of_birth": "1980-02-01",
            "received_on": "2026-11-02",
            "source": "gp",
        },
        "Admin One",
    )


def test_triage_accepts_the_referral_and_assigns_the_coach(qtbot, context):
    _imran_referred(context)
    dialog = TriageDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pending.rowCount() == 1 and dialog.pending.rows[0][5] == "New"
    dialog.accept_referral()
    form = dialog.dialog
    form.widgets["coach"].setEditText("Coach One")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    assert dialog.pending.rowCount() == 0 and dialog.changed
    row = next(r for r in load_caseload(context.store) if r.name == "Imran Hussain")
    assert (row.status, row.staff) == ("open", "Coach One")


def test_declining_without_a_reason_is_refused_inside_the_form(qtbot, context):
    _imran_referred(context)
    dialog = TriageDialog(context)
    qtbot.addWidget(dialog)
    dialog.decline_referral()
    form = dialog.dialog
    form.try_save()
    assert form.isVisible() and "why" in form.error.text()
    assert dialog.pending.rowCount() == 1


def test_a_file_is_imported_through_the_wizard_and_bad_rows_are_held(qtbot, context, tmp_path):
    path = tmp_path / "pcn.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["NHS No", "Forename", "Surname", "DOB", "Referral date"])
        out.writerow(["943 476 5919", "Ayesha", "Khan", "12/04/1961", "03/11/2026"])
        out.writerow(["943 476 5918", "Bad", "Number", "12/04/1961", "03/11/2026"])
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=10_000)
    assert wizard.mapping_page.combos["date_of_birth"].currentText() == "DOB"
    assert wizard.mapping_page.examples["family_name"].text() == "Khan"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.check_page, timeout=10_000)
    problems = wizard.check_page.problems
    assert problems.rowCount() == 1
    assert [problems.index(0, c).data() for c in range(3)] == ["3", "NHS No", "943 476 5918"]
    wizard.next()  # the commit button: import
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=10_000)
    assert wizard.done_page.words.text().startswith("1 referral imported, for a new client.")
    assert [h.row_number for h in referrals.held_rows(context.store)] == [3]
    assert _count(context, "clients") == 2


def test_a_held_row_is_corrected_in_the_form(qtbot, context):
    from painclinic_desktop.services import writes

    writes.add(
        context.store,
        "referral_rows_held",
        {
            "file_name": "pcn.csv",
            "row_number": 3,
            "values_json": '{"nhs_number": "943 476 5918", "given_name": "Ayesha", '
            '"family_name": "Khan", "date_of_birth": "12/04/1961", "source": "GP"}',
            "problems_json": '[{"column": "NHS No", "field": "nhs_number", '
            '"reason": "the check digit does not match"}]',
        },
        "Admin One",
    )
    [held] = referrals.held_rows(context.store)
    dialog = _intake(qtbot, context, held=held)
    assert "check digit" in dialog.problems.text()
    assert dialog.source.currentData() == "gp"
    dialog.edits["nhs_number"].clear()
    QApplication.processEvents()
    qtbot.keyClicks(dialog.edits["nhs_number"], "943 476 5919")
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_save()
    assert referrals.held_rows(context.store) == []
    assert [p.name for p in referrals.pending_referrals(context.store)] == ["Ayesha Khan"]


def test_a_partner_has_no_box_for_health_details_and_is_told_why(qtbot, context):
    from painclinic_desktop.services import session

    session.sign_in_as("Pat Partner", "community_partner")
    try:
        dialog = _intake(qtbot, context)
    finally:
        session.sign_out()
    assert not dialog.reason.isVisible() and not dialog.referrer.isVisible()
    assert dialog.health_details_note is not None and dialog.health_details_note.isVisible()
    assert "does not keep them" in dialog.health_details_note.text()
    coach = _intake(qtbot, context)
    assert coach.reason.isVisible() and coach.health_details_note is None
