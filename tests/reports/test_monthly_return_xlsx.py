"""The monthly return as a workbook: contract layout, real numbers, safety, atomic writing."""

from __future__ import annotations

import os

import openpyxl
import pytest

from painclinic_desktop.core.files import CannotWrite
from painclinic_desktop.core.monthly_return.workbook import (
    SHEET_NAMES,
    ReturnSettings,
    compute_monthly_return,
)
from painclinic_desktop.reports.monthly_return import write_monthly_return

MONTH = "2026-10"
CLIENT_IDS = ("5f0c6a52-8d4e-4d8e-9a51-1f6e0b9d2c01", "0b7e2f4a-3c1d-4e5f-8a9b-7c6d5e4f3a21")
IDENTIFIERS = (
    *CLIENT_IDS,
    "Zainab",
    "Okonkwo-Bright",
    "Bartholomew",
    "Quiggley",
    "9434765919",
    "943 476 5919",
    "9999999999",
    "1961-04-17",
    "1949-12-02",
    "BD7 1QQ",
    "Dr Harriet Vane",
    "knee pain after a fall at work",
    "worried about her son",
    "walk to the allotment",
    "Fenwick Lane Surgery",
)


def identifiable_caseload() -> dict:
    first, second = CLIENT_IDS
    return {
        "clients": [
            {
                "id": first,
                "nhs_number": "9434765919",
                "given_name": "Zainab",
                "family_name": "Okonkwo-Bright",
                "date_of_birth": "1961-04-17",
                "gender": "female",
                "ethnicity": "N",
                "first_language": "+Yoruba",  # formula-like free text must stay text
                "postcode": "BD7 1QQ",
                "gp_practice_name": "Fenwick Lane Surgery",
                "pcn": '=HYPERLINK("http://example.invalid","x")',
            },
            {
                "id": second,
                "nhs_number": "9999999999",
                "given_name": "Bartholomew",
                "family_name": "Quiggley",
                "date_of_birth": "1949-12-02",
                "gender": "male",
                "pcn": "-North",
            },
        ],
        "referrals": [
            {
                "id": "r1",
                "client_id": cid,
                "received_on": "2026-10-02",
                "source": "gp",
                "outcome": "accepted",
                "referrer_name": "Dr Harriet Vane",
                "reason": "knee pain after a fall at work",
            }
            for cid in CLIENT_IDS
        ],
        "contacts": [
            {
                "id": "k1",
                "client_id": first,
                "starts_at": "2026-10-09T10:00:00+01:00",
                "type": "face_to_face",
                "outcome": "attended",
                "note": "worried about her son",
            },
            {
                "id": "k2",
                "client_id": second,
                "starts_at": "2026-10-10T10:00:00+01:00",
                "type": "telephone",
                "outcome": "dna",
            },
        ],
        "assessments": [
            {
                "id": f"a{n}",
                "client_id": cid,
                "instrument": "phq9",
                "time_point": point,
                "administered_on": day,
                "items": [answer] * 9,
            }
            for n, (cid, point, day, answer) in enumerate(
                [
                    (first, "baseline", "2026-03-01", 3),
                    (first, "end", "2026-09-01", 1),
                    (second, "baseline", "2026-03-01", 2),
                    (second, "end", "2026-09-01", 1),
                ]
            )
        ],
        "goals": [
            {
                "id": "g1",
                "client_id": first,
                "footstep": 4,
                "text": "walk to the allotment",
                "reviews": [{"reviewed_on": "2026-10-20", "status": "achieved", "note": "x"}],
            }
        ],
    }


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "return.xlsx"
    sheets = compute_monthly_return(identifiable_caseload(), MONTH)
    write_monthly_return(sheets, path, month=MONTH, pcn=None, demo=True)
    return openpyxl.load_workbook(path), sheets


def test_sheets_in_contract_order_then_notes(written):
    workbook, _ = written
    assert workbook.sheetnames == [*SHEET_NAMES, "Notes"]


def test_headers_exact_and_frozen(written):
    workbook, sheets = written
    for name, sheet in sheets.items():
        worksheet = workbook[name]
        header = [cell.value for cell in worksheet[1]]
        # The contract's columns first, exactly; label columns may only follow them.
        assert header[: len(sheet.columns)] == sheet.columns
        assert all(str(name).endswith("label") for name in header[len(sheet.columns) :])
        assert all(cell.font.bold for cell in worksheet[1])
        assert worksheet.freeze_panes == "A2"
    summary_header = [c.value for c in workbook["Summary"][1]]
    assert summary_header == ["code", "measure", "breakdown", "value", "breakdown_label"]


