"""The monthly return for commissioners, exactly as MONTHLY_RETURN.md defines it: one module
per sheet (``summary``, ``demographics``, ``outcomes``, ``goals``, ``signposting``,
``quality``), the caseload facts several sheets share (``caseload``), periods and sheets
(``common``), and ``workbook``, which works out every sheet for a month.

Import from the modules themselves (``from ...monthly_return.workbook import
compute_monthly_return``): this file imports nothing, so ``core/outcomes.py`` can use the
periods in ``common`` while the Outcomes sheet uses ``core/outcomes.py``.
"""
