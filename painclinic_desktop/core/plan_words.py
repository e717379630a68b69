"""The client's words in the plan when an assessment brings new ones ("what matters",
"best hopes"): nothing a coach wrote is overwritten.

Both kept, the newer first: the plan field becomes the newer words, then a dated line
"Earlier (06-Dec-2026): …" with the older words, as a goal replaced stays on record below the
goal that replaced it. Words already in the plan are not added twice.
"""

from __future__ import annotations

from .dates import nhs_date

EARLIER = "Earlier"


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def merged_words(
    in_plan: str | None, plan_day: str | None, answer: str | None, answer_day: str
) -> str | None:
    """The plan field's new words, or None when it should stay as it is.

    ``plan_day`` is when the plan's words were last saved, ``answer_day`` when the assessment
    was done (ISO dates or timestamps)."""
    in_plan, answer = (in_plan or "").strip(), (answer or "").strip()
    if not answer or _same(answer) in _same(in_plan):
        return None  # nothing new to bring
    if not in_plan or _same(in_plan) in _same(answer):
        return answer  # the plan was empty, or the answer says all it said and more
    if plan_day is not None and plan_day[:10] > answer_day[:10]:
        newer, older, older_day = in_plan, answer, answer_day
    else:
        newer, older, older_day = answer, in_plan, plan_day or answer_day
    return f"{newer}\n\n{EARLIER} ({nhs_date(older_day[:10])}): {older}"
