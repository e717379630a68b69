"""The follow-ups due list from a database: names, what to send, saved as .xlsx (CLI too)."""

import openpyxl
import pytest

from painclinic_desktop.services.followups import due_rows
from painclinic_desktop.store.database import open_store
from tests.factories import (
    assessment,
    client,
    command,
    discharge,
    goal,
    new_database,
    new_store,
    referral,
    uid,
)

WHOLE_YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")


@pytest.fixture
def db(tmp_path):
    return new_database(
        tmp_path / "f.db",
        clients=[client("ayesha", postcode="BD3 9AA")],
        referrals=[referral("r")],
        assessments=[
            assessment("p", instrument="pseq", items=[3] * 10),
            assessment("g", instrument="gad7", items=[1] * 7),
        ],
        discharges=[discharge("d")],
    )


def test_the_list_names_the_client_and_the_questionnaires_given_at_baseline(db):
    from datetime import date

    store = open_store(db)
    try:
        [row] = due_rows(store, date(2026, 11, 1), date(2026, 11, 30))
    finally:
        store.close()
    assert (row.name, row.nhs_number, row.postcode) == ("Ayesha Khan", "943 476 5919", "BD3 9AA")
    assert (row.due.time_point, row.due.due_on) == ("fu_10w", "2026-11-09")
    assert row.questionnaires == [
        "Pain Self-Efficacy Questionnaire",
        "Generalised Anxiety Disorder-7",
    ]  # in the pack's order, whatever order they were given in


def test_the_command_line_saves_the_list(db, tmp_path):
    out = tmp_path / "due.xlsx"
    dates = ("--from", "2026-11-01", "--to", "2027-09-30")
    assert command("follow-ups-due", *dates, "--out", out, "--db", db) == 0
    rows = list(openpyxl.load_workbook(out)["Follow-ups due"].iter_rows(values_only=True))
    assert [r[:3] for r in rows[1:]] == [
        ("2026-11-09", "10-week", "Ayesha Khan"),
        ("2027-02-28", "6-month", "Ayesha Khan"),
        ("2027-08-31", "12-month", "Ayesha Khan"),
    ]


def test_the_command_line_writes_letters_and_says_which_lack_an_address(db, tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "letters.pdf"
    args = ["follow-ups-due", "--from", "2026-11-01", "--to", "2026-11-30", "--out", out]
    assert command(*args, "--large-print", "--db", db) == 0
    said = capsys.readouterr().out
    assert "Wrote 1 letters" in said
    assert "1 of them have only a postcode" in said  # no address lines recorded for Ayesha
    [page] = PdfReader(out).pages
    assert "It is now 10 weeks since you finished" in " ".join(page.extract_text().split())


def test_the_evaluation_reports_goals_met_per_completed_episode(tmp_path):
    from pypdf import PdfReader

    statuses = ("achieved", "partly_achieved", "not_achieved", "replaced")
    db = new_database(
        tmp_path / "g.db",
        clients=[client("ayesha")],
        referrals=[referral("r", received_on="2026-02-01", outcome_on="2026-02-05")],
        discharges=[discharge("d")],
        goals=[
            goal(f"g{i}", reviews=[{"reviewed_on": "2026-08-20", "status": status}])
            for i, status in enumerate(statuses)
        ],
    )
    out = tmp_path / "e.xlsx"
    assert command("evaluation", *WHOLE_YEAR, "--out", out, "--db", db) == 0
    rows = list(openpyxl.load_workbook(out)["Goals by episode"].iter_rows(values_only=True))
    # three goals (the replaced one left out), two achieved or partly
    assert rows[1][:3] == ("2026-08-31", 3, 2) and rows[1][3] == pytest.approx(200 / 3)
    assert rows[2][:3] == ("all", 3, 2)
    pdf = tmp_path / "e.pdf"
    assert command("evaluation", *WHOLE_YEAR, "--out", pdf, "--db", db) == 0
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "the 1 episode that ended in the range: 67% (2 of 3 goals)" in text


def test_still_using_strategies_is_recorded_travels_and_is_reported(db, tmp_path):
    from datetime import date

    from painclinic_desktop.core.errors import InvalidInput
    from painclinic_desktop.services.bundles import export_bundle
    from painclinic_desktop.services.followups import record_strategies

    store = open_store(db)
    try:
        [row] = due_rows(store, date(2026, 11, 1), date(2026, 11, 30))
        record_strategies(store, row.due.discharge_id, "fu_10w", "partly", "Admin One")
        with pytest.raises(InvalidInput):
            record_strategies(store, row.due.discharge_id, "fu_10w", "maybe", "Admin One")
        [row] = due_rows(store, date(2026, 11, 1), date(2026, 11, 30))
        doc = export_bundle(store)
    finally:
        store.close()
    assert row.due.strategies == "partly"
    [discharge] = doc["discharges"]
    assert discharge["follow_up_strategies"] == {"fu_10w": "partly"}  # in the bundle
    copy = new_store(tmp_path / "copy.db", doc)  # valid against the schema, and kept
    try:
        [row] = due_rows(copy, date(2026, 11, 1), date(2026, 11, 30))
    finally:
        copy.close()
    assert row.due.strategies == "partly"
    out = tmp_path / "e.xlsx"
    assert command("evaluation", *WHOLE_YEAR, "--out", out, "--db", db) == 0
    sheet = openpyxl.load_workbook(out)["Self-management at follow-up"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["fu_10w"][:5] == ("fu_10w", 0, 1, 0, 1) and rows["fu_10w"][6] == 100


def test_the_saved_list_carries_the_address_for_a_mail_merge(db, tmp_path):
    from datetime import date

    from painclinic_desktop.services import client_details
    from painclinic_desktop.services.followups import write_due_list

    store = open_store(db)
    try:
        client_details.change_details(
            store, uid("ayesha"), {"address": "12 Mill Lane\nBradford"}, "Admin One"
        )
        out = tmp_path / "due.xlsx"
        assert write_due_list(store, date(2026, 11, 1), date(2026, 11, 30), out, "Admin One") == 1
    finally:
        store.close()
    rows = list(openpyxl.load_workbook(out)["Follow-ups due"].iter_rows(values_only=True))
    saved = dict(zip(rows[0], rows[1], strict=True))
    assert (saved["address"], saved["postcode"]) == ("12 Mill Lane\nBradford", "BD3 9AA")
