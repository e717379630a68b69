"""Words for why a row of a referral file was held back: shared by triage and the intake form,
so the intake form need not import triage (which opens it)."""

from __future__ import annotations

from ... import client_words as more_words


def held_reason(problem: dict) -> str:
    if "template" in problem:
        return more_words.reason(problem["template"], problem.get("params") or {})
    return problem.get("reason", "")
