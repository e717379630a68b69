"""Plain words for outcome measures: score names, bands, time points explained, the guide's
questions. Shared by the assessment guide, the outcome charts and the outcomes table."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("measure_words", text)


def number(value: float | int | None) -> str:
    """A score as people read it: 13, 4.5, 5.25; a dash when it cannot be worked out."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def band(code: str | None) -> str:
    if code is None:
        return ""
    return {
        "minimal": _t("minimal"),
        "mild": _t("mild"),
        "moderate": _t("moderate"),
        "moderately_severe": _t("moderately severe"),
        "severe": _t("severe"),
        "very_low": _t("very low"),
        "low": _t("low"),
        "medium": _t("medium"),
        "high": _t("high"),
        "very_high": _t("very high"),
    }.get(code, code)


def score_name(instrument: str, score: str) -> str:
    """A score's name as people say it; a one-score instrument just has its "score"."""
    if instrument == "swemwbs":
        return {"raw": _t("raw score"), "metric": _t("metric score")}.get(score, score)
    return {
        "total": _t("score"),
        "severity": _t("pain severity"),
        "interference": _t("pain interference"),
        "life_satisfaction": _t("life satisfaction"),
        "worthwhile": _t("things done are worthwhile"),
        "happy": _t("happy yesterday"),
        "anxious": _t("anxious yesterday"),
        "count": _t("number of stands"),
        "worst": _t("worst pain"),
        "average": _t("average pain"),
    }.get(score, score)


def short_instrument(code: str) -> str:
    """For a chart of one of several scores: the score name says the rest."""
    return {
        "bpi": _t("BPI"),
        "ons4": _t("ONS4 wellbeing"),
        "swemwbs": _t("SWEMWBS wellbeing"),
    }.get(code, code)


def direction(higher_is_better: bool) -> str:
    return _t("higher is better") if higher_is_better else _t("lower is better")


def protocol(code: str) -> str:
    return {"30s": _t("30 seconds"), "60s": _t("60 seconds")}.get(code, code)


def time_point_help(code: str) -> str:
    """What each time point means, for someone choosing one for the first time."""
    return {
        "baseline": _t("First assessment, before support starts"),
        "mid": _t("Part-way through support"),
        "end": _t("At the end of this episode of support"),
        "fu_10w": _t("10 weeks after support ended"),
        "fu_6m": _t("6 months after support ended"),
        "fu_12m": _t("12 months after support ended"),
        "review": _t("Any other check-in (not used for before-and-after figures)"),
    }.get(code, "")


def step_title(code: str) -> str:
    return {
        "start": _t("Before you start"),
        "what_matters": _t("What matters to the client"),
        "pain_story": _t("Their pain story"),
        "impact": _t("How pain affects their life"),
        "summary": _t("Check and finish"),
    }.get(code, code)


def narrative_question(key: str) -> str:
    """What to ask the client, in words to read out."""
    return {
        "what_matters": _t("What matters most to you in your life right now?"),
        "best_hopes": _t("What are your best hopes from working with us?"),
        "pain_how_long": _t("How long have you had this pain?"),
        "pain_where": _t("Where is the pain?"),
        "pain_tried": _t("What have you tried for it so far? What helped, and what did not?"),
        "pain_medicines_support": _t(
            "What medicines do you take for it now? Who supports you (family, friends, services)?"
        ),
        "impact_daily_life": _t(
            "Daily life: washing, dressing, cooking, shopping, getting out and about"
        ),
        "impact_work": _t("Work, volunteering or study"),
        "impact_sleep": _t("Sleep"),
        "impact_mood": _t("Mood: how you feel in yourself"),
        "impact_relationships": _t("Relationships: family, friends, social life"),
    }.get(key, key)


def narrative_intro(step: str) -> str:
    return {
        "what_matters": _t(
            "Ask these questions and write down the answers in the client's own words. "
            "Leave a box empty if they would rather not say."
        ),
        "pain_story": _t("Let the client tell their story. Short notes are fine."),
        "impact": _t(
            "Ask how the pain affects each part of their life. Write what they say, in their words."
        ),
    }.get(step, "")
