"""Form errors as a person meets them: beside each field, gone when put right, a summary at
the top that takes the cursor to each field, and fields that stay where they were."""

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services.session import current_staff
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.referrals.intake import IntakeDialog
from painclinic_desktop.ui.widgets.quick_form import DATE, FormField, QuickForm


@pytest.fixture
def dialog(qtbot, tmp_path):
    store = open_store(tmp_path / "f.db", create=True)
    found = IntakeDialog(RecordContext(store, current_staff, lambda: None))
    qtbot.addWidget(found)
    found.show()
    qtbot.waitExposed(found)
    yield found
    store.close()


def _positions(dialog):
    """Where each field is, relative to the first field (the summary may sit above)."""
    top = dialog.edits["nhs_number"].mapTo(dialog, dialog.edits["nhs_number"].rect().topLeft())
    return {
        key: (edit.mapTo(dialog, edit.rect().topLeft()) - top).toTuple()
        for key, edit in dialog.edits.items()
    }


def _message(dialog, key):
    return dialog.errors.fields[key].message.text()


def test_each_message_is_beside_its_field_and_the_summary_links_to_them(dialog, qtbot):
    dialog.try_save()
    assert dialog.isVisible()
    for key in ("given_name", "family_name", "date_of_birth"):
        assert "required" in _message(dialog, key), key
        message = dialog.errors.fields[key].message
        field = dialog.errors.fields[key].widget
        # directly under its own field
        below = message.mapTo(dialog, message.rect().topLeft()).y()
        assert 0 <= below - field.mapTo(dialog, field.rect().bottomLeft()).y() <= 4
    summary = dialog.errors.summary
    assert summary.isVisible()
    assert 'href="family_name"' in summary.text() and "Family name" in summary.text()
    assert QApplication.focusWidget() is dialog.edits["given_name"]  # the first at fault
    summary.linkActivated.emit("family_name")
    assert QApplication.focusWidget() is dialog.edits["family_name"]


def test_a_message_goes_when_its_field_is_put_right_and_nothing_moves(dialog, qtbot):
    before = _positions(dialog)
    dialog.try_save()
    after_save = _positions(dialog)
    assert after_save == before  # messages appear in lines kept for them
    qtbot.keyClicks(dialog.edits["given_name"], "Ayesha")
    assert _message(dialog, "given_name") == ""
    assert "required" in _message(dialog, "family_name")  # the others stay until put right
    assert "Given name" not in dialog.errors.summary.text()
    qtbot.keyClicks(dialog.edits["family_name"], "Khan")
    qtbot.keyClicks(dialog.edits["date_of_birth"].edit, "12/04/1961")
    assert dialog.errors.problems() == {}
    assert "All put right" in dialog.errors.summary.text()
    assert _positions(dialog) == before


def test_the_nhs_number_warning_while_typing_does_not_push_the_form_down(dialog, qtbot):
    before = _positions(dialog)
    qtbot.keyClicks(dialog.edits["nhs_number"], "123")
    assert "10 digits" in _message(dialog, "nhs_number")
    assert _positions(dialog) == before
    dialog.edits["nhs_number"].clear()
    qtbot.keyClicks(dialog.edits["nhs_number"], "943 476 5919")
    assert "valid" in _message(dialog, "nhs_number")
    assert _positions(dialog) == before


def test_a_refused_date_in_a_short_form_is_shown_beside_it_and_nothing_is_saved(qtbot):
    saved = []
    form = QuickForm(
        "Discharge",
        "",
        [FormField("discharged_on", "&Discharged on:", DATE)],
        lambda values: saved.append(values),
    )
    qtbot.addWidget(form)
    form.show()
    entry = form.widgets["discharged_on"]
    entry.edit.setText((date.today() + timedelta(days=400)).strftime("%d/%m/%Y"))
    form.try_save()
    assert saved == [] and form.isVisible()
    assert "in the future" in form.errors.fields["discharged_on"].message.text()
    entry.edit.setText(date.today().strftime("%d/%m/%Y"))
    entry.check()
    assert form.errors.fields["discharged_on"].message.text() == ""
    form.try_save()
    assert saved == [{"discharged_on": date.today().isoformat()}]
