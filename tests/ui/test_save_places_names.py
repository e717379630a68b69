"""Where exports are saved and what they are called, pressed as staff press them: save
dialogs start in Documents (then where that kind of file was last saved), suggest names a
person recognises, the batch folder names files as the service chose, the service settings
dialog changes that choice, and no label shows a raw "&"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from painclinic_desktop.services import session
from painclinic_desktop.services.service_settings import (
    BATCH_FOLDER,
    SAVE_DIALOG,
    file_name_style,
    set_file_name_style,
)
from painclinic_desktop.ui import save_places
from painclinic_desktop.ui.screens.plan.view import PlanSection
from painclinic_desktop.ui.screens.reports.dialogs import (
    BatchGpSummariesDialog,
    EvaluationDialog,
    MonthlyReturnDialog,
)
from painclinic_desktop.ui.screens.settings.dialog import ServiceSettingsDialog
from tests.factories import client, contact, discharge, new_store, referral, uid

AYESHA = uid("ayesha")
TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path):
    s = new_store(
        tmp_path / "c.db",
        clients=[
            client("ayesha", pcn="Keighley"),
            client("grace", family_name="O'Neil", nhs_number="9990001243"),
        ],
        referrals=[referral("r1", "ayesha"), referral("r2", "grace")],
        contacts=[contact("c1", "ayesha", starts_at="2026-10-05T10:00:00+01:00")],
        discharges=[discharge("d", "grace", discharged_on="2026-10-30")],
    )
    yield s
    s.close()


@pytest.fixture(autouse=True)
def documents(tmp_path, monkeypatch):
    """A home folder with a Documents folder, and no folders remembered from before."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(save_places, "documents_folder", lambda: home / "Documents")
    QSettings("PainClinic", "PainClinic Desktop").remove("save_folders")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: QMessageBox.StandardButton.Ok)
    yield home / "Documents"
    QSettings("PainClinic", "PainClinic Desktop").remove("save_folders")


class SaveDialogAnswers:
    """Stands in for the file dialogs: records where each started, answers as told."""

    def __init__(self, monkeypatch):
        self.asked: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _save(self, parent, title, start, filters=""):
        self.asked.append(start)
        return self.answer, filters

    def _folder(self, parent, title, start):
        self.asked.append(start)
        return self.answer


def press_browse(dialog) -> None:
    from PySide6.QtWidgets import QPushButton

    browse = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Browse…")
    browse.click()


def press(dialog, role_text: str) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    button = next(b for b in buttons.buttons() if b.text().replace("&", "") == role_text)
    button.click()


def test_monthly_return_starts_in_documents_then_where_it_was_last_saved(
    qtbot, store, documents, tmp_path, monkeypatch
):
    answers = SaveDialogAnswers(monkeypatch)
    dialog = MonthlyReturnDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.save_to.path.text() == str(documents / "Monthly return 2026-10.xlsx")
    dialog.pcn.setCurrentIndex(dialog.pcn.findData("Keighley"))
    assert dialog.save_to.path.text() == str(documents / "Monthly return 2026-10 Keighley.xlsx")
    returns = tmp_path / "returns"
    returns.mkdir()
    answers.answer = str(returns / "October")  # typed without the .xlsx
    press_browse(dialog)
    assert answers.asked == [str(documents / "Monthly return 2026-10 Keighley.xlsx")]
    assert dialog.save_to.path.text() == str(returns / "October.xlsx")
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        press(dialog, "Make the return")
    assert openpyxl.load_workbook(returns / "October.xlsx").sheetnames[0] == "Summary"
    again = MonthlyReturnDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(again)
    assert again.save_to.path.text() == str(returns / "Monthly return 2026-10.xlsx")
    # Another kind of file is remembered apart: the evaluation still starts in Documents.
    evaluation = EvaluationDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(evaluation)
    assert evaluation.save_to.path.text() == str(
        documents / "Service evaluation 2025-11-23 to 2026-11-22.xlsx"
    )


