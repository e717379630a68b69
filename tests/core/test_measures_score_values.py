"""``score_values``: just the scores of ``score``, for reports that total up many
administrations; the same numbers and the same refusals, worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import score
from painclinic_desktop.core.measures.definitions import instrument, instruments
from painclinic_desktop.core.measures.scoring import score_values

N = None


@pytest.mark.parametrize(
    "instrument, items, expected",
    [
        ("pseq", [4, 5, 3, 6, 3, 2, 5, 4, 6, 3], {"total": 41}),
        ("pseq", (4, 5, 3, 6, 3, 2, 5, 4, 6, 3), {"total": 41}),  # a tuple reads the same
        ("pseq", [6, 6, 6, 6, 6, 6, 6, 6, 6, N], {"total": None}),  # all ten needed
        ("phq9", [1, 1, 2, 1, 0, 1, 1, 0, N], {"total": 8}),  # 7 x 9 / 8 = 7.875 -> 8
        ("swemwbs", [3, 4, 3, 2, 4, 3, 3], {"raw": 22, "metric": 19.98}),
        ("bpi", [4, 6, 2, 5, 1, 2, 3, 4, 5, 6, 7], {"severity": 4.25, "interference": 4.0}),
        ("ons4", [7, 8, 6, 3], {"life_satisfaction": 7, "worthwhile": 8, "happy": 6, "anxious": 3}),
        ("sts", [12], {"count": 12}),
    ],
)
def test_the_scores_worked_by_hand(instrument, items, expected):
    assert score_values(instrument, items) == expected
    assert score_values(instrument, items) == score(instrument, items).scores


@pytest.mark.parametrize(
    "items, field",
    [
        ([1, 1, 1, 1, 1, 1, 1, 1, 4], "item 9"),  # out of range
        ([1, 1, True, 1, 1, 1, 1, 1, 1], "item 3"),  # a bool is not an answer
        ([1, 1, 1, 2.0, 1, 1, 1, 1, 1], "item 4"),  # nor is a float, even a whole one
        ([1, 1, 1, 1, 1, 1, 1, 1, "1"], "item 9"),
        ([1, 1, 1], "items"),  # too few
        ("111111111", "items"),
    ],
)
def test_refuses_what_score_refuses_naming_the_same_field(items, field):
    with pytest.raises(InvalidInput) as refused:
        score_values("phq9", items)
    with pytest.raises(InvalidInput) as by_score:
        score("phq9", items)
    assert refused.value.field == by_score.value.field == field
    assert str(refused.value) == str(by_score.value)


def test_an_unknown_instrument_is_refused():
    with pytest.raises(InvalidInput):
        score_values("nope", [1])


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_same_scores_as_score_for_any_answers_of_any_instrument(data):
    """Answer sets with nothing missing take a shorter path than those with gaps: both must
    give exactly what ``score`` gives."""
    name = data.draw(st.sampled_from(instruments()))
    inst = instrument(name)
    answer = st.integers(inst.item_min, inst.item_max)
    complete = data.draw(st.booleans())
    items = data.draw(
        st.lists(
            answer if complete else st.one_of(st.none(), answer),
            min_size=inst.item_count,
            max_size=inst.item_count,
        )
    )
    assert score_values(name, items) == score(name, items).scores
    assert score_values(name, tuple(items)) == score(name, items).scores
