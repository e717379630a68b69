"""Page layout of the GP summary: compact (9 pt tables), black-and-white safe, at most 2 pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from painclinic_desktop.core.files import write_atomically
from painclinic_desktop.core.igro import rating_summaries
from painclinic_desktop.reports.gp_summary import (
    STATUS_WORDS,
    GoalLine,
    GpSummaryData,
    OutcomeRow,
)
from painclinic_desktop.reports.gp_summary_medication import STATUS_WORDS as STATUS_WORDS_GP
from painclinic_desktop.reports.ome_drawing import ome_drawing
from painclinic_desktop.reports.pdf_common import (
    Styles,
    build_pdf,
    date_words,
    demo_banner,
    make_styles,
    table_style,
    text,
)
from painclinic_desktop.reports.shaped_paragraph import para
from painclinic_desktop.reports.star_drawing import (
    LABEL_WORDS,
    drawn_positions,
    line_sample,
    star_drawing,
    styles_for,
)

TITLE = "Summary for the GP record"
MAX_PAGES = 2
# Star pictures as (width, radius): wide and short, so the client's words get room to the sides.
FULL_STAR, SMALL_STAR = (270, 60), (270, 48)
# (shortening level, star): tried in turn until the summary fits on two pages.
SHORTER = ((1, SMALL_STAR), (2, SMALL_STAR), (3, (260, 42)), (4, (260, 42)), (5, (260, 42)))


def write_gp_summary(data: GpSummaryData, path: str | Path) -> int:
    """Write the PDF atomically; returns its number of pages (1 or 2)."""
    pdf, pages = render(data)
    write_atomically(path, pdf)
    return pages


def render(data: GpSummaryData) -> tuple[bytes, int]:
    """(pdf, pages): one page where a smaller star allows it, else two, shortening if needed."""
    styles = make_styles(body_size=9, heading_size=10.5, title_size=13)
    footer = f"{data.client_name} · NHS {data.nhs_number or 'not recorded'} · {TITLE}"

    def attempt(level: int, star: tuple[float, float]) -> tuple[bytes, int]:
        shown = data if level == 0 else shortened(data, level)
        return build_pdf(lambda width: story(shown, styles, width, star), footer)

    full = attempt(0, FULL_STAR)
    if full[1] == 1 or not data.star:
        return full if full[1] <= MAX_PAGES else _shortest_fit(attempt)
    small = attempt(0, SMALL_STAR)
    if small[1] == 1:
        return small
    return full if full[1] <= MAX_PAGES else _shortest_fit(attempt)


def _shortest_fit(attempt) -> tuple[bytes, int]:
    for level, star in SHORTER:
        pdf, pages = attempt(level, star)
        if pages <= MAX_PAGES:
            break
    return pdf, pages


def shortened(data: GpSummaryData, level: int) -> GpSummaryData:
    """Shorter content for a summary that would otherwise pass two pages (levels 1 to 3).

    Every cut says so on the page, so a reader knows to look in the full record.
    """
    step = min(level, 3) - 1  # levels above 3 keep level 3's limits and add their own
    notes = list(data.shortened)
    goals = data.goals
    limit = (8, 5, 3)[step]
    if len(goals) > limit:
        # Keep the most recently set: they are the ones being worked on.
        notes.append(f"{len(goals) - limit} more current goals are in the client's plan.")
        goals = goals[-limit:]
    texts: dict[str, str] = {}
    for name, limits in _TEXT_LIMITS.items():
        value = getattr(data, name)
        if len(value) > limits[step]:
            texts[name] = _cut(value, limits[step])
    shorter = replace(data, goals=goals, shortened=tuple(notes))
    shorter = replace(shorter, **texts)  # type: ignore[arg-type]  # only the str fields above
    return _shortened_further(shorter, level) if level > 3 else shorter


def _shortened_further(data: GpSummaryData, level: int) -> GpSummaryData:
    """Levels 4 and 5, for records long enough to pass two pages even so: shorter goal
    wording and tier reasons, fewer tier lines, and (at 5) the star left to the plan."""
    text_limit, tiers_kept = (140, 4) if level == 4 else (70, 2)
    notes = list(data.shortened)
    goals = tuple(
        replace(g, text=_cut(g.text, text_limit)) if len(g.text) > text_limit else g
        for g in data.goals
    )
    tiers = tuple(
        replace(t, reason=_cut(t.reason, 80)) if len(t.reason) > 80 else t
        for t in data.tiers[-tiers_kept:]
    )
    if len(data.tiers) > tiers_kept:
        notes.append(f"{len(data.tiers) - tiers_kept} earlier tier changes are in the record.")
    if level >= 4 and data.medication and data.medication.plan:
        notes.append("The medication chart is on the record page (Dose reduction).")
    star = data.star
    if level >= 5 and star:
        notes.append("The iGro star is in the client's plan.")
        star = None
    return replace(
        data,
        goals=goals,
        tiers=tiers,
        star=star,
        shortened=tuple(notes),
        gp_actions=_cut(data.gp_actions, 900) if len(data.gp_actions) > 900 else data.gp_actions,
    )


def _cut(value: str, limit: int) -> str:
    """Cut at a word boundary, and say so."""
    kept = value[:limit]
    if " " in kept[limit // 2 :]:
        kept = kept[: kept.rindex(" ")]
    return kept.rstrip(" ,.;:") + " … [shortened: see the full record]"


# Requests to the GP are cut last and least: they are what the GP must act on.
_TEXT_LIMITS = {
    "what_matters": (900, 450, 220),
    "referral_reason": (600, 300, 160),
    "medication_review_notes": (1500, 900, 600),
    "gp_actions": (2400, 1600, 1200),
}


def story(
    data: GpSummaryData, s: Styles, width: float, star: tuple[float, float] = FULL_STAR
) -> list:
    parts: list = []
    if data.demo:
        parts += [demo_banner(s.body, width), Spacer(1, 4)]
    parts += [_header(data, s, width), Spacer(1, 5), _identity(data, s, width)]
    if data.safety_notes:
        parts += [Spacer(1, 5), _boxed("Please note", data.safety_notes, s, width)]
    parts += _section("Actions requested of the GP", _requests(data, s), s)
    parts += _section("Referral, tier and dates", [_referral(data, s), _tiers(data, s)], s)
    if data.what_matters:
        parts += _section(
            "What matters to the client (their words)", [_quote(data.what_matters, s)], s
        )
    parts += _section("Focus footsteps and current goals", _plan(data, s, width), s)
    parts += _section("Outcome measures", _outcomes(data, s, width), s)
    if data.star:
        parts += _section(
            "iGro star (the client's own outcome measure)", _star(data.star, s, width, star), s
        )
    if data.medication is not None:
        chart = "medication chart" not in " ".join(data.shortened)
        parts += _section("Medication review", _medication(data, s, width, chart), s)
    if data.medication_review_notes:
        parts += _section("Medication review notes", [_para(data.medication_review_notes, s)], s)
    if data.codes:
        parts += _section("For the practice to code (SNOMED CT)", _codes(data, s, width), s)
    return parts


def _para(value: str, s: Styles) -> Flowable:
    return para(text(value), s.body)


def _quote(value: str, s: Styles) -> Flowable:
    return para(f"“{text(value)}”", s.body)


def _section(title: str, content: list, s: Styles) -> list:
    # The heading stays with the start of its content; long content may still split.
    return [KeepTogether([para(title, s.heading), *content[:1]]), *content[1:]]


def _header(data: GpSummaryData, s: Styles, width: float) -> Table:
    contact = " · ".join(p for p in (data.service_address, data.service_phone) if p)
    left = [para(text(data.service_name), s.title)]
    if contact:
        left.append(para(text(contact), s.small))
    right = [
        para(TITLE, s.cell_bold),
        para(f"Prepared by {text(data.author)} on {date_words(data.today)}", s.small),
    ]
    table = Table([[left, right]], colWidths=[width * 0.62, width * 0.38])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _identity(data: GpSummaryData, s: Styles, width: float) -> Table:
    nhs = data.nhs_number or "not recorded"
    if data.nhs_test_number:
        nhs += " (test number)"
    labels = ["Name", "Date of birth", "NHS number", "GP practice"]
    values = [
        data.client_name,
        date_words(data.date_of_birth) or "not recorded",
        nhs,
        data.gp_practice or "not recorded",
    ]
    table = Table(
        [
            [para(label, s.small) for label in labels],
            [para(text(value), s.cell_bold) for value in values],
        ],
        colWidths=[width * f for f in (0.3, 0.17, 0.2, 0.33)],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _boxed(title: str, lines: tuple[str, ...], s: Styles, width: float) -> Table:
    content = [para(f"<b>{title}</b>", s.body)] + [para(f"• {text(n)}", s.body) for n in lines]
    table = Table([[content]], colWidths=[width])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black)]))
    return table


def _referral(data: GpSummaryData, s: Styles) -> Flowable:
    if not data.referral_received_on:
        return para("No referral recorded.", s.body)
    words = f"Received {date_words(data.referral_received_on)}"
    if data.referral_source:
        words += f" from {text(data.referral_source)}"
    words += "."
    if data.referral_reason:
        words += f" <b>Reason:</b> {text(data.referral_reason)}"
    return para(words, s.body)


def _tiers(data: GpSummaryData, s: Styles) -> Flowable:
    steps = [
        f"Tier {t.tier} from {date_words(t.changed_on)}"
        + (f" ({text(t.reason)})" if t.reason else "")
        for t in data.tiers
    ]
    words = "; ".join(steps) + "." if steps else "No tier recorded yet."
    if data.first_contact_on:
        words += f" First attended contact {date_words(data.first_contact_on)}."
    if data.discharged_on:
        reason = f" ({data.discharge_reason})" if data.discharge_reason else ""
        words += f" <b>Discharged {date_words(data.discharged_on)}{reason}.</b>"
    else:
        words += " Still open to the service."
    return para(words, s.body)


def _plan(data: GpSummaryData, s: Styles, width: float) -> list:
    focus = ", ".join(f"{n} {text(title)}" for n, title in data.focus_footsteps)
    parts = [para(f"<b>Focus footsteps:</b> {focus or 'none chosen yet'}", s.body)]
    if data.goals:
        parts.append(_goals_table(data.goals, s, width))
    else:
        parts.append(para("No current goals.", s.body))
    notes = list(data.shortened)
    if data.goals_not_shown:
        notes.append(f"{data.goals_not_shown} earlier goals were replaced and are not shown.")
    parts += [para(text(n), s.small) for n in notes]
    return parts


def _goals_table(goals: tuple[GoalLine, ...], s: Styles, width: float) -> Table:
    # Confidence is left to the client's own plan: the GP needs the goal and where it stands.
    heads = ("Footstep", "Goal (client's words)", "Target", "Status")
    rows = [[para(h, s.cell_bold) for h in heads]]
    for g in goals:
        status = STATUS_WORDS.get(g.status, "not yet reviewed") if g.status else "not yet reviewed"
        if g.status_on:
            status += f" ({date_words(g.status_on)})"
        rows.append(
            [
                para(f"{g.footstep} {text(g.footstep_title)}", s.cell),
                para(text(g.text), s.cell),
                para(date_words(g.target_on), s.cell),
                para(status, s.cell),
            ]
        )
    fixed = [
        _fits("1 Understanding", s),
        _fits("10 Sep 2026", s),
        _fits("in progress (10 Sep 2026)", s),
    ]
    table = Table(rows, colWidths=[fixed[0], width - sum(fixed), *fixed[1:]], repeatRows=1)
    table.setStyle(table_style())
    return table


def _fits(sample: str, s: Styles, most: float | None = None) -> float:
    """A column just wide enough for `sample` on one line (bold, plus cell padding)."""
    width = stringWidth(sample, s.cell_bold.fontName, s.cell_bold.fontSize) + 8
    return min(width, most) if most else width


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _signed(value: float) -> str:
    shown = _number(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else "0"


def _outcomes(data: GpSummaryData, s: Styles, width: float) -> list:
    if not data.outcomes:
        return [para("No outcome measures with a baseline recorded yet.", s.body)]
    # When every row shares its dates (the usual case) they go in the header, saving a line a row.
    base_dates = {r.baseline_on for r in data.outcomes}
    late_dates = {(r.latest_time_point, r.latest_on) for r in data.outcomes if r.latest is not None}
    base_head = "Baseline" + (
        f"<br/>{date_words(next(iter(base_dates)))}" if len(base_dates) == 1 else ""
    )
    late_head = "Latest follow-up"
    if len(late_dates) == 1:
        point, on = next(iter(late_dates))
        late_head += f"<br/>{point}, {date_words(on)}"
    heads = ("Measure", base_head, late_head, "Change", "Meaningful change (MID)?")
    rows = [[para(h, s.cell_bold) for h in heads]]
    rows += [_outcome_cells(r, s, len(base_dates) > 1, len(late_dates) > 1) for r in data.outcomes]
    table = Table(rows, colWidths=[width * f for f in (0.18, 0.23, 0.26, 0.15, 0.18)], repeatRows=1)
    table.setStyle(table_style())
    parts = [
        table,
        para(
            "Change is latest follow-up minus baseline. Meaningful: the improvement reaches the "
            "minimal important difference (MID) used by the service.",
            s.small,
        ),
    ]
    if data.unscored_assessments:
        parts.append(
            para(
                f"{data.unscored_assessments} assessment(s) could not be scored and are not shown.",
                s.small,
            )
        )
    return parts


def _outcome_cells(row: OutcomeRow, s: Styles, base_dated: bool, late_dated: bool) -> list:
    def value(v, band, when):
        shown = _number(v) + (f" ({band})" if band else "")
        return f"{shown}<br/>{when}" if when else shown

    baseline = value(
        row.baseline, row.baseline_band, date_words(row.baseline_on) if base_dated else ""
    )
    if row.latest is None:
        latest = "no follow-up yet"
    else:
        when = f"{row.latest_time_point}, {date_words(row.latest_on)}" if late_dated else ""
        latest = value(row.latest, row.latest_band, when)
    change = "—" if row.change is None else f"{_signed(row.change)} ({row.direction})"
    mid = {True: "<b>Yes</b>", False: "No", None: "—"}[row.reaches_mid]
    return [para(text(row.measure), s.cell)] + [
        para(c, s.cell) for c in (baseline, latest, change, mid)
    ]


def _star(igro: dict, s: Styles, width: float, size: tuple[float, float]) -> list:
    star_width, radius = size
    # The legend lives in the table (a line sample per rating), so the picture stays short.
    drawing = star_drawing(igro, width=star_width, font_size=7, radius=radius, legend=False)
    summaries = rating_summaries(igro)
    drawn = drawn_positions(len(summaries))
    line_styles = dict(zip(drawn, styles_for(len(drawn)), strict=True))
    heads = ("Rating", "Scores", "Average (of 10)", "Area (%)", "Change")
    rows = [[para(h, s.cell_bold) for h in heads]]
    # Only the drawn ratings (the first and the latest ones): the table stays beside the star.
    for n in drawn:
        r = summaries[n]
        label = para(f"{LABEL_WORDS.get(r.label, r.label)}<br/>{date_words(r.rated_on)}", s.cell)
        rows.append(
            [
                [line_sample(line_styles[n], width=30), label],
                para(" ".join(str(v) for v in r.scores), s.cell),
                para(f"{r.mean:.1f}", s.cell),
                para(f"{r.percent:.0f}%", s.cell),
                para("—" if n == 0 else f"{r.percent_change:+.0f}", s.cell),
            ]
        )
    side = width - star_width - 6
    # Each column as wide as its longest word; the scores take what is left.
    words = ("10 Sep 2026", "", "Average", "Area", "Change")
    widths = [_fits(w, s) if w else 0.0 for w in words]
    widths[1] = max(_fits("10 10 10", s), side - sum(widths))
    summary = Table(rows, colWidths=widths)
    summary.setStyle(table_style())
    skipped = len(summaries) - len(drawn)
    note = para(
        "Each arm is scored 0 (centre) to 10 by the client; the average is of the five "
        "scores. Area (%) is how much of the full star (every arm at 10) the shape fills: it "
        "grows faster than the scores, so it reads lower (every arm at 5 fills 25%). Change is "
        "from the first rating, in percentage points of area."
        + (f" {skipped} other reviews are in the client's record." if skipped else ""),
        s.small,
    )
    layout = Table([[drawing, [summary, Spacer(1, 4), note]]], colWidths=[star_width + 6, side])
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [layout]


# --- medication review, requests to the GP and codes (issue 15) ---------------------------


def _requests(data: GpSummaryData, s: Styles) -> list:
    parts: list = []
    for r in data.gp_requests:
        status = (
            f"requested {date_words(r.requested_on)}"
            if r.status == "requested"
            else f"{STATUS_WORDS_GP.get(r.status, r.status)} {date_words(r.status_on)} "
            f"(requested {date_words(r.requested_on)})"
        )
        parts.append(para(f"• {text(r.text)} <i>— {status}</i>", s.body))
    if data.gp_actions:
        parts.append(_para(data.gp_actions, s))
    return parts or [_para("None at present.", s)]


def _medication(data: GpSummaryData, s: Styles, width: float, chart: bool) -> list:
    review = data.medication
    if review is None:
        return []
    parts: list = []
    if review.medicines:
        rows = [[para(h, s.cell_bold) for h in ("Medicine", "Dose", "OME mg/day")]]
        rows += [
            [
                para(text(m.name), s.cell),
                para(text(m.dose), s.cell),
                para(text(m.ome) or "—", s.cell),
            ]  # fmt: skip
            for m in review.medicines
        ]
        table = Table(rows, colWidths=[width * f for f in (0.46, 0.30, 0.24)], repeatRows=1)
        table.setStyle(table_style())
        parts.append(table)
    else:
        parts.append(_para("No medicines recorded as taken now.", s))
    total = f"<b>Total oral morphine equivalent: {text(review.total)}</b>"
    if review.high_dose and review.complete:
        total += " — <b>HIGH DOSE (120 mg/day or more)</b>"
    if not review.complete:
        total += (
            " — <b>INCOMPLETE: "
            + text(", ".join(review.not_converted))
            + " not converted; ask the prescriber</b>"
        )
    parts.append(para(total, s.body))
    confirmed = (
        f"As recorded or confirmed on {date_words(review.confirmed_on)}"
        if review.confirmed_on
        else "Nothing recorded as taken now"
    )
    if review.stale:
        confirmed += " (more than 90 days ago: please check before relying on it)"
    parts.append(
        para(
            f"{confirmed}. Conversion table: {text(review.table)}. The service records and "
            "calculates; it does not prescribe.",
            s.small,
        )
    )
    plan = review.plan
    if plan is not None:
        where = (
            f"now at step {plan.step_number} of {plan.steps} (from {date_words(plan.step_on)}): "
            f"{text(plan.step_regimen)}"
            if plan.step_number
            else f"first step on {date_words(plan.next_on)}"
        )
        if plan.planned_ome is not None and plan.step_number:
            where += f"; planned {plan.planned_ome:g} mg/day"
        line = (
            f"<b>Dose-reduction plan</b> agreed with {text(plan.agreed_with)} on "
            f"{date_words(plan.agreed_on)}: {where}."
        )
        if plan.next_on and plan.step_number:
            line += f" Next step {date_words(plan.next_on)}."
        if plan.on_hold:
            line += f" <b>On hold — {text(plan.on_hold)}.</b>"
        parts.append(para(line, s.body))
        if chart and (plan.planned or plan.recorded):
            parts.append(
                ome_drawing(
                    plan.planned,
                    plan.recorded,
                    plan.agreed_on,
                    data.today,
                    width,
                    font=s.body.fontName,
                )  # fmt: skip
            )
    return parts


def _codes(data: GpSummaryData, s: Styles, width: float) -> list:
    heads = ("Item", "Date", "Value", "SNOMED CT concept id", "Term")
    rows = [[para(h, s.cell_bold) for h in heads]]
    rows += [
        [
            para(text(c.item), s.cell),
            para(date_words(c.on), s.cell),
            para(text(c.value), s.cell),
            para(c.concept_id, s.cell),
            para(text(c.term), s.cell),
        ]  # fmt: skip
        for c in data.codes
    ]
    # The concept id on one line: a code split across lines cannot be typed in as it stands.
    concept = _fits("8717310000001060", s)
    date_w, value_w = _fits("00-Mmm-0000", s), _fits("Value", s)
    item_w = (width - concept - date_w - value_w) * 0.42
    widths = [item_w, date_w, value_w, concept, width - item_w - date_w - value_w - concept]
    table = Table(rows, colWidths=widths)
    table.setStyle(table_style())
    return [
        table,
        para(
            "Only items with a cited SNOMED CT concept are listed; others are left uncoded.",
            s.small,
        ),
    ]
