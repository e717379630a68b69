"""Programme costing: the evaluation's worked example reproduced exactly from its inputs,
per-completer, per-MID and reference figures, on-costs, bad input, and the costing PDF."""

import json

import pytest

from painclinic_desktop import cli
from painclinic_desktop.core import costing as rules
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import costing, session
from painclinic_desktop.store.database import open_store
from tests.reports.test_training_report import pdf_text

# The worked example: 8 weeks, 3 sessions a week, 5 hours of treatment a week.
EXAMPLE = {
    "title": "Community pain-management programme",
    "costed_on": "2026-12-01",
    "staff_hours": [
        {"role": "Physician", "band": "medical", "hours": 10},
        {"role": "Clinical psychologist", "band": "8a", "hours": 15},
        {"role": "Occupational therapist", "band": "6", "hours": 25},
        {"role": "Physiotherapist", "band": "7", "hours": 42},
        {"role": "Assistant psychologist", "band": "5", "hours": 35},
    ],
    "room_hours": 50,
    "room_rate": "15",
    "admin_hours": 40,
    "admin_band": "3",
    "sundries": "50",
    "enrolled": 10,
}


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    session.sign_out()
    yield
    session.sign_out()


def test_the_worked_example_is_reproduced_exactly_from_its_inputs():
    record = costing.checked_costing(EXAMPLE)
    result = rules.compute(record)
    assert result.staff_hours == 127
    assert result.staff_pence == 2_370_00
    assert result.room_pence == 750_00
    assert result.admin_pence == 450_00
    assert result.sundries_pence == 50_00
    assert result.on_costs_pence == 0
    assert result.total_pence == 3_620_00
    assert result.per_enrolled_pence == 362_00
    assert rules.pounds(result.total_pence) == "£3,620"
    assert rules.pounds(result.per_enrolled_pence) == "£362"


def test_the_shipped_rates_say_their_year_and_where_they_come_from():
    rates = rules.band_rates()
    assert rates.year and "reproduce that example exactly" in rates.source
    assert set(rates.hourly_pence) >= {"3", "5", "6", "7", "8a", "medical"}


def test_per_completer_per_mid_on_costs_and_the_reference_line():
    record = costing.checked_costing(
        {
            **EXAMPLE,
            "completers": 8,
            "reaching_mid": 6,
            "mid_measure": "pseq",
            "on_costs_percent": "25",
            "reference_label": "a tertiary residential programme",
            "reference_price": "£2,500",
        }
    )
    result = rules.compute(record)
    # On-costs are on pay only: 25% of (2,370 + 450) = 705.
    assert result.on_costs_pence == 705_00
    assert result.total_pence == 4_325_00
    assert result.per_enrolled_pence == 432_50
    assert result.per_completer_pence == 540_63  # 540.625 rounded half up
    assert result.per_mid_pence == 720_83
    assert result.reference_difference_pence == 432_50 - 2_500_00


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"title": " "}, "name"),
        ({"staff_hours": []}, "at least one"),
        ({"staff_hours": [{"role": "Nurse", "band": "4", "hours": 3}]}, "no rate for band 4"),
        ({"room_rate": "fifteen"}, "room rate in pounds"),
        ({"completers": 11}, "more completers than participants"),
        ({"reaching_mid": 2}, "Choose the measure"),
        ({"enrolled": "2.5"}, "whole number"),
        ({"on_costs_percent": 140}, "0 to 100"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(change, words):
    with pytest.raises(InvalidInput, match=words):
        costing.checked_costing({**EXAMPLE, **change})


def test_a_saved_costing_keeps_its_rates_when_the_rates_file_changes(tmp_path):
    store = open_store(tmp_path / "c.db", create=True)
    saved = costing.save_costing(store, EXAMPLE, "Admin One")
    assert saved["band_rates"]["7"] == 1800 and saved["rates_year"] == rules.band_rates().year
    assert rules.compute(costing.costing(store, saved["id"])).total_pence == 3_620_00
    store.close()


def test_the_costing_command_prints_the_example_and_saves_it(tmp_path, capsys):
    db, out = tmp_path / "c.db", tmp_path / "costing.pdf"
    open_store(db, create=True).close()
    args = ["costing", "--title", "Community PMP", "--staff", "Physician:medical:10",
            "--staff", "Clinical psychologist:8a:15", "--staff", "Occupational therapist:6:25",
            "--staff", "Physiotherapist:7:42", "--staff", "Assistant psychologist:5:35",
            "--room-hours", "50", "--room-rate", "15", "--admin-hours", "40",
            "--admin-band", "3", "--sundries", "50", "--participants", "10",
            "--reference-label", "a residential programme", "--reference-price", "9000",
            "--save", "--out", str(out), "--db", str(db)]  # fmt: skip
    assert cli.main(args) == 0
    assert "total £3,620, £362 per participant" in capsys.readouterr().out
    words = " ".join(pdf_text(out).split())
    for line in ("Physiotherapist (band 7) 42 £18/h £756", "Staff (mid-point rates, without "
                 "on-costs) 127 £2,370", "Room 50 £15/h £750", "Administration (band 3) 40 "
                 "£11.25/h £450", "Sundries £50", "Total £3,620",
                 "Per enrolled participant 10 £362",
                 "£8,638 less per participant than a residential programme (£9,000): 4% of its "
                 "price."):  # fmt: skip
        assert line in words
    assert cli.main(["costing", "--list", "--db", str(db)]) == 0
    assert "Community PMP  £3,620" in capsys.readouterr().out


def test_the_command_refuses_a_band_without_a_rate_before_touching_the_database(tmp_path, capsys):
    rates = tmp_path / "rates.json"
    rates.write_text(json.dumps({"year": "2026/27", "hourly_pence": {"7": 2500}}))
    out = tmp_path / "x.pdf"
    args = ["costing", "--title", "T", "--staff", "Physio:6:4", "--rates", str(rates),
            "--out", str(out), "--db", str(tmp_path / "none.db")]  # fmt: skip
    assert cli.main(args) == 2
    assert "no rate for band 6" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "none.db").exists()
