"""Bad answers are refused with a message naming the item, never scored as missing."""

import builtins
import io
import pathlib

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import instrument, instruments, score

# name: (item count, lowest answer, highest answer) from MEASURES.md
RANGES = {
    "pseq": (10, 0, 6),
    "wemwbs": (14, 1, 5),
    "swemwbs": (7, 1, 5),
    "bpi": (11, 0, 10),
    "ons4": (4, 0, 10),
    "phq9": (9, 0, 3),
    "gad7": (7, 0, 3),
    "peg": (3, 0, 10),
    "sts": (1, 0, 100),
}


def refused(name, items):
    with pytest.raises(InvalidInput) as caught:
        score(name, items)
    return caught.value


@pytest.mark.parametrize("name", list(RANGES))
def test_answer_above_the_range_names_the_item(name):
    count, low, high = RANGES[name]
    error = refused(name, [low] * (count - 1) + [high + 1])
    assert str(error) == f"item {count}: {high + 1} is outside {low}-{high}"
    assert error.field == f"item {count}"


@pytest.mark.parametrize("name", list(RANGES))
def test_answer_below_the_range_names_the_item(name):
    count, low, high = RANGES[name]
    error = refused(name, [low - 1] + [None] * (count - 1))
    assert str(error) == f"item 1: {low - 1} is outside {low}-{high}"
    assert error.field == "item 1"


@pytest.mark.parametrize("name", list(RANGES))
@pytest.mark.parametrize("extra", [-1, 1])
def test_wrong_item_count_is_refused(name, extra):
    count, low, _ = RANGES[name]
    error = refused(name, [low] * (count + extra))
    assert str(error) == f"{name} has {count} items; {count + extra} were given"
    assert error.field == "items"


@pytest.mark.parametrize("name", list(RANGES))
@pytest.mark.parametrize("bad", [True, False, 2.5, 2.0, float("nan"), "3", [1]])
def test_non_integer_answers_are_refused_not_treated_as_missing(name, bad):
    count, low, _ = RANGES[name]
    error = refused(name, [low] * (count - 1) + [bad])
    assert str(error) == f"item {count}: {bad!r} is not a whole number"
    assert error.field == f"item {count}"


def test_first_bad_item_is_named():
    error = refused("pseq", [4, 5, 7, 6, 3, 9, 5, 4, 6, 3])
    assert str(error) == "item 3: 7 is outside 0-6"
    assert error.field == "item 3"


def test_items_must_be_a_list():
    assert refused("peg", "123").field == "items"
    assert refused("peg", None).field == "items"


def test_tuple_of_answers_is_accepted():
    assert score("peg", (4, 5, 6)).scores == {"total": 5.0}


def test_unknown_instrument():
    assert refused("sf36", [1]).field == "instrument"


def test_scoring_does_no_file_io(monkeypatch):
    """Reports score in bulk: definitions are read at import, never per call."""

    def no_io(*args, **kwargs):
        raise AssertionError("file opened while scoring")

    monkeypatch.setattr(builtins, "open", no_io)
    monkeypatch.setattr(io, "open", no_io)
    monkeypatch.setattr(pathlib.Path, "open", no_io)
    for name in instruments():
        inst = instrument(name)
        result = score(name, [inst.item_max] * inst.item_count)
        assert result.valid
