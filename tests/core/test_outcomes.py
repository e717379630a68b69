"""Pairing baseline and follow-up assessments, and the outcome rows built from the pairs."""

from __future__ import annotations

import json
import math
import random

import pytest

from painclinic_desktop.core import outcomes
from painclinic_desktop.core.measures import MeasureSettings
from painclinic_desktop.core.monthly_return.common import Period
from painclinic_desktop.core.outcomes import (
    ASSESSMENT_FIELDS,
    ID,
    ScoreCache,
    assessment_rows,
    clients_with_baseline,
    pair_rows,
)

WINDOW = Period("2026-01-01", "2026-12-31")


def outcome_rows(records, window, settings=None, cache=None):
    return outcomes.outcome_rows(assessment_rows(records), window, settings, cache)


def pair_assessments(records, window):
    return pair_rows(assessment_rows(records), window)


def phq9(aid, client, point, day, answer, **extra):
    """A PHQ-9 with every item answered ``answer`` (total 9 × answer) unless items given."""
    items = extra.pop("items", [answer] * 9)
    return {
        "id": aid,
        "client_id": client,
        "instrument": "phq9",
        "time_point": point,
        "administered_on": day,
        "items": items,
        **extra,
    }


def sts(aid, client, point, day, count, protocol=None):
    record = {
        "id": aid,
        "client_id": client,
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
    }
    if protocol:
        record["protocol"] = protocol
    return record


def by_key(rows):
    return {(r.instrument, r.score, r.time_point): r for r in rows}


@pytest.fixture
def assessments():
    return [
        # A: earliest baseline 18 wins over a later 27; of two end follow-ups the later (0) wins.
        phq9("a-b1", "A", "baseline", "2026-01-10", 2),
        phq9("a-b2", "A", "baseline", "2026-02-01", 3),
        phq9("a-e1", "A", "end", "2026-03-01", 1),
        phq9("a-e2", "A", "end", "2026-04-01", 0),
        # B: earliest baseline has 3 unanswered items (no total): excluded, not replaced.
        phq9("b-b1", "B", "baseline", "2026-01-05", 2, items=[2] * 6 + [None] * 3),
        phq9("b-b2", "B", "baseline", "2026-01-20", 3),
        phq9("b-e", "B", "end", "2026-05-01", 1),
        # C: end follow-up the day before the window; 6-month follow-up inside it.
        phq9("c-b", "C", "baseline", "2025-06-01", 3),
        phq9("c-e", "C", "end", "2025-12-31", 0),
        phq9("c-6m", "C", "fu_6m", "2026-06-01", 2),
        # D: baseline given after the follow-up: no pair.
        phq9("d-e", "D", "end", "2026-02-01", 1),
        phq9("d-b", "D", "baseline", "2026-03-01", 3),
        # E: 18 -> 13 (change -5, short of the MID of -6).
        phq9("e-b", "E", "baseline", "2026-01-01", 2),
        phq9("e-e", "E", "end", "2026-06-30", 0, items=[2, 2, 2, 2, 1, 1, 1, 1, 1]),
        # G: the 60 s follow-up pairs with the 60 s baseline, not the earlier 30 s one.
        sts("g-b30", "G", "baseline", "2026-01-01", 10),
        sts("g-b60", "G", "baseline", "2026-01-02", 20, protocol="60s"),
        sts("g-e", "G", "end", "2026-05-01", 24, protocol="60s"),
        # H: a 30 s follow-up (no protocol recorded) and only a 60 s baseline: never paired.
        sts("h-b60", "H", "baseline", "2026-01-01", 22, protocol="60s"),
        sts("h-e", "H", "end", "2026-05-01", 12),
    ]


def test_pairs_chosen(assessments):
    pairs = {
        (p.client_id, p.instrument, p.time_point): p for p in pair_assessments(assessments, WINDOW)
    }
    chosen = {key: (p.baseline[ID], p.followup[ID]) for key, p in pairs.items()}
    assert chosen == {
        ("A", "phq9", "end"): ("a-b1", "a-e2"),
        ("B", "phq9", "end"): ("b-b1", "b-e"),
        ("C", "phq9", "fu_6m"): ("c-b", "c-6m"),
        ("E", "phq9", "end"): ("e-b", "e-e"),
        ("G", "sts", "end"): ("g-b60", "g-e"),
    }


