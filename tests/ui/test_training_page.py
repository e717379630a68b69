"""The Training page and the programme costing dialog, used as a trainer and an admin would:
a course with an optional session, a partner trainee known by code, a questionnaire typed
in from paper, attendance and completion, the certificate and report written, and the
worked costing example typed in, its sums shown, saved and printed."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from painclinic_desktop.core import costing as cost_rules
from painclinic_desktop.core import training as rules
from painclinic_desktop.services import costing, session, training
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.training.costing import CostingDialog
from painclinic_desktop.ui.screens.training.forms import (
    CourseDialog,
    QuestionnaireDialog,
    TraineeDialog,
)
from painclinic_desktop.ui.screens.training.view import TrainingPage

STAFF = "Trainer One"


@pytest.fixture
def store(tmp_path):
    session.sign_out()
    s = open_store(tmp_path / "t.db", create=True)
    yield s
    s.close()


@pytest.fixture
def saves_to(monkeypatch, tmp_path):
    def where(target: Path):
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
        )

    return where


def _course(qtbot, store, told):
    dialog = CourseDialog(store, lambda: STAFF)
    qtbot.addWidget(dialog)
    dialog._save()  # nothing typed: refused, the form stays open
    assert told and "title" in told[-1] and dialog.result() == 0
    dialog.title.setText("10 Footsteps for link workers")
    dialog.starts_on.setText("01/06/2026")
    dialog.venue.setText("Manningham Mills")
    dialog._add_row({"title": "Footsteps 1-10", "held_on": "2026-06-01"})
    dialog._add_row({"title": "Practice clinic", "optional": True})
    dialog._save()
    assert dialog.saved["sessions"][1]["optional"] is True
    return dialog.saved


def test_a_trainer_enters_a_course_a_partner_trainee_and_a_questionnaire(
    qtbot, store, told, saves_to, tmp_path
):
    course = _course(qtbot, store, told)
    page = TrainingPage(store, lambda: STAFF)
    qtbot.addWidget(page)
    page.refresh()
    assert page.courses_model.rows[0][1] == "10 Footsteps for link workers"

    trainee = TraineeDialog(store, lambda: STAFF, course["id"])
    qtbot.addWidget(trainee)
    trainee.kind.setCurrentIndex(trainee.kind.findData("partner"))
    assert not trainee.name.isEnabled()  # partner people are known by code only
    trainee.code.setText("mk42")
    trainee.profession.setCurrentText("Link worker")
    trainee.experience.setCurrentIndex(trainee.experience.findData("new"))
    trainee._save()
    page.refresh()
    assert page.trainees_model.rows[0][:2] == ("MK42", "")

    form = QuestionnaireDialog(store, lambda: STAFF, course["id"], "MK42")
    qtbot.addWidget(form)
    for statement in rules.questionnaire().statements:
        form.groups[statement.code].button(2).setChecked(True)
    form.groups["s06b"].button(4).setChecked(True)
    form.prior.setCurrentIndex(form.prior.findData(False))
    form._save()
    saved = training.responses(store, [course["id"]])[0]
    assert saved["answers"]["s06b"] == 4 and saved["prior_resources"] is False
    page.refresh()
    assert page.trainees_model.rows[0][5]  # the baseline's date shows
    assert not page.certificate.isEnabled()  # not completed yet

    enrolment_id = page.trainees_model.keys[0]
    first = course["sessions"][0]["id"]
    training.set_attendance(store, enrolment_id, [first], STAFF)
    training.mark_completed(store, enrolment_id, "2026-06-01", STAFF)
    page.refresh()
    assert page.certificate.isEnabled()
    target = tmp_path / "certificate.pdf"
    saves_to(target)
    page._certificate()
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: any("saved as" in t for t in told), timeout=20_000)

    chart = tmp_path / "chart.pdf"
    saves_to(chart)
    told.clear()
    page._chart()
    qtbot.waitUntil(lambda: any("saved as" in t for t in told), timeout=20_000)
    assert chart.exists()


def test_the_report_is_written_for_the_chosen_course(qtbot, store, told, saves_to, tmp_path):
    course = _course(qtbot, store, told)
    page = TrainingPage(store, lambda: STAFF)
    qtbot.addWidget(page)
    page.refresh()
    target = tmp_path / "report.pdf"
    saves_to(target)

    def choose(dialog):
        dialog._choose()
        return dialog.result()

    import painclinic_desktop.ui.screens.training.view as view

    original = view.ReportChoiceDialog.exec
    view.ReportChoiceDialog.exec = choose  # the first choice: this course, as a PDF
    try:
        page._report()
    finally:
        view.ReportChoiceDialog.exec = original
    qtbot.waitUntil(lambda: any("saved as" in t for t in told), timeout=20_000)
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert course["title"]


def test_the_worked_costing_example_typed_in_shows_its_sums_and_saves_and_prints(
    qtbot, store, told, saves_to, tmp_path
):
    dialog = CostingDialog(store, STAFF)
    qtbot.addWidget(dialog)
    dialog.title.setText("Community pain-management programme")
    for row, hours in enumerate(("10", "15", "25", "42", "35")):
        dialog.staff_table.item(row, 2).setText(hours)
    for name, value in (("room_hours", "50"), ("room_rate", "15"), ("admin_hours", "40"),
                        ("sundries", "50"), ("enrolled", "10")):  # fmt: skip
        dialog.fields[name].setText(value)
    assert "total £3,620" in dialog.sums.text()
    assert "£362 per participant" in dialog.sums.text()
    dialog.fields["completers"].setText("12")
    dialog._save()  # more completers than participants: refused, nothing lost
    assert "more completers" in told[-1] and costing.costings(store) == []
    assert dialog.fields["room_rate"].text() == "15"
    dialog.fields["completers"].setText("8")
    dialog._save()
    saved = costing.costings(store)
    assert len(saved) == 1 and cost_rules.compute(saved[0]).total_pence == 3_620_00
    target = tmp_path / "costing.pdf"
    saves_to(target)
    dialog._print()
    qtbot.waitUntil(lambda: any("saved as" in t for t in told), timeout=20_000)
    assert target.exists()

    again = CostingDialog(store, STAFF)
    qtbot.addWidget(again)
    again.opened.setCurrentIndex(1)
    again._open_saved()
    assert again.fields["room_rate"].text() == "15.00"
    assert "total £3,620" in again.sums.text()


def test_roles_that_do_not_run_training_see_its_buttons_greyed(qtbot, store, told):
    _course(qtbot, store, told)
    session.sign_in_as("Pat Partner", "community_partner")
    try:
        page = TrainingPage(store, lambda: "Pat Partner")
        qtbot.addWidget(page)
        page.refresh()
        assert not page.new_course.isEnabled() and not page.add_trainee.isEnabled()
        dialog = CostingDialog(store, "Pat Partner")
        qtbot.addWidget(dialog)
        assert not dialog.save_button.isEnabled()
    finally:
        session.sign_out()
    assert Qt  # (Qt imported for flags used by the forms)
