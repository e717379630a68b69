"""`gp-summary`, `plan-pdf`, `monthly-return` and `evaluation` from the command line."""

import sqlite3

import openpyxl
import pytest
from pypdf import PdfReader

from tests.factories import assessment, client, command, contact, new_database, referral, uid


@pytest.fixture
def db(tmp_path):
    return new_database(
        tmp_path / "service.db",
        clients=[client("ayesha", given_name="Łukasz", family_name="Wójcik")],
        referrals=[referral("r1", received_on="2026-09-03")],
        contacts=[contact("c1", starts_at="2026-10-20T10:30:00+01:00")],
        assessments=[
            assessment("a1", items=[2, 2, 2, 2, 2, 2, 2, 2, 0]),
            assessment(
                "a2",
                time_point="end",
                administered_on="2026-10-21",
                items=[1, 1, 0, 1, 0, 1, 0, 0, 0],
            ),
        ],
        plans=[
            {
                "id": uid("p"),
                "client_id": uid("ayesha"),
                "what_matters": "Cooking again",
                "focus_footsteps": [3],
            }
        ],
    )


def _text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_gp_summary_by_nhs_number_with_spaces(db, tmp_path, capsys):
    out = tmp_path / "gp.pdf"
    assert command("--db", db, "gp-summary", "--client", "943 476 5919", "--out", out) == 0
    text = _text(out)
    assert "Łukasz Wójcik" in text and "943 476 5919" in text
    assert "Cooking again" in text
    assert len(PdfReader(out).pages) <= 2
    conn = sqlite3.connect(db)
    logged = conn.execute("SELECT kind, subject, path_name FROM exports").fetchall()
    assert logged == [("gp_summary", uid("ayesha"), "gp.pdf")]  # an id, never a name


def test_plan_pdf_by_client_id(db, tmp_path):
    out = tmp_path / "plan.pdf"
    assert (
        command("--db", db, "plan-pdf", "--client", uid("ayesha"), "--out", out, "--large-print")
        == 0
    )
    assert "Cooking again" in _text(out)


def test_unknown_client_and_wrong_suffix_exit_2_with_a_message(db, tmp_path, capsys):
    assert (
        command("--db", db, "gp-summary", "--client", "9876543210", "--out", tmp_path / "x.pdf")
        == 2
    )
    assert "987 654 3210" in capsys.readouterr().err
    assert (
        command("--db", db, "gp-summary", "--client", uid("ayesha"), "--out", tmp_path / "x.docx")
        == 2
    )
    assert ".pdf" in capsys.readouterr().err


def test_monthly_return_writes_the_contract_sheets(db, tmp_path):
    out = tmp_path / "return.xlsx"
    assert command("--db", db, "monthly-return", "--month", "2026-10", "--out", out) == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[:6] == [
        "Summary",
        "Demographics",
        "Outcomes",
        "Goals",
        "Signposting",
        "Data quality",
    ]
    summary = {
        (r[0], r[2]): r[3] for r in workbook["Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary[("contacts_attended", "all")] == 1
    assert summary[("active_at_month_end", "tier_1")] == 1
    outcomes = list(workbook["Outcomes"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in outcomes] == [("phq9", "end", 1)]


@pytest.mark.parametrize("month", ["2026-13", "10-2026", "2026-1"])
def test_monthly_return_refuses_a_bad_month(db, tmp_path, month, capsys):
    assert (
        command("--db", db, "monthly-return", "--month", month, "--out", tmp_path / "r.xlsx") == 2
    )
    assert "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_evaluation_as_xlsx_and_pdf(db, tmp_path):
    for name in ("eval.xlsx", "eval.pdf"):
        out = tmp_path / name
        assert (
            command(
                "--db", db, "evaluation", "--from", "2026-01-01", "--to", "2026-12-31", "--out", out
            )
            == 0
        )
    rows = list(
        openpyxl.load_workbook(tmp_path / "eval.xlsx").worksheets[0].iter_rows(values_only=True)
    )
    assert "d_z" in rows[0]
    assert "PHQ" in _text(tmp_path / "eval.pdf")
    backwards = ("--from", "2026-12-31", "--to", "2026-01-01")
    assert command("--db", db, "evaluation", *backwards, "--out", tmp_path / "e.xlsx") == 2