def test_a_remembered_folder_that_has_gone_falls_back_to_documents(qtbot, store, documents):
    save_places.remember(save_places.MONTHLY_RETURN, documents / "old" / "x.xlsx")
    QSettings("PainClinic", "PainClinic Desktop").setValue(
        "save_folders/monthly_return", str(documents / "removed")
    )
    dialog = MonthlyReturnDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(dialog)
    assert Path(dialog.save_to.path.text()).parent == documents


def test_plan_pdf_dialog_starts_in_documents_with_the_chosen_kind_of_name(
    qtbot, store, documents, tmp_path, monkeypatch, show_record_section
):
    answers = SaveDialogAnswers(monkeypatch)
    offered = []
    monkeypatch.setattr(PlanSection, "offer_folder", lambda self, p, n: offered.append(p))
    section = show_record_section(PlanSection, store, AYESHA, TODAY)
    qtbot.mouseClick(section.pdf_button, Qt.MouseButton.LeftButton)  # cancelled: nothing
    assert answers.asked == [str(documents / f"plan-{AYESHA}.pdf")]  # anonymous by default
    set_file_name_style(store, SAVE_DIALOG, "recognisable")
    plans = tmp_path / "plans"
    plans.mkdir()
    answers.answer = str(plans / "Ayesha's plan")
    qtbot.mouseClick(section.pdf_button, Qt.MouseButton.LeftButton)
    expected = f"Khan A 9434765919 {date.today().isoformat()} plan.pdf"
    assert answers.asked[1] == str(documents / expected)
    qtbot.waitUntil(lambda: bool(offered), timeout=20_000)
    assert (plans / "Ayesha's plan.pdf").read_bytes().startswith(b"%PDF")
    section.large_print.setChecked(True)
    answers.answer = ""
    qtbot.mouseClick(section.pdf_button, Qt.MouseButton.LeftButton)
    large = f"Khan A 9434765919 {date.today().isoformat()} plan large print.pdf"
    assert answers.asked[2] == str(plans / large)  # where plans were last saved


def test_batch_summaries_recognisable_in_the_folder_chosen(
    qtbot, store, documents, tmp_path, monkeypatch
):
    answers = SaveDialogAnswers(monkeypatch)
    dialog = BatchGpSummariesDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == str(documents)
    assert "family name, initial, NHS number" in dialog.naming.text()
    folder = tmp_path / "discharges"
    folder.mkdir()
    answers.answer = str(folder)
    press_browse(dialog)
    assert dialog.folder.text() == str(folder)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        press(dialog, "Make the summaries")
    today = date.today().isoformat()
    assert [p.name for p in folder.iterdir()] == [f"O'Neil G 9990001243 {today} GP summary.pdf"]
    again = BatchGpSummariesDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(again)
    assert again.folder.text() == str(folder)


def test_service_settings_dialog_changes_how_files_are_named(qtbot, store):
    session.sign_in_as("Admin", "admin")
    try:
        dialog = ServiceSettingsDialog(store)
        qtbot.addWidget(dialog)
        assert dialog.batch_names.currentData() == "recognisable"
        assert dialog.dialog_names.currentData() == "anonymous"
        dialog.batch_names.setCurrentIndex(dialog.batch_names.findData("anonymous"))
        dialog.dialog_names.setCurrentIndex(dialog.dialog_names.findData("recognisable"))
        dialog.suppress.setChecked(True)
        press(dialog, "Save")
        assert dialog.result() == QDialog.DialogCode.Accepted
    finally:
        session.sign_out()
    assert file_name_style(store, BATCH_FOLDER) == "anonymous"
    assert file_name_style(store, SAVE_DIALOG) == "recognisable"
    assert store.setting("suppress_small_numbers") == "1"


def test_service_settings_are_read_only_for_a_coach(qtbot, store):
    session.sign_in_as("Coach One", "coach")
    try:
        dialog = ServiceSettingsDialog(store)
        qtbot.addWidget(dialog)
        assert not dialog.batch_names.isEnabled() and not dialog.dialog_names.isEnabled()
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert "Only an admin can change these settings." in labels
        buttons = [b.text() for b in dialog.findChild(QDialogButtonBox).buttons()]
        assert buttons == ["&Close"] or buttons == ["Close"]
    finally:
        session.sign_out()


