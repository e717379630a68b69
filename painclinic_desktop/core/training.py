"""The 10 Footsteps staff-training questionnaire and the codes of training records.

`resources/training_questionnaire.json` is data the service may reword: the statements, each
mapped to one footstep, the 5-point scale's labels and the baseline question about earlier
pain-specific self-management resources. Answers are stored by statement code, so rewording
never changes a saved answer's meaning; a footstep's score is the mean of its statements.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..resources_path import resource
from .codes import FOOTSTEPS
from .errors import InvalidInput

# Trainee kinds: staff of the service (may be named) or people from partner organisations,
# known only by the anonymous code they chose.
TRAINEE_KINDS = ("service_staff", "partner")
# Years of experience with persistent pain: < 6 months, 6 months to 5 years, > 5 years.
EXPERIENCE_BANDS = ("new", "experienced", "highly_experienced")
# The questionnaire is answered before the training and again 3 months after it.
TIME_POINTS = ("baseline", "follow_up_3m")
CODE_MAX = 20


@dataclass(frozen=True)
class Statement:
    code: str
    footstep: int
    text: str


@dataclass(frozen=True)
class Questionnaire:
    title: str
    stem: str
    scale_min: int
    scale_max: int
    labels: tuple[str, ...]
    statements: tuple[Statement, ...]
    baseline_code: str
    baseline_text: str

    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.statements)

    def by_footstep(self) -> dict[int, tuple[str, ...]]:
        """{footstep: its statement codes}, footsteps 1..10 in order."""
        return {n: tuple(s.code for s in self.statements if s.footstep == n) for n in FOOTSTEPS}


def questionnaire(path: Path | None = None) -> Questionnaire:
    path = path or resource("training_questionnaire.json")
    try:
        stamp = Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", str(path)) from exc
    return _load(str(path), stamp)


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> Questionnaire:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", path) from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{path} is not a questionnaire", path)
    scale = data.get("scale") or {}
    low, high, labels = scale.get("min"), scale.get("max"), scale.get("labels") or []
    if not (isinstance(low, int) and isinstance(high, int) and high > low):
        raise InvalidInput(f"{path}: the scale needs whole numbers min < max", "scale")
    if len(labels) != high - low + 1 or not all(isinstance(x, str) for x in labels):
        raise InvalidInput(f"{path}: the scale needs one label per point", "scale")
    statements = tuple(_statement(entry, path) for entry in data.get("statements") or [])
    codes = [s.code for s in statements]
    if len(set(codes)) != len(codes):
        raise InvalidInput(f"{path}: two statements share a code", "statements")
    missing = [n for n in FOOTSTEPS if n not in {s.footstep for s in statements}]
    if missing:
        raise InvalidInput(f"{path}: footsteps {missing} have no statement", "statements")
    baseline = data.get("baseline_question") or {}
    if not isinstance(baseline.get("code"), str) or not isinstance(baseline.get("text"), str):
        raise InvalidInput(f"{path}: the baseline question needs a code and text", "baseline")
    return Questionnaire(
        title=str(data.get("title") or ""),
        stem=str(data.get("stem") or ""),
        scale_min=low,
        scale_max=high,
        labels=tuple(labels),
        statements=statements,
        baseline_code=baseline["code"],
        baseline_text=baseline["text"],
    )


def _statement(entry: Any, path: str) -> Statement:
    if not isinstance(entry, dict):
        raise InvalidInput(f"{path}: every statement is an object", "statements")
    code, step, text = entry.get("code"), entry.get("footstep"), entry.get("text")
    if not isinstance(code, str) or not code or step not in FOOTSTEPS:
        raise InvalidInput(f"{path}: statement {code!r} needs a code and a footstep 1-10")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{path}: statement {code!r} needs its words", "statements")
    return Statement(code=code, footstep=step, text=text.strip())


def checked_code(value: Any) -> str:
    """An anonymous code as the trainee wrote it, compared without case or spaces."""
    code = "".join(str(value or "").split()).upper()
    if not code:
        raise InvalidInput("Give the trainee's anonymous code.", "code")
    if len(code) > CODE_MAX or not code.isalnum():
        reason = f"An anonymous code is letters and digits only, at most {CODE_MAX}."
        raise InvalidInput(reason, "code")
    return code


def checked_answers(answers: Any, form: Questionnaire) -> dict[str, int | None]:
    """Answers by statement code; each a point of the scale, or None when left blank."""
    if not isinstance(answers, dict):
        raise InvalidInput("The answers are missing.", "answers")
    unknown = sorted(set(answers) - set(form.codes()))
    if unknown:
        raise InvalidInput(f"Not statements of this questionnaire: {', '.join(unknown)}.")
    result: dict[str, int | None] = {}
    for number, statement in enumerate(form.statements, start=1):
        value = answers.get(statement.code)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not form.scale_min <= value <= form.scale_max
        ):
            reason = (
                f"Statement {number}: give {form.scale_min} to {form.scale_max} or leave blank."
            )
            raise InvalidInput(reason, statement.code)
        result[statement.code] = value
    if all(v is None for v in result.values()):
        raise InvalidInput("No statement is answered.", "answers")
    return result


def footstep_scores(answers: dict[str, Any], form: Questionnaire) -> dict[int, float | None]:
    """{footstep: mean of its answered statements}; None when none of them is answered."""
    scores: dict[int, float | None] = {}
    for number, codes in form.by_footstep().items():
        given = [answers[c] for c in codes if answers.get(c) is not None]
        scores[number] = math.fsum(given) / len(given) if given else None
    return scores


def overall_score(answers: dict[str, Any], form: Questionnaire) -> float | None:
    """The mean of the footstep scores (each footstep counts once, whatever its statements)."""
    given = [s for s in footstep_scores(answers, form).values() if s is not None]
    return math.fsum(given) / len(given) if given else None
