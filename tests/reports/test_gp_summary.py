"""GP summary: the data a GP relies on, and the PDF as printed (text, pages, fonts)."""

from __future__ import annotations

import os
import re
from datetime import date

import pdfplumber
import pytest
from pypdf import PdfReader

from painclinic_desktop.core.files import CannotWrite
from painclinic_desktop.core.measures import MeasureSettings
from painclinic_desktop.reports.gp_summary import build_gp_summary_data
from painclinic_desktop.reports.gp_summary_layout import write_gp_summary

SERVICE = {
    "name": "Rethinking Pain",
    "address": "1 Example Street, Bradford",
    "phone": "01274 000000",
}
TODAY = date(2026, 9, 20)
ARMS = [
    "Feeling like a good grandparent",
    "Able to stand and cook",
    "Walking to the mosque on Fridays",
    "Sleeping through the night",
    "Going back to the allotment",
]


def assessment(instrument, time_point, on, items, **extra):
    return {
        "id": f"{instrument}-{time_point}-{on}",
        "client_id": "c1",
        "instrument": instrument,
        "time_point": time_point,
        "administered_on": on,
        "items": items,
        **extra,
    }


def goal(n, status="in_progress", replaced=False):
    reviews = [{"reviewed_on": "2026-04-10", "status": status, "note": ""}]
    if replaced:
        reviews.append({"reviewed_on": "2026-05-01", "status": "replaced", "note": ""})
    return {
        "id": f"g{n}",
        "client_id": "c1",
        "footstep": n % 10 + 1,
        "text": f"Goal number {n}: walk to the park with my grandchildren",
        "set_on": f"2026-03-{n % 28 + 1:02d}",
        "target_on": "2026-06-10",
        "confidence": 7,
        "reviews": reviews,
    }


def records(**overrides) -> dict:
    base = {
        "client": {
            "id": "c1",
            "nhs_number": "9434765919",
            "given_name": "Łukasz",
            "family_name": "Wójcik",
            "date_of_birth": "1961-03-12",
            "gp_practice_name": "Manningham Medical Practice",
            "gp_practice_code": "B83001",
        },
        "referrals": [
            {
                "id": "r1",
                "client_id": "c1",
                "received_on": "2026-03-01",
                "source": "gp",
                "referrer_name": "Dr A Shah",
                "reason": "Low back pain for four years",
                "outcome": "accepted",
            }
        ],
        "tier_changes": [
            {"id": "t2", "client_id": "c1", "tier": 2, "changed_on": "2026-06-01", "reason": ""},
            {"id": "t1", "client_id": "c1", "tier": 1, "changed_on": "2026-03-03", "reason": ""},
        ],
        "discharges": [],
        "flags": [],
        "contacts": [
            {"id": "k0", "starts_at": "2026-03-08T10:00:00+00:00", "outcome": "dna"},
            {"id": "k1", "starts_at": "2026-03-10T10:00:00+00:00", "outcome": "attended"},
        ],
        "assessments": [
            assessment("phq9", "baseline", "2026-03-10", [2, 2, 2, 2, 2, 2, 2, 1, 0]),
            assessment("phq9", "end", "2026-09-10", [1, 1, 1, 1, 1, 1, 1, 0, 0]),
            assessment("bpi", "baseline", "2026-03-10", [8, 5, 7, 6] + [7] * 7),
            assessment("bpi", "end", "2026-09-10", [7, 4, 6, 6] + [5] * 7),
            assessment("pseq", "baseline", "2026-03-10", [2] * 10),
        ],
        "plan": {
            "id": "p1",
            "client_id": "c1",
            "what_matters": "Playing with my grandchildren again",
            "focus_footsteps": [3, 7],
            "setback_plan": {},
            "medication_review_notes": "Co-codamol 30/500 two tablets four times a day.",
            "gp_actions": "Please review co-codamol with a view to a gradual reduction.",
        },
        "goals": [goal(1), goal(2, status="achieved")],
        "igro_stars": [
            {
                "id": "s1",
                "client_id": "c1",
                "arms": ARMS,
                "ratings": [
                    {"rated_on": "2026-03-10", "label": "start", "scores": [2, 3, 1, 4, 2]},
                    {"rated_on": "2026-09-10", "label": "end", "scores": [7, 6, 5, 8, 6]},
                ],
            }
        ],
    }
    base.update(overrides)
    return base