def test_phq9_end_row_worked_by_hand(assessments):
    row = by_key(outcome_rows(assessments, WINDOW))[("phq9", "total", "end")]
    s = row.summary
    # A 18 -> 0, E 18 -> 13; B excluded (invalid earliest baseline).
    assert s.n == 2
    assert s.baseline_mean == 18
    assert s.baseline_sd == 0
    assert s.followup_mean == 6.5
    assert s.followup_sd == pytest.approx(math.sqrt(84.5))  # (6.5² + 6.5²) / 1
    assert s.mean_change == -11.5
    # differences -18, -5: SD sqrt(84.5); t = -11.5 / (sqrt(84.5)/sqrt(2)) = -1.76923;
    # with one degree of freedom t is Cauchy: p = 1 - 2·atan(|t|)/pi.
    t = 11.5 / (math.sqrt(84.5) / math.sqrt(2))
    assert s.p_value == pytest.approx(1 - 2 * math.atan(t) / math.pi)
    assert s.d_z == pytest.approx(-11.5 / math.sqrt(84.5))
    assert row.n_mid_reached == 1  # A: -18 reaches -6; E: -5 does not
    assert row.percent_mid_reached == 50.0


def test_rows_only_where_a_pair_exists(assessments):
    keys = set(by_key(outcome_rows(assessments, WINDOW)))
    assert keys == {
        ("phq9", "total", "end"),
        ("phq9", "total", "fu_6m"),
        ("sts", "count", "end"),
    }


def test_single_pair_has_no_sd_or_p(assessments):
    rows = by_key(outcome_rows(assessments, WINDOW))
    c = rows[("phq9", "total", "fu_6m")].summary
    assert (c.n, c.baseline_mean, c.followup_mean, c.mean_change) == (1, 27, 18, -9)
    assert c.baseline_sd is None and c.followup_sd is None
    assert c.p_value is None and c.d_z is None
    g = rows[("sts", "count", "end")]
    assert (g.summary.baseline_mean, g.summary.followup_mean) == (20, 24)
    assert g.n_mid_reached == 1  # +4 stands reaches the +2 MID


def test_service_mid_setting_is_used(assessments):
    settings = MeasureSettings(mids={("phq9", "total"): -4})
    row = by_key(outcome_rows(assessments, WINDOW, settings))[("phq9", "total", "end")]
    assert row.n_mid_reached == 2  # E's -5 now reaches a MID of -4


def test_each_score_of_an_instrument_needs_its_own_valid_pair():
    bpi = [
        {
            "id": "f-b",
            "client_id": "F",
            "instrument": "bpi",
            "time_point": "baseline",
            "administered_on": "2026-02-01",
            "items": [6, 4, 5, 5] + [5] * 7,  # severity 5, interference 5
        },
        {
            "id": "f-10w",
            "client_id": "F",
            "instrument": "bpi",
            "time_point": "fu_10w",
            "administered_on": "2026-05-01",
            # severity 3; interference has 3 of 7 answered (needs 4): no score
            "items": [4, 2, 3, 3, 4, None, None, None, None, 4, 4],
        },
    ]
    rows = by_key(outcome_rows(bpi, WINDOW))
    assert set(rows) == {("bpi", "severity", "fu_10w")}
    severity = rows[("bpi", "severity", "fu_10w")]
    assert (severity.summary.baseline_mean, severity.summary.followup_mean) == (5, 3)
    assert severity.n_mid_reached == 1  # lower is better: a fall of 2 reaches the MID of -1


def test_same_day_follow_ups_latest_recorded_wins():
    records = [
        phq9("x-b", "X", "baseline", "2026-01-01", 3),
        phq9("x-2", "X", "mid", "2026-03-01", 1, created_at="2026-03-01T15:00:00+00:00"),
        phq9("x-1", "X", "mid", "2026-03-01", 2, created_at="2026-03-01T09:00:00+00:00"),
    ]
    (pair,) = pair_assessments(records, WINDOW)
    assert pair.followup[ID] == "x-2"


def test_follow_up_on_window_edges_counts():
    records = [
        phq9("y-b", "Y", "baseline", "2025-01-01", 3),
        phq9("y-mid", "Y", "mid", "2026-01-01", 2),
        phq9("y-end", "Y", "end", "2026-12-31", 1),
        phq9("y-12m", "Y", "fu_12m", "2027-01-01", 0),
    ]
    points = {p.time_point for p in pair_assessments(records, WINDOW)}
    assert points == {"mid", "end"}


