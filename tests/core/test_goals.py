"""Goals: status on a date, history that is only ever added to, and replacing a goal."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.goals import (
    add_review,
    current_goals,
    current_status,
    new_goal,
    replace_goal,
    replaced_on,
    status_on,
)


def goal(*reviews: tuple[str, str], goal_id: str = "g1", set_on: str = "2026-03-01") -> dict:
    return {
        "id": goal_id,
        "client_id": "c1",
        "footstep": 3,
        "text": "Walk to the shop and back without stopping",
        "set_on": set_on,
        "target_on": "2026-06-01",
        "confidence": 6,
        "reviews": [{"reviewed_on": d, "status": s, "note": ""} for d, s in reviews],
    }


# --- status on a date ---------------------------------------------------------------------


def test_status_on_a_date_is_the_latest_review_on_or_before_it():
    g = goal(
        ("2026-03-10", "not_started"), ("2026-04-10", "in_progress"), ("2026-05-10", "achieved")
    )
    assert status_on(g, "2026-03-09") is None  # not reviewed yet
    assert status_on(g, "2026-03-10") == "not_started"  # "on or before" includes the day
    assert status_on(g, "2026-04-30") == "in_progress"
    assert status_on(g, date(2026, 5, 10)) == "achieved"
    assert status_on(g, "2027-01-01") == "achieved"


def test_status_on_does_not_depend_on_the_order_reviews_were_stored():
    g = goal(
        ("2026-05-10", "achieved"), ("2026-03-10", "not_started"), ("2026-04-10", "in_progress")
    )
    assert status_on(g, "2026-04-30") == "in_progress"
    assert current_status(g) == "achieved"


def test_two_reviews_on_one_day_the_later_entered_counts():
    g = goal(("2026-04-10", "in_progress"), ("2026-04-10", "partly_achieved"))
    assert status_on(g, "2026-04-10") == "partly_achieved"
    assert current_status(g) == "partly_achieved"


def test_a_goal_never_reviewed_has_no_status():
    assert current_status(goal()) is None
    assert status_on(goal(), "2026-12-31") is None


def test_a_bad_date_is_refused():
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        status_on(goal(), "10/04/2026")


# --- reviews are only ever added ----------------------------------------------------------


def test_add_review_keeps_every_earlier_review_and_the_original():
    g = goal(("2026-03-10", "not_started"), ("2026-04-10", "in_progress"))
    before = copy.deepcopy(g)
    reviewed = add_review(g, "2026-05-10", "achieved", "walked there and back")
    assert g == before  # not mutated
    assert reviewed["reviews"][:2] == before["reviews"]
    assert reviewed["reviews"][2] == {
        "reviewed_on": "2026-05-10",
        "status": "achieved",
        "note": "walked there and back",
    }


def test_a_late_entered_review_takes_its_place_by_date_and_ties_keep_entry_order():
    g = goal(("2026-03-10", "not_started"), ("2026-05-10", "in_progress"))
    g = add_review(g, "2026-04-01", "in_progress", "entered late")
    g = add_review(g, "2026-05-10", "partly_achieved", "same day, entered after")
    assert [(r["reviewed_on"], r["status"]) for r in g["reviews"]] == [
        ("2026-03-10", "not_started"),
        ("2026-04-01", "in_progress"),
        ("2026-05-10", "in_progress"),
        ("2026-05-10", "partly_achieved"),
    ]
    assert current_status(g) == "partly_achieved"


@pytest.mark.parametrize(
    ("on", "status", "words"),
    [
        ("2026-04-10", "done", "status must be one of"),
        ("2026-04-10", "replaced", "set the new goal"),
        ("2026-02-01", "in_progress", "before the goal was set"),
        ("2026-13-01", "in_progress", "YYYY-MM-DD"),
    ],
)
def test_add_review_refuses_bad_reviews(on, status, words):
    with pytest.raises(InvalidInput, match=words):
        add_review(goal(), on, status)


# --- replacing a goal ---------------------------------------------------------------------


def test_replacing_a_goal_links_the_new_one_and_closes_the_old():
    old = goal(("2026-03-10", "in_progress"))
    before = copy.deepcopy(old)
    closed, new = replace_goal(
        old, "g2", "2026-04-15", "Walk to the park", "2026-07-01", 5, note="too big a step"
    )
    assert old == before  # the caller's record is untouched
    assert closed["reviews"][-1] == {
        "reviewed_on": "2026-04-15",
        "status": "replaced",
        "note": "too big a step",
    }
    assert closed["reviews"][:-1] == before["reviews"]
    assert new["replaces"] == "g1"
    assert (new["id"], new["client_id"], new["footstep"]) == ("g2", "c1", 3)
    assert (new["set_on"], new["target_on"], new["confidence"]) == ("2026-04-15", "2026-07-01", 5)
    assert new["reviews"] == []
    # History still answers for the past: before the replacement the goal was in progress.
    assert status_on(closed, "2026-04-14") == "in_progress"
    assert status_on(closed, "2026-04-15") == "replaced"
    assert replaced_on(closed) == "2026-04-15"


def test_a_replacement_may_move_to_another_footstep():
    _, new = replace_goal(goal(), "g2", "2026-04-15", "Sleep by 11pm", "2026-07-01", 7, footstep=7)
    assert new["footstep"] == 7


def test_a_replaced_goal_cannot_be_replaced_again_or_reviewed_after():
    closed, _ = replace_goal(goal(), "g2", "2026-04-15", "Walk to the park", "2026-07-01", 5)
    with pytest.raises(InvalidInput, match="already replaced on 2026-04-15"):
        replace_goal(closed, "g3", "2026-05-01", "Another", "2026-08-01", 5)
    with pytest.raises(InvalidInput, match="review the new goal"):
        add_review(closed, "2026-05-01", "achieved")
    # A review of the time before the replacement may still be entered late.
    late = add_review(closed, "2026-04-01", "in_progress", "entered late")
    assert current_status(late) == "replaced"


def test_current_goals_leave_out_replaced_ones():
    first, second = goal(goal_id="g1", set_on="2026-03-01"), goal(goal_id="g3", set_on="2026-02-01")
    closed, new = replace_goal(first, "g2", "2026-04-15", "Walk to the park", "2026-07-01", 5)
    assert [g["id"] for g in current_goals([closed, new, second])] == ["g3", "g2"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((11, "Walk", "2026-03-01", "2026-06-01", 5), "footstep"),
        ((3, "  ", "2026-03-01", "2026-06-01", 5), "client's words"),
        ((3, "Walk", "2026-03-01", "2026-06-01", 11), "confidence"),
        ((3, "Walk", "2026-03-01", "2026-06-01", 7.5), "confidence"),
        ((3, "Walk", "2026-03-01", "2026-02-01", 5), "target date"),
    ],
)
def test_new_goal_refuses_bad_values(args, words):
    with pytest.raises(InvalidInput, match=words):
        new_goal("g9", "c1", *args)
