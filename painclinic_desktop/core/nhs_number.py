"""NHS number checks (modulus 11) and display as ``943 476 5919``."""

from __future__ import annotations

_IGNORED = str.maketrans("", "", " -")
_DIGITS = frozenset("0123456789")


def _ascii_digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts other scripts' digits and superscripts."""
    return bool(text) and set(text) <= _DIGITS


def normalise(text: str) -> str:
    """Strip the spaces and hyphens people type; no other change."""
    return text.translate(_IGNORED)


def check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no digit is valid (10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(text: str) -> bool:
    digits = normalise(text)
    if len(digits) != 10 or not _ascii_digits(digits):
        return False
    return check_digit(digits[:9]) == int(digits[9])


def problem(text: str) -> str | None:
    """Why an entered NHS number is not acceptable, in plain words, or None when it is."""
    digits = normalise(text)
    if not _ascii_digits(digits):
        return "an NHS number has only the digits 0-9 (spaces and hyphens are allowed)"
    if len(digits) != 10:
        return f"an NHS number has 10 digits; this has {len(digits)}"
    if check_digit(digits[:9]) != int(digits[9]):
        return "the check digit does not match: please check the number for a typing error"
    return None


def is_test_number(text: str) -> bool:
    """Numbers starting with 9 are in the test range: accepted, but marked in exports."""
    return normalise(text).startswith("9")


def formatted(text: str | None) -> str:
    """Display form ``3 3 4``; anything that is not ten digits is returned unchanged."""
    if not text:
        return ""
    digits = normalise(text)
    if len(digits) != 10 or not _ascii_digits(digits):
        return text
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def with_check_digit(first_nine: str) -> str | None:
    """Complete nine digits to a valid NHS number, or None when no check digit exists."""
    check = check_digit(first_nine)
    return None if check is None else first_nine + str(check)
