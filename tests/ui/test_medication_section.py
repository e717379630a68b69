"""The Medicines tab as a coach uses it: a common product chosen by name, its OME and the
table used shown at once, the high-dose flag in the header, a dose change kept as history."""

import pytest

from painclinic_desktop.services import medication
from tests.factories import client, new_store, referral, uid

AYESHA = uid("ayesha")


@pytest.fixture
def window(show_main_window, tmp_path):
    store = new_store(tmp_path / "m.db", clients=[client("ayesha")], referrals=[referral("r")])
    yield show_main_window(store, AYESHA)
    store.close()


def _section(win):
    return next(s for s in win.record.sections if type(s).__name__ == "MedicationSection")


def _header_words(win):
    return [w.text() for w in win.record.findChildren(type(win.record.name))]


def _add(qtbot, section, product, dose=None, times=None):
    section.add_medicine()
    form = section.dialog
    name = form.widgets["name"]
    name.setCurrentIndex(name.findText(product))
    if dose is not None:
        form.widgets["dose"].setText(dose)
    if times is not None:
        form.widgets["times_per_day"].setText(times)
    with qtbot.waitSignal(form.accepted):
        form.try_save()


def test_a_product_chosen_by_name_fills_drug_route_and_strength(window, qtbot):
    section = _section(window)
    section.add_medicine()
    form = section.dialog
    name = form.widgets["name"]
    name.setCurrentIndex(name.findText("Fentanyl 25 micrograms/hour 72-hour patch"))
    assert form.widgets["drug"].currentData() == "fentanyl"
    assert form.widgets["route"].currentData() == "patch"
    assert form.widgets["dose"].text() == "25"
    assert (
        "PainClinic default UK OME table" in form.findChildren(type(window.record.name))[0].text()
    )
    form.reject()


def test_recording_a_regimen_shows_its_ome_the_table_and_the_high_dose_flag(window, qtbot):
    _add(qtbot, _section(window), "Oxycodone 10 mg MR tablets (OxyContin)", dose="40", times="2")
    qtbot.waitUntil(lambda: "120.0 mg/day" in _section(window).total.text())
    section = _section(window)
    assert "HIGH DOSE" in section.total.text()
    assert "PainClinic default UK OME table, version 1 (2026-12)" in section.table_used.text()
    assert section.model.rows[0][4] == "120.0"
    assert any("120 mg/day OME or more" in words for words in _header_words(window))
    caseload = window.caseload.state.rows
    qtbot.waitUntil(lambda: "high_dose_opioid" in window.caseload.state.rows[0].flags)
    assert caseload is not None


def test_an_opioid_typed_as_free_text_is_refused_beside_the_drug(window, qtbot):
    section = _section(window)
    section.add_medicine()
    form = section.dialog
    form.widgets["name"].setEditText("co-codamol 30/500, two four times a day")
    form.widgets["dose"].setText("60")
    form.widgets["times_per_day"].setText("4")
    form.try_save()
    assert form.isVisible()
    assert "looks like an opioid" in form.errors.problems()["drug"]
    assert medication.items(window.store, AYESHA) == []
    form.reject()


def test_a_dose_change_keeps_the_old_dose_in_the_history(window, qtbot):
    _add(qtbot, _section(window), "Codeine phosphate 30 mg tablets", dose="60", times="4")
    qtbot.waitUntil(lambda: "24.0 mg/day" in _section(window).total.text())
    section = _section(window)
    section.list.selectRow(0)
    section.change_dose()
    form = section.dialog
    form.widgets["dose"].setText("30")
    form.widgets["times_per_day"].setText("4")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    qtbot.waitUntil(lambda: "12.0 mg/day" in _section(window).total.text())
    section = _section(window)
    assert section.model.rowCount() == 1
    section.history.setChecked(True)
    assert section.model.rowCount() == 2
    assert {row[3] for row in section.model.rows} == {
        "60 mg, 4 times a day",
        "30 mg, 4 times a day",
    }


def test_stopping_the_last_opioid_clears_the_total_and_the_flag(window, qtbot):
    _add(qtbot, _section(window), "Fentanyl 50 micrograms/hour 72-hour patch")
    qtbot.waitUntil(lambda: "HIGH DOSE" in _section(window).total.text())
    section = _section(window)
    section.list.selectRow(0)
    section.stop_medicine()
    form = section.dialog
    form.widgets["why"].setText("Stopped by the GP")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    qtbot.waitUntil(lambda: "No opioid" in _section(window).total.text())
    # the old header labels go at the next turn of the event loop
    qtbot.waitUntil(lambda: not any("OME or more" in w for w in _header_words(window)))


