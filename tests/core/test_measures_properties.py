"""Properties over all answers: scores stay in range, proration keeps to its rule."""

from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import instrument, instruments, score

# Only PHQ-9 and GAD-7 may substitute for missing items (MEASURES.md): items, and most missing.
PRORATING = {"phq9": (9, 2), "gad7": (7, 1)}
ALL = instruments()


@st.composite
def instrument_and_answers(draw, names=ALL):
    name = draw(st.sampled_from(names))
    inst = instrument(name)
    answer = st.none() | st.integers(inst.item_min, inst.item_max)
    return name, draw(st.lists(answer, min_size=inst.item_count, max_size=inst.item_count))


@given(instrument_and_answers())
def test_scores_stay_in_range_and_bands_follow_scores(case):
    name, answers = case
    inst = instrument(name)
    result = score(name, answers)
    assert tuple(result.scores) == inst.score_names
    for score_name, value in result.scores.items():
        if value is not None:
            low, high = inst.score_range(score_name)
            assert low <= value <= high
    for banded in inst.banded_score_names:
        assert (result.bands[banded] is None) == (result.scores[banded] is None)
    assert result.valid == all(v is not None for v in result.scores.values())


@given(instrument_and_answers())
def test_prorating_never_applies_beyond_the_rule(case):
    name, answers = case
    result = score(name, answers)
    missing = answers.count(None)
    if name not in PRORATING:
        assert not result.prorated
        return
    count, most_missing = PRORATING[name]
    assert result.prorated == (1 <= missing <= most_missing)
    if missing > most_missing:
        assert result.scores["total"] is None
    else:
        answered = [a for a in answers if a is not None]
        exact = Fraction(sum(answered) * count, len(answered))
        assert result.scores["total"] == floor(exact + Fraction(1, 2))  # half up


@given(instrument_and_answers(names=("phq9",)))
def test_item9_flag_exactly_when_item9_above_zero(case):
    _, answers = case
    expected = ["item9_risk"] if answers[8] is not None and answers[8] > 0 else []
    assert score("phq9", answers).flags == expected


@given(instrument_and_answers(), st.data())
def test_any_out_of_range_answer_is_refused(case, data):
    name, answers = case
    inst = instrument(name)
    position = data.draw(st.integers(0, inst.item_count - 1))
    answers[position] = data.draw(
        st.integers(max_value=inst.item_min - 1) | st.integers(min_value=inst.item_max + 1)
    )
    with pytest.raises(InvalidInput) as caught:
        score(name, answers)
    bad = [
        i
        for i, a in enumerate(answers, 1)
        if a is not None and not 0 <= a - inst.item_min <= inst.item_max - inst.item_min
    ]
    assert caught.value.field == f"item {bad[0]}"


@st.composite
def answers_within_the_prorating_rule(draw):
    name = draw(st.sampled_from(sorted(PRORATING)))
    count, most_missing = PRORATING[name]
    answers = draw(st.lists(st.integers(0, 3), min_size=count, max_size=count))
    for position in draw(st.sets(st.integers(0, count - 1), min_size=1, max_size=most_missing)):
        answers[position] = None
    return name, answers


@given(answers_within_the_prorating_rule())
def test_prorated_total_is_mean_times_items_rounded_half_up(case):
    name, answers = case
    count, _ = PRORATING[name]
    answered = [a for a in answers if a is not None]
    exact = Fraction(sum(answered) * count, len(answered))
    result = score(name, answers)
    assert result.prorated
    assert result.scores["total"] == floor(exact + Fraction(1, 2))