def test_each_assessment_scored_once(monkeypatch, assessments):
    calls = []
    real = outcomes.score_values

    def counting(instrument, items):
        calls.append(instrument)
        return real(instrument, items)

    monkeypatch.setattr(outcomes, "score_values", counting)
    # One baseline paired with follow-ups at all five time points.
    records = [phq9("z-b", "Z", "baseline", "2026-01-01", 3)] + [
        phq9(f"z-{p}", "Z", p, "2026-06-01", 1) for p in ("mid", "end", "fu_10w", "fu_6m", "fu_12m")
    ]
    cache = ScoreCache()
    outcome_rows(records, WINDOW, cache=cache)
    assert len(calls) == 2  # the baseline and one distinct set of follow-up answers
    outcome_rows(records, WINDOW, cache=cache)
    assert len(calls) == 2  # a kept cache is reused
    records[0] = {**records[0], "items": [2] * 9}  # edited answers are scored afresh
    rows = outcome_rows(records, WINDOW, cache=cache)
    assert len(calls) == 3
    assert rows[0].summary.baseline_mean == 18


def test_damaged_items_are_left_out_not_fatal():
    records = [
        phq9("w-b", "W", "baseline", "2026-01-01", 3, items=[9] * 9),  # outside 0-3
        phq9("w-e", "W", "end", "2026-06-01", 1),
    ]
    assert outcome_rows(records, WINDOW) == []


# The monthly return's window: the 12 months ending 2026-10-31.
YEAR = Period("2025-11-01", "2026-10-31")


def one_phq9(aid, point, day, answer, created_at=None, client="c"):
    return {
        "id": aid,
        "client_id": client,
        "instrument": "phq9",
        "time_point": point,
        "administered_on": day,
        "items": [answer] * 9,
        "created_at": created_at,
    }


def one_sts(aid, point, day, count, protocol):
    return {
        "id": aid,
        "client_id": "c",
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
        "protocol": protocol,
    }


def year_summary(assessments):
    """(n, baseline mean, follow-up mean) of each row, by instrument and time point."""
    found = outcomes.outcome_rows(assessment_rows(assessments), YEAR)
    return {
        (r.instrument, r.time_point): (
            r.summary.n,
            r.summary.baseline_mean,
            r.summary.followup_mean,
        )
        for r in found
    }


def test_of_two_baselines_on_one_day_the_one_recorded_first_counts():
    found = year_summary(
        [
            one_phq9("b1", "baseline", "2026-01-10", 1, "2026-01-10T09:00:00+00:00"),  # total 9
            one_phq9("b2", "baseline", "2026-01-10", 2, "2026-01-10T08:00:00+00:00"),  # total 18
            one_phq9("e", "end", "2026-05-01", 0),
        ]
    )
    assert found == {("phq9", "end"): (1, 18, 0)}


def test_same_day_baselines_recorded_at_the_same_time_go_by_id_and_unrecorded_first():
    same_time = "2026-01-10T09:00:00+00:00"
    assert year_summary(
        [
            one_phq9("b-2", "baseline", "2026-01-10", 2, same_time),
            one_phq9("b-1", "baseline", "2026-01-10", 1, same_time),
            one_phq9("e", "end", "2026-05-01", 0),
        ]
    ) == {("phq9", "end"): (1, 9, 0)}
    assert year_summary(
        [
            one_phq9("b-1", "baseline", "2026-01-10", 1, same_time),
            one_phq9("b-2", "baseline", "2026-01-10", 2, None),  # no recording time sorts first
            one_phq9("e", "end", "2026-05-01", 0),
        ]
    ) == {("phq9", "end"): (1, 18, 0)}


def test_of_two_follow_ups_on_one_day_the_one_recorded_last_counts():
    same_time = "2026-05-01T09:00:00+00:00"
    assert year_summary(
        [
            one_phq9("b", "baseline", "2026-01-10", 3),
            one_phq9("e1", "end", "2026-05-01", 1, "2026-05-01T10:00:00+00:00"),
            one_phq9("e2", "end", "2026-05-01", 2, "2026-05-01T09:00:00+00:00"),
        ]
    ) == {("phq9", "end"): (1, 27, 9)}
    assert year_summary(
        [
            one_phq9("b", "baseline", "2026-01-10", 3),
            one_phq9("e-2", "end", "2026-05-01", 2, same_time),
            one_phq9("e-1", "end", "2026-05-01", 1, same_time),
        ]
    ) == {("phq9", "end"): (1, 27, 18)}


