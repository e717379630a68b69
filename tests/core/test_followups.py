"""Follow-ups due 10 weeks, 6 months and 12 months after an episode ends, worked by hand."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.followups import due_date, follow_ups_due


def test_due_dates_by_hand():
    ended = date(2026, 8, 31)
    assert due_date(ended, "fu_10w") == date(2026, 11, 9)  # 70 days on
    assert due_date(ended, "fu_6m") == date(2027, 2, 28)  # no 31 February: the month's end
    assert due_date(ended, "fu_12m") == date(2027, 8, 31)
    assert due_date(date(2027, 8, 31), "fu_6m") == date(2028, 2, 29)  # a leap year


def test_the_window_lists_each_due_follow_up_and_whether_it_came_back():
    discharges = [
        {"client_id": "a", "discharged_on": "2026-08-31"},  # 10 weeks: 9 Nov
        {"client_id": "b", "discharged_on": "2026-05-15"},  # 6 months: 15 Nov
        {"client_id": "c", "discharged_on": "2025-11-20"},  # 12 months: 20 Nov
        {"client_id": "d", "discharged_on": "2026-10-01"},  # 10 weeks: 10 Dec, outside
    ]
    assessments = [
        {"client_id": "a", "time_point": "fu_10w", "administered_on": "2026-11-12"},
        {"client_id": "b", "time_point": "fu_6m", "administered_on": "2026-04-01"},  # before end
        {"client_id": "c", "time_point": "fu_6m", "administered_on": "2026-05-20"},  # other point
    ]
    found = follow_ups_due(discharges, assessments, "2026-11-01", "2026-11-30")
    assert [(f.client_id, f.time_point, f.due_on, f.returned_on) for f in found] == [
        ("a", "fu_10w", "2026-11-09", "2026-11-12"),
        ("b", "fu_6m", "2026-11-15", None),  # an answer from before this episode ended
        ("c", "fu_12m", "2026-11-20", None),
    ]


def test_a_window_ending_before_it_starts_is_refused():
    with pytest.raises(InvalidInput):
        follow_ups_due([], [], "2026-12-01", "2026-11-01")


def test_answers_about_self_management_are_counted_per_follow_up():
    from painclinic_desktop.core.followups import strategies_at_follow_up

    discharges = [
        {
            "client_id": "a",
            "discharged_on": "2026-01-31",
            "follow_up_strategies": {"fu_10w": "yes", "fu_6m": "partly"},
        },  # due 11 Apr, 31 Jul
        {
            "client_id": "b",
            "discharged_on": "2026-02-28",
            "follow_up_strategies": {"fu_10w": "no"},
        },  # due 9 May
        {"client_id": "c", "discharged_on": "2026-03-15", "follow_up_strategies": None},
        {
            "client_id": "d",
            "discharged_on": "2025-01-10",
            "follow_up_strategies": {"fu_10w": "yes"},
        },  # due in 2025: outside
    ]
    found = strategies_at_follow_up(discharges, "2026-01-01", "2026-12-31")
    assert found == {
        "fu_10w": {"yes": 1, "partly": 0, "no": 1},
        "fu_6m": {"yes": 0, "partly": 1, "no": 0},
        "fu_12m": {"yes": 0, "partly": 0, "no": 0},
    }
