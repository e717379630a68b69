"""The service evaluation table for a chosen date range."""

from __future__ import annotations

import math
from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.evaluation import COLUMNS, compute_evaluation
from painclinic_desktop.core.measures import MeasureSettings


def gad7(aid, client, point, day, answer):
    return {
        "id": aid,
        "client_id": client,
        "instrument": "gad7",
        "time_point": point,
        "administered_on": day,
        "items": [answer] * 7,
    }


@pytest.fixture
def caseload():
    return {
        "clients": [{"id": "a", "pcn": "North"}, {"id": "b", "pcn": "South"}, {"id": "c"}],
        "assessments": [
            gad7("ab", "a", "baseline", "2026-01-05", 3),  # 21
            gad7("ae", "a", "fu_6m", "2026-07-01", 1),  # 7: change -14
            gad7("bb", "b", "baseline", "2026-02-05", 2),  # 14
            gad7("be", "b", "fu_6m", "2026-08-31", 2),  # 14: change 0
            gad7("cb", "c", "baseline", "2026-02-05", 2),  # 14
            gad7("ce", "c", "fu_6m", "2026-09-01", 0),  # the day after the range
        ],
    }


def test_columns_and_row_worked_by_hand(caseload):
    sheet = compute_evaluation(caseload, "2026-03-01", "2026-08-31")
    assert sheet.columns == COLUMNS == [
        "instrument", "score", "time_point", "n", "baseline_mean", "baseline_sd",
        "followup_mean", "followup_sd", "mean_change", "p_value", "d_z", "n_mid_reached",
        "percent_mid_reached", "mid", "mid_met",
    ]  # fmt: skip
    (row,) = sheet.rows
    # baselines 21, 14; follow-ups 7, 14; differences -14, 0: mean -7, SD sqrt(98);
    # t = -7 / (sqrt(98) / sqrt(2)) = -1 with df 1, so p = 1 - 2·atan(1)/pi = 0.5
    assert row[:4] == ["gad7", "total", "fu_6m", 2]
    assert row[4] == 17.5 and row[5] == pytest.approx(math.sqrt(24.5))
    assert row[6] == 10.5 and row[7] == pytest.approx(math.sqrt(24.5))
    assert row[8] == -7
    assert row[9] == pytest.approx(0.5)
    assert row[10] == pytest.approx(-7 / math.sqrt(98))
    assert row[11:13] == [1, 50.0]  # a: -14 reaches the MID of -4; b: no change
    assert row[13:] == [-4, "yes"]  # the mean change, -7, is at least the MID


def test_sentence_names_the_formulas(caseload):
    notes = " ".join(compute_evaluation(caseload, "2026-01-01", "2026-12-31").notes)
    assert "paired t-test" in notes and "two-sided" in notes and "df = n - 1" in notes
    assert "d_z = mean difference / SD of differences" in notes


def test_dates_may_be_dates(caseload):
    as_text = compute_evaluation(caseload, "2026-03-01", "2026-09-01")
    as_dates = compute_evaluation(caseload, date(2026, 3, 1), date(2026, 9, 1))
    assert as_text.rows == as_dates.rows
    assert as_text.rows[0][3] == 3  # the range now holds c's follow-up too


def test_mid_settings_and_pcn(caseload):
    strict = MeasureSettings(mids={("gad7", "total"): -15})
    assert compute_evaluation(caseload, "2026-01-01", "2026-08-31", strict).rows[0][11] == 0
    north = compute_evaluation(caseload, "2026-01-01", "2026-12-31", pcn="North")
    assert north.rows[0][3] == 1


def test_bad_ranges_are_refused(caseload):
    with pytest.raises(InvalidInput):
        compute_evaluation(caseload, "2026-09-01", "2026-08-31")
    with pytest.raises(InvalidInput):
        compute_evaluation(caseload, "1 March", "2026-08-31")


def test_no_pairs_no_rows(caseload):
    assert compute_evaluation(caseload, "2020-01-01", "2020-12-31").rows == []


def bpi(aid, client, point, day, worst, average):
    # items in MEASURES.md's order: worst, least, average, now, then seven interference items
    return {
        "id": aid,
        "client_id": client,
        "instrument": "bpi",
        "time_point": point,
        "administered_on": day,
        "items": [worst, 2, average, 3, 4, 4, 4, 4, 4, 4, 4],
    }


def test_bpi_worst_and_average_pain_are_rows_of_their_own():
    caseload = {
        "clients": [{"id": "a"}, {"id": "b"}],
        "assessments": [
            bpi("ab", "a", "baseline", "2026-01-05", 9, 7),
            bpi("ae", "a", "end", "2026-04-05", 6, 6),  # worst -3, average -1
            bpi("bb", "b", "baseline", "2026-01-05", 8, 5),
            bpi("be", "b", "end", "2026-04-05", 8, 5),  # no change
        ],
    }
    sheet = compute_evaluation(caseload, "2026-01-01", "2026-12-31")
    rows = {row[1]: row for row in sheet.rows}
    scores = [row[1] for row in sheet.rows]
    assert scores == ["severity", "interference", "worst", "average"]  # after the BPI means
    worst, average = rows["worst"], rows["average"]
    assert (worst[4], worst[6], worst[8]) == (8.5, 7.0, -1.5)
    assert worst[11:] == [1, 50.0, -1, "yes"]  # a's -3 reaches -1; the mean -1.5 does too
    assert (average[4], average[6], average[8]) == (6.0, 5.5, -0.5)
    assert average[11:] == [1, 50.0, -1, "no"]  # a's -1 reaches it; the mean -0.5 does not
