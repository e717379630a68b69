"""The training report and the printed pieces of a course, from the command line or the GUI.

The same code writes them on both paths. Exports are logged (what, which course, the file
name), never a trainee's name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..core import training as rules
from ..core.dates import nhs_date
from ..core.errors import InvalidInput
from ..core.footsteps import footsteps
from ..core.permissions import RUN_TRAINING
from ..core.training_stats import TrainingReportData, baseline_profile, training_stats
from ..store.database import Store
from . import training
from .client_reports import log_export
from .returns import _target
from .service_settings import service_details
from .session import require


def footstep_titles() -> dict[int, str]:
    return {step.number: step.title for step in footsteps()}


def course_line(course: dict[str, Any]) -> str:
    dates = nhs_date(course["starts_on"]) + (
        f" to {nhs_date(course['ends_on'])}" if course.get("ends_on") else ""
    )
    details = [d for d in (course.get("trainer"), course.get("venue"), dates) if d]
    return f"{course['title']} ({', '.join(details)})"


def report_data(
    store: Store,
    course_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> TrainingReportData:
    """For one course, or every course starting between two dates."""
    if course_id:
        chosen = [training.course(store, course_id)]
        heading = chosen[0]["title"]
    elif date_from and date_to:
        if date_to < date_from:
            raise InvalidInput("The end date is before the start date.", "to")
        chosen = training.courses_between(store, date_from.isoformat(), date_to.isoformat())
        heading = f"Courses starting {nhs_date(date_from)} to {nhs_date(date_to)}"
    else:
        raise InvalidInput("Choose a course, or give the dates the courses started between.")
    form = rules.questionnaire()
    found = training.responses(store, [c["id"] for c in chosen])
    by_code = {t["code"]: t for t in training.trainees(store)}
    return TrainingReportData(
        heading=heading,
        courses=[course_line(c) for c in sorted(chosen, key=lambda c: c["starts_on"])],
        footstep_titles=footstep_titles(),
        stats=training_stats(found, form, by_code),
        scale=(form.scale_min, form.scale_max),
        service_name=service_details(store)["name"],
        demo=store.is_demo,
    )


def write_training_report_for(
    store: Store,
    out: str | Path,
    staff: str,
    *,
    course_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> TrainingReportData:
    from ..reports.training_report import write_training_pdf, write_training_xlsx

    require(RUN_TRAINING)
    path = _target(out, (".xlsx", ".pdf"))
    data = report_data(store, course_id, date_from, date_to)
    if path.suffix.lower() == ".pdf":
        write_training_pdf(data, path)
    else:
        write_training_xlsx(data, path)
    log_export(store, "training_report", course_id or f"{date_from}..{date_to}", path, staff)
    return data


def _enrolled(store: Store, enrolment_id: str) -> tuple[dict, dict, dict]:
    enrolment = training.enrolment(store, enrolment_id)
    return (
        enrolment,
        training.trainee(store, enrolment["trainee_id"]),
        training.course(store, enrolment["course_id"]),
    )


def shown_as(trainee: dict[str, Any], use_name: bool = True) -> str:
    return (trainee.get("name") if use_name else None) or trainee["code"]


def write_baseline_chart_for(
    store: Store, enrolment_id: str, out: str | Path, staff: str, use_name: bool = True
) -> int:
    from ..reports.training_forms import write_baseline_chart

    require(RUN_TRAINING)
    path = _target(out, (".pdf",))
    _enrolment, trainee, course = _enrolled(store, enrolment_id)
    baseline = next(
        (
            r
            for r in training.responses(store, [course["id"]])
            if r["code"] == trainee["code"] and r["time_point"] == "baseline"
        ),
        None,
    )
    if baseline is None:
        raise InvalidInput(f"There is no baseline questionnaire for {trainee['code']} yet.")
    form = rules.questionnaire()
    pages = write_baseline_chart(
        path,
        shown_as=shown_as(trainee, use_name),
        course_title=course["title"],
        answered_on=baseline["answered_on"],
        profile=baseline_profile(baseline["answers"], form),
        footstep_titles=footstep_titles(),
        form=form,
    )
    log_export(store, "training_chart", enrolment_id, path, staff)
    return pages


def write_certificate_for(
    store: Store, enrolment_id: str, out: str | Path, staff: str, use_name: bool = True
) -> None:
    from ..reports.training_forms import write_certificate

    require(RUN_TRAINING)
    path = _target(out, (".pdf",))
    enrolment, trainee, course = _enrolled(store, enrolment_id)
    if not enrolment.get("completed_on"):
        raise InvalidInput(
            f"{trainee['code']} has not completed the course: mark it complete first."
        )
    write_certificate(
        path,
        shown_as=shown_as(trainee, use_name),
        course_title=course["title"],
        completed_on=enrolment["completed_on"],
        trainer=course.get("trainer"),
        venue=course.get("venue"),
        service_name=service_details(store)["name"],
    )
    log_export(store, "training_certificate", enrolment_id, path, staff)


def write_paper_form_for(store: Store, out: str | Path, course_id: str | None = None) -> int:
    from ..reports.training_forms import write_paper_questionnaire

    path = _target(out, (".pdf",))
    title = training.course(store, course_id)["title"] if course_id else None
    return write_paper_questionnaire(
        path,
        form=rules.questionnaire(),
        footstep_titles=footstep_titles(),
        course_title=f"Course: {title}" if title else None,
    )
