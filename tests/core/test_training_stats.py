"""The training report's paired statistics on a small hand-built set.

Oracle values are worked out by hand (footstep means, overall means, changes) or written in
from scipy's ``ttest_rel`` run on the same numbers, and checked against it here as well.
"""

import math

import pytest
from scipy import stats as scipy_stats
from scipy.stats import nct

from painclinic_desktop.core import training as rules
from painclinic_desktop.core import training_stats as ts

FORM = rules.questionnaire()
CODES = FORM.codes()


def answers(default, **given):
    return {code: given.get(code, default) for code in CODES}


def response(code, time_point, values, course="c1", prior=None):
    return {
        "course_id": course,
        "code": code,
        "time_point": time_point,
        "answers": values,
        "prior_resources": prior,
    }


# Footstep 3 has two statements, 6 has three and 8 has two: their scores are means.
A_BEFORE = answers(2, s03a=1, s03b=2, s06a=1, s06b=2, s06c=3, s08a=2, s08b=3)  # overall 2.0
A_AFTER = answers(4, s03a=4, s03b=5, s06a=3, s06b=4, s06c=5, s08a=4, s08b=4)  # overall 4.05
B_BEFORE = answers(3)  # 3.0
B_AFTER = answers(4, s06a=5, s06b=5, s06c=2)  # 4.0
C_BEFORE = answers(3, s03a=2, s03b=3)  # 2.95
C_AFTER = answers(3, s08a=5, s08b=4)  # 3.15
D_BEFORE, D_AFTER = answers(1), answers(3)

RESPONSES = [
    response("A", "baseline", A_BEFORE, prior=False),
    response("A", "follow_up_3m", A_AFTER),
    response("B", "baseline", B_BEFORE, prior=True),
    response("B", "follow_up_3m", B_AFTER),
    response("C", "baseline", C_BEFORE, prior=False),
    response("C", "follow_up_3m", C_AFTER),
    response("D", "baseline", D_BEFORE),
    response("D", "follow_up_3m", D_AFTER),
    # Only a baseline: counted, never paired.
    response("E", "baseline", answers(5), prior=False),
    # The same code on another course is another person's questionnaire.
    response("A", "follow_up_3m", answers(5), course="c2"),
]
TRAINEES = {
    "A": {"profession": "Social prescriber", "experience": "new"},
    "B": {"profession": "Social prescriber", "experience": "experienced"},
    "C": {"profession": "Health coach", "experience": "experienced"},
}


@pytest.fixture(scope="module")
def result():
    return ts.training_stats(RESPONSES, FORM, TRAINEES)


def test_footstep_scores_are_the_means_of_their_statements():
    scores = rules.footstep_scores(A_BEFORE, FORM)
    assert scores == {1: 2, 2: 2, 3: 1.5, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2.5, 9: 2, 10: 2}
    assert rules.overall_score(A_AFTER, FORM) == pytest.approx(4.05)
    blank = rules.footstep_scores(answers(3, s06a=None, s06b=None, s06c=None, s08a=None), FORM)
    assert blank[6] is None and blank[8] == 3


def test_unpaired_questionnaires_are_counted_and_left_out(result):
    assert result.pairs == 4
    assert (result.unpaired_baseline, result.unpaired_followup, result.unpaired) == (1, 1, 2)
    assert all(row.n == 4 for row in result.rows.values())


def test_overall_figures_match_the_hand_worked_values_and_scipy(result):
    row = result.rows[ts.OVERALL]
    baseline, followup = [2.0, 3.0, 2.95, 1.0], [4.05, 4.0, 3.15, 3.0]
    assert row.baseline_mean == pytest.approx(2.2375)
    assert row.baseline_sd == pytest.approx(0.944612, abs=1e-6)
    assert row.followup_mean == pytest.approx(3.55)
    assert row.followup_sd == pytest.approx(0.552268, abs=1e-6)
    assert row.mean_change == pytest.approx(1.3125)
    assert row.df == 3
    assert row.t == pytest.approx(2.964714, abs=1e-6)
    assert row.p == pytest.approx(0.05931906, abs=1e-8)
    reference = scipy_stats.ttest_rel(followup, baseline)
    assert row.t == pytest.approx(reference.statistic)
    assert row.p == pytest.approx(reference.pvalue)
    assert row.d == pytest.approx(1.482357, abs=1e-6)  # 1.3125 / SD of changes 0.885416
    assert row.mark == ""


