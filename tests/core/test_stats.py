"""Paired statistics used in the Outcomes sheet and the service evaluation."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats as scipy_stats

from painclinic_desktop.core import stats


def test_mean_and_sample_sd_worked_by_hand():
    # mean 5; squared deviations 9+1+1+9 = 20; SD = sqrt(20 / 3)
    assert stats.mean([2, 4, 6, 8]) == 5
    assert stats.sample_sd([2, 4, 6, 8]) == pytest.approx(math.sqrt(20 / 3))


def test_undefined_values_are_none():
    assert stats.mean([]) is None
    assert stats.sample_sd([7]) is None
    assert stats.median([]) is None
    assert stats.paired_t_test_p([3], [5]) is None
    assert stats.effect_size_dz([3], [5]) is None


def test_median_of_odd_and_even_counts():
    assert stats.median([9, 1, 5]) == 5
    assert stats.median([9, 1, 5, 4]) == 4.5  # mean of the middle two, 4 and 5


def test_paired_test_worked_by_hand():
    baseline = [10, 12, 9, 15]
    followup = [8, 11, 9, 11]
    # differences -2, -1, 0, -4: mean -1.75; squared deviations 0.0625+0.5625+3.0625+5.0625
    # = 8.75; SD = sqrt(8.75 / 3) = 1.70783; t = -1.75 / (1.70783 / 2) = -2.04939, df 3
    sd = math.sqrt(8.75 / 3)
    t = -1.75 / (sd / 2)
    assert t == pytest.approx(-2.04939, abs=1e-5)
    expected_p = 2 * scipy_stats.t.sf(abs(t), 3)
    assert stats.paired_t_test_p(baseline, followup) == pytest.approx(expected_p)
    assert 0.13 < stats.paired_t_test_p(baseline, followup) < 0.14  # from t tables, df 3
    assert stats.effect_size_dz(baseline, followup) == pytest.approx(-1.75 / sd)


@pytest.mark.parametrize("seed", range(10))
def test_matches_scipy_on_random_data(seed):
    rnd = random.Random(seed)
    n = rnd.randint(2, 60)
    baseline = [rnd.uniform(0, 30) for _ in range(n)]
    followup = [b + rnd.gauss(-2, 4) for b in baseline]
    expected = scipy_stats.ttest_rel(followup, baseline)
    assert stats.paired_t_test_p(baseline, followup) == pytest.approx(expected.pvalue, rel=1e-9)
    diffs = [f - b for b, f in zip(baseline, followup, strict=True)]
    expected_dz = sum(diffs) / n / scipy_stats.tstd(diffs)
    assert stats.effect_size_dz(baseline, followup) == pytest.approx(expected_dz, rel=1e-9)
    assert stats.sample_sd(baseline) == pytest.approx(scipy_stats.tstd(baseline), rel=1e-12)


def test_equal_changes_give_no_p_value_even_with_float_noise():
    # Every client improved by exactly one point; thirds make the float differences unequal
    # in the last digit, which must not turn into a p-value near 0.
    baseline = [22 / 3, 19 / 3, 25 / 3]
    followup = [b - 1 for b in baseline]
    assert stats.paired_t_test_p(baseline, followup) is None
    assert stats.effect_size_dz(baseline, followup) is None


def test_summary_of_a_pairing():
    summary = stats.paired_summary([10, 12, 9, 15], [8, 11, 9, 11])
    assert summary.n == 4
    assert summary.baseline_mean == 11.5
    assert summary.followup_mean == 9.75
    assert summary.mean_change == pytest.approx(-1.75)
    # baseline deviations -1.5, 0.5, -2.5, 3.5: squares sum to 21; SD = sqrt(7)
    assert summary.baseline_sd == pytest.approx(math.sqrt(7))


def test_lists_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        stats.paired_t_test_p([1, 2], [1])


def test_the_paired_summary_is_each_statistic_worked_out_on_its_own_to_the_last_bit():
    """The summary works each mean and SD out once; the numbers are those of the functions
    that define them, for random pairs, equal changes, ties and a single client."""
    rnd = random.Random(21)
    for _ in range(2000):
        n = rnd.choice([1, 2, 3, 4, 5, 9, 30, 250])
        baseline = [rnd.choice([rnd.randint(0, 40), rnd.randint(0, 40) / 7, 3.5]) for _ in range(n)]
        step = rnd.choice([None, 1.0, -2.5])
        followup = [
            b + (step if step is not None else rnd.choice([0, 1, -2.5, rnd.gauss(0, 3)]))
            for b in baseline
        ]
        assert stats.paired_summary(baseline, followup) == stats.PairedSummary(
            n=n,
            baseline_mean=stats.mean(baseline),
            baseline_sd=stats.sample_sd(baseline),
            followup_mean=stats.mean(followup),
            followup_sd=stats.sample_sd(followup),
            mean_change=stats.mean(followup) - stats.mean(baseline),
            p_value=stats.paired_t_test_p(baseline, followup),
            d_z=stats.effect_size_dz(baseline, followup),
        )