def raw_ampersand_labels(widget) -> list[str]:
    """Labels that would show "&" itself: a mnemonic with no buddy to give it to."""
    found = []
    for label in widget.findChildren(QLabel):
        text = label.text().replace("&&", "")
        if "&" in text and label.textFormat() != Qt.TextFormat.RichText and not label.buddy():
            found.append(label.text())
    return found


def test_no_dialog_shows_a_raw_ampersand(qtbot, store):
    for dialog in (
        MonthlyReturnDialog(store, "Admin", today=TODAY),
        EvaluationDialog(store, "Admin", today=TODAY),
        BatchGpSummariesDialog(store, "Admin", today=TODAY),
        ServiceSettingsDialog(store),
    ):
        qtbot.addWidget(dialog)
        assert raw_ampersand_labels(dialog) == [], type(dialog).__name__
    batch = BatchGpSummariesDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(batch)
    into = next(lb for lb in batch.findChildren(QLabel) if lb.text() == "&Into folder:")
    assert into.buddy().focusProxy() is batch.folder  # Alt+I lands in the folder's path


def test_bundle_export_starts_in_documents_and_the_import_where_bundles_were_saved(
    qtbot, store, documents, tmp_path, monkeypatch
):
    from painclinic_desktop.ui.main_window import MainWindow

    answers = SaveDialogAnswers(monkeypatch)
    window = MainWindow(store)
    qtbot.addWidget(window)
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    answers.answer = str(bundles / "for the hub")
    window.export_bundle()
    assert answers.asked == [str(documents / f"PainClinic export {date.today()}.json")]
    qtbot.waitUntil(lambda: (bundles / "for the hub.json").exists(), timeout=20_000)
    opened = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda p, t, start, f="": opened.append(start) or ("", f)
    )
    window.import_bundle()
    assert opened == [str(bundles)]


def test_gp_summary_from_the_record_starts_in_documents_then_its_own_folder(
    qtbot, store, documents, tmp_path, monkeypatch
):
    from painclinic_desktop.ui.main_window import MainWindow

    answers = SaveDialogAnswers(monkeypatch)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.open_client(AYESHA)
    qtbot.mouseClick(window.record.gp_summary, Qt.MouseButton.LeftButton)  # cancelled
    assert answers.asked == [str(documents / f"gp-summary-{AYESHA}.pdf")]
    summaries = tmp_path / "summaries"
    summaries.mkdir()
    answers.answer = str(summaries / "for the GP")
    qtbot.mouseClick(window.record.gp_summary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil((summaries / "for the GP.pdf").exists, timeout=20_000)
    set_file_name_style(store, SAVE_DIALOG, "recognisable")
    answers.answer = ""
    qtbot.mouseClick(window.record.gp_summary, Qt.MouseButton.LeftButton)
    recognisable = f"Khan A 9434765919 {date.today()} GP summary.pdf"
    assert answers.asked[2] == str(summaries / recognisable)
    # Plans are remembered apart: they still start in Documents.
    assert save_places.start_folder(save_places.PLAN) == documents


def test_the_evaluation_dates_are_typed_and_a_future_date_is_refused_beside_it(
    qtbot, store, documents
):
    evaluation = EvaluationDialog(store, "Admin", today=TODAY)
    qtbot.addWidget(evaluation)
    assert evaluation.date_from.text() == "23-Nov-2025"  # a year ending today, NHS style
    evaluation.date_from.setText("2/8/2026")
    assert evaluation.date_from.iso() == "2026-08-02"
    assert evaluation.save_to.path.text().endswith(
        "Service evaluation 2026-08-02 to 2026-11-22.xlsx"
    )
    evaluation.date_to.setText("20/12/2027")
    evaluation.make.click()
    assert "after 22-Nov-2026" in evaluation.date_to.problem()
    assert "after 22-Nov-2026" in evaluation.date_to.message.text()  # shown beside the field
    assert evaluation.result() == 0 and not list(documents.glob("*.xlsx"))  # nothing made