def test_an_admin_replaces_the_ome_table_in_service_settings(window, qtbot, tmp_path, monkeypatch):
    import json

    from PySide6.QtWidgets import QFileDialog

    from painclinic_desktop.services import session
    from painclinic_desktop.ui.screens.settings.dialog import ServiceSettingsDialog

    approved = tmp_path / "approved.json"
    approved.write_text(
        json.dumps(
            {
                "name": "Practice approved",
                "version": "7",
                "source": "Medicines management committee, 2026",
                "entries": [{"drug": "morphine", "route": "oral", "unit": "mg", "factor": 1}],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(approved), "OME table (*.json)")
    )
    session.sign_in_as("Jo Admin", "admin")
    try:
        dialog = ServiceSettingsDialog(window.store, window)
        qtbot.addWidget(dialog)
        assert "PainClinic default UK OME table" in dialog.ome_table.text()
        dialog.use_table.click()
        assert "Practice approved, version 7" in dialog.ome_table.text()
        assert medication.service_table(window.store).name == "Practice approved"
        dialog.default_table.click()
        assert "PainClinic default UK OME table" in dialog.ome_table.text()
    finally:
        session.sign_out()


def test_a_coach_sees_the_table_but_cannot_replace_it(window, qtbot):
    from painclinic_desktop.services import session
    from painclinic_desktop.ui.screens.settings.dialog import ServiceSettingsDialog

    session.sign_in_as("Cal Coach", "coach")
    try:
        dialog = ServiceSettingsDialog(window.store, window)
        qtbot.addWidget(dialog)
        assert "PainClinic default UK OME table" in dialog.ome_table.text()
        assert not dialog.use_table.isEnabled()
    finally:
        session.sign_out()


def _requests(win):
    return next(s for s in win.record.sections if type(s).__name__ == "GpRequestsSection")


def test_a_request_to_the_gp_is_asked_then_marked_done_and_both_steps_kept(window, qtbot):
    from painclinic_desktop.services import gp_actions

    section = _requests(window)
    section.ask()
    form = section.dialog
    form.widgets["text"].setPlainText("Please review the opioid regimen")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    qtbot.waitUntil(lambda: _requests(window).model.rowCount() == 1)
    section = _requests(window)
    assert section.model.rows[0][3] == "Requested"
    section.table.selectRow(0)
    section.change_status()
    form = section.dialog
    form.widgets["note"].setText("Dr Shah reviewed it")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    qtbot.waitUntil(lambda: _requests(window).model.rows[0][3] == "Done")
    (action,) = gp_actions.actions(window.store, AYESHA)
    assert [h["status"] for h in action["history"]] == ["requested", "done"]
    assert _requests(window).model.rows[0][5] == "Dr Shah reviewed it"


def test_a_plan_agreed_from_a_proposal_shows_where_the_client_is(window, qtbot):
    _add(qtbot, _section(window), "Oxycodone 10 mg MR tablets (OxyContin)", dose="40", times="2")
    qtbot.waitUntil(lambda: "120.0" in _section(window).total.text())
    plan = next(s for s in window.record.sections if type(s).__name__ == "ReductionPlanSection")
    window.record.tabs.setCurrentWidget(plan)
    plan.agree_plan()
    form = plan.dialog
    form.prescriber.setText("Dr A Shah")
    form.percent.setText("25")
    form.interval.setText("14")
    form.propose()
    assert form.steps.rowCount() == 4
    assert form.steps.item(0, 2).text() == "90"
    form.steps.item(0, 1).setText("Oxycodone MR 30 mg twice a day")
    with qtbot.waitSignal(form.accepted):
        form.try_save()
    plan = next(s for s in window.record.sections if type(s).__name__ == "ReductionPlanSection")
    window.record.tabs.setCurrentWidget(plan)
    qtbot.waitUntil(lambda: "Dr A Shah" in plan.summary.text())
    assert "step 1 of 4" in plan.summary.text()
    assert plan.steps.rows[0][1] == "Oxycodone MR 30 mg twice a day"
    assert plan.chart.planned_xy[1][0] == 90.0
    # nothing was applied: the recorded regimen is as it was
    assert "120.0" in _section(window).total.text()


def test_a_plan_without_its_prescriber_is_refused_in_the_form(window, qtbot):
    plan = next(s for s in window.record.sections if type(s).__name__ == "ReductionPlanSection")
    window.record.tabs.setCurrentWidget(plan)
    plan.agree_plan()
    form = plan.dialog
    form.add_step.click()
    form.steps.item(0, 1).setText("Stop codeine")
    form.try_save()
    assert form.isVisible()
    assert "prescriber" in form.errors.problems()["agreed_with"]
    form.reject()
