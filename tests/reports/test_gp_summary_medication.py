"""GP summary: the medication review, actions requested of the GP with their status, and the
SNOMED CT codes the practice can enter; still at most two pages, readable in black and white."""

from __future__ import annotations

import json

from pypdf import PdfReader

from painclinic_desktop.reports.gp_summary_layout import write_gp_summary
from painclinic_desktop.reports.gp_summary_medication import snomed_codes
from painclinic_desktop.resources_path import resource
from tests.reports.test_gp_summary import pdf_text, records, summary

ITEMS = [
    {
        "id": "m1",
        "client_id": "c1",
        "drug": "oxycodone",
        "name": "Oxycodone 10 mg MR tablets (OxyContin)",
        "route": "oral",
        "dose": 40,
        "dose_unit": "mg",
        "times_per_day": 2,
        "started_on": "2026-06-01",
        "stopped_on": "2026-08-15",
        "source": "gp_record",
    },
    {
        "id": "m2",
        "client_id": "c1",
        "drug": "oxycodone",
        "name": "Oxycodone 10 mg MR tablets (OxyContin)",
        "route": "oral",
        "dose": 30,
        "dose_unit": "mg",
        "times_per_day": 2,
        "started_on": "2026-08-15",
        "checked_on": "2026-09-10",
        "source": "gp_record",
        "replaces": "m1",
    },
    {
        "id": "m3",
        "client_id": "c1",
        "drug": "methadone",
        "name": "Methadone 1 mg/ml oral solution",
        "route": "oral",
        "dose": 20,
        "dose_unit": "mg",
        "times_per_day": 1,
        "started_on": "2026-08-01",
        "source": "pharmacy",
    },
]
PLAN = {
    "id": "p1",
    "client_id": "c1",
    "agreed_with": "Dr R Hussain",
    "agreed_on": "2026-08-01",
    "steps": [
        {"on": "2026-08-15", "regimen": "Oxycodone MR 30 mg twice a day", "ome_mg_per_day": 90},
        {"on": "2026-10-01", "regimen": "Oxycodone MR 20 mg twice a day", "ome_mg_per_day": 60},
    ],
    "events": [{"on": "2026-09-01", "kind": "pause", "reason": "Bereavement in the family"}],
}
ACTIONS = [
    {
        "id": "a1",
        "client_id": "c1",
        "text": "Please re-issue oxycodone MR at 30 mg twice a day.",
        "requested_on": "2026-08-15",
        "history": [
            {"status": "requested", "on": "2026-08-15"},
            {"status": "done", "on": "2026-08-20"},
        ],
    },
    {
        "id": "a2",
        "client_id": "c1",
        "text": "Please consider a structured medication review with the practice pharmacist.",
        "requested_on": "2026-09-12",
        "history": [{"status": "requested", "on": "2026-09-12"}],
    },
    {
        "id": "a3",
        "client_id": "c1",
        "text": "Withdrawn request that should not print.",
        "requested_on": "2026-09-01",
        "history": [
            {"status": "requested", "on": "2026-09-01"},
            {"status": "withdrawn", "on": "2026-09-02"},
        ],
    },
]
SIGNPOSTING = [
    {
        "id": "sp1",
        "client_id": "c1",
        "service_id": "choir",
        "history": [
            {"status": "suggested", "on": "2026-04-01"},
            {"status": "referred", "on": "2026-04-08"},
        ],
    }
]


def medication_summary(**overrides):
    return summary(
        medication_items=ITEMS,
        medication_plans=[PLAN],
        gp_actions=ACTIONS,
        signposting=SIGNPOSTING,
        **overrides,
    )


def test_the_current_regimen_with_its_ome_the_table_and_an_incomplete_total():
    review = medication_summary().medication
    assert [(m.name, m.dose, m.ome) for m in review.medicines] == [
        ("Methadone 1 mg/ml oral solution", "20 mg, once a day",
         "not converted — ask the prescriber"),
        ("Oxycodone 10 mg MR tablets (OxyContin)", "30 mg, 2 times a day", "90.0"),
    ]  # fmt: skip
    assert review.total == "90.0 mg/day"
    assert not review.complete and review.not_converted == ("methadone",)
    assert review.table == "PainClinic default UK OME table, version 1 (2026-12)"
    assert review.confirmed_on == "2026-09-10"


