"""Text written into a spreadsheet cell (xlsx reports and CSV files alike) is never taken for
a formula: a cell that starts like one is prefixed with an apostrophe, which Excel and
LibreOffice show as plain text. One rule for every file the app writes."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> Any:
    """A value for a CSV row: numbers as they are, text defused."""
    return defuse_formula(value) if isinstance(value, str) else value
