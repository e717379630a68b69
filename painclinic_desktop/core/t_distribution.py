"""Student's t distribution, for the paired t-test's p-value and the 95 % intervals.

These are the very functions ``scipy.stats.t`` calls for a finite df (``sf`` is
``stdtr(df, -x)``, ``ppf`` is ``stdtrit(df, q)``), so the numbers are the same to the last
bit; importing them from ``scipy.special`` costs about a quarter of importing
``scipy.stats``, which builds the documentation of a hundred distributions as it loads (the
first report of a session waited for it). Imported when first needed, not with this module.
"""

from __future__ import annotations


def two_sided_p(t: float, df: int) -> float:
    """P(|T| >= |t|) for T with ``df`` degrees of freedom: ``2 * scipy.stats.t.sf(|t|, df)``."""
    from scipy.special import stdtr

    return float(2 * stdtr(float(df), -abs(float(t))))


def quantile(q: float, df: int) -> float:
    """The value T falls below with probability ``q``: ``scipy.stats.t.ppf(q, df)``."""
    from scipy.special import stdtrit

    return float(stdtrit(float(df), float(q)))
