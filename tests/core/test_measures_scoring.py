"""Scores, bands and missing-data rules for each instrument, worked out by hand from MEASURES.md."""

import pytest

from painclinic_desktop.core.measures import score

N = None


def answers_with_total(total, count, high):
    """Answers 0..high over `count` items adding up to `total` (largest first)."""
    answers = []
    for _ in range(count):
        answers.append(min(high, total))
        total -= answers[-1]
    assert total == 0
    return answers


# --- PSEQ: total 0-60, all 10 required ----------------------------------------------------


def test_pseq_full_minimum_and_maximum():
    assert score("pseq", [4, 5, 3, 6, 3, 2, 5, 4, 6, 3]).scores == {"total": 41}
    assert score("pseq", [0] * 10).scores == {"total": 0}
    assert score("pseq", [6] * 10).scores == {"total": 60}


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "severe"),
        (19, "severe"),
        (20, "moderate"),
        (30, "moderate"),
        (31, "mild"),
        (40, "mild"),
        (41, "minimal"),
        (60, "minimal"),
    ],
)
def test_pseq_band_edges(total, band):
    result = score("pseq", answers_with_total(total, 10, 6))
    assert result.scores["total"] == total
    assert result.bands == {"total": band}


def test_pseq_needs_all_ten_items():
    result = score("pseq", [6, 6, 6, 6, 6, 6, 6, 6, 6, N])
    assert result.scores == {"total": None}
    assert result.bands == {"total": None}
    assert (result.valid, result.prorated) == (False, False)


# --- WEMWBS: total 14-70, all 14 required, no bands -----------------------------------------


def test_wemwbs_full_minimum_maximum_and_missing():
    assert score("wemwbs", [3, 4, 2, 5, 1, 3, 3, 4, 2, 5, 3, 3, 4, 2]).scores == {"total": 44}
    assert score("wemwbs", [1] * 14).scores == {"total": 14}
    result = score("wemwbs", [5] * 14)
    assert (result.scores, result.bands, result.valid) == ({"total": 70}, {}, True)
    missing = score("wemwbs", [N] + [5] * 13)
    assert (missing.scores, missing.valid, missing.prorated) == ({"total": None}, False, False)


# --- SWEMWBS: raw 7-35 and the metric conversion table --------------------------------------


def answers_with_total_plus_one(raw):
    return [a + 1 for a in answers_with_total(raw - 7, 7, 4)]


@pytest.mark.parametrize(
    "raw, metric",
    [
        (7, 7.00),
        (8, 9.51),
        (14, 15.32),
        (21, 19.25),
        (22, 19.98),
        (28, 25.03),
        (34, 32.55),
        (35, 35.00),
    ],
)
def test_swemwbs_conversion_from_answers(raw, metric):
    result = score("swemwbs", answers_with_total_plus_one(raw))
    assert result.scores == {"raw": raw, "metric": metric}
    assert isinstance(result.scores["raw"], int)


def test_swemwbs_example_and_missing_item():
    assert score("swemwbs", [3, 4, 3, 2, 4, 3, 3]).scores == {"raw": 22, "metric": 19.98}
    missing = score("swemwbs", [3, 4, 3, 2, 4, 3, N])
    assert missing.scores == {"raw": None, "metric": None}
    assert (missing.valid, missing.prorated) == (False, False)


# --- BPI: severity mean of 1-4 (all), interference mean of answered 5-11 (>= 4) -------------


def test_bpi_full():
    result = score("bpi", [7, 3, 5, 6, 2, 4, 6, 8, 0, 1, 3])
    assert result.scores["severity"] == 5.25  # 21 / 4
    assert result.scores["interference"] == pytest.approx(24 / 7)
    assert result.bands == {"severity": "moderate"}
    assert (result.valid, result.prorated) == (True, False)


