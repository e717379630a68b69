"""The monthly return and the evaluation as admin staff and commissioners read and print them:
words beside the codes, every contract cell where it was, print set-up, and a workbook that
LibreOffice Calc opens and prints."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from pypdf import PdfReader

from painclinic_desktop.core.evaluation import compute_evaluation
from painclinic_desktop.core.monthly_return.workbook import compute_monthly_return
from painclinic_desktop.reports.evaluation import write_evaluation_xlsx
from painclinic_desktop.reports.monthly_return import write_monthly_return
from painclinic_desktop.reports.xlsx_writer import safe_text
from tests.reports.test_monthly_return_xlsx import MONTH, identifiable_caseload

SERVICE = "Bradford Persistent Pain & Wellbeing Service"


@pytest.fixture
def sheets():
    return compute_monthly_return(identifiable_caseload(), MONTH)


@pytest.fixture
def workbook_path(sheets, tmp_path):
    path = tmp_path / "Monthly return 2026-10.xlsx"
    write_monthly_return(sheets, path, month=MONTH, demo=True, service_name=SERVICE)
    return path


def rows_by_header(worksheet) -> list[dict]:
    header = [c.value for c in worksheet[1]]
    return [
        dict(zip(header, (c.value for c in row), strict=True)) for row in worksheet.iter_rows(2)
    ]


def same(value):
    """What a cell holding ``value`` reads back as."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-12)
    return value


