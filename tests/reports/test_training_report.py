"""The training report (xlsx and PDF from the command line), each trainee's baseline chart
and certificate, and the one-page paper questionnaire, read back as a reader would."""

import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from painclinic_desktop import cli
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import session, training
from painclinic_desktop.services import training_report as printing
from painclinic_desktop.store.database import open_store
from tests.core.test_training_stats import RESPONSES, TRAINEES

AUTHOR = "Trainer One"


def pdf_text(path):
    """The words of a PDF as pdftotext lays them out (pypdf where poppler is not installed)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        return done.stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def db(tmp_path):
    """The hand-built set of tests/core/test_training_stats.py, entered through the services."""
    session.sign_out()
    path = tmp_path / "training.db"
    store = open_store(path, create=True)
    courses = {}
    for key, title, starts in (("c1", "Footsteps spring", "2026-03-02"),
                               ("c2", "Footsteps summer", "2026-06-01")):  # fmt: skip
        courses[key] = training.add_course(
            store,
            {"title": title, "starts_on": starts, "trainer": "Dr A Trainer", "venue": "Hall",
             "sessions": [{"title": "Day 1"}, {"title": "Practice", "optional": True}]},
            AUTHOR,
        )  # fmt: skip
    for code in "ABCDE":
        values = {"code": code, "kind": "partner", **TRAINEES.get(code, {})}
        if code == "A":
            values = {**values, "kind": "service_staff", "name": "Łucja Nowak"}
        training.add_trainee(store, values, AUTHOR)
    for r in RESPONSES:
        day = "2026-03-02" if r["time_point"] == "baseline" else "2026-06-15"
        training.record_response(
            store,
            {**r, "course_id": courses[r["course_id"]]["id"], "answered_on": day},
            AUTHOR,
        )
    a = training.trainee_by_code(store, "A")
    enrolment = training.enrol(store, courses["c1"]["id"], a["id"], AUTHOR)
    e = training.trainee_by_code(store, "E")
    partner = training.enrol(store, courses["c1"]["id"], e["id"], AUTHOR)
    store.close()
    return {"path": path, "courses": courses, "enrolment": enrolment, "partner": partner}


def test_the_report_workbook_holds_every_paired_figure_and_the_unpaired_count(db, tmp_path):
    out = tmp_path / "training.xlsx"
    code = cli.main(
        ["training-report", "--from", "2026-01-01", "--to", "2026-12-31",
         "--out", str(out), "--db", str(db["path"])]
    )  # fmt: skip
    assert code == 0
    book = load_workbook(out)
    sheet = book["Footsteps"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    overall = rows["Overall"]
    assert overall["n_pairs"] == 4
    assert overall["baseline_mean"] == pytest.approx(2.2375)
    assert overall["t"] == pytest.approx(2.964714, abs=1e-6) and overall["df"] == 3
    assert overall["p_value"] == pytest.approx(0.05931906, abs=1e-8)
    assert rows["Food and relationships"]["significance"] == "*"
    assert isinstance(overall["d_z_ci_low"], float)
    notes = dict(book["Notes"].iter_rows(2, values_only=True))
    assert notes["unpaired_left_out"] == 2
    assert notes["share_no_prior_resources"] == 0.75
    professions = [r[0] for r in book["By profession"].iter_rows(2, values_only=True)]
    assert professions == ["Health coach", "Social prescriber", "Not recorded"]


def test_the_report_pdf_for_one_course(db, tmp_path):
    out = tmp_path / "training.pdf"
    assert cli.main(["training-report", "--course", "footsteps spring", "--out", str(out),
                     "--db", str(db["path"])]) == 0  # fmt: skip
    words = " ".join(pdf_text(out).split())
    assert "Pairs matched (baseline and 3-month questionnaires with the same code): 4." in words
    assert "left out of every paired figure: 1 (1 baseline only, 0 3-month only)" in words
    assert "t(3) = 2.96" in words
    assert "3 of 4 answering (75%)" in words
    assert "8. Food and relationships*" in words  # the spider chart's marked spoke
    assert "New (< 6 months)" in words


def test_the_command_refuses_a_muddled_choice_of_courses(db, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert cli.main(["training-report", "--out", out, "--db", str(db["path"])]) == 2
    assert "either --course" in capsys.readouterr().err
    assert cli.main(["training-report", "--course", "nope", "--out", out,
                     "--db", str(db["path"])]) == 2  # fmt: skip
    assert "no course matches" in capsys.readouterr().err


def test_a_trainees_chart_and_certificate_print_in_their_name_or_code(db, tmp_path):
    store = open_store(db["path"])
    chart = tmp_path / "chart.pdf"
    assert printing.write_baseline_chart_for(store, db["enrolment"]["id"], chart, AUTHOR) == 1
    words = " ".join(pdf_text(chart).split())
    assert "Łucja Nowak" in words
    focus = words.split("Footsteps to focus your learning on")[1]
    assert "3. Pacing" in focus  # A's lowest footstep at baseline (1.5)
    coded = tmp_path / "coded.pdf"
    printing.write_baseline_chart_for(store, db["enrolment"]["id"], coded, AUTHOR, use_name=False)
    assert "Łucja" not in pdf_text(coded) and " A " in f" {pdf_text(coded)} "
    certificate = tmp_path / "certificate.pdf"
    with pytest.raises(InvalidInput, match="not completed"):
        printing.write_certificate_for(store, db["enrolment"]["id"], certificate, AUTHOR)
    day_one = training.course(store, db["courses"]["c1"]["id"])["sessions"][0]["id"]
    training.set_attendance(store, db["enrolment"]["id"], [day_one], AUTHOR)
    training.mark_completed(store, db["enrolment"]["id"], "2026-03-02", AUTHOR)
    printing.write_certificate_for(store, db["enrolment"]["id"], certificate, AUTHOR)
    words = " ".join(pdf_text(certificate).split())
    assert "Certificate of completion" in words and "Łucja Nowak" in words
    assert "Footsteps spring" in words and "02-Mar-2026" in words
    store.close()


def test_the_paper_questionnaire_is_one_page_with_every_statement_and_the_code_box(db, tmp_path):
    store = open_store(db["path"])
    out = tmp_path / "form.pdf"
    assert printing.write_paper_form_for(store, out, db["courses"]["c1"]["id"]) == 1
    store.close()
    words = " ".join(pdf_text(out).split())
    assert "Your anonymous code" in words and "Course: Footsteps spring" in words
    for statement in ("manage stress or anxiety", "manage low mood", "anger or frustration",
                      "boom-and-bust", "keep a setback plan"):  # fmt: skip
        assert statement in words
    assert "self-management resources" in words
    assert len(PdfReader(out).pages) == 1