def test_the_plan_says_who_agreed_it_where_the_client_is_and_why_it_is_on_hold():
    plan = medication_summary().medication.plan
    assert (plan.agreed_with, plan.step_number, plan.steps) == ("Dr R Hussain", 1, 2)
    assert plan.planned_ome == 90
    assert plan.on_hold == "pause on 01-Sep-2026: Bereavement in the family"
    assert plan.recorded == (("2026-08-01", 120.0), ("2026-08-15", 90.0))


def test_requests_print_open_first_with_their_status_and_withdrawn_ones_are_left_out():
    lines = medication_summary().gp_requests
    assert [(r.status, r.status_on) for r in lines] == [
        ("requested", "2026-09-12"),
        ("done", "2026-08-20"),
    ]


def test_codes_come_only_from_the_cited_data_file():
    codes = {c.concept_id: c for c in medication_summary().codes}
    assert codes["871731000000106"].term == "Referral to social prescribing service (procedure)"
    assert codes["871731000000106"].on == "2026-04-08"
    phq9 = [c for c in medication_summary().codes if c.concept_id == "720433000"]
    assert [c.value for c in phq9] == ["15", "7"]
    # BPI and PSEQ have no cited concept in the data file: left uncoded, never guessed
    assert not any("BPI" in c.item or "PSEQ" in c.item for c in medication_summary().codes)
    data = json.loads(resource("codes", "gp_summary_snomed.json").read_text(encoding="utf-8"))
    assert all(c["source"].strip() for c in data["codes"])
    assert set(snomed_codes()) == {c["item"] for c in data["codes"]}


def test_the_pdf_prints_the_medication_review_requests_and_codes_on_two_pages_at_most(tmp_path):
    out = tmp_path / "gp.pdf"
    pages = write_gp_summary(medication_summary(), out)
    assert pages <= 2 and len(PdfReader(out).pages) == pages
    words = pdf_text(out)
    for expected in (
        "Actions requested of the GP",
        "Please consider a structured medication review with the practice pharmacist. — "
        "requested 12-Sep-2026",
        "done 20-Aug-2026 (requested 15-Aug-2026)",
        "Medication review",
        "Total oral morphine equivalent: 90.0 mg/day",
        "INCOMPLETE: methadone not converted; ask the prescriber",
        "Conversion table: PainClinic default UK OME table, version 1 (2026-12)",
        "Dose-reduction plan agreed with Dr R Hussain on 01-Aug-2026",
        "On hold — pause on 01-Sep-2026: Bereavement in the family",
        "871731000000106",
        "Referral to social prescribing service (procedure)",
        "720433000",
    ):
        assert expected in words, expected
    assert "Withdrawn request" not in words


def test_a_summary_without_medicines_has_no_medication_section_and_keeps_the_old_notes(tmp_path):
    data = summary()
    assert data.medication is None
    out = tmp_path / "gp.pdf"
    write_gp_summary(data, out)
    words = pdf_text(out)
    assert "Medication review notes" in words and "Total oral morphine" not in words
    assert "Please review co-codamol with a view to a gradual reduction." in words


def test_a_long_record_with_medicines_still_fits_two_pages(tmp_path):
    from tests.reports.test_gp_summary import goal

    many = [dict(ITEMS[1], id=f"x{n}", name=f"Medicine number {n}", drug=None) for n in range(12)]
    data = summary(
        medication_items=ITEMS + many,
        medication_plans=[PLAN],
        gp_actions=ACTIONS,
        signposting=SIGNPOSTING,
        goals=[goal(n) for n in range(14)],
        plan=dict(records()["plan"], what_matters="Word " * 200),
    )
    assert write_gp_summary(data, tmp_path / "long.pdf") <= 2
