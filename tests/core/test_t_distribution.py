"""The t distribution the reports use gives scipy.stats' numbers to the last bit, for every
number of clients a report can have; and the reports no longer load scipy.stats for it."""

from __future__ import annotations

import math
import random
import subprocess
import sys

from scipy import stats as scipy_stats

from painclinic_desktop.core import stats, t_distribution

# Every df from 1 to 400 (a group, a PCN, a month), then the sizes of a whole service.
DFS = [*range(1, 401), 499, 500, 999, 1000, 2047, 4999, 10_000, 49_999, 50_000, 250_000]
T_VALUES = [0.0, 1e-12, 1e-6, 0.001, 0.1, 0.5, 1.0, 1.96, 2.0, 2.5, 3.3, 5.0, 8.0, 12.5, 40.0]


def test_two_sided_p_is_scipy_stats_to_the_last_bit_for_every_df():
    rnd = random.Random(14)
    for df in DFS:
        for t in [*T_VALUES, *(rnd.uniform(0, 6) for _ in range(5))]:
            for signed in (t, -t):
                expected = float(2 * scipy_stats.t.sf(abs(signed), df))
                assert t_distribution.two_sided_p(signed, df) == expected, (signed, df)


def test_quantile_is_scipy_stats_to_the_last_bit_for_every_df():
    for df in DFS:
        for q in (0.5, 0.9, 0.95, 0.975, 0.995, 0.025):
            assert t_distribution.quantile(q, df) == float(scipy_stats.t.ppf(q, df)), (q, df)


def test_the_paired_t_test_gives_the_p_values_it_gave_with_scipy_stats():
    rnd = random.Random(5)
    for _ in range(300):
        n = rnd.choice([2, 3, 4, 5, 7, 12, 30, 99, 400, 2500])
        baseline = [rnd.choice(range(0, 41)) / rnd.choice((1, 2, 3, 4)) for _ in range(n)]
        followup = [b + rnd.gauss(-2, 4) for b in baseline]
        diffs = [f - b for b, f in zip(baseline, followup, strict=True)]
        centre = math.fsum(diffs) / n
        sd = math.sqrt(math.fsum((d - centre) ** 2 for d in diffs) / (n - 1))
        t = centre / (sd / math.sqrt(n))
        assert stats.paired_t_test_p(baseline, followup) == float(
            2 * scipy_stats.t.sf(abs(t), n - 1)
        )


def test_the_outcome_statistics_do_not_load_scipy_stats():
    """The first return of a session paid about a second for importing scipy.stats."""
    code = (
        "import sys\n"
        "from painclinic_desktop.core import stats, equity\n"
        "from painclinic_desktop.reports import evaluation_layout\n"
        "assert stats.paired_t_test_p([1, 2, 4], [2, 2, 7]) is not None\n"
        "assert equity.change_interval([({'s': 1}, {'s': 3}), ({'s': 2}, {'s': 3})], 's')\n"
        "assert evaluation_layout.mean_interval(3.0, 1.0, 5)\n"
        "print('scipy.stats' in sys.modules, 'scipy.special' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
