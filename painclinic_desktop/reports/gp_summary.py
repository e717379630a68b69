"""GP summary (PDF) for the GP record: who, why referred, tier, plan, outcomes, star, asks.

`build_gp_summary_data` is pure: one client's bundle-shaped records in, a GpSummaryData out.
`gp_summary_layout.write_gp_summary` lays it out (reportlab) and writes the file atomically:
the layout imports this module, never the other way round. One page where the content allows;
never more than two (content is shortened, and says so, until it fits).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from painclinic_desktop.core import nhs_number
from painclinic_desktop.core.codes import FOLLOW_UP_TIME_POINTS, INSTRUMENTS
from painclinic_desktop.core.errors import PainClinicError
from painclinic_desktop.core.footsteps import Footstep, footsteps
from painclinic_desktop.core.goals import current_goals, current_status, reviews_in_order
from painclinic_desktop.core.igro import latest_rated_star
from painclinic_desktop.core.measures import (
    Instrument,
    MeasureSettings,
    ScoreResult,
    instrument,
    reaches_mid,
    score,
)
from painclinic_desktop.core.measures.names import SHORT_NAMES
from painclinic_desktop.core.measures.safety import SafetyFlag, flags_in, watched_items
from painclinic_desktop.core.ome import OmeTable, default_table
from painclinic_desktop.core.outcomes import (
    ID,
    TIME_POINT,
    AssessmentRow,
    assessment_rows,
    baseline_for,
    earliest_baselines,
    order,
)
from painclinic_desktop.reports.gp_summary_medication import (
    CodedItem,
    MedicationReview,
    RequestLine,
    coded_items,
    medication_review,
    request_lines,
)
from painclinic_desktop.reports.pdf_common import date_words

TIME_POINT_WORDS = {
    "baseline": "baseline",
    "mid": "mid-point",
    "end": "end",
    "fu_10w": "10-week follow-up",
    "fu_6m": "6-month follow-up",
    "fu_12m": "12-month follow-up",
    "review": "review",
}
SOURCE_WORDS = {
    "gp": "GP",
    "msk_practitioner": "MSK practitioner",
    "pcn_other": "PCN (other)",
    "self": "self-referral",
    "community_partner": "community partner",
    "secondary_care": "secondary care",
    "other": "other",
}
DISCHARGE_WORDS = {
    "goals_met": "goals met",
    "disengaged": "disengaged",
    "moved_away": "moved away",
    "declined_further_support": "declined further support",
    "transferred": "transferred",
    "deceased": "deceased",
    "other": "other reason",
}
STATUS_WORDS = {
    "not_started": "not started",
    "in_progress": "in progress",
    "achieved": "achieved",
    "partly_achieved": "partly achieved",
    "not_achieved": "not achieved",
    "replaced": "replaced",
}


@dataclass(frozen=True)
class OutcomeRow:
    """One score: the client's earliest baseline against the latest follow-up that has the
    score (the app's one pairing rule, core/outcomes.py)."""

    measure: str
    baseline: float | None
    baseline_band: str | None
    baseline_on: str | None
    latest: float | None
    latest_band: str | None
    latest_on: str | None
    latest_time_point: str | None
    change: float | None
    direction: str | None  # "better", "worse" or "no change"
    reaches_mid: bool | None
    instrument: str = ""
    score_name: str = ""


@dataclass(frozen=True)
class GoalLine:
    footstep: int
    footstep_title: str
    text: str
    set_on: str | None
    target_on: str | None
    confidence: int | None
    status: str | None
    status_on: str | None


@dataclass(frozen=True)
class TierLine:
    tier: int
    changed_on: str
    reason: str


@dataclass(frozen=True)
class GpSummaryData:
    service_name: str
    service_address: str
    service_phone: str
    client_name: str
    date_of_birth: str | None
    nhs_number: str
    nhs_test_number: bool
    gp_practice: str
    referral_received_on: str | None
    referral_source: str
    referral_reason: str
    tiers: tuple[TierLine, ...]
    first_contact_on: str | None
    discharged_on: str | None
    discharge_reason: str | None
    what_matters: str
    focus_footsteps: tuple[tuple[int, str], ...]
    goals: tuple[GoalLine, ...]
    goals_not_shown: int
    outcomes: tuple[OutcomeRow, ...]
    safety_notes: tuple[str, ...]
    star: dict | None
    medication_review_notes: str
    gp_actions: str
    author: str
    today: date
    demo: bool = False
    unscored_assessments: int = 0
    shortened: tuple[str, ...] = field(default=())
    # Issue 15: the medication review, requests to the GP with their status, and codes.
    medication: MedicationReview | None = None
    gp_requests: tuple[RequestLine, ...] = ()
    codes: tuple[CodedItem, ...] = ()


def build_gp_summary_data(
    client_records: dict,
    service: dict,
    author: str,
    today: date,
    measure_settings: MeasureSettings | None = None,
    *,
    demo: bool = False,
    steps: list[Footstep] | None = None,
    ome_table: OmeTable | None = None,
) -> GpSummaryData:
    """Everything the GP summary shows, from one client's bundle-shaped records.

    `steps` (the footsteps) default to the service's resources/footsteps.json.
    """
    client = client_records["client"]
    plan = client_records.get("plan") or {}
    referrals = client_records.get("referrals") or []
    # The episode is the latest accepted referral; a later declined or pending one is not.
    referral = _latest(
        [r for r in referrals if r.get("outcome") == "accepted"], "received_on"
    ) or _latest(referrals, "received_on")
    discharge = _latest(client_records.get("discharges"), "discharged_on")
    if discharge and referral and discharge["discharged_on"] < referral["received_on"]:
        discharge = None  # discharged from an earlier episode; re-referred since
    outcomes, unscored = outcome_rows(client_records.get("assessments") or [], measure_settings)
    titles = {step.number: step.title for step in steps or footsteps()}
    goals = client_records.get("goals") or []
    shown = current_goals(goals)
    return GpSummaryData(
        service_name=service.get("name") or "",
        service_address=service.get("address") or "",
        service_phone=service.get("phone") or "",
        client_name=_full_name(client),
        date_of_birth=client.get("date_of_birth"),
        nhs_number=nhs_number.formatted(client.get("nhs_number")),
        nhs_test_number=bool(client.get("nhs_number"))
        and nhs_number.is_test_number(client["nhs_number"]),
        gp_practice=_practice(client),
        referral_received_on=(referral or {}).get("received_on"),
        referral_source=_referral_source(referral),
        referral_reason=((referral or {}).get("reason") or "").strip(),
        tiers=_tiers(client_records.get("tier_changes") or []),
        first_contact_on=_first_contact(client_records.get("contacts") or [], referral),
        discharged_on=(discharge or {}).get("discharged_on"),
        discharge_reason=DISCHARGE_WORDS.get((discharge or {}).get("reason") or ""),
        what_matters=(plan.get("what_matters") or "").strip(),
        focus_footsteps=tuple((n, titles.get(n, "")) for n in plan.get("focus_footsteps") or []),
        goals=tuple(_goal_line(goal, titles) for goal in shown),
        goals_not_shown=len(goals) - len(shown),
        outcomes=tuple(outcomes),
        safety_notes=tuple(safety_notes(client_records)),
        star=latest_rated_star(client_records.get("igro_stars") or []),
        medication_review_notes=(plan.get("medication_review_notes") or "").strip(),
        gp_actions=(plan.get("gp_actions") or "").strip(),
        author=author,
        today=today,
        demo=demo,
        unscored_assessments=unscored,
        medication=medication_review(
            client_records.get("medication_items") or [],
            client_records.get("medication_plans") or [],
            ome_table or default_table(),
            today,
        ),
        gp_requests=request_lines(client_records.get("gp_actions") or []),
        codes=coded_items(client_records.get("signposting") or [], _scores_shown(outcomes)),
    )


def _scores_shown(rows: list[OutcomeRow]) -> list[tuple]:
    """(instrument, score, label, value, date) of each baseline and latest score printed."""
    shown = []
    for row in rows:
        shown.append((row.instrument, row.score_name, f"{row.measure} (baseline)", row.baseline,
                      row.baseline_on))  # fmt: skip
        if row.latest is not None:
            shown.append((row.instrument, row.score_name, f"{row.measure} (latest)", row.latest,
                          row.latest_on))  # fmt: skip
    return shown


def _full_name(client: dict) -> str:
    return " ".join(p for p in (client.get("given_name"), client.get("family_name")) if p)


def _practice(client: dict) -> str:
    name, code = client.get("gp_practice_name") or "", client.get("gp_practice_code") or ""
    return f"{name} ({code})" if name and code else name or code


def _latest(records: list[dict] | None, key: str) -> dict | None:
    dated = [r for r in records or [] if r.get(key)]
    return max(dated, key=lambda r: r[key]) if dated else None


def _referral_source(referral: dict | None) -> str:
    if not referral:
        return ""
    code = referral.get("source") or ""
    source = SOURCE_WORDS.get(code, code)
    name = referral.get("referrer_name")
    return f"{source} ({name})" if name else source


def _tiers(changes: list[dict]) -> tuple[TierLine, ...]:
    ordered = sorted(changes, key=lambda c: c["changed_on"])
    return tuple(
        TierLine(c["tier"], c["changed_on"], (c.get("reason") or "").strip()) for c in ordered
    )


def _first_contact(contacts: list[dict], referral: dict | None) -> str | None:
    since = (referral or {}).get("received_on") or ""
    days = sorted(
        c["starts_at"][:10]
        for c in contacts
        if c.get("outcome") == "attended" and c.get("starts_at", "")[:10] >= since
    )
    return days[0] if days else None


def _goal_line(goal: dict, titles: dict[int, str]) -> GoalLine:
    reviews = reviews_in_order(goal)
    return GoalLine(
        footstep=goal["footstep"],
        footstep_title=titles.get(goal["footstep"], ""),
        text=(goal.get("text") or "").strip(),
        set_on=goal.get("set_on"),
        target_on=goal.get("target_on"),
        confidence=goal.get("confidence"),
        status=current_status(goal),
        status_on=reviews[-1]["reviewed_on"] if reviews else None,
    )


# --- outcome scores -------------------------------------------------------------------------


# An assessment with its scores.
Scored = tuple[dict, ScoreResult]


def outcome_rows(
    assessments: list[dict], settings: MeasureSettings | None = None
) -> tuple[list[OutcomeRow], int]:
    """(rows for every instrument with a baseline, number of assessments that could not be scored)

    Each change is worked out by the app's one pairing rule (``core/outcomes.py``, as in the
    monthly return and the charts): the latest follow-up that has the score against the
    client's earliest baseline of the instrument given on or before it. The baseline's date is
    printed beside it.
    """
    scored: dict[str, Scored] = {}  # by assessment id
    rows_by_instrument: dict[str, list[AssessmentRow]] = {}
    unscored = 0
    for assessment in assessments:
        try:
            result = score(assessment["instrument"], assessment["items"])
        except (PainClinicError, KeyError):
            unscored += 1
            continue
        (row,) = assessment_rows([assessment])
        scored[row[ID]] = (assessment, result)
        rows_by_instrument.setdefault(assessment["instrument"], []).append(row)
    found: list[OutcomeRow] = []
    for name in INSTRUMENTS:
        mine = sorted(rows_by_instrument.get(name, []), key=order)
        earliest = earliest_baselines(mine)
        if earliest:
            found.extend(_instrument_rows(name, mine, earliest, scored, settings))
    return found, unscored


def _instrument_rows(
    name: str,
    mine: list[AssessmentRow],
    earliest: dict,
    scored: dict[str, Scored],
    settings: MeasureSettings | None,
) -> list[OutcomeRow]:
    # The client's first baseline of the instrument (for sit-to-stand: of its protocol) heads
    # the rows; follow-ups compared with another protocol's baseline are not shown here.
    first = min((held[1] for held in earliest.values()), key=order)
    followups = [
        row
        for row in mine
        if row[TIME_POINT] in FOLLOW_UP_TIME_POINTS and baseline_for(row, earliest) is first
    ]
    baseline = scored[first[ID]]
    rows = []
    for score_name in instrument(name).score_names:
        if not _has_mid(instrument(name), score_name):
            continue  # e.g. SWEMWBS raw: its metric score carries the MID
        with_score = [r for r in followups if scored[r[ID]][1].scores.get(score_name) is not None]
        latest = scored[with_score[-1][ID]] if with_score else None
        rows.append(_row(name, score_name, baseline, latest, settings))
    return rows


def _has_mid(inst: Instrument, score_name: str) -> bool:
    try:
        inst.default_mid(score_name)
    except PainClinicError:
        return False
    return True


def _row(
    name: str,
    score_name: str,
    baseline: Scored,
    latest: Scored | None,
    settings: MeasureSettings | None,
) -> OutcomeRow:
    inst = instrument(name)
    base = baseline[1].scores.get(score_name)
    late = latest[1].scores.get(score_name) if latest else None
    label = SHORT_NAMES[name]
    if len(inst.score_names) > 1:
        label += " " + score_name.replace("_", " ")
    row = OutcomeRow(
        measure=label,
        baseline=base,
        baseline_band=_band(baseline[1], score_name),
        baseline_on=baseline[0]["administered_on"],
        latest=late,
        latest_band=_band(latest[1], score_name) if latest else None,
        latest_on=latest[0]["administered_on"] if latest else None,
        latest_time_point=TIME_POINT_WORDS.get(latest[0]["time_point"]) if latest else None,
        change=None,
        direction=None,
        reaches_mid=None,
        instrument=name,
        score_name=score_name,
    )
    if base is None or late is None:
        return row
    return replace(
        row,
        change=late - base,
        direction=_direction(late - base, inst.higher_is_better(score_name)),
        reaches_mid=reaches_mid(name, score_name, base, late, settings),
    )


def _band(result: ScoreResult, score_name: str) -> str | None:
    band = result.bands.get(score_name)
    return band.replace("_", " ") if band else None


def _direction(change: float, higher_is_better: bool) -> str:
    if abs(change) < 1e-9:
        return "no change"
    return "better" if (change > 0) == higher_is_better else "worse"


def _listed(days: list[str]) -> str:
    return days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]


def safety_notes(client_records: dict) -> list[str]:
    """Things a GP must not miss: answers that raise a safety flag (PHQ-9 item 9 above 0),
    and open risk flags."""
    notes = []
    days: dict[SafetyFlag, list[str]] = {}
    for a in sorted(client_records.get("assessments") or [], key=lambda a: a["administered_on"]):
        if not watched_items(a.get("instrument") or ""):
            continue
        try:
            flagged = flags_in(score(a["instrument"], a["items"]).flags)
        except PainClinicError:
            continue
        for flag in flagged:
            days.setdefault(flag, []).append(date_words(a["administered_on"]))
    for flag, on in days.items():
        # One line however many times: repeated lines would push the summary past two pages.
        notes.append(
            f"{flag.short_name} item {flag.item} ({flag.about}) was answered above "
            f"{flag.above} on {_listed(on)}."
        )
    for flag in client_records.get("flags") or []:
        if flag.get("kind") in ("risk", "safeguarding") and not flag.get("cleared_on"):
            what = "risk" if flag["kind"] == "risk" else "safeguarding concern"
            notes.append(f"Open {what} flag raised on {date_words(flag['raised_on'])}.")
    return notes