def summary(settings=None, **overrides):
    return build_gp_summary_data(records(**overrides), SERVICE, "Sarah Coach", TODAY, settings)


def pdf_text(path) -> str:
    # One line: wrapped text is then searched as a reader reads it.
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def rows_by_measure(data):
    return {row.measure: row for row in data.outcomes}


# --- the data -----------------------------------------------------------------------------


def test_identity_referral_and_tiers():
    data = summary()
    assert data.client_name == "Łukasz Wójcik"
    assert data.nhs_number == "943 476 5919"
    assert data.nhs_test_number  # starts with 9
    assert data.gp_practice == "Manningham Medical Practice (B83001)"
    assert data.referral_source == "GP (Dr A Shah)"
    assert [(t.tier, t.changed_on) for t in data.tiers] == [(1, "2026-03-03"), (2, "2026-06-01")]
    assert data.first_contact_on == "2026-03-10"  # the earlier one was not attended
    assert data.discharged_on is None


def test_a_discharge_before_a_re_referral_belongs_to_the_old_episode():
    old = [{"id": "d1", "client_id": "c1", "discharged_on": "2025-11-01", "reason": "disengaged"}]
    assert summary(discharges=old).discharged_on is None
    new = [{"id": "d2", "client_id": "c1", "discharged_on": "2026-09-15", "reason": "goals_met"}]
    data = summary(discharges=new)
    assert (data.discharged_on, data.discharge_reason) == ("2026-09-15", "goals met")


def test_outcomes_baseline_against_latest_follow_up_with_mid():
    rows = rows_by_measure(summary())
    # PHQ-9: 2*7 + 1 + 0 = 15 -> 1*7 = 7; fall of 8 reaches the MID of 6 (lower is better)
    phq = rows["PHQ-9"]
    assert (phq.baseline, phq.latest, phq.change) == (15, 7, -8)
    assert (phq.direction, phq.reaches_mid) == ("better", True)
    assert (phq.baseline_band, phq.latest_band) == ("moderately severe", "mild")
    assert (phq.latest_time_point, phq.latest_on) == ("end", "2026-09-10")
    # BPI severity: (8+5+7+6)/4 = 6.5 -> (7+4+6+6)/4 = 5.75; fall of 0.75 is short of 1
    severity = rows["BPI severity"]
    assert (severity.baseline, severity.latest) == (6.5, 5.75)
    assert severity.change == pytest.approx(-0.75)
    assert (severity.direction, severity.reaches_mid) == ("better", False)
    # BPI interference: 7 -> 5, a fall of 2 reaches 1
    assert rows["BPI interference"].reaches_mid is True
    # PSEQ: baseline only (2*10 = 20), nothing to compare yet
    pseq = rows["PSEQ"]
    assert (pseq.baseline, pseq.latest, pseq.change, pseq.reaches_mid) == (20, None, None, None)


def test_a_service_mid_setting_changes_what_counts_as_meaningful():
    settings = MeasureSettings(mids={("bpi", "severity"): -0.5})
    assert rows_by_measure(summary(settings))["BPI severity"].reaches_mid is True


def test_a_worse_score_is_worse_and_never_meaningful():
    worse = [
        assessment("pseq", "baseline", "2026-03-10", [4] * 10),  # 40
        assessment("pseq", "fu_6m", "2026-09-10", [3] * 10),  # 30
    ]
    pseq = rows_by_measure(summary(assessments=worse))["PSEQ"]
    assert (pseq.change, pseq.direction, pseq.reaches_mid) == (-10, "worse", False)


