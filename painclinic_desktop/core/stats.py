"""Descriptive and paired statistics for the outcome reports.

Differences are always follow-up − baseline. Values that cannot be computed (too few clients,
or every client changed by exactly the same amount) are None, which reports show as an empty
cell rather than a misleading number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import t_distribution

FORMULAS = (
    "Differences are follow-up minus baseline. p-value: two-sided paired t-test, "
    "t = mean difference / (SD of differences / sqrt(n)), df = n - 1. "
    "Effect size d_z = mean difference / SD of differences. "
    "SDs are sample SDs (divisor n - 1)."
)

# Scores are means of items, so equal changes can differ in the last binary digit;
# such differences are treated as equal instead of producing a spurious p-value near 0.
_EQUAL_TOLERANCE = 1e-9


def mean(values: Sequence[float]) -> float | None:
    return _mean(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """Standard deviation with divisor n − 1; None for fewer than two values."""
    return _sd(values) if len(values) >= 2 else None


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sd(values: Sequence[float], centre: float | None = None) -> float:
    """``centre``: the values' ``_mean`` when already worked out (the same number)."""
    centre = _mean(values) if centre is None else centre
    return math.sqrt(math.fsum([(v - centre) ** 2 for v in values]) / (len(values) - 1))


def median(values: Sequence[float]) -> float | None:
    """The middle value, or the mean of the middle two for an even count."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def differences(baseline: Sequence[float], followup: Sequence[float]) -> list[float]:
    if len(baseline) != len(followup):
        raise ValueError("baseline and follow-up must have one value per client")
    return [f - b for b, f in zip(baseline, followup, strict=True)]


def all_equal(values: Sequence[float]) -> bool:
    first = values[0]
    return all(
        math.isclose(v, first, rel_tol=_EQUAL_TOLERANCE, abs_tol=_EQUAL_TOLERANCE) for v in values
    )


def paired_t_test_p(baseline: Sequence[float], followup: Sequence[float]) -> float | None:
    """Two-sided paired t-test p-value (df = n − 1); None when n < 2 or no variation."""
    diffs = differences(baseline, followup)
    n = len(diffs)
    if n < 2 or all_equal(diffs):
        return None
    t = _mean(diffs) / (_sd(diffs) / math.sqrt(n))
    return t_distribution.two_sided_p(t, n - 1)


def effect_size_dz(baseline: Sequence[float], followup: Sequence[float]) -> float | None:
    """d_z = mean difference / SD of differences; None when n < 2 or no variation."""
    diffs = differences(baseline, followup)
    if len(diffs) < 2 or all_equal(diffs):
        return None
    return _mean(diffs) / _sd(diffs)


@dataclass(frozen=True)
class PairedSummary:
    n: int
    baseline_mean: float | None
    baseline_sd: float | None
    followup_mean: float | None
    followup_sd: float | None
    mean_change: float | None
    p_value: float | None
    d_z: float | None


def paired_summary(baseline: Sequence[float], followup: Sequence[float]) -> PairedSummary:
    """``mean``, ``sample_sd``, ``paired_t_test_p`` and ``effect_size_dz`` of the pairs, each
    mean and SD worked out once (a whole service's return has hundreds of thousands of
    values): the same numbers as those functions, to the last bit (tested)."""
    n = len(baseline)
    baseline_mean = mean(baseline)
    followup_mean = mean(followup)
    change = None
    if baseline_mean is not None and followup_mean is not None:
        change = followup_mean - baseline_mean
    p_value = d_z = None
    diffs = differences(baseline, followup)
    if n >= 2 and not all_equal(diffs):
        centre = _mean(diffs)
        sd = _sd(diffs, centre)
        p_value = t_distribution.two_sided_p(centre / (sd / math.sqrt(n)), n - 1)
        d_z = centre / sd
    return PairedSummary(
        n=n,
        baseline_mean=baseline_mean,
        baseline_sd=_sd(baseline, baseline_mean) if n >= 2 else None,
        followup_mean=followup_mean,
        followup_sd=_sd(followup, followup_mean) if n >= 2 else None,
        mean_change=change,
        p_value=p_value,
        d_z=d_z,
    )
