"""`painclinic ome`: the command-line contract of MEDICATION.md, every example to 0.1 mg."""

import json

import pytest

from painclinic_desktop import cli
from tests.core.test_ome import WORKED_EXAMPLES

TABLE = {"name": "PainClinic default UK OME table", "version": "1 (2026-12)"}


def run_ome(argv, capsys):
    code = cli.main(["ome", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_contract_example_as_json(capsys):
    code, out, err = run_ome(
        ["oxycodone:oral:20:2", "codeine:oral:30:4", "fentanyl:patch:25", "--json"], capsys
    )
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    result = json.loads(out)
    assert result == {
        "total_ome_mg_per_day": 132.0,
        "items": [
            {
                "drug": "oxycodone",
                "route": "oral",
                "dose": 20,
                "times_per_day": 2,
                "ome_mg_per_day": 60.0,
            },
            {
                "drug": "codeine",
                "route": "oral",
                "dose": 30,
                "times_per_day": 4,
                "ome_mg_per_day": 12.0,
            },
            {
                "drug": "fentanyl",
                "route": "patch",
                "dose": 25,
                "times_per_day": None,
                "ome_mg_per_day": 60.0,
            },
        ],
        "not_converted": [],
        "complete": True,
        "high_dose": True,
        "table": TABLE,
    }
    assert list(result) == [
        "total_ome_mg_per_day",
        "items",
        "not_converted",
        "complete",
        "high_dose",
        "table",
    ]


@pytest.mark.parametrize(("drug", "route", "dose", "times", "expected"), WORKED_EXAMPLES)
def test_every_worked_example_to_a_tenth_of_a_mg(drug, route, dose, times, expected, capsys):
    item = f"{drug}:{route}:{dose}" + (f":{times}" if times else "")
    code, out, _ = run_ome([item, "--json"], capsys)
    assert code == 0
    assert json.loads(out)["total_ome_mg_per_day"] == pytest.approx(float(expected), abs=0.05)
    assert json.loads(out)["items"][0]["ome_mg_per_day"] == float(expected)


def test_methadone_is_listed_not_converted_and_flags_the_total(capsys):
    code, out, _ = run_ome(["methadone:oral:40:1", "morphine:oral:10:2", "--json"], capsys)
    result = json.loads(out)
    assert code == 0
    assert result["items"][0]["ome_mg_per_day"] is None
    assert result["not_converted"] == ["methadone"]
    assert (result["complete"], result["high_dose"]) == (False, True)
    assert result["total_ome_mg_per_day"] == 20.0
    code, out, _ = run_ome(["methadone:oral:40:1", "--json"], capsys)
    assert json.loads(out)["total_ome_mg_per_day"] is None


def test_methadone_in_words_says_ask_the_prescriber(capsys):
    code, out, _ = run_ome(["methadone:oral:40:1"], capsys)
    assert code == 0
    assert "not converted — ask the prescriber" in out
    assert "incomplete" in out
    assert "Table: PainClinic default UK OME table, version 1 (2026-12)" in out


def test_words_for_a_person_reading_a_terminal(capsys):
    code, out, _ = run_ome(["oxycodone:oral:20:2", "fentanyl:patch:25"], capsys)
    assert code == 0
    assert "oxycodone oral 20 mg x 2 a day: 60.0 mg/day" in out
    assert "fentanyl patch 25 micrograms/hour: 60.0 mg/day" in out
    assert "Total oral morphine equivalent: 120.0 mg/day" in out
    assert "FLAG: high dose" in out


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("heroin:oral:10:1", "unknown drug 'heroin'"),
        ("codeine:rectal:30:4", "known routes for codeine are oral"),
        ("codeine:oral:0:4", "dose must be above 0"),
        ("codeine:oral:-30:4", "dose must be above 0"),
        ("codeine:oral:30", "times per day is needed"),
        ("buprenorphine:sublingual:0.2", "times per day is needed"),
        ("codeine", "write each item as DRUG:ROUTE:DOSE"),
    ],
)
def test_bad_items_exit_2_with_a_plain_message(item, message, capsys):
    code, out, err = run_ome([item, "--json"], capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_a_service_table_file_is_used_and_named(tmp_path, capsys):
    table = tmp_path / "approved.json"
    table.write_text(
        json.dumps(
            {
                "name": "Practice table",
                "version": "2",
                "source": "Medicines management committee minutes, 2026",
                "entries": [{"drug": "codeine", "route": "oral", "unit": "mg", "factor": "0.15"}],
            }
        ),
        encoding="utf-8",
    )
    code, out, _ = run_ome(["codeine:oral:30:4", "--table", str(table), "--json"], capsys)
    result = json.loads(out)
    assert code == 0
    assert result["total_ome_mg_per_day"] == 18.0
    assert result["table"] == {"name": "Practice table", "version": "2"}
