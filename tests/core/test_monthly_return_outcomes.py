"""The Outcomes sheet of the monthly return pairs and scores assessments read as tuples
exactly as ``core/outcomes.py`` does for records (the service evaluation's rules).

The window is the 12 months ending 2026-10-31: 2025-11-01 to 2026-10-31.
"""

from __future__ import annotations

import json
import random

import pytest

from painclinic_desktop.core.monthly_return_common import Period
from painclinic_desktop.core.monthly_return_outcomes import (
    ASSESSMENT_FIELDS,
    assessment_rows,
    clients_with_baseline,
    outcome_rows_from,
)
from painclinic_desktop.core.outcomes import outcome_rows

WINDOW = Period("2025-11-01", "2026-10-31")


def phq9(aid, point, day, answer, created_at=None, client="c"):
    return {
        "id": aid,
        "client_id": client,
        "instrument": "phq9",
        "time_point": point,
        "administered_on": day,
        "items": [answer] * 9,
        "created_at": created_at,
    }


def sts(aid, point, day, count, protocol):
    return {
        "id": aid,
        "client_id": "c",
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
        "protocol": protocol,
    }


def summary(assessments):
    """(n, baseline mean, follow-up mean) of each row, by instrument and time point."""
    found = outcome_rows_from(assessment_rows(assessments), WINDOW)
    return {
        (r.instrument, r.time_point): (
            r.summary.n,
            r.summary.baseline_mean,
            r.summary.followup_mean,
        )
        for r in found
    }


def test_of_two_baselines_on_one_day_the_one_recorded_first_counts():
    found = summary(
        [
            phq9("b1", "baseline", "2026-01-10", 1, "2026-01-10T09:00:00+00:00"),  # total 9
            phq9("b2", "baseline", "2026-01-10", 2, "2026-01-10T08:00:00+00:00"),  # total 18
            phq9("e", "end", "2026-05-01", 0),
        ]
    )
    assert found == {("phq9", "end"): (1, 18, 0)}


def test_same_day_baselines_recorded_at_the_same_time_go_by_id_and_unrecorded_first():
    same_time = "2026-01-10T09:00:00+00:00"
    assert summary(
        [
            phq9("b-2", "baseline", "2026-01-10", 2, same_time),
            phq9("b-1", "baseline", "2026-01-10", 1, same_time),
            phq9("e", "end", "2026-05-01", 0),
        ]
    ) == {("phq9", "end"): (1, 9, 0)}
    assert summary(
        [
            phq9("b-1", "baseline", "2026-01-10", 1, same_time),
            phq9("b-2", "baseline", "2026-01-10", 2, None),  # no recording time sorts first
            phq9("e", "end", "2026-05-01", 0),
        ]
    ) == {("phq9", "end"): (1, 18, 0)}


def test_of_two_follow_ups_on_one_day_the_one_recorded_last_counts():
    same_time = "2026-05-01T09:00:00+00:00"
    assert summary(
        [
            phq9("b", "baseline", "2026-01-10", 3),
            phq9("e1", "end", "2026-05-01", 1, "2026-05-01T10:00:00+00:00"),
            phq9("e2", "end", "2026-05-01", 2, "2026-05-01T09:00:00+00:00"),
        ]
    ) == {("phq9", "end"): (1, 27, 9)}
    assert summary(
        [
            phq9("b", "baseline", "2026-01-10", 3),
            phq9("e-2", "end", "2026-05-01", 2, same_time),
            phq9("e-1", "end", "2026-05-01", 1, same_time),
        ]
    ) == {("phq9", "end"): (1, 27, 18)}


def test_a_follow_up_pairs_only_with_a_baseline_given_on_or_before_it():
    assert (
        summary(
            [
                phq9("b", "baseline", "2026-05-02", 3),
                phq9("e", "end", "2026-05-01", 0),
            ]
        )
        == {}
    )


def test_sit_to_stand_pairs_only_within_one_protocol_and_none_means_30_seconds():
    found = summary(
        [
            sts("b30", "baseline", "2026-01-10", 10, None),
            sts("b60", "baseline", "2026-01-11", 20, "60s"),
            sts("m", "mid", "2026-03-01", 12, ""),  # empty: the default, 30 seconds
            sts("e", "end", "2026-05-01", 25, "60s"),
        ]
    )
    assert found == {("sts", "mid"): (1, 10, 12), ("sts", "end"): (1, 20, 25)}


def test_answers_as_stored_json_text_score_as_the_answers_themselves():
    listed = assessment_rows(
        [
            phq9("b", "baseline", "2026-01-10", 3),
            phq9("e", "end", "2026-05-01", 1) | {"items": [1, 1, 1, 1, None, 1, 1, 1, 1]},
        ]
    )
    as_text = [row[:-1] + (json.dumps(list(row[-1])),) for row in listed]
    assert as_text[1][ASSESSMENT_FIELDS.index("items")] == "[1, 1, 1, 1, null, 1, 1, 1, 1]"
    (row,) = outcome_rows_from(as_text, WINDOW)
    # One missing PHQ-9 answer is prorated: 8 answered, 8 x 9 / 8 = 9.
    assert (row.summary.baseline_mean, row.summary.followup_mean) == (27, 9)
    assert [row] == outcome_rows_from(listed, WINDOW)


def test_answers_out_of_range_are_left_out_not_fatal():
    found = summary(
        [
            phq9("b1", "baseline", "2026-01-10", 3, client="a"),
            phq9("e1", "end", "2026-05-01", 1, client="a"),
            phq9("b2", "baseline", "2026-01-10", 9, client="b"),  # 9 is beyond 0-3
            phq9("e2", "end", "2026-05-01", 1, client="b"),
        ]
    )
    assert found == {("phq9", "end"): (1, 27, 9)}


def test_clients_with_a_baseline_by_month_end():
    rows = assessment_rows(
        [
            phq9("b1", "baseline", "2026-10-31", 1, client="on-the-day"),
            phq9("b2", "baseline", "2026-11-01", 1, client="too-late"),
            phq9("b3", "baseline", "", 1, client="undated"),
            phq9("m", "mid", "2026-01-01", 1, client="follow-up-only"),
        ]
    )
    assert clients_with_baseline(rows, "2026-10-31") == {"on-the-day"}


def _random_assessments(seed: int) -> list[dict]:
    rng = random.Random(seed)
    days = ("2025-10-31", "2025-11-01", "2026-03-01", "2026-10-31", "2026-11-01")
    found = []
    for i in range(400):
        instrument = rng.choice(("phq9", "sts", "gad7"))
        count = {"phq9": 9, "sts": 1, "gad7": 7}[instrument]
        items = [rng.choice((0, 1, 2, 3, None, 3, 2)) for _ in range(count)]
        found.append(
            {
                "id": f"a{rng.randrange(1000):03d}-{i}",
                "client_id": f"c{rng.randrange(12)}",
                "instrument": instrument,
                "time_point": rng.choice(("baseline", "mid", "end", "fu_6m", "review")),
                "administered_on": rng.choice(days),
                "items": items,
                "protocol": rng.choice((None, "", "30s", "60s")),
                "created_at": rng.choice(
                    (None, "2026-01-01T09:00:00+00:00", "2026-01-01T10:00:00+00:00")
                ),
            }
        )
    return found


@pytest.mark.parametrize("seed", range(8))
def test_the_same_rows_as_the_evaluation_pairing_on_crowded_random_assessments(seed):
    assessments = _random_assessments(seed)
    expected = outcome_rows(assessments, WINDOW)
    assert expected  # the generator does make pairs
    assert outcome_rows_from(assessment_rows(assessments), WINDOW) == expected
