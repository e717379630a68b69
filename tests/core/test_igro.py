"""iGro star: area and percentage (MEASURES.md), summaries, the arm-lock rule and validation."""

from __future__ import annotations

import copy
import math

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.igro import (
    FULL_STAR_AREA,
    add_rating,
    area_percent,
    arms_locked,
    latest_rated_star,
    mean_score,
    new_star,
    rating_summaries,
    reword_arms,
    star_area,
    star_problems,
    validate_star,
)

SIN72 = math.sin(math.radians(72))
ARMS = ["Being a good grandparent", "Cooking a meal", "Walking to the mosque", "Sleeping", "Garden"]


def star(*ratings: tuple[str, str, list[int]]) -> dict:
    return {
        "id": "s1",
        "client_id": "c1",
        "arms": list(ARMS),
        "ratings": [{"rated_on": d, "label": label, "scores": s} for d, label, s in ratings],
    }


# --- area ---------------------------------------------------------------------------------


def test_all_zero_star_has_no_area():
    assert star_area([0, 0, 0, 0, 0]) == 0
    assert area_percent([0, 0, 0, 0, 0]) == 0


def test_all_ten_is_the_full_star():
    # 1/2 * sin72 * 5 * 10 * 10 = 250 * sin72
    assert FULL_STAR_AREA == pytest.approx(250 * SIN72)
    assert star_area([10] * 5) == pytest.approx(237.7641, abs=1e-4)
    assert area_percent([10] * 5) == pytest.approx(100)


def test_a_single_arm_encloses_nothing():
    # Its neighbours are 0, so every product r_i * r_(i+1) is 0.
    assert area_percent([10, 0, 0, 0, 0]) == 0
    assert area_percent([0, 0, 7, 0, 0]) == 0


def test_two_neighbouring_arms_make_one_triangle():
    # Only 10*10 survives: 100 / 500 of the full star.
    assert area_percent([10, 10, 0, 0, 0]) == pytest.approx(20)
    # The first and last arms are neighbours too (the sum goes round the star).
    assert area_percent([10, 0, 0, 0, 10]) == pytest.approx(20)


def test_mixed_scores_worked_by_hand():
    # 2*4 + 4*6 + 6*8 + 8*10 + 10*2 = 8 + 24 + 48 + 80 + 20 = 180
    assert star_area([2, 4, 6, 8, 10]) == pytest.approx(0.5 * SIN72 * 180)
    assert star_area([2, 4, 6, 8, 10]) == pytest.approx(85.5951, abs=1e-4)
    assert area_percent([2, 4, 6, 8, 10]) == pytest.approx(36)
    # 3*5 + 5*1 + 1*0 + 0*7 + 7*3 = 15 + 5 + 0 + 0 + 21 = 41 -> 8.2 %
    assert area_percent([3, 5, 1, 0, 7]) == pytest.approx(8.2)


def test_mean_of_the_five_scores():
    assert mean_score([2, 4, 6, 8, 10]) == 6
    assert mean_score([3, 5, 1, 0, 7]) == pytest.approx(3.2)


# --- summaries ----------------------------------------------------------------------------


def test_summaries_in_date_order_with_change_from_first_rating():
    s = star(
        ("2026-06-01", "mid", [4, 4, 4, 4, 4]),  # entered before the start rating
        ("2026-01-10", "start", [2, 2, 2, 2, 2]),
        ("2026-09-01", "end", [6, 6, 6, 6, 6]),
    )
    rows = rating_summaries(s)
    assert [r.label for r in rows] == ["start", "mid", "end"]
    # Equal scores r: percent = 5r^2 / 500 * 100 = r^2
    assert [round(r.percent, 6) for r in rows] == [4, 16, 36]
    assert [round(r.percent_change, 6) for r in rows] == [0, 12, 32]
    assert [r.mean_change for r in rows] == [0, 2, 4]


def test_latest_rated_star_ignores_stars_without_ratings():
    old = {**star(("2026-01-10", "start", [1] * 5)), "id": "old"}
    newer = {**star(("2026-03-10", "start", [2] * 5)), "id": "newer"}
    unrated = {**star(), "id": "unrated"}
    assert latest_rated_star([newer, old, unrated])["id"] == "newer"
    assert latest_rated_star([unrated]) is None


