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