def test_every_contract_cell_keeps_its_position_and_code(sheets, workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    for name, sheet in sheets.items():
        worksheet = workbook[name]
        width = len(sheet.columns)
        assert [c.value for c in worksheet[1]][:width] == sheet.columns
        written = [[c.value for c in row][:width] for row in worksheet.iter_rows(2)]
        assert len(written) == len(sheet.rows), name
        for got, expected in zip(written, sheet.rows, strict=True):
            assert got == [same(v) for v in expected], name


def test_codes_are_worded_beside_them(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    summary = {(r["code"], r["breakdown"]): r for r in rows_by_header(workbook["Summary"])}
    assert summary[("referrals_received", "gp")]["breakdown_label"] == "GP"
    assert summary[("active_at_month_end", "tier_2")]["breakdown_label"] == "Tier 2"
    assert summary[("contacts_attended", "face_to_face")]["breakdown_label"] == "1:1 face to face"
    assert summary[("discharges", "other")]["breakdown_label"] == "Other reason"
    assert summary[("referrals_received", "other")]["breakdown_label"] == "Other source"
    demographics = {
        (r["dimension"], r["category"]): r for r in rows_by_header(workbook["Demographics"])
    }
    black_african = demographics[("ethnicity", "N")]
    assert black_african["dimension_label"] == "Ethnicity"
    assert black_african["category_label"] == "N — Black or Black British: African"
    assert demographics[("ethnicity", "unknown")]["category_label"] == "Not recorded"
    assert demographics[("gender", "female")]["category_label"] == "Female"
    assert demographics[("age_band", "65-74")]["category_label"] == "65 to 74"
    outcome = rows_by_header(workbook["Outcomes"])[0]
    assert (outcome["instrument"], outcome["time_point"]) == ("phq9", "end")
    assert outcome["label"] == "PHQ-9 total, end of programme"
    goals = {r["footstep"]: r["label"] for r in rows_by_header(workbook["Goals"])}
    assert goals["4"].startswith("Footstep 4: ") and len(goals["4"]) > len("Footstep 4: ")
    assert goals["all"] == "All footsteps"


def test_the_a_white_british_label():
    from painclinic_desktop.reports import labels

    assert labels.category("ethnicity", "A") == "A — White: British"
    assert labels.category("imd_decile", "1") == "1 (most deprived)"
    assert labels.category("first_language", "Urdu") is None  # already words
    assert labels.signposting("mens_shed", "waiting_list") == "Men's shed: on a waiting list"


def test_every_sheet_prints_landscape_one_page_wide_with_the_header_row(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    for worksheet in workbook.worksheets:
        page = worksheet.page_setup
        assert page.orientation == "landscape", worksheet.title
        assert int(page.paperSize) == int(worksheet.PAPERSIZE_A4)
        assert page.fitToWidth == 1 and page.fitToHeight == 0
        assert worksheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert worksheet.print_title_rows == "$1:$1"
        header = worksheet.oddHeader
        # The "&" of the service's name is doubled, or the header would read it as a code.
        assert header.left.text == "Bradford Persistent Pain && Wellbeing Service"
        assert header.center.text == "DEMO — Monthly return October 2026"
        assert header.right.text == "&A"
        assert worksheet.oddFooter.right.text == "Page &P of &N"


def test_a_real_return_has_no_demo_in_its_header_and_a_pcn_in_its_title(sheets, tmp_path):
    path = tmp_path / "real.xlsx"
    write_monthly_return(sheets, path, month=MONTH, pcn="North", service_name="Pain Service")
    worksheet = openpyxl.load_workbook(path)["Summary"]
    assert worksheet.oddHeader.left.text == "Pain Service"
    assert worksheet.oddHeader.center.text == "Monthly return October 2026, North"


def test_a_very_long_service_name_keeps_every_page_header_short(sheets, tmp_path):
    path = tmp_path / "long.xlsx"
    write_monthly_return(sheets, path, month=MONTH, demo=True, service_name="& " * 200)
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    headers = re.findall(r"<oddHeader>(.*?)</oddHeader>", xml)
    assert headers and all(len(h.replace("&amp;", "&")) <= 255 for h in headers)


def test_columns_are_wide_enough_for_their_words_and_long_notes_wrap(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    for worksheet in workbook.worksheets:
        for column in worksheet.iter_cols():
            letter = column[0].column_letter
            width = worksheet.column_dimensions[letter].width
            for cell in column:
                text = cell.value if isinstance(cell.value, str) else ""
                if len(text) + 2 > width:
                    assert cell.alignment.wrap_text, (worksheet.title, cell.coordinate)
                    assert worksheet.row_dimensions[cell.row].height > 15
    label = workbook["Demographics"]["E1"].column_letter
    assert workbook["Demographics"].column_dimensions[label].width >= len(
        "N — Black or Black British: African"
    )


def test_evaluation_workbook_is_worded_and_set_up_to_print(tmp_path):
    caseload = identifiable_caseload()
    sheet = compute_evaluation(caseload, "2026-01-01", "2026-12-31")
    path = tmp_path / "Service evaluation.xlsx"
    write_evaluation_xlsx(
        sheet, path, date_from="2026-01-01", date_to="2026-12-31", service_name=SERVICE
    )
    workbook = openpyxl.load_workbook(path)
    table = workbook["Evaluation"]
    assert [c.value for c in table[1]] == [*sheet.columns, "label"]
    assert rows_by_header(table)[0]["label"] == "PHQ-9 total, end of programme"
    for worksheet in workbook.worksheets:
        assert worksheet.page_setup.orientation == "landscape"
        assert worksheet.page_setup.fitToWidth == 1
        assert worksheet.print_title_rows == "$1:$1"
        assert worksheet.oddHeader.left.text == "Bradford Persistent Pain && Wellbeing Service"
        # Not demo data: no DEMO in the header.
        assert worksheet.oddHeader.center.text == "Service evaluation, 2026-01-01 to 2026-12-31"


def convert_with_libreoffice(path, tmp_path):
    """Calc converts the workbook to PDF exactly as it would print it."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    profile = tmp_path / "office-profile"  # its own profile: never blocked by another Calc
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / "pdf" / (path.stem + ".pdf")


def test_libreoffice_opens_and_prints_the_return(workbook_path, tmp_path):
    pdf = convert_with_libreoffice(workbook_path, tmp_path)
    pages = PdfReader(pdf).pages
    assert len(pages) >= 7  # every sheet printed, each on its own page at least
    for page in pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = "\n".join(page.extract_text() for page in pages)
    assert "Monthly return October 2026" in text
    assert "Bradford Persistent Pain & Wellbeing Service" in text
    assert "DEMO — Monthly return October 2026" in text
    assert "N — Black or Black British: African" in text
    assert "Page 1 of" in text
    assert "Okonkwo-Bright" not in text and "9434765919" not in text


def test_libreoffice_opens_and_prints_the_evaluation(tmp_path):
    sheet = compute_evaluation(identifiable_caseload(), "2026-01-01", "2026-12-31")
    path = tmp_path / "evaluation.xlsx"
    write_evaluation_xlsx(sheet, path, date_from="2026-01-01", date_to="2026-12-31")
    pages = PdfReader(convert_with_libreoffice(path, tmp_path)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "PHQ-9 total, end of programme" in text
    assert "Service evaluation" in text


def test_notes_say_what_the_less_obvious_columns_mean(workbook_path, tmp_path):
    notes = dict(
        (r[0].value, r[1].value)
        for r in openpyxl.load_workbook(workbook_path)["Notes"].iter_rows(2)
    )
    assert "minimal important difference" in notes["Outcomes: n_mid_reached"]
    assert "follow-up mean minus baseline mean" == notes["Outcomes: mean_change"]
    assert "Outcomes: d_z" not in notes  # the return has no effect size column
    assert "Goals: percent_achieved_or_partly" in notes
    sheet = compute_evaluation(identifiable_caseload(), "2026-01-01", "2026-12-31")
    path = tmp_path / "evaluation.xlsx"
    write_evaluation_xlsx(sheet, path, date_from="2026-01-01", date_to="2026-12-31")
    notes = {r[0].value: r[1].value for r in openpyxl.load_workbook(path)["Notes"].iter_rows(2)}
    assert notes["Evaluation: d_z"].startswith("effect size")