@pytest.mark.parametrize(
    ("step", "baseline", "followup", "t", "p", "mark"),
    [
        (3, [1.5, 3, 2.5, 1], [4.5, 4, 3, 3], 2.931420, 0.06093074, ""),
        (6, [2, 3, 3, 1], [4, 4, 3, 3], 2.611165, 0.07960498, ""),
        (8, [2.5, 3, 3, 1], [4, 4, 4.5, 3], 7.348469, 0.00520786, "*"),
    ],
)
def test_multi_statement_footsteps(result, step, baseline, followup, t, p, mark):
    row = result.rows[step]
    assert row.baseline_mean == pytest.approx(sum(baseline) / 4)
    assert row.followup_mean == pytest.approx(sum(followup) / 4)
    assert row.t == pytest.approx(t, abs=1e-6) and row.p == pytest.approx(p, abs=1e-8)
    reference = scipy_stats.ttest_rel(followup, baseline)
    assert (row.t, row.p) == pytest.approx((reference.statistic, reference.pvalue))
    assert row.mark == mark


def test_the_interval_of_d_is_where_the_observed_t_sits_in_the_tails(result):
    row = result.rows[ts.OVERALL]
    assert row.d_low == pytest.approx(-0.048663, abs=1e-5)
    assert row.d_high == pytest.approx(2.935582, abs=1e-5)
    assert nct.cdf(row.t, 3, row.d_low * 2) == pytest.approx(0.975)
    assert nct.cdf(row.t, 3, row.d_high * 2) == pytest.approx(0.025)


def test_the_interval_agrees_with_the_normal_approximation_for_the_published_size():
    # t(20) = 5.01: d_z = 1.093; SE ~ sqrt(1/n + d^2/2n) = 0.276, so about 0.55 to 1.63.
    low, high = ts.d_z_interval(5.01, 21)
    d = 5.01 / math.sqrt(21)
    se = math.sqrt(1 / 21 + d * d / 42)
    assert low == pytest.approx(d - 1.96 * se, abs=0.02)
    assert high == pytest.approx(d + 1.96 * se, abs=0.02)


def test_breakdowns_and_the_share_with_no_earlier_resources(result):
    assert set(result.by_profession) == {"Social prescriber", "Health coach", ts.NOT_RECORDED}
    assert result.by_profession["Social prescriber"].n == 2
    assert result.by_profession["Social prescriber"].mean_change == pytest.approx(1.525)
    assert result.by_profession["Health coach"].n == 1
    assert result.by_profession["Health coach"].p is None  # one pair: no test
    assert {k: v.n for k, v in result.by_experience.items()} == {
        "experienced": 2,
        "new": 1,
        ts.NOT_RECORDED: 1,
    }
    # Baselines answering the question: A no, B yes, C no, E no (D left it blank).
    assert (result.prior_none, result.prior_answered) == (3, 4)
    assert result.prior_none_share == 0.75


def test_marks_and_the_baseline_profile_lowest_first():
    assert [ts.significance_mark(p) for p in (0.2, 0.049, 0.0009, None)] == ["", "*", "**", ""]
    profile = ts.baseline_profile(A_BEFORE, FORM)
    assert profile[0] == (3, 1.5) and profile[-1] == (8, 2.5)


@pytest.mark.parametrize(("t", "n"), [(9.380832, 12), (40.0, 30), (-3.0, 10)])
def test_the_interval_is_found_for_large_and_negative_t(t, n):
    # scipy's noncentral t gives NaN far from the observed t (a 12-trainee course with
    # t = 9.38 once stopped the report): the roots are bracketed close to t.
    low, high = ts.d_z_interval(t, n)
    assert low < t / math.sqrt(n) < high
    assert nct.cdf(t, n - 1, low * math.sqrt(n)) == pytest.approx(0.975)
    assert nct.cdf(t, n - 1, high * math.sqrt(n)) == pytest.approx(0.025)
