"""The service evaluation written as .xlsx and as a landscape PDF table."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from painclinic_desktop.core.evaluation import compute_evaluation
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.reports import report_pdf
from painclinic_desktop.reports.evaluation import write_evaluation_pdf, write_evaluation_xlsx

FROM, TO = "2026-01-01", "2026-12-31"


def assessment(aid, client, instrument, point, day, items):
    return {
        "id": aid,
        "client_id": client,
        "instrument": instrument,
        "time_point": point,
        "administered_on": day,
        "items": items,
    }


@pytest.fixture
def sheet():
    caseload = {
        "clients": [{"id": "a", "given_name": "Morwenna", "nhs_number": "9434765919"}],
        "assessments": [
            assessment("1", "a", "phq9", "baseline", "2026-01-10", [3] * 9),
            assessment("2", "a", "phq9", "end", "2026-05-10", [1] * 9),
            assessment("3", "b", "phq9", "baseline", "2026-01-10", [2] * 9),
            assessment("4", "b", "phq9", "end", "2026-05-10", [1, 1, 1, 1, 1, 1, 1, 1, 0]),
            assessment("5", "a", "gad7", "baseline", "2026-01-10", [2] * 7),
            assessment("6", "a", "gad7", "fu_6m", "2026-07-10", [1] * 7),
        ],
    }
    return compute_evaluation(caseload, FROM, TO)


def test_xlsx_layout_numbers_and_notes(sheet, tmp_path):
    path = tmp_path / "evaluation.xlsx"
    write_evaluation_xlsx(sheet, path, date_from=FROM, date_to=TO, demo=True)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Evaluation", "Notes"]
    table = workbook["Evaluation"]
    # The table's own columns first and unchanged, then the words for them.
    assert [c.value for c in table[1]] == [*sheet.columns, "label"]
    assert table.freeze_panes == "A2"
    phq9 = {h.value: c for h, c in zip(table[1], table[2], strict=True)}
    # baselines 27, 18; follow-ups 9, 8: differences -18, -10
    assert phq9["n"].value == 2 and phq9["n"].number_format == "0"
    assert phq9["baseline_mean"].value == 22.5 and phq9["baseline_mean"].number_format == "0.00"
    assert phq9["mean_change"].value == -14
    assert phq9["p_value"].number_format == "0.0000" and 0 < phq9["p_value"].value < 1
    assert phq9["d_z"].value == pytest.approx(-14 / 32**0.5)  # SD of -18, -10 is sqrt(32)
    gad7 = {h.value: c.value for h, c in zip(table[1], table[3], strict=True)}
    assert gad7["baseline_sd"] is None and gad7["p_value"] is None  # one client only
    notes = [(r[0].value, r[1].value) for r in workbook["Notes"].iter_rows(2)]
    assert ("date_from", FROM) in notes and ("date_to", TO) in notes
    assert ("data", "DEMO — synthetic data") in notes
    assert any(label == "method" and "paired t-test" in text for label, text in notes)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_is_in_the_published_layout(sheet, tmp_path):
    path = tmp_path / "evaluation.pdf"
    write_evaluation_pdf(sheet, path, date_from=FROM, date_to=TO, service_name="Bradford Pain")
    page = PdfReader(path).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = pdf_text(path)
    assert "Bradford Pain: service evaluation" in text
    assert "Follow-ups administered 2026-01-01 to 2026-12-31" in text
    # grouped by measure, each headed with its range, its good direction and its MID
    assert "PHQ-9 total (0–27), lower is better; MID -6" in text
    assert "GAD-7 total (0–21), lower is better; MID -4" in text
    assert "Post" in text and "6 months" in text  # the time points as published
    assert "22.50 (6.36)" in text  # pre mean (SD) of 27 and 18
    assert "2 (100.0%)" in text  # both PHQ-9 changes reach the MID of -6
    assert "Yes" in text  # the mean change, -14, meets the MID
    assert "2†" in text and "fewer than 10 clients: read with caution" in text
    assert "* p < 0.05, ** p < 0.01" in text
    assert "Mean and 95% interval" in text  # the chart of means over time points
    assert "two-sided paired t-test" in text and "d_z = mean difference" in text
    assert "Morwenna" not in text and "9434765919" not in text
    assert "DEMO" not in text


def test_pdf_demo_banner_and_unicode_font(sheet, tmp_path):
    path = tmp_path / "evaluation.pdf"
    write_evaluation_pdf(sheet, path, date_from=FROM, date_to=TO, demo=True)
    assert "DEMO — synthetic data" in pdf_text(path)
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(path).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in name for name in fonts)


def test_long_table_runs_onto_more_pages_with_headings(tmp_path):
    row = ["phq9", "total", "end", 12, 15.0, 4.0, 10.0, 4.0, -5.0, 0.00001, -1.2, 6, 50.0, -6, "no"]
    sheet = Sheet(list(report_columns()), [list(row) for _ in range(80)], notes=["n"])
    path = tmp_path / "long.pdf"
    write_evaluation_pdf(sheet, path, date_from=FROM, date_to=TO)
    pages = PdfReader(path).pages
    assert len(pages) > 1
    with_rows = [p.extract_text() for p in pages if "15.00 (4.00)" in p.extract_text()]
    assert len(with_rows) > 1  # the table itself runs on...
    assert all("Pre mean (SD)" in text and "Reaching MID" in text for text in with_rows)
    assert "<0.001**" in pages[0].extract_text()


def report_columns():
    from painclinic_desktop.core.evaluation import COLUMNS

    return COLUMNS


def test_empty_range_says_so(tmp_path):
    sheet = compute_evaluation({}, FROM, TO)
    path = tmp_path / "empty.pdf"
    write_evaluation_pdf(sheet, path, date_from=FROM, date_to=TO)
    assert "No paired baseline and follow-up assessments" in pdf_text(path)


def test_pdf_failure_leaves_no_partial_file(sheet, tmp_path, monkeypatch):
    path = tmp_path / "evaluation.pdf"
    path.write_bytes(b"previous")

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(report_pdf, "footer", broken)
    with pytest.raises(RuntimeError):
        write_evaluation_pdf(sheet, path, date_from=FROM, date_to=TO)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["evaluation.pdf"]


@pytest.mark.parametrize(
    ("p", "shown"),
    [(0.2, "0.200"), (0.049, "0.049*"), (0.05, "0.050"), (0.0099, "0.010**"), (0.0004, "<0.001**"),
     (None, "—")],
)  # fmt: skip
def test_p_values_carry_the_published_marks(p, shown):
    from painclinic_desktop.reports.evaluation_layout import p_with_marks

    assert p_with_marks(p) == shown


def test_time_points_run_in_order_and_bpi_items_have_their_range():
    from painclinic_desktop.reports.evaluation_layout import measure_blocks, measure_heading

    row = ["bpi", "worst", "fu_6m", 12, 7.0, 1.0, 5.0, 1.0, -2.0, 0.01, -1.0, 6, 50.0, -1, "yes"]
    sheet = Sheet(list(report_columns()), [row, [*row[:2], "end", *row[3:]]])
    [(heading, rows)] = measure_blocks(sheet)
    assert heading == "BPI worst pain (0–10), lower is better; MID -1"
    assert [r["time_point"] for r in rows] == ["end", "fu_6m"]  # Post before 6 months
    assert measure_heading("pseq", "total", 5.5) == "PSEQ total (0–60), higher is better; MID +5.5"
