"""`painclinic programme-report` writes the workbook and the PDF: the rule stated, counts per
programme, completers beside all enrolled, small numbers hidden unless asked."""

import openpyxl
import pytest
from pypdf import PdfReader

from painclinic_desktop.cli import main
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, uid

PEOPLE = [f"c{n}" for n in range(1, 13)]
ATTENDED = {f"c{n}": (6 if n <= 7 else 2) for n in range(1, 13)}  # c1..c7 meet 75 % of 8
DROPPED = {"c11": "work_or_caring", "c12": "health_or_pain"}


def _sts(name, who, point, day, count):
    return {
        "id": uid(name),
        "client_id": uid(who),
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
        "protocol": "30s",
    }


@pytest.fixture
def db(tmp_path, request):
    name = getattr(request, "param", "Girlington spring")
    path = tmp_path / "service.db"
    store = open_store(path, create=True)
    sessions = [
        {
            "id": uid(f"s{n}"),
            "module": f"t2_{n:02d}",
            "held_on": f"2026-03-{n + 1:02d}",
            "venue": "Girlington Centre",
            "facilitator": "Coach One",
            "attendees": [uid(c) for c, k in ATTENDED.items() if k >= n],
        }
        for n in range(1, 9)
    ]
    assessments = []
    for n, who in enumerate(PEOPLE[:10], start=1):
        assessments += [
            _sts(f"{who}-b", who, "baseline", "2026-02-20", 8),
            _sts(f"{who}-e", who, "end", "2026-05-01", 8 + n % 4),
        ]
    import_bundle(
        store,
        bundle(
            clients=[client(c, nhs_number=None, family_name=c.upper()) for c in PEOPLE],
            module_sessions=sessions,
            assessments=assessments,
            programmes=[
                {
                    "id": uid("spring"),
                    "name": name,
                    "planned_sessions": 8,
                    "attendance_rule_percent": 75,
                    "starts_on": "2026-03-02",
                    "session_ids": [s["id"] for s in sessions],
                }
            ],
            programme_enrolments=[
                {
                    "id": uid(f"e-{c}"),
                    "programme_id": uid("spring"),
                    "client_id": uid(c),
                    "enrolled_on": "2026-02-25",
                    "status": "dropped_out" if c in DROPPED else "completed",
                    "dropout_reason": DROPPED.get(c),
                    "ended_on": "2026-04-30",
                    "completion_note": None if c in DROPPED else "Finished the course",
                }
                for c in PEOPLE
            ],
        ),
    )
    store.close()
    return path


def _run(db, out, *more):
    return main(
        [
            "--db",
            str(db),
            "programme-report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            str(out),
            *more,
        ]  # fmt: skip
    )


def test_the_workbook_holds_the_counts_reasons_and_both_outcome_groups(db, tmp_path, capsys):
    out = tmp_path / "programmes.xlsx"
    assert _run(db, out, "--show-small") == 0
    assert "1 programme" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Programmes", "Drop-out reasons", "Outcomes"]
    header, row = list(book["Programmes"].iter_rows(values_only=True))[:2]
    counts = dict(zip(header, row, strict=True))
    assert (counts["enrolled"], counts["met_rule"], counts["completed"]) == (12, 7, 10)
    assert counts["completed_below_rule"] == 3  # c8, c9, c10 completed on 2 of 8
    assert counts["dropped_out"] == 2 and counts["dropout_rate_percent"] == pytest.approx(100 / 6)
    header, row = list(book["Outcomes"].iter_rows(values_only=True))[:2]
    outcome = dict(zip(header, row, strict=True))
    assert (outcome["completers_n"], outcome["all_enrolled_n"]) == (7, 10)
    # changes n % 4 for n = 1..7 -> 1 2 3 0 1 2 3; all ten add 0 1 2 for n = 8..10
    assert outcome["completers_mean_change"] == pytest.approx(12 / 7)
    assert outcome["all_enrolled_mean_change"] == pytest.approx(15 / 10)
    notes = [r for r in book["Notes"].iter_rows(values_only=True)]
    assert ("attendance_rule", "Girlington spring: attended at least 75 % of the 8 planned "
            "sessions (6 or more), as ticked on the programme's registers") in notes  # fmt: skip


def test_the_pdf_states_the_rule_and_hides_small_numbers(db, tmp_path):
    out = tmp_path / "programmes.pdf"
    assert _run(db, out) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Attendance rule" in text and "(6 or more)" in text
    assert "Completers (met the attendance rule)" in text and "All enrolled" in text
    assert "<5" in text  # the 2 drop-outs and the 3 completed below the rule
    assert "Dropped out" in text


def test_a_programme_not_starting_in_the_range_is_named_in_the_message(db, tmp_path, capsys):
    assert _run(db, tmp_path / "x.xlsx", "--programme", "Manningham") == 2
    err = capsys.readouterr().err
    assert "No programme called 'Manningham'" in err and "Girlington spring" in err
    assert not (tmp_path / "x.xlsx").exists()
    assert _run(db, tmp_path / "x.csv") == 2


@pytest.mark.parametrize("db", ["خواتین کا گروپ", "মহিলাদের দল"], indirect=True)
def test_a_programme_named_in_its_own_script_prints_joined_and_in_order(db, tmp_path, request):
    """The rule sentence and the tables print the name through the shaped run layer."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (scripts/setup.sh test) installs pdftotext")
    out = tmp_path / "programmes.pdf"
    assert _run(db, out) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True)
    words = re.sub("[\u200e\u200f\u202a-\u202e]", "", text.stdout.decode("utf-8"))
    name = request.node.callspec.params["db"]
    assert words.count(name) >= 2  # the rule sentence and the counts table
