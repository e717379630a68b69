"""Confidence before and 3 months after 10 Footsteps training: the paired statistics.

A trainee's baseline and follow-up questionnaires are paired by course and anonymous code.
Per footstep (the mean of its statements) and overall (the mean of the footstep scores):
N pairs, baseline mean (SD), follow-up mean (SD), mean change, paired t with its df and
two-sided p, and Cohen's d for paired data (d_z = mean change / SD of changes) with a 95 %
interval from the noncentral t distribution. A questionnaire without its partner is counted
and left out of every paired figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import stats
from .training import Questionnaire, footstep_scores

OVERALL = "overall"
NOT_RECORDED = "not_recorded"
FORMULAS = (
    "Pairs: the baseline and 3-month questionnaires with the same anonymous code on the same "
    "course. A footstep's score is the mean of its statements; the overall score is the mean "
    "of the footstep scores. Changes are follow-up minus baseline. t = mean change / (SD of "
    "changes / sqrt(N)), df = N - 1, p two-sided. Cohen's d for paired data d_z = mean "
    "change / SD of changes; its 95% interval inverts the noncentral t distribution. "
    "SDs are sample SDs (divisor N - 1). * p < .05, ** p < .001."
)


@dataclass(frozen=True)
class PairedResult:
    n: int
    baseline_mean: float | None
    baseline_sd: float | None
    followup_mean: float | None
    followup_sd: float | None
    mean_change: float | None
    t: float | None
    df: int | None
    p: float | None
    d: float | None
    d_low: float | None
    d_high: float | None

    @property
    def mark(self) -> str:
        return significance_mark(self.p)


def significance_mark(p: float | None) -> str:
    if p is None:
        return ""
    if p < 0.001:
        return "**"
    return "*" if p < 0.05 else ""


def paired(baseline: Sequence[float], followup: Sequence[float]) -> PairedResult:
    summary = stats.paired_summary(baseline, followup)
    n = summary.n
    t = df = None
    d_low = d_high = None
    if summary.d_z is not None:
        t = summary.d_z * math.sqrt(n)
        df = n - 1
        try:
            d_low, d_high = d_z_interval(t, n)
        except ValueError:  # beyond what the noncentral t can be computed for: left blank
            d_low = d_high = None
    return PairedResult(
        n=n,
        baseline_mean=summary.baseline_mean,
        baseline_sd=summary.baseline_sd,
        followup_mean=summary.followup_mean,
        followup_sd=summary.followup_sd,
        mean_change=summary.mean_change,
        t=t,
        df=df,
        p=summary.p_value,
        d=summary.d_z,
        d_low=d_low,
        d_high=d_high,
    )


def d_z_interval(t: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """The interval for d_z: the noncentrality parameters under which the observed t sits at
    the upper and lower (1 - level) / 2 tails, each divided by sqrt(n).

    Each root is bracketed by stepping out from the observed t (the cdf falls as the
    noncentrality grows): scipy's noncentral t gives NaN far from t, so a wide fixed
    bracket cannot be used."""
    from scipy import optimize
    from scipy.stats import nct  # slow to import; only needed here

    df = n - 1
    tail = (1 - level) / 2

    def gap(ncp: float, target: float) -> float:
        return float(nct.cdf(t, df, ncp)) - target

    def solve(target: float, step: float) -> float:
        near, far = t, t + step
        for _ in range(200):
            value = gap(far, target)
            if math.isnan(value):
                raise ValueError(f"no interval for d_z with t = {t:.3f}, n = {n}")
            if (value < 0) == (step > 0):
                return float(optimize.brentq(gap, near, far, args=(target,), xtol=1e-12))
            near, far = far, far + step
        raise ValueError(f"no interval for d_z with t = {t:.3f}, n = {n}")

    return solve(1 - tail, -0.5) / math.sqrt(n), solve(tail, 0.5) / math.sqrt(n)


@dataclass(frozen=True)
class Pair:
    course_id: str
    code: str
    baseline: dict[int, float | None]  # footstep -> score
    followup: dict[int, float | None]

    def overall(self, which: dict[int, float | None]) -> float | None:
        given = [v for v in which.values() if v is not None]
        return math.fsum(given) / len(given) if given else None


@dataclass
class TrainingStats:
    rows: dict[int | str, PairedResult]  # footstep 1..10 then "overall"
    pairs: int
    unpaired_baseline: int
    unpaired_followup: int
    by_profession: dict[str, PairedResult] = field(default_factory=dict)
    by_experience: dict[str, PairedResult] = field(default_factory=dict)
    prior_none: int = 0  # baseline answers "no" to the prior-resources question
    prior_answered: int = 0

    @property
    def unpaired(self) -> int:
        return self.unpaired_baseline + self.unpaired_followup

    @property
    def prior_none_share(self) -> float | None:
        return self.prior_none / self.prior_answered if self.prior_answered else None


def pair_up(
    responses: Iterable[dict[str, Any]], form: Questionnaire
) -> tuple[list[Pair], int, int]:
    """(pairs, unpaired baselines, unpaired follow-ups)."""
    found: dict[tuple[str, str], dict[str, dict]] = {}
    for response in responses:
        key = (response["course_id"], response["code"])
        found.setdefault(key, {})[response["time_point"]] = response
    pairs, lone_baseline, lone_followup = [], 0, 0
    for (course_id, code), points in sorted(found.items()):
        before, after = points.get("baseline"), points.get("follow_up_3m")
        if before and after:
            pairs.append(
                Pair(
                    course_id,
                    code,
                    footstep_scores(before["answers"], form),
                    footstep_scores(after["answers"], form),
                )
            )
        elif before:
            lone_baseline += 1
        else:
            lone_followup += 1
    return pairs, lone_baseline, lone_followup


def _result(pairs: list[Pair], step: int | str) -> PairedResult:
    baseline, followup = [], []
    for pair in pairs:
        if isinstance(step, int):
            before, after = pair.baseline.get(step), pair.followup.get(step)
        else:
            before, after = pair.overall(pair.baseline), pair.overall(pair.followup)
        if before is not None and after is not None:
            baseline.append(before)
            followup.append(after)
    return paired(baseline, followup)


def training_stats(
    responses: list[dict[str, Any]],
    form: Questionnaire,
    trainees_by_code: dict[str, dict[str, Any]] | None = None,
) -> TrainingStats:
    """Every figure of the training report from the questionnaires of the chosen courses;
    ``trainees_by_code`` gives each code's profession and experience band."""
    trainees_by_code = trainees_by_code or {}
    pairs, lone_baseline, lone_followup = pair_up(responses, form)
    rows: dict[int | str, PairedResult] = {n: _result(pairs, n) for n in range(1, 11)}
    rows[OVERALL] = _result(pairs, OVERALL)
    result = TrainingStats(rows, len(pairs), lone_baseline, lone_followup)
    for attribute, target in (("profession", "by_profession"), ("experience", "by_experience")):
        groups: dict[str, list[Pair]] = {}
        for pair in pairs:
            value = (trainees_by_code.get(pair.code) or {}).get(attribute) or NOT_RECORDED
            groups.setdefault(value, []).append(pair)
        order = sorted(groups, key=lambda name: (name == NOT_RECORDED, name.casefold()))
        setattr(result, target, {name: _result(groups[name], OVERALL) for name in order})
    for response in responses:
        if response["time_point"] == "baseline" and response.get("prior_resources") is not None:
            result.prior_answered += 1
            result.prior_none += response["prior_resources"] is False
    return result


def baseline_profile(
    answers: dict[str, Any], form: Questionnaire
) -> list[tuple[int, float | None]]:
    """A trainee's own baseline: (footstep, score), lowest first, to show where to focus."""
    scores = footstep_scores(answers, form)
    return sorted(scores.items(), key=lambda item: (item[1] is None, item[1] or 0, item[0]))


EXPERIENCE_WORDS = {
    "new": "New (< 6 months)",
    "experienced": "Experienced (6 months - 5 years)",
    "highly_experienced": "Highly experienced (> 5 years)",
    NOT_RECORDED: "Not recorded",
}


@dataclass(frozen=True)
class TrainingReportData:
    """What the training report shows, gathered by the service for a course or dates."""

    heading: str  # the course title, or "Courses starting 01-Sep-2026 to 30-Nov-2026"
    courses: list[str]  # "title (trainer, venue, dates)" of every course included
    footstep_titles: dict[int, str]
    stats: TrainingStats
    scale: tuple[int, int]
    service_name: str | None = None
    demo: bool = False