# --- the arm-lock rule --------------------------------------------------------------------


def test_arms_can_be_reworded_before_the_second_rating():
    once = star(("2026-01-10", "start", [1, 2, 3, 4, 5]))
    words = ["Playing with my grandchildren", *ARMS[1:]]
    assert not arms_locked(once)
    assert reword_arms(once, words)["arms"][0] == "Playing with my grandchildren"
    assert reword_arms(star(), words)["arms"] == words


def test_after_the_second_rating_a_new_star_must_be_started():
    twice = star(("2026-01-10", "start", [1] * 5), ("2026-04-10", "mid", [2] * 5))
    assert arms_locked(twice)
    with pytest.raises(InvalidInput, match="start a new star"):
        reword_arms(twice, ["Something else", *ARMS[1:]])
    # Saving the same words again is not a rewording.
    assert reword_arms(twice, list(ARMS))["arms"] == ARMS


def test_rewording_returns_a_copy_and_keeps_the_original():
    original = star(("2026-01-10", "start", [1] * 5))
    kept = copy.deepcopy(original)
    reword_arms(original, ["New words", *ARMS[1:]])
    assert original == kept


def test_new_star_starts_unrated_with_trimmed_arms():
    fresh = new_star("s2", "c1", [f"  {a} " for a in ARMS])
    assert fresh == {"id": "s2", "client_id": "c1", "arms": ARMS, "ratings": []}


def test_add_rating_appends_without_touching_earlier_ratings():
    original = star(("2026-01-10", "start", [1] * 5))
    rated = add_rating(original, "2026-04-10", "mid", [2, 3, 4, 5, 6])
    assert rated["ratings"][0] == original["ratings"][0]
    assert rated["ratings"][1] == {
        "rated_on": "2026-04-10",
        "label": "mid",
        "scores": [2, 3, 4, 5, 6],
    }
    assert len(original["ratings"]) == 1
    with pytest.raises(InvalidInput, match="arm 3"):
        add_rating(original, "2026-04-10", "mid", [2, 3, 11, 5, 6])


# --- validation ---------------------------------------------------------------------------


def test_a_valid_star_has_no_problems():
    validate_star(star(("2026-01-10", "start", [0, 10, 5, 5, 5])))
    assert star_problems(star()) == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"arms": ARMS[:4]}, "arms", "exactly 5 arms"),
        ({"arms": [*ARMS[:4], "  "]}, "arms", "arm 5"),
        ({"arms": [*ARMS[:4], None]}, "arms", "arm 5"),
        (
            {"ratings": [{"rated_on": "2026-01-10", "label": "start", "scores": [1, 2, 3, 4]}]},
            "ratings[0].scores",
            "exactly 5 scores",
        ),
        (
            {"ratings": [{"rated_on": "2026-01-10", "label": "start", "scores": [1, 2, 3, 4, 11]}]},
            "ratings[0].scores",
            "arm 5",
        ),
        (
            {"ratings": [{"rated_on": "2026-01-10", "label": "start", "scores": [1, 2, -1, 4, 5]}]},
            "ratings[0].scores",
            "arm 3",
        ),
        (
            {
                "ratings": [
                    {"rated_on": "2026-01-10", "label": "start", "scores": [1, 2.5, 3, 4, 5]}
                ]
            },
            "ratings[0].scores",
            "arm 2",
        ),
        (
            {
                "ratings": [
                    {"rated_on": "2026-01-10", "label": "start", "scores": [True, 2, 3, 4, 5]}
                ]
            },
            "ratings[0].scores",
            "arm 1",
        ),
        (
            {"ratings": [{"rated_on": "10/01/2026", "label": "start", "scores": [1, 2, 3, 4, 5]}]},
            "ratings[0].rated_on",
            "YYYY-MM-DD",
        ),
        (
            {"ratings": [{"rated_on": "2026-01-10", "label": "first", "scores": [1, 2, 3, 4, 5]}]},
            "ratings[0]",
            "label",
        ),
    ],
)
def test_invalid_stars_are_refused_with_field_and_reason(change, field, words):
    bad = {**star(), **change}
    problems = star_problems(bad)
    assert problems and problems[0][0] == field
    assert words in problems[0][1]
    with pytest.raises(InvalidInput, match=words):
        validate_star(bad)