def test_bpi_minimum_and_maximum_are_float_means():
    low = score("bpi", [0] * 11)
    high = score("bpi", [10] * 11)
    assert low.scores == {"severity": 0.0, "interference": 0.0}
    assert high.scores == {"severity": 10.0, "interference": 10.0}
    assert all(isinstance(v, float) for v in low.scores.values())
    assert (low.bands, high.bands) == ({"severity": "mild"}, {"severity": "severe"})


@pytest.mark.parametrize(
    "severity_items, mean, band",
    [
        ([5, 5, 5, 4], 4.75, "mild"),
        ([5, 5, 5, 5], 5.0, "moderate"),
        ([7, 7, 7, 6], 6.75, "moderate"),
        ([7, 7, 7, 7], 7.0, "severe"),
    ],
)
def test_bpi_severity_band_edges(severity_items, mean, band):
    result = score("bpi", severity_items + [0] * 7)
    assert result.scores["severity"] == mean
    assert result.bands == {"severity": band}


def test_bpi_severity_needs_all_four_items():
    result = score("bpi", [7, 7, 7, N] + [0] * 7)
    assert result.scores["severity"] is None
    assert result.bands == {"severity": None}
    assert result.valid is False


def test_bpi_interference_at_and_beyond_four_of_seven():
    four = score("bpi", [1, 1, 1, 1, 5, 6, 5, 5, N, N, N])
    assert four.scores["interference"] == 5.25  # 21 / 4 answered
    assert (four.valid, four.prorated) == (True, False)
    three = score("bpi", [1, 1, 1, 1, 5, 6, 5, N, N, N, N])
    assert three.scores["interference"] is None
    assert three.valid is False


# --- ONS4: each score its own item --------------------------------------------------------


@pytest.mark.parametrize(
    "answer, band",
    [
        (0, "low"),
        (4, "low"),
        (5, "medium"),
        (6, "medium"),
        (7, "high"),
        (8, "high"),
        (9, "very_high"),
        (10, "very_high"),
    ],
)
def test_ons4_positive_band_edges(answer, band):
    result = score("ons4", [answer, answer, answer, 0])
    assert result.scores["life_satisfaction"] == answer
    assert result.bands["life_satisfaction"] == band
    assert result.bands["worthwhile"] == band
    assert result.bands["happy"] == band


@pytest.mark.parametrize(
    "answer, band",
    [
        (0, "very_low"),
        (1, "very_low"),
        (2, "low"),
        (3, "low"),
        (4, "medium"),
        (5, "medium"),
        (6, "high"),
        (10, "high"),
    ],
)
def test_ons4_anxious_band_edges(answer, band):
    result = score("ons4", [5, 5, 5, answer])
    assert result.scores["anxious"] == answer
    assert result.bands["anxious"] == band


def test_ons4_full_and_one_unanswered_item():
    full = score("ons4", [7, 8, 6, 3])
    assert full.scores == {"life_satisfaction": 7, "worthwhile": 8, "happy": 6, "anxious": 3}
    partial = score("ons4", [7, 8, 6, N])
    assert partial.scores == {"life_satisfaction": 7, "worthwhile": 8, "happy": 6, "anxious": None}
    assert partial.bands["anxious"] is None and partial.bands["happy"] == "medium"
    assert (partial.valid, partial.prorated) == (False, False)


# --- PHQ-9: total 0-27, up to 2 missing prorated, item 9 flag -------------------------------


def test_phq9_full_minimum_and_maximum():
    full = score("phq9", [1, 2, 1, 0, 3, 1, 2, 0, 0])
    assert (full.scores, full.bands, full.flags) == ({"total": 10}, {"total": "moderate"}, [])
    assert score("phq9", [0] * 9).scores == {"total": 0}
    top = score("phq9", [3] * 9)
    assert (top.scores, top.bands, top.flags) == (
        {"total": 27},
        {"total": "severe"},
        ["item9_risk"],
    )


