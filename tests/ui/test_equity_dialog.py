"""Reports ▸ Equity…: the person picks dates and a grouping, sees each group's mean change
beside the whole service's (small groups named, not drawn), and saves the same report as
the command line."""

from datetime import date

import openpyxl
import pytest

from painclinic_desktop.ui.screens.reports.equity_dialog import EquityDialog
from painclinic_desktop.ui.widgets.change_chart import ChangeChart
from tests.factories import new_store, sit_to_stand_caseload

# ten clients: six Pakistani (J), two Indian (H), two White British (A); sit-to-stand +i
pytestmark = pytest.mark.usefixtures("told")  # message boxes answered at once

PEOPLE = {f"p{i}": ("J" if i < 6 else "H" if i < 8 else "A", 10, 10 + i) for i in range(10)}


@pytest.fixture
def store(tmp_path):
    s = new_store(tmp_path / "e.db", sit_to_stand_caseload(PEOPLE, "ethnicity"))
    yield s
    s.close()


def test_show_draws_each_groups_change_and_hides_small_groups(qtbot, store):
    dialog = EquityDialog(store, "Admin", today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.date_from.set_date(date(2026, 1, 1))
    dialog.show_report()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    [chart] = dialog.charts.findChildren(ChangeChart)
    rows = {r["group"]: r for r in chart.rows}
    assert set(rows) == {"H", "J", "A", "all"}
    assert rows["J"]["mean_change"] == pytest.approx(2.5)  # changes 0..5
    assert rows["all"]["mean_change"] == pytest.approx(4.5)  # changes 0..9
    assert rows["H"]["mean_change"] is None and rows["H"]["n"] == "<5"
    assert "not shown" in chart.accessibleDescription()
    reach = {
        dialog.reach.item(r, 0).text(): dialog.reach.item(r, 1).text()
        for r in range(dialog.reach.rowCount())
    }
    assert reach["Asian or Asian British: J Pakistani"] == "6"
    assert reach["Asian or Asian British: H Indian"] == "<5"
    assert reach["All clients"] == "10"


def test_save_writes_the_report_grouped_as_chosen(qtbot, store, tmp_path, told):
    dialog = EquityDialog(store, "Admin", today=date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.date_from.set_date(date(2026, 1, 1))
    dialog.by.setCurrentIndex(dialog.by.findData("ethnic_group"))
    assert "Equity by ethnic_group" in dialog.save_to.path.text()
    target = tmp_path / "equity.xlsx"
    dialog.save_to.path.setText(str(target))
    dialog.save_report()
    # Wait for the "saved as" answer, not only the file: the work ends after the file is
    # written, and its answer must not arrive after the test has closed the dialog.
    qtbot.waitUntil(lambda: any("saved as" in text for text in told), timeout=20_000)
    assert str(target) in told[-1]
    reach = {
        r[0]: r[2] for r in openpyxl.load_workbook(target)["Reach"].iter_rows(values_only=True)
    }
    # Asian 8 (6 + 2), White 2: shown as "<5", and so the 8 is hidden too
    assert reach["asian"] == "[c]" and reach["white"] == "<5" and reach["all"] == 10