def test_the_change_is_from_the_earliest_baseline_as_in_the_return_and_its_date_is_shown():
    # One rule everywhere (core/outcomes.py): a later baseline never replaces the earliest.
    history = [
        assessment("gad7", "baseline", "2025-01-10", [3] * 7),  # 21, the earliest baseline
        assessment("gad7", "end", "2025-06-10", [0] * 7),  # 0
        assessment("gad7", "baseline", "2026-03-10", [2] * 7),  # 14, a later baseline
        assessment("gad7", "mid", "2026-06-10", [1] * 7),  # 7, the latest follow-up
        assessment("gad7", "review", "2026-08-10", [0] * 7),  # a review is not a follow-up
    ]
    gad = rows_by_measure(summary(assessments=history))["GAD-7"]
    assert (gad.baseline, gad.latest, gad.change, gad.reaches_mid) == (21, 7, -14, True)
    assert (gad.baseline_on, gad.latest_on) == ("2025-01-10", "2026-06-10")


def test_sit_to_stand_results_of_different_protocols_are_never_paired():
    mixed = [
        assessment("sts", "baseline", "2026-03-10", [8], protocol="30s"),
        assessment("sts", "end", "2026-09-10", [20], protocol="60s"),
    ]
    sts = rows_by_measure(summary(assessments=mixed))["Sit-to-stand"]
    assert (sts.baseline, sts.latest, sts.reaches_mid) == (8, None, None)
    same = [mixed[0], assessment("sts", "end", "2026-09-10", [11])]  # no protocol: 30 s
    sts = rows_by_measure(summary(assessments=same))["Sit-to-stand"]
    assert (sts.latest, sts.change, sts.reaches_mid) == (11, 3, True)


def test_phq9_item_9_above_zero_is_always_shown_even_without_a_total():
    # Three items missing: no total, but item 9 was answered 1.
    risky = [assessment("phq9", "mid", "2026-06-10", [None, None, None, 1, 1, 1, 1, 1, 1])]
    data = summary(assessments=risky)
    assert len(data.safety_notes) == 1
    assert "PHQ-9 item 9" in data.safety_notes[0] and "10-Jun-2026" in data.safety_notes[0]


def test_open_risk_flags_are_shown_and_cleared_ones_are_not():
    flags = [
        {"id": "f1", "client_id": "c1", "kind": "risk", "raised_on": "2026-06-10", "note": "x"},
        {"id": "f2", "kind": "safeguarding", "raised_on": "2026-05-01", "cleared_on": "2026-05-20"},
    ]
    notes = summary(flags=flags).safety_notes
    assert notes == ("Open risk flag raised on 10-Jun-2026.",)


def test_only_current_goals_are_listed_with_their_status():
    data = summary(goals=[goal(1), goal(2, replaced=True), goal(3, status="achieved")])
    assert [(g.text[:14], g.status) for g in data.goals] == [
        ("Goal number 1:", "in_progress"),
        ("Goal number 3:", "achieved"),
    ]
    assert data.goals_not_shown == 1


def test_no_star_picture_until_a_star_has_a_rating():
    unrated = [{"id": "s1", "client_id": "c1", "arms": ARMS, "ratings": []}]
    assert summary(igro_stars=unrated).star is None
    assert summary().star["id"] == "s1"


# --- the PDF ------------------------------------------------------------------------------