def test_numbers_are_numbers_with_display_formats(written):
    workbook, _ = written
    summary = {(row[0].value, row[2].value): row[3] for row in workbook["Summary"].iter_rows(2)}
    referrals = summary[("referrals_received", "all")]
    assert referrals.value == 2 and type(referrals.value) is int
    assert referrals.data_type == "n" and referrals.number_format == "0"
    dna = summary[("dna_rate_percent", "all")]
    assert dna.value == pytest.approx(50.0) and dna.number_format == "0.0"
    assert summary[("median_days_to_first_contact", "all")].value == 7
    outcomes = workbook["Outcomes"]
    row = {h.value: c for h, c in zip(outcomes[1], outcomes[2], strict=True)}
    assert row["n"].value == 2 and row["n"].number_format == "0"
    assert row["baseline_mean"].value == 22.5 and row["baseline_mean"].number_format == "0.00"
    assert isinstance(row["p_value"].value, float) and row["p_value"].number_format == "0.0000"
    assert row["percent_mid_reached"].number_format == "0.0"
    goals = workbook["Goals"]
    assert goals["A2"].value == "1" and goals["A2"].data_type == "s"  # footstep as text
    assert goals["I2"].value is None  # no goal reviewed at footstep 1: empty, not 0
    assert goals["I5"].value == 100.0


def test_formula_like_text_is_never_a_formula(written):
    workbook, _ = written
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    demographics = {(r[0].value, r[1].value) for r in workbook["Demographics"].iter_rows(2)}
    assert ("pcn", "'" + '=HYPERLINK("http://example.invalid","x")') in demographics
    assert ("pcn", "'-North") in demographics
    assert ("first_language", "'+Yoruba") in demographics


def test_no_client_identifiers_anywhere(written):
    workbook, _ = written
    text = [
        str(c.value)
        for ws in workbook
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    for identifier in IDENTIFIERS:
        assert not [t for t in text if identifier in t], identifier


def test_notes_sheet(written, tmp_path):
    workbook, sheets = written
    notes = {row[0].value: row[1].value for row in workbook["Notes"].iter_rows(2)}
    assert notes["month"] == MONTH
    assert notes["pcn_filter"] == "all PCNs"
    assert notes["data"] == "DEMO — synthetic data"
    assert "paired t-test" in notes["formulas"]
    assert notes["generated_at"][:4].isdigit()
    plain = tmp_path / "plain.xlsx"
    write_monthly_return(sheets, plain, month=MONTH, pcn="North")
    notes = {r[0].value: r[1].value for r in openpyxl.load_workbook(plain)["Notes"].iter_rows(2)}
    assert notes["pcn_filter"] == "North" and "data" not in notes


def test_suppressed_counts_are_text(tmp_path):
    sheets = compute_monthly_return(
        identifiable_caseload(), MONTH, settings=ReturnSettings(suppress_small=True)
    )
    path = tmp_path / "small.xlsx"
    write_monthly_return(sheets, path, month=MONTH, suppress_small=True)
    workbook = openpyxl.load_workbook(path)
    summary = {(r[0].value, r[2].value): r[3].value for r in workbook["Summary"].iter_rows(2)}
    assert summary[("referrals_received", "all")] == "<5"
    assert summary[("referrals_received", "self")] == 0
    assert summary[("dna_rate_percent", "all")] == pytest.approx(50.0)


class DiskFull(OSError):
    pass


def test_failure_mid_write_leaves_target_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "return.xlsx"
    path.write_bytes(b"last month's return")

    def half_written(self, stream):
        stream.write(b"PK\x03\x04 partial")
        raise DiskFull("no space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_written)
    sheets = compute_monthly_return(identifiable_caseload(), MONTH)
    with pytest.raises(CannotWrite, match="no space left"):
        write_monthly_return(sheets, path, month=MONTH)
    assert path.read_bytes() == b"last month's return"
    assert [p.name for p in tmp_path.iterdir()] == ["return.xlsx"]


def test_failure_while_moving_into_place_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "return.xlsx"
    path.write_bytes(b"old")

    def refuse(source, target):
        raise PermissionError("the file is open in Excel")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(CannotWrite, match="open in Excel"):
        write_monthly_return(compute_monthly_return({}, MONTH), path, month=MONTH)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["return.xlsx"]


def test_overwrites_an_existing_return(tmp_path):
    path = tmp_path / "return.xlsx"
    path.write_bytes(b"old")
    write_monthly_return(compute_monthly_return({}, MONTH), path, month=MONTH)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Summary"
