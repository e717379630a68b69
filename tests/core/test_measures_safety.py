"""Safety flags come from the instruments' data: PHQ-9 question 9 above 0 today (MEASURES.md)."""

import pytest

from painclinic_desktop.core.measures.safety import raised, safety_flag, safety_flags, watched_items

PHQ9_RISK = [2, 2, 2, 1, 1, 1, 1, 0, 1]


def test_the_one_safety_flag_is_phq9_question_9_above_0_as_measures_md_says():
    [flag] = safety_flags()
    assert (flag.code, flag.instrument, flag.item, flag.above) == ("item9_risk", "phq9", 9, 0)
    assert flag.about == "thoughts of being better off dead or of self-harm"
    assert watched_items("phq9") == {8} and watched_items("gad7") == frozenset()
    assert safety_flag("item9_risk") == flag and safety_flag("nothing") is None


@pytest.mark.parametrize(
    ("items", "flagged"),
    [(PHQ9_RISK, True), ([0] * 9, False), ([3] * 8 + [None], False), ([None] * 8 + [3], True)],
)
def test_an_answer_above_the_line_raises_it_even_when_no_total_can_be_made(items, flagged):
    assert bool(raised("phq9", items)) is flagged
