"""Dates shown the NHS way, and dates read as people type them, refused rather than guessed."""

from datetime import date, datetime

import pytest

from painclinic_desktop.core import dates
from painclinic_desktop.core.dates import nhs_date, nhs_datetime, parse_typed_date

TODAY = date(2026, 12, 6)


def test_dates_and_times_are_shown_one_way():
    assert nhs_date("2026-12-06") == "06-Dec-2026"
    assert nhs_date(date(2026, 1, 31)) == "31-Jan-2026"
    assert nhs_datetime("2026-12-06T14:05:00+00:00") == "06-Dec-2026 14:05"
    assert nhs_datetime(datetime(2026, 12, 6, 9, 7)) == "06-Dec-2026 09:07"
    assert nhs_datetime(date(2026, 12, 6)) == "06-Dec-2026"
    assert nhs_date(None) == "" and nhs_date("") == ""


@pytest.mark.parametrize(
    "typed",
    [
        "28/12/2026",
        "28-12-2026",
        "28.12.2026",
        "28-Dec-2026",
        "28 dec 2026",
        "28 December 2026",
        "2026-12-28",
        " 28/12/2026 ",
    ],
)
def test_the_usual_ways_of_typing_a_date_are_read(typed):
    assert parse_typed_date(typed).day == date(2026, 12, 28)


def test_single_digit_days_and_months_are_read():
    assert parse_typed_date("2/8/2026").day == date(2026, 8, 2)


def test_a_two_digit_year_is_read_only_when_one_century_fits():
    assert parse_typed_date("28/11/26", date(2026, 1, 1), TODAY).day == date(2026, 11, 28)
    born = date(1900, 1, 1)
    assert parse_typed_date("03/04/45", born, TODAY).day == date(1945, 4, 3)  # 2045 is to come
    # a date of birth: 1920 or 2020? — refused, not guessed
    assert parse_typed_date("03/04/20", born, TODAY).problem == dates.YEAR_IN_FULL
    assert parse_typed_date("03/04/45").problem == dates.YEAR_IN_FULL


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", dates.EMPTY),
        ("tomorrow", dates.NOT_A_DATE),
        ("31/02/2026", dates.NOT_REAL),
        ("12/Foo/2026", dates.NOT_A_MONTH),
        ("12/13/2026", dates.NOT_REAL),
    ],
)
def test_what_is_not_a_date_is_refused_with_a_reason(typed, problem):
    found = parse_typed_date(typed)
    assert found.day is None and found.problem == problem


def test_a_date_outside_the_range_is_refused_never_clamped():
    found = parse_typed_date("20/12/2027", latest=TODAY)
    assert found.day is None and found.problem == dates.TOO_LATE
    assert found.refused == date(2027, 12, 20)
    early = parse_typed_date("01/01/1850", earliest=date(1900, 1, 1))
    assert early.day is None and early.problem == dates.TOO_EARLY
