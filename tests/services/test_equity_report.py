"""The equity report from a database to .xlsx and .pdf, from the service and the command
line; the registered population loaded beside it."""

import openpyxl
import pytest
from pypdf import PdfReader

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import equity
from painclinic_desktop.store.database import open_store
from tests.factories import command, new_database, new_store, sit_to_stand_caseload

# Six clients of decile 1, two of decile 9 and two of 10; each a sit-to-stand baseline and end.
# (Two small groups, so neither can be worked out from the total and decile 1 stays shown.)
PEOPLE = {
    f"p{i}": (1 if i < 6 else 9 if i < 8 else 10, 10, 10 + i) for i in range(10)
}  # decile, before, after


WHOLE_YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")


@pytest.fixture
def db(tmp_path):
    return new_database(tmp_path / "service.db", sit_to_stand_caseload(PEOPLE, "imd_decile"))


def test_the_workbook_holds_reach_and_outcomes_with_small_groups_hidden(db, tmp_path):
    out = tmp_path / "equity.xlsx"
    assert command("evaluation", *WHOLE_YEAR, "--by", "imd_decile", "--out", out, "--db", db) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Reach", "Outcomes", "Notes"]
    reach = {r[0]: r for r in book["Reach"].iter_rows(min_row=2, values_only=True)}
    assert reach["1"][2] == 6 and reach["9"][2] == "<5" and reach["all"][2] == 10
    outcomes = [r for r in book["Outcomes"].iter_rows(min_row=2, values_only=True)]
    by_group = {r[0]: r for r in outcomes}
    # decile 1: changes 0..5, mean 2.5; decile 9 (two clients) hidden, means and all
    assert by_group["1"][5] == 6 and by_group["1"][10] == pytest.approx(2.5)
    assert by_group["9"][5] == "<5" and by_group["9"][10] is None
    assert by_group["all"][5] == 10


def test_the_pdf_names_the_groups_and_shows_small_ones_as_under_five(db, tmp_path):
    out = tmp_path / "equity.pdf"
    store = open_store(db)
    try:
        report = equity.write_equity_for(
            store, "2026-01-01", "2026-12-31", "imd_decile", out, "Admin One"
        )
        logged = store.conn.execute("SELECT kind FROM exports").fetchall()
    finally:
        store.close()
    assert report.groups == ["1", "9", "10"]
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Equity by IMD decile" in text
    assert "1 (most deprived)" in text and "<5" in text
    assert "Mean change and 95% interval" in text  # the chart
    assert ("equity",) in logged


def test_small_numbers_can_be_shown_when_asked(db, tmp_path):
    out = tmp_path / "shown.xlsx"
    by = ("--by", "imd_decile", "--show-small")
    assert command("evaluation", *WHOLE_YEAR, *by, "--out", out, "--db", db) == 0
    reach = {r[0]: r for r in openpyxl.load_workbook(out)["Reach"].iter_rows(values_only=True)}
    assert reach["9"][2] == 2 and reach["1"][2] == 6


def test_an_unknown_dimension_is_refused_by_the_command_line(db, tmp_path, capsys):
    with pytest.raises(SystemExit):
        command(
            "evaluation", *WHOLE_YEAR, "--by", "height", "--out", tmp_path / "x.xlsx", "--db", db
        )
    assert "invalid choice" in capsys.readouterr().err


def test_the_registered_population_is_loaded_and_shown_beside_the_groups(db, tmp_path):
    path = tmp_path / "population.csv"
    path.write_text("dimension,group,people\nimd_decile,1,7500\nimd_decile,9,2500\n", "utf-8")
    store = open_store(db)
    try:
        assert equity.load_population_file(store, path) == {"imd_decile": 2}
        report = equity.equity_report(store, "2026-01-01", "2026-12-31", "imd_decile")
        bad = tmp_path / "bad.csv"
        bad.write_text("dimension,group,people\nshoe,1,5\nimd_decile,2,lots\n", "utf-8")
        with pytest.raises(InvalidInput, match="row 2.*row 3"):
            equity.load_population_file(store, bad)
        kept = equity.population_for(store, "imd_decile")
    finally:
        store.close()
    shares = {r[0]: r[-1] for r in report.reach}
    assert shares == {"1": 75.0, "9": 25.0, "10": 0.0, "all": 100.0}
    assert kept == {"1": 7500, "9": 2500}  # the bad file changed nothing


def test_groups_named_in_their_own_script_print_joined_and_in_order(tmp_path):
    """A first language typed in its own script (or a coach's name in it) is a group: the
    table and the chart print it through the shaped run layer, not as boxes."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (scripts/setup.sh test) installs pdftotext")
    doc = sit_to_stand_caseload(PEOPLE, "imd_decile")
    for i, person in enumerate(doc["clients"]):
        person["first_language"] = "اردو" if i < 6 else "বাংলা"
    store = new_store(tmp_path / "s.db", doc)
    out = tmp_path / "equity.pdf"
    try:
        equity.write_equity_for(
            store, "2026-01-01", "2026-12-31", "first_language", out, "Admin One"
        )
    finally:
        store.close()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True)
    words = re.sub("[\u200e\u200f\u202a-\u202e]", "", text.stdout.decode("utf-8"))
    # In the reach table, the outcomes table and the chart.
    assert words.count("اردو") >= 3 and words.count("বাংলা") >= 3
