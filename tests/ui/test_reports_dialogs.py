"""Reports from the desktop: the admin picks a month and gets the same workbook as the CLI."""

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from painclinic_desktop.ui.screens.reports.dialogs import (
    BatchGpSummariesDialog,
    MonthlyReturnDialog,
)
from tests.factories import client, contact, discharge, new_store, referral


@pytest.fixture
def store(tmp_path):
    s = new_store(
        tmp_path / "c.db",
        clients=[
            client("ayesha", pcn="Keighley"),
            client("grace", nhs_number=None, pcn="Bradford City"),
        ],
        referrals=[referral("r1", "ayesha"), referral("r2", "grace")],
        contacts=[
            contact("c1", "ayesha", starts_at="2026-10-05T10:00:00+01:00"),
            contact("c2", "grace", starts_at="2026-10-06T10:00:00+01:00"),
        ],
        discharges=[discharge("d", "grace", discharged_on="2026-10-30")],
    )
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)


def test_monthly_return_for_the_previous_month_and_one_pcn(qtbot, store, tmp_path):
    dialog = MonthlyReturnDialog(store, "Admin", today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    assert dialog.month_text() == "2026-10"  # last month is what admin staff report
    dialog.pcn.setCurrentIndex(dialog.pcn.findData("Keighley"))
    target = tmp_path / "return.xlsx"
    dialog.save_to.path.setText(str(target))
    dialog.run()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15_000)
    summary = {
        (r[0], r[2]): r[3]
        for r in openpyxl.load_workbook(target)["Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary[("contacts_attended", "all")] == 1  # Grace is in another PCN


def test_choosing_another_month_renames_the_suggested_file(qtbot, store):
    dialog = MonthlyReturnDialog(store, "Admin", today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.month.setDate(QDate(2026, 7, 1))
    assert dialog.save_to.path.text().endswith("Monthly return 2026-07.xlsx")


def test_batch_gp_summaries_for_the_month_of_discharge(qtbot, store, tmp_path, monkeypatch):
    told = []  # the closing message, shown once the whole batch is done
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    dialog = BatchGpSummariesDialog(store, "Admin", today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    dialog.run()
    qtbot.waitUntil(lambda: bool(told), timeout=15_000)
    assert told == ["1 GP summaries written."]
    # Named so admin staff can tell whose is whose (Grace has no NHS number).
    today = date.today().isoformat()
    assert [p.name for p in tmp_path.glob("*.pdf")] == [f"Khan G {today} GP summary.pdf"]
