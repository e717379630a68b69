"""The Outcomes section of the client record: charts plot the scores, the table says the same,
a new assessment starts from here, and a risk answer shows on the record and the caseload."""

from datetime import date

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui import words
from painclinic_desktop.ui.main_window import MainWindow
from painclinic_desktop.ui.screens.outcomes.state import build_trends
from painclinic_desktop.ui.screens.outcomes.view import OutcomesSection
from painclinic_desktop.ui.widgets.trend_chart import TrendChart
from tests.factories import assessment, bundle, client, referral, uid
from tests.ui.test_outcomes_state import PHQ9

CLIENT = uid("ayesha")
GAD7 = assessment(
    "g0", instrument="gad7", administered_on="2026-01-10", items=[3, 2, 2, 2, 2, 2, 2]
)  # 15, severe


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "o.db", create=True)
    import_bundle(
        s, bundle(clients=[client("ayesha")], referrals=[referral("r1")], assessments=[*PHQ9, GAD7])
    )
    yield s
    s.close()


@pytest.fixture
def window(qtbot, store):
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    main.open_client(CLIENT)
    return main


def _section(window) -> OutcomesSection:
    section = next(s for s in window.record.sections if isinstance(s, OutcomesSection))
    window.record.tabs.setCurrentWidget(section)
    return section


def test_the_chart_plots_exactly_the_scores_and_marks_the_mid(qtbot):
    phq9 = next(s for s in build_trends(PHQ9) if s.instrument == "phq9")
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_series(phq9)
    assert chart.values() == [16, 8, 10, 11]  # the totals worked out by hand
    assert chart.marked("baseline") == [0]
    assert chart.marked("reached") == [1, 2]  # falls of 8 and 6 (MID 6)
    assert chart.marked("not_reached") == [3]  # a fall of 5
    bands = [name for _, name in chart.item.getAxis("right")._tickLevels[0]]
    assert bands == ["minimal", "mild", "moderate", "moderately severe", "severe"]
    assert "lower is better" in chart.title.text()


def test_band_shading_puts_whole_number_scores_inside_their_band(qtbot):
    phq9 = next(s for s in build_trends(PHQ9) if s.instrument == "phq9")
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_series(phq9)
    regions = [i.getRegion() for i in chart.item.items if isinstance(i, pg.LinearRegionItem)]
    # minimal 0-4, mild 5-9, ...: edges half-way, so a total of 5 is never drawn on an edge
    assert sorted(regions) == [(0, 4.5), (4.5, 9.5), (9.5, 14.5), (14.5, 19.5), (19.5, 27)]


def test_the_record_shows_one_chart_per_score_and_a_table_of_the_same_numbers(window):
    section = _section(window)
    assert [c.series.instrument for c in section.charts] == ["phq9", "gad7"]
    assert section.charts[0].values() == [16, 8, 10, 11]
    assert section.charts[1].values() == [15]
    model = section.model
    column = {
        name: i
        for i, name in enumerate(
            ("measure", "date", "time_point", "score", "band", "change", "mid")
        )
    }

    def cell(row, name):
        return model.data(model.index(row, column[name]))

    assert model.rowCount() == 5
    assert [cell(r, "score") for r in range(4)] == ["16", "8", "10", "11"]
    assert cell(1, "change") == "−8 (better) from 10-Jan-2026" and cell(1, "mid") == "Yes ★"
    assert cell(3, "change") == "−5 (better) from 10-Jan-2026" and cell(3, "mid") == "Not yet"
    assert cell(4, "band") == "severe" and cell(0, "date") == "10-Jan-2026"


def test_a_new_assessment_with_a_risk_answer_flags_the_record_and_the_caseload(qtbot, window):
    section = _section(window)
    section.new_button.click()
    dialog = section.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.state.time_point is None  # a follow-up: the time point must be chosen
    assert dialog.state.chosen == ["phq9", "gad7"]  # the questionnaires of the baseline
    dialog.page_for["start"].ticks["gad7"].click()
    dialog.page_for["start"].time_buttons["end"].click()
    while dialog.state.current_step != "phq9":
        dialog.next.click()
    for digit in "000000002":
        qtbot.keyClick(dialog.page_for["phq9"], getattr(Qt.Key, f"Key_{digit}"))
    dialog.go_to("summary")
    dialog.summary_safety.tick.click()
    dialog.finish.click()

    header_words = [w.text() for w in window.record.findChildren(type(section.status))]
    assert words.flag("risk") in header_words
    section = _section(window)
    assert section.charts[0].values() == [16, 8, 10, 11, 2]
    assert "RISK flag" in section.status.text()
    qtbot.waitUntil(
        lambda: any(
            r.client_id == CLIENT and "risk" in r.flags for r in window.caseload.state.rows
        ),
        timeout=5000,
    )


def test_an_unfinished_assessment_is_offered_and_not_counted(qtbot, window):
    section = _section(window)
    section.new_button.click()
    dialog = section.dialog
    dialog.page_for["start"].time_buttons["mid"].click()
    dialog.close()
    assert section.new_button.text() == "Carry on with the unfinished assessment…"
    assert section.model.rowCount() == 5  # nothing from the draft
    section.new_button.click()
    assert section.dialog.resumed.isVisible() and section.dialog.state.time_point == "mid"


def test_a_client_without_questionnaires_gets_a_plain_explanation(qtbot, store):
    import_bundle(store, bundle(clients=[client("bilal", nhs_number=None)]))
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.open_client(uid("bilal"))
    section = _section(main)
    assert section.charts == [] and "No questionnaires" in section.empty.text()


def test_the_shortcut_opens_the_assessment(qtbot, window):
    section = _section(window)
    window.activateWindow()
    qtbot.keyClick(
        window.record,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert section.dialog is not None


def test_the_assessment_date_defaults_to_today(window):
    section = _section(window)
    section.new_button.click()
    assert section.dialog.state.administered_on == date.today().isoformat()
    section.dialog.close()