@pytest.mark.parametrize(
    "total, band",
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_band_edges(total, band):
    answers = answers_with_total(total, 8, 3) + [0]  # item 9 kept at 0: no flag; 27 is above
    assert score("phq9", answers).bands == {"total": band}


def test_phq9_one_missing_rounds_half_up():
    # 4 over 8 answered: 4 x 9 / 8 = 4.5 -> 5 (mild), where rounding half to even gives 4.
    result = score("phq9", [1, 1, 1, 1, 0, 0, 0, 0, N])
    assert (result.scores, result.bands) == ({"total": 5}, {"total": "mild"})
    assert (result.prorated, result.valid) == (True, True)
    # 20 x 9 / 8 = 22.5 -> 23
    assert score("phq9", [3, 3, 3, 3, 3, 3, 2, N, 0]).scores == {"total": 23}


def test_phq9_two_missing_is_the_limit():
    # 10 over 7 answered: 10 x 9 / 7 = 12.86 -> 13
    result = score("phq9", [3, 3, 2, 1, 1, 0, N, N, 0])
    assert (result.scores, result.prorated) == ({"total": 13}, True)
    beyond = score("phq9", [3, 3, 2, 1, 1, N, N, N, 0])
    assert (beyond.scores, beyond.bands) == ({"total": None}, {"total": None})
    assert (beyond.prorated, beyond.valid) == (False, False)


def test_phq9_item9_flag_even_without_a_total():
    result = score("phq9", [N, N, N, N, N, N, N, N, 1])
    assert result.scores == {"total": None}
    assert result.flags == ["item9_risk"]


def test_phq9_no_flag_when_item9_is_zero_or_unanswered():
    assert score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags == []
    assert score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, N]).flags == []


def test_brief_example_is_prorated_with_item9_flag():
    # 10 over 8 answered: 10 x 9 / 8 = 11.25 -> 11
    result = score("phq9", [1, 2, None, 0, 3, 1, 2, 0, 1])
    assert result.to_json() == {
        "instrument": "phq9",
        "valid": True,
        "scores": {"total": 11},
        "bands": {"total": "moderate"},
        "flags": ["item9_risk"],
        "prorated": True,
    }


# --- GAD-7: total 0-21, up to 1 missing prorated --------------------------------------------


def test_gad7_full_minimum_and_maximum():
    assert score("gad7", [1, 2, 0, 3, 1, 2, 1]).scores == {"total": 10}
    assert score("gad7", [0] * 7).bands == {"total": "minimal"}
    assert score("gad7", [3] * 7).scores == {"total": 21}


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total, band):
    assert score("gad7", answers_with_total(total, 7, 3)).bands == {"total": band}


def test_gad7_one_missing_rounds_half_up_and_two_is_beyond():
    # 9 over 6 answered: 9 x 7 / 6 = 10.5 -> 11, where rounding half to even gives 10.
    result = score("gad7", [3, 3, 3, 0, 0, 0, N])
    assert (result.scores, result.prorated, result.valid) == ({"total": 11}, True, True)
    beyond = score("gad7", [3, 3, 3, 0, 0, N, N])
    assert (beyond.scores, beyond.prorated, beyond.valid) == ({"total": None}, False, False)


# --- PEG: mean of 3, all required -------------------------------------------------------


def test_peg_full_minimum_maximum_and_missing():
    assert score("peg", [7, 5, 6]).scores == {"total": 6.0}
    assert score("peg", [7, 6, 6]).scores["total"] == pytest.approx(19 / 3)
    assert score("peg", [0, 0, 0]).scores == {"total": 0.0}
    assert score("peg", [10, 10, 10]).scores == {"total": 10.0}
    missing = score("peg", [7, 6, N])
    assert (missing.scores, missing.valid, missing.bands) == ({"total": None}, False, {})


# --- Sit-to-stand: one count 0-100 --------------------------------------------------------


def test_sts_count():
    assert score("sts", [12]).scores == {"count": 12}
    assert score("sts", [0]).scores == {"count": 0}
    assert score("sts", [100]).scores == {"count": 100}
    missing = score("sts", [N])
    assert (missing.scores, missing.valid) == ({"count": None}, False)
