"""Minimal important differences: defaults, service overrides, the "reaches the MID" rule."""

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import (
    DEFAULT_STS_PROTOCOL,
    STS_PROTOCOLS,
    MeasureSettings,
    reaches_mid,
    score,
)
from painclinic_desktop.core.measures.sts import sts_protocol, sts_protocols_match


def test_higher_better_improvement_must_rise_by_the_mid():
    assert reaches_mid("wemwbs", "total", 40, 43)  # exactly +3
    assert not reaches_mid("wemwbs", "total", 40, 42)
    assert not reaches_mid("wemwbs", "total", 43, 40)  # a fall is not an improvement
    assert reaches_mid("pseq", "total", 20, 26)  # +6 >= 5.5
    assert not reaches_mid("pseq", "total", 20, 25)


def test_lower_better_improvement_must_fall_by_the_mid():
    assert reaches_mid("phq9", "total", 18, 12)  # exactly -6
    assert not reaches_mid("phq9", "total", 18, 13)
    assert not reaches_mid("phq9", "total", 12, 18)  # a rise is a worsening
    assert reaches_mid("gad7", "total", 15, 11)
    assert reaches_mid("ons4", "anxious", 7, 6)
    assert reaches_mid("ons4", "happy", 6, 7)
    assert not reaches_mid("ons4", "happy", 7, 6)


def test_swemwbs_metric_uses_the_conversion_table():
    baseline = score("swemwbs", [3, 3, 3, 3, 3, 3, 3]).scores["metric"]  # raw 21 -> 19.25
    better = score("swemwbs", [4, 4, 3, 3, 3, 3, 3]).scores["metric"]  # raw 23 -> 20.73
    much_better = score("swemwbs", [4, 4, 4, 4, 4, 3, 3]).scores["metric"]  # raw 26 -> 23.21
    assert not reaches_mid("swemwbs", "metric", baseline, better)  # +1.48
    assert reaches_mid("swemwbs", "metric", baseline, much_better)  # +3.96


def test_a_change_of_exactly_the_mid_in_means_counts_despite_float_noise():
    # Interference 12/7 -> 5/7 falls by exactly 1, but the float difference is 0.9999999999999999.
    baseline = score("bpi", [5, 5, 5, 5, 6, 6, 0, 0, 0, 0, 0]).scores["interference"]
    followup = score("bpi", [5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0]).scores["interference"]
    assert baseline - followup < 1
    assert reaches_mid("bpi", "interference", baseline, followup)
    peg_before = score("peg", [3, 3, 2]).scores["total"]  # 8/3
    peg_after = score("peg", [2, 2, 1]).scores["total"]  # 5/3
    assert peg_before - peg_after < 1
    assert reaches_mid("peg", "total", peg_before, peg_after)
    assert not reaches_mid("peg", "total", peg_before, score("peg", [2, 2, 2]).scores["total"])


def test_service_overrides_replace_defaults():
    settings = MeasureSettings({("phq9", "total"): -5, ("pseq", "total"): 7})
    assert settings.mid("phq9", "total") == -5.0
    assert settings.mid("gad7", "total") == -4.0  # default kept
    assert reaches_mid("phq9", "total", 18, 13, settings)
    assert not reaches_mid("pseq", "total", 20, 26, settings)


def test_lower_better_override_given_as_a_size_is_stored_negative():
    settings = MeasureSettings({("bpi", "severity"): 2})
    assert settings.mid("bpi", "severity") == -2.0
    assert settings.mids == {("bpi", "severity"): -2.0}
    assert reaches_mid("bpi", "severity", 6.0, 4.0, settings)
    assert not reaches_mid("bpi", "severity", 6.0, 4.25, settings)


@pytest.mark.parametrize(
    "mids, field",
    [
        ({("wemwbs", "total"): -3}, "MID wemwbs total"),  # would count a fall as improvement
        ({("phq9", "total"): 0}, "MID phq9 total"),
        ({("peg", "total"): True}, "MID peg total"),
        ({("peg", "total"): float("nan")}, "MID peg total"),
        ({("sf36", "total"): 3}, "instrument"),
        ({("bpi", "total"): 1}, "score"),
        ({"bpi": 1}, "mid"),
    ],
)
def test_unsafe_or_unknown_overrides_are_refused(mids, field):
    with pytest.raises(InvalidInput) as caught:
        MeasureSettings(mids)
    assert caught.value.field == field


def test_swemwbs_raw_has_no_mid_unless_the_service_sets_one():
    with pytest.raises(InvalidInput):
        reaches_mid("swemwbs", "raw", 20, 25)
    assert reaches_mid("swemwbs", "raw", 20, 25, MeasureSettings({("swemwbs", "raw"): 4}))


@pytest.mark.parametrize("baseline, followup", [(None, 5), (5, None), (True, 5), (5, "7")])
def test_missing_scores_cannot_be_compared(baseline, followup):
    with pytest.raises(InvalidInput):
        reaches_mid("peg", "total", baseline, followup)


def test_sit_to_stand_protocols():
    assert STS_PROTOCOLS == ("30s", "60s")
    assert DEFAULT_STS_PROTOCOL == "30s"
    assert sts_protocol(None) == "30s"
    assert sts_protocols_match("30s", None)
    assert not sts_protocols_match("30s", "60s")
    with pytest.raises(InvalidInput) as caught:
        sts_protocol("45s")
    assert caught.value.field == "protocol"
