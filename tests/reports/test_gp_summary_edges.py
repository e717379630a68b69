"""GP summary edge cases: a later declined referral, and records long enough to crowd pages."""

from __future__ import annotations

from pypdf import PdfReader

from painclinic_desktop.reports.gp_summary import build_gp_summary_data
from painclinic_desktop.reports.gp_summary_layout import write_gp_summary
from tests.reports.test_gp_summary import SERVICE, TODAY, assessment, records


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_a_later_declined_referral_does_not_hide_the_episode_or_its_discharge(tmp_path):
    data = records()
    data["referrals"].append(
        {
            "id": "r2",
            "client_id": "c1",
            "received_on": "2026-08-01",
            "source": "self",
            "reason": "Asked to come back",
            "outcome": "declined",
            "decline_reason": "Already supported",
        }
    )
    data["discharges"] = [
        {"id": "d1", "client_id": "c1", "discharged_on": "2026-07-01", "reason": "goals_met"}
    ]
    summary = build_gp_summary_data(data, SERVICE, "Amina Rashid", TODAY)
    assert summary.referral_received_on == "2026-03-01"
    assert summary.referral_reason == "Low back pain for four years"
    assert summary.discharged_on == "2026-07-01"
    assert summary.first_contact_on == "2026-03-10"


def test_a_very_long_record_still_fits_on_two_pages_and_says_what_was_cut(tmp_path):
    long_goal = "Walking the dog to the park every morning without stopping " * 6
    data = records()
    data["goals"] = [
        dict(g, text=f"Goal {n}: {long_goal}", id=f"g{n}")
        for n, g in enumerate([data["goals"][0]] * 40)
    ]
    data["tier_changes"] = [
        {
            "id": f"t{n}",
            "client_id": "c1",
            "tier": n % 3 + 1,
            "changed_on": f"2026-0{n + 3}-01",
            "reason": "MDT decision after review of progress and goals " * 4,
        }
        for n in range(5)
    ]
    data["assessments"] += [
        assessment("phq9", "review", f"2026-0{m}-15", [1] * 8 + [1]) for m in range(3, 9)
    ]
    data["plan"]["gp_actions"] = "Please review amitriptyline dose and sleep clinic. " * 40
    data["plan"]["medication_review_notes"] = "Co-codamol and amitriptyline reviewed. " * 40
    out = tmp_path / "gp.pdf"
    pages = write_gp_summary(build_gp_summary_data(data, SERVICE, "Amina Rashid", TODAY), out)
    assert pages == len(PdfReader(out).pages) <= 2
    text = _text(out)
    assert "shortened: see the full record" in text
    assert text.count("PHQ-9 item 9") == 1  # one line naming every date, not six lines
    assert "15-Mar-2026" in text and "15-Aug-2026" in text