def test_a_follow_up_pairs_only_with_a_baseline_given_on_or_before_it():
    assert (
        year_summary(
            [
                one_phq9("b", "baseline", "2026-05-02", 3),
                one_phq9("e", "end", "2026-05-01", 0),
            ]
        )
        == {}
    )


def test_sit_to_stand_pairs_only_within_one_protocol_and_none_means_30_seconds():
    found = year_summary(
        [
            one_sts("b30", "baseline", "2026-01-10", 10, None),
            one_sts("b60", "baseline", "2026-01-11", 20, "60s"),
            one_sts("m", "mid", "2026-03-01", 12, ""),  # empty: the default, 30 seconds
            one_sts("e", "end", "2026-05-01", 25, "60s"),
        ]
    )
    assert found == {("sts", "mid"): (1, 10, 12), ("sts", "end"): (1, 20, 25)}


def test_answers_as_stored_json_text_score_as_the_answers_themselves():
    listed = assessment_rows(
        [
            one_phq9("b", "baseline", "2026-01-10", 3),
            one_phq9("e", "end", "2026-05-01", 1) | {"items": [1, 1, 1, 1, None, 1, 1, 1, 1]},
        ]
    )
    as_text = [row[:-1] + (json.dumps(list(row[-1])),) for row in listed]
    assert as_text[1][ASSESSMENT_FIELDS.index("items")] == "[1, 1, 1, 1, null, 1, 1, 1, 1]"
    (row,) = outcomes.outcome_rows(as_text, YEAR)
    # One missing PHQ-9 answer is prorated: 8 answered, 8 x 9 / 8 = 9.
    assert (row.summary.baseline_mean, row.summary.followup_mean) == (27, 9)
    assert [row] == outcomes.outcome_rows(listed, YEAR)


def test_answers_out_of_range_are_left_out_not_fatal():
    found = year_summary(
        [
            one_phq9("b1", "baseline", "2026-01-10", 3, client="a"),
            one_phq9("e1", "end", "2026-05-01", 1, client="a"),
            one_phq9("b2", "baseline", "2026-01-10", 9, client="b"),  # 9 is beyond 0-3
            one_phq9("e2", "end", "2026-05-01", 1, client="b"),
        ]
    )
    assert found == {("phq9", "end"): (1, 27, 9)}


def test_clients_with_a_baseline_by_month_end():
    rows = assessment_rows(
        [
            one_phq9("b1", "baseline", "2026-10-31", 1, client="on-the-day"),
            one_phq9("b2", "baseline", "2026-11-01", 1, client="too-late"),
            one_phq9("b3", "baseline", "", 1, client="undated"),
            one_phq9("m", "mid", "2026-01-01", 1, client="follow-up-only"),
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
def test_answers_read_as_json_text_give_the_same_rows_as_answers_read_as_lists(seed):
    """The return reads answers as the store keeps them (JSON text); the evaluation as lists."""
    listed = assessment_rows(_random_assessments(seed))
    as_text = [row[:-1] + (json.dumps(list(row[-1])),) for row in listed]
    expected = outcomes.outcome_rows(listed, YEAR)
    assert expected  # the generator does make pairs
    assert outcomes.outcome_rows(as_text, YEAR) == expected


@pytest.mark.parametrize("seed", range(12))
def test_pairing_in_one_pass_gives_the_rule_s_pairs_in_its_order(seed):
    """The monthly return pairs in one pass over prepared rows: the same pairs, in the same
    order, and the same clients with a baseline, as ``pair_rows`` and
    ``clients_with_baseline`` over awkward assessments (same-day ties told apart by recording
    time or id, unrecorded times, undated, sit-to-stand protocols, baselines after
    follow-ups, window edges)."""
    found = _random_assessments(seed)
    rng = random.Random(seed)
    for record in rng.sample(found, 30):
        record["administered_on"] = rng.choice(("", "2026-10-31T23:30:00+00:00"))
    rows = assessment_rows(found)
    expected = outcomes.paired_answers(pair_rows(rows, YEAR))
    assert len(expected) > 20  # the generator does make pairs
    once = outcomes.paired_outcomes(outcomes.prepared(rows), YEAR)
    assert once.answers == expected
    assert once.with_baseline == clients_with_baseline(rows, YEAR.end)
    assert outcomes.outcome_rows_of(once.answers) == outcomes.outcome_rows(rows, YEAR)
