"""The outcome series behind the charts and table: scores from items, baseline, MID, protocols."""

from painclinic_desktop.core.measures import MeasureSettings
from painclinic_desktop.ui.screens.outcomes.state import build_trends
from tests.factories import assessment

# PHQ-9 totals worked out by hand: 16, 8, 10, 11 (MID: a fall of 6 or more)
PHQ9 = [
    assessment(
        "p0", time_point="baseline", administered_on="2026-01-10", items=[2, 2, 2, 2, 2, 2, 2, 2, 0]
    ),
    assessment(
        "p1", time_point="mid", administered_on="2026-03-10", items=[1, 1, 1, 1, 1, 1, 1, 1, 0]
    ),
    assessment(
        "p2", time_point="end", administered_on="2026-06-10", items=[2, 2, 1, 1, 1, 1, 1, 1, 0]
    ),
    assessment(
        "p3", time_point="fu_10w", administered_on="2026-08-20", items=[2, 2, 2, 1, 1, 1, 1, 1, 0]
    ),
]


def _series(assessments, instrument, score, protocol=None, settings=None):
    return next(
        s
        for s in build_trends(assessments, settings)
        if (s.instrument, s.score, s.protocol) == (instrument, score, protocol)
    )


def test_points_are_scored_from_items_and_compared_with_the_baseline():
    series = _series(list(reversed(PHQ9)), "phq9", "total")  # stored order does not matter
    assert [p.value for p in series.points] == [16, 8, 10, 11]
    assert [p.time_point for p in series.points] == ["baseline", "mid", "end", "fu_10w"]
    assert [p.band for p in series.points] == ["moderately_severe", "mild", "moderate", "moderate"]
    assert [p.change for p in series.points] == [None, -8, -6, -5]
    # exactly the MID (a fall of 6) counts; a fall of 5 does not
    assert [p.reaches_mid for p in series.points] == [None, True, True, False]
    assert series.bands[0] == ("minimal", 0, 5) and series.bands[-1] == ("severe", 20, 27)


def test_a_service_mid_setting_changes_what_counts():
    settings = MeasureSettings({("phq9", "total"): 5})
    series = _series(PHQ9, "phq9", "total", settings=settings)
    assert [p.reaches_mid for p in series.points] == [None, True, True, True]


def test_every_follow_up_is_compared_with_the_earliest_baseline_as_in_the_return():
    # One rule everywhere (core/outcomes.py): a later baseline does not restart the comparison,
    # and each change carries the date of the baseline it is measured from.
    later = [
        assessment(
            "p4",
            time_point="baseline",
            administered_on="2026-10-01",
            items=[3, 3, 3, 3, 3, 3, 2, 0, 0],
        ),  # 20
        assessment(
            "p5", time_point="mid", administered_on="2026-11-01", items=[2, 2, 2, 2, 2, 2, 1, 1, 0]
        ),
    ]  # 14
    series = _series(PHQ9 + later, "phq9", "total")
    assert [p.value for p in series.points][-2:] == [20, 14]
    assert series.points[-2].is_baseline and series.points[-2].change is None
    last = series.points[-1]
    assert (last.baseline_value, last.baseline_on, last.change) == (16, "2026-01-10", -2)


def test_a_follow_up_before_any_baseline_has_no_change():
    early = assessment("p-1", time_point="mid", administered_on="2026-01-01", items=[1] * 8 + [0])
    series = _series([early, *PHQ9], "phq9", "total")
    assert (series.points[0].baseline_value, series.points[0].change) == (None, None)
    assert series.points[2].baseline_on == "2026-01-10"


def test_sit_to_stand_protocols_are_never_compared():
    stands = [
        assessment(
            "s0", instrument="sts", items=[10], protocol="30s", administered_on="2026-01-10"
        ),
        assessment(
            "s1",
            instrument="sts",
            items=[20],
            protocol="60s",
            time_point="end",
            administered_on="2026-06-10",
        ),
        assessment(
            "s2",
            instrument="sts",
            items=[13],
            protocol=None,
            time_point="end",
            administered_on="2026-06-11",
        ),
    ]
    thirty = _series(stands, "sts", "count", "30s")
    sixty = _series(stands, "sts", "count", "60s")
    assert [p.value for p in thirty.points] == [10, 13]  # no protocol means 30 seconds
    assert thirty.points[1].reaches_mid is True  # +3 >= +2
    assert [p.value for p in sixty.points] == [20]
    assert sixty.points[0].reaches_mid is None and sixty.points[0].change is None


def test_too_few_answers_is_listed_but_not_plotted():
    gaps = PHQ9[:1] + [
        assessment(
            "p9",
            time_point="mid",
            administered_on="2026-02-01",
            items=[1, None, None, None, 1, 1, 1, 1, 0],
        )
    ]
    series = _series(gaps, "phq9", "total")
    assert [p.value for p in series.points] == [16, None]
    assert [p.value for p in series.plotted] == [16]


def test_swemwbs_metric_is_charted_and_raw_only_listed():
    wellbeing = [assessment("w0", instrument="swemwbs", items=[3, 3, 3, 3, 3, 3, 3])]
    raw = _series(wellbeing, "swemwbs", "raw")
    metric = _series(wellbeing, "swemwbs", "metric")
    assert raw.points[0].value == 21 and not raw.charted
    assert metric.points[0].value == 19.25 and metric.charted  # raw 21 -> 19.25 (table)


def test_series_follow_the_service_instrument_order():
    mixed = PHQ9[:1] + [
        assessment("b0", instrument="bpi", items=[5] * 11),
        assessment("q0", instrument="pseq", items=[3] * 10),
    ]
    order = [(s.instrument, s.score) for s in build_trends(mixed)]
    assert order == [
        ("pseq", "total"),
        ("bpi", "severity"),
        ("bpi", "interference"),
        ("phq9", "total"),
    ]