def test_the_pdf_names_the_client_correctly_and_holds_every_section(tmp_path):
    path = tmp_path / "gp.pdf"
    pages = write_gp_summary(summary(), path)
    text = pdf_text(path)
    assert pages == 1 and len(PdfReader(path).pages) == 1
    for expected in (
        "Rethinking Pain",
        "Łukasz Wójcik",
        "943 476 5919",
        "12-Mar-1961",
        "Manningham Medical Practice",
        "Actions requested of the GP",
        "Please review co-codamol",
        "Referral, tier and dates",
        "Low back pain for four years",
        "Tier 1 from 03-Mar-2026",
        "What matters to the client",
        "Playing with my grandchildren again",
        "Focus footsteps",
        "3 Pacing, 7 Sleep",
        "Outcome measures",
        "PHQ-9",
        "−8 (better)",
        "iGro star",
        "Walking to the mosque",
        "the allotment",
        "Average (of 10)",  # the two star numbers say what they measure
        "every arm at 5 fills 25%",
        "Medication review notes",
        "Prepared by Sarah Coach on 20-Sep-2026",
    ):
        assert expected in text, expected
    assert "DEMO" not in text


def test_names_use_the_shipped_unicode_font(tmp_path):
    path = tmp_path / "gp.pdf"
    write_gp_summary(summary(), path)
    with pdfplumber.open(path) as pdf:
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_demo_banner_when_asked(tmp_path):
    data = build_gp_summary_data(records(), SERVICE, "Sarah", TODAY, demo=True)
    write_gp_summary(data, tmp_path / "gp.pdf")
    assert "DEMO — synthetic data" in pdf_text(tmp_path / "gp.pdf")


def test_sections_without_content_are_left_out_or_say_so(tmp_path):
    path = tmp_path / "gp.pdf"
    data = summary(plan=None, igro_stars=[], assessments=[], referrals=[])
    write_gp_summary(data, path)
    text = pdf_text(path)
    assert "iGro star" not in text
    assert "Medication review notes" not in text
    assert "None at present." in text
    assert "No outcome measures with a baseline recorded yet." in text


def test_never_more_than_two_pages_even_with_many_goals_and_long_notes(tmp_path):
    plan = {
        **records()["plan"],
        "what_matters": "I want my life back. " * 150,
        "medication_review_notes": "Notes about the tablets. " * 150,
        "gp_actions": "Please review my medication and refer on. " * 80,
    }
    path = tmp_path / "gp.pdf"
    pages = write_gp_summary(summary(plan=plan, goals=[goal(n) for n in range(40)]), path)
    assert pages == len(PdfReader(path).pages) <= 2
    text = pdf_text(path)
    assert "shortened: see the full record" in text
    assert "more current goals are in the client's plan" in text
    assert "Please review my medication" in text


def test_the_file_is_replaced_whole_and_no_temporary_file_is_left(tmp_path, monkeypatch):
    path = tmp_path / "gp.pdf"
    path.write_bytes(b"previous summary")
    write_gp_summary(summary(), path)
    assert path.read_bytes().startswith(b"%PDF")
    assert os.listdir(tmp_path) == ["gp.pdf"]

    def disk_full(*_):
        raise OSError(28, "No space left on device")

    path.write_bytes(b"previous summary")
    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(CannotWrite, match="the disk is full"):
        write_gp_summary(summary(), path)
    assert path.read_bytes() == b"previous summary"
    assert os.listdir(tmp_path) == ["gp.pdf"]


def test_a_star_rated_many_times_shows_the_first_and_latest_ratings(tmp_path):
    ratings = [
        {"rated_on": f"2026-{m:02d}-01", "label": "review", "scores": [m] * 5} for m in range(1, 10)
    ]
    ratings[0]["label"] = "start"
    stars = [{"id": "s1", "client_id": "c1", "arms": ARMS, "ratings": ratings}]
    path = tmp_path / "gp.pdf"
    write_gp_summary(summary(igro_stars=stars), path)
    text = pdf_text(path)
    # First (1 Jan) and the latest four (1 Jun to 1 Sep); 1 Feb to 1 May are left to the record.
    assert "01-Jan-2026" in text and "01-Sep-2026" in text and "01-Jun-2026" in text
    assert "01-Feb-2026" not in text and "01-May-2026" not in text
    assert "4 other reviews are in the client's record." in text
    # Equal scores r: percent = r^2, so the change from the first (1%) to the last (81%) is +80
    assert "+80" in text
