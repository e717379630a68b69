"""What a form's free text is worth keeping: the Qt-free half of the unsaved-text guard.

A form's text is a mapping of field name to words. It is *unsaved* when it differs from what
the form opened with (its baseline); a draft is worth offering back only when it holds words
that the freshly opened form does not already show.
"""

from __future__ import annotations

from collections.abc import Mapping

Text = Mapping[str, str]


def _clean(words: object) -> str:
    return words.strip() if isinstance(words, str) else ""


def is_unsaved(baseline: Text, now: Text) -> bool:
    """True when any field reads differently from the baseline (spaces at the ends ignored)."""
    return any(_clean(now.get(k)) != _clean(baseline.get(k)) for k in {*baseline, *now})


def worth_offering(baseline: Text, draft: Text) -> bool:
    """A draft with words that differ from the fresh form; an all-empty draft is not."""
    return any(_clean(v) for v in draft.values()) and is_unsaved(baseline, draft)


def payload(now: Text) -> dict[str, str]:
    """The draft to keep: every field, as typed (only strings are kept)."""
    return {k: v for k, v in now.items() if isinstance(v, str)}


def longest_words(now: Text, limit: int = 60) -> str:
    """The start of the longest field, to remind the person which text a draft holds."""
    words = max((_clean(v) for v in now.values()), key=len, default="")
    first_line = words.splitlines()[0] if words else ""
    return first_line if len(first_line) <= limit else first_line[: limit - 1].rstrip() + "…"
