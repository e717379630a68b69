"""NHS numbers: the modulus-11 rule of MEASURES.md, entry forms and display."""

import pytest

from painclinic_desktop.core import nhs_number


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 "])
def test_valid_numbers_however_they_are_typed(text):
    assert nhs_number.is_valid(text)
    assert nhs_number.problem(text) is None
    assert nhs_number.formatted(text.strip()) == "943 476 5919"


def test_check_digit_rules():
    # 4 x 10 = 40; 40 mod 11 = 7; 11 - 7 = 4.  A sum that divides by 11 gives 11 -> 0.
    assert nhs_number.check_digit("400000000") == 4
    assert nhs_number.check_digit("000000000") == 0
    assert nhs_number.with_check_digit("943476591") == "9434765919"
    for nine in (f"{n:09d}" for n in range(0, 2000, 7)):
        check = nhs_number.check_digit(nine)
        total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
        expected = {11: 0, 10: None}.get(11 - total % 11, 11 - total % 11)
        assert check == expected


def test_a_number_whose_check_digit_would_be_10_is_never_valid():
    nine = next(f"{n:09d}" for n in range(10**6) if nhs_number.check_digit(f"{n:09d}") is None)
    assert all(not nhs_number.is_valid(nine + str(d)) for d in range(10))


@pytest.mark.parametrize(
    "text", ["9434765918", "943476591", "94347659190", "943476591x", "٩٤٣٤٧٦٥٩١٩", "943476591²", ""]
)
def test_invalid_numbers_get_a_plain_reason_never_an_exception(text):
    assert not nhs_number.is_valid(text)
    assert isinstance(nhs_number.problem(text), str)


def test_test_range_numbers_are_recognised():
    assert nhs_number.is_test_number("999 123 4560")
    assert not nhs_number.is_test_number("4010232137")
