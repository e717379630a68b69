"""The evaluation's opioid table: mean OME at baseline and follow-up (paired, p), the number
and percent whose OME fell by 25 % or more, and the number on 120 mg/day or more."""

from pytest import approx

from painclinic_desktop.core import stats
from painclinic_desktop.core.evaluation_ome import COLUMNS, compute_ome_evaluation
from painclinic_desktop.core.ome import default_table

TABLE = default_table()


def item(client, drug, dose, times, started, stopped=None, route="oral"):
    return {
        "client_id": client,
        "drug": drug,
        "route": route,
        "dose": dose,
        "times_per_day": times,
        "started_on": started,
        "stopped_on": stopped,
    }


ITEMS = [
    # a: 120 -> 60 (fell by half; high dose at baseline only)
    item("a", "morphine", 60, 2, "2026-01-10", stopped="2026-03-01"),
    item("a", "morphine", 30, 2, "2026-03-01"),
    # b: 60 -> 48 (fell by a fifth: not a quarter)
    item("b", "oxycodone", 20, 2, "2026-02-01", stopped="2026-04-01"),
    item("b", "oxycodone", 16, 2, "2026-04-01"),
    # c: 24 -> 0 (stopped altogether)
    item("c", "codeine", 60, 4, "2026-01-20", stopped="2026-05-01"),
    # d: methadone: never compared, counted apart
    item("d", "methadone", 30, 1, "2026-02-01"),
    # e: first recorded too late in the range to follow up
    item("e", "morphine", 10, 2, "2026-06-20"),
    # f: no opioid at all
    item("f", None, 500, 4, "2026-01-01"),
]


def test_the_opioid_table_worked_by_hand():
    sheet = compute_ome_evaluation(ITEMS, TABLE, "2026-01-01", "2026-07-01")
    row = dict(zip(COLUMNS, sheet.rows[0], strict=True))
    assert row["n"] == 3
    assert row["baseline_mean"] == approx((120 + 60 + 24) / 3)
    assert row["followup_mean"] == approx((60 + 48 + 0) / 3)
    assert row["p_value"] == approx(stats.paired_t_test_p([120, 60, 24], [60, 48, 0]))
    assert (row["n_fell_25_percent"], row["percent_fell_25_percent"]) == (2, approx(200 / 3))
    assert (row["n_120_or_more_baseline"], row["n_120_or_more_followup"]) == (1, 0)
    assert row["n_not_comparable"] == 1
    assert "PainClinic default UK OME table" in sheet.notes[0]


def test_a_fall_of_exactly_a_quarter_counts():
    items = [
        item("a", "morphine", 50, 2, "2026-01-10", stopped="2026-03-01"),
        item("a", "morphine", 75, 1, "2026-03-01"),
    ]
    row = dict(zip(COLUMNS, compute_ome_evaluation(items, TABLE, "2026-01-01", "2026-07-01")
                   .rows[0], strict=True))  # fmt: skip
    assert row["n_fell_25_percent"] == 1


def test_no_clients_on_opioids_gives_an_empty_row_not_an_error():
    sheet = compute_ome_evaluation([], TABLE, "2026-01-01", "2026-07-01")
    row = dict(zip(COLUMNS, sheet.rows[0], strict=True))
    assert row["n"] == 0 and row["baseline_mean"] is None and row["percent_fell_25_percent"] is None
