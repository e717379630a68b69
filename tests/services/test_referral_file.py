"""Referral files from PCNs: every bad row reported and held, good rows imported, all or nothing."""

import csv
import time
from datetime import date, datetime

import openpyxl
import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.nhs_number import with_check_digit
from painclinic_desktop.services import referral_file as rf
from painclinic_desktop.services import referrals
from painclinic_desktop.store.database import open_store

TODAY = date(2026, 11, 22)
HEADERS = ["NHS No", "Forename", "Surname", "DOB", "Sex", "Referral date", "Reason"]
DEFAULTS = {"source": "pcn_other", "received_on": "2026-11-20"}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "f.db", create=True)
    yield s
    s.close()


def _csv(path, rows, headers=HEADERS, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        if headers:
            out.writerow(headers)
        out.writerows(rows)
    return path


def _count(store, table):
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _import(store, path, defaults=DEFAULTS, **kw):
    table = rf.read_table(path)
    mapping, _ = rf.mapping_for(store, table.headers)
    return rf.import_table(store, table, mapping, defaults, "Admin One", TODAY, **kw)


GOOD = [
    ["943 476 5919", "Ayesha", "Khan", "12/04/1961", "F", "03/11/2026", "Back pain"],
    ["", "Łukasz", "Nowak", "1975-02-28", "male", "", "Neck and shoulder pain"],
]


def test_a_good_file_is_imported_with_its_columns_recognised(store, tmp_path):
    path = _csv(tmp_path / "pcn.csv", GOOD, delimiter=";")
    result = _import(store, path)
    assert (result.clients_added, result.referrals_added, result.rows_held) == (2, 2, 0)
    got = store.conn.execute(
        "SELECT c.given_name, c.nhs_number, c.date_of_birth, c.gender, r.received_on, r.source,"
        " r.outcome FROM referrals r JOIN clients c ON c.id = r.client_id "
        "ORDER BY c.family_name"
    ).fetchall()
    assert got == [
        ("Ayesha", "9434765919", "1961-04-12", "female", "2026-11-03", "pcn_other", "pending"),
        # a blank date takes the date chosen for the file
        ("Łukasz", None, "1975-02-28", "male", "2026-11-20", "pcn_other", "pending"),
    ]


def test_every_bad_row_is_reported_by_row_column_and_reason_and_held(store, tmp_path):
    rows = [
        GOOD[0],
        ["943 476 5918", "Bad", "Digit", "01/01/1970", "F", "", ""],  # row 3
        ["", "No", "", "01/01/1970", "", "", ""],  # row 4: no family name
        ["", "Short", "Year", "01/01/70", "", "", ""],  # row 5
        ["", "Future", "Referral", "01/01/1970", "", "01/01/2027", ""],  # row 6
        ["", "Odd", "Sex", "01/01/1970", "Q", "", ""],  # row 7
        GOOD[1],
    ]
    path = _csv(tmp_path / "pcn.csv", rows)
    table = rf.read_table(path)
    mapping, _ = rf.mapping_for(store, table.headers)
    checked = rf.check_table(store, table, mapping, DEFAULTS, TODAY)
    found = [(p.row, p.column, p.value) for p in checked.problems]
    assert found == [
        (3, "NHS No", "943 476 5918"),
        (4, "Surname", ""),
        (5, "DOB", "01/01/70"),
        (6, "Referral date", "01-Jan-2027"),
        (7, "Sex", "Q"),
    ]
    reasons = [p.reason for p in checked.problems]
    assert "check digit" in reasons[0] and reasons[1] == "is required but empty"
    assert "two-digit year" in reasons[2] and reasons[3] == "is in the future"
    assert [g.row for g in checked.good] == [2, 8]
    assert _count(store, "clients") == 0  # checking writes nothing

    result = rf.import_table(store, table, mapping, DEFAULTS, "Admin One", TODAY)
    assert (result.referrals_added, result.rows_held) == (2, 5)
    held = referrals.held_rows(store)
    assert [h.row_number for h in held] == [3, 4, 5, 6, 7]
    assert held[0].values["given_name"] == "Bad" and held[0].file_name == "pcn.csv"
    assert held[0].problems[0]["column"] == "NHS No"


def test_importing_the_same_file_again_adds_nothing_and_holds_nothing_twice(store, tmp_path):
    path = _csv(tmp_path / "pcn.csv", GOOD + [["", "No", "", "01/01/1970", "", "", ""]])
    _import(store, path)
    again = _import(store, path)
    assert (again.clients_added, again.referrals_added) == (0, 0)
    assert (again.already_imported, again.rows_held, again.rows_still_held) == (2, 0, 1)
    assert _count(store, "referrals") == 2 and _count(store, "referral_rows_held") == 1


def test_rows_about_known_clients_join_them_or_are_held_when_unsure(store, tmp_path):
    referrals.add_referral(
        store,
        {
            "nhs_number": "9434765919",
            "given_name": "Ayesha",
            "family_name": "Khan",
            "date_of_birth": "1961-04-12",
            "received_on": "2025-01-10",
            "source": "gp",
        },
        "Admin One",
        today=TODAY,
    )
    referrals.add_referral(
        store,
        {
            "given_name": "Grace",
            "family_name": "Okafor",
            "date_of_birth": "1958-07-30",
            "received_on": "2025-01-10",
            "source": "gp",
        },
        "Admin One",
        today=TODAY,
    )
    rows = [
        GOOD[0],  # same NHS number and birth date: a new referral for Ayesha
        ["943 476 5919", "Ayesha", "Khan", "13/04/1961", "F", "", ""],  # birth date differs
        ["", "Grace", "Okafor", "30/07/1958", "F", "", ""],  # name + birth date, no number
        ["", "Imran", "Hussain", "01/02/1980", "M", "", ""],
        ["", "imran", "HUSSAIN", "01/02/1980", "M", "", ""],  # same person twice in the file
    ]
    result = _import(store, _csv(tmp_path / "pcn.csv", rows))
    assert (result.clients_added, result.referrals_added, result.rows_held) == (1, 2, 3)
    held = {h.row_number: h.problems[0]["reason"] for h in referrals.held_rows(store)}
    assert "different date of birth" in held[3]
    assert "same name and date of birth" in held[4]
    assert held[6] == "the same person as row 5 of this file"
    assert _count(store, "clients") == 3


def test_a_file_without_the_needed_columns_says_which_are_missing(store, tmp_path):
    path = _csv(tmp_path / "wrong.csv", [["a", "b", "c"]], headers=["Patient", "Phone", "Notes"])
    table = rf.read_table(path)
    mapping, remembered = rf.mapping_for(store, table.headers)
    assert (mapping, remembered) == ({}, False)
    with pytest.raises(InvalidInput) as caught:
        rf.check_table(store, table, mapping, DEFAULTS, TODAY)
    message = str(caught.value)
    assert "Given name, Family name, Date of birth" in message and "Patient" in message


def test_a_mapping_chosen_once_is_remembered_for_files_laid_out_the_same(store, tmp_path):
    headers = ["Patient first", "Patient last", "Born", "Ref"]
    path = _csv(tmp_path / "odd.csv", [["Ayesha", "Khan", "12/04/1961", "x"]], headers=headers)
    table = rf.read_table(path)
    chosen = {"given_name": "Patient first", "family_name": "Patient last", "date_of_birth": "Born"}
    rf.remember_mapping(store, table.headers, chosen, source="gp")
    later = _csv(tmp_path / "odd2.csv", [["Grace", "Okafor", "30/07/1958", "y"]], headers=headers)
    assert rf.mapping_for(store, rf.read_table(later).headers) == (chosen, True)
    assert rf.remembered_source(store) == "gp"


def test_an_empty_file_and_a_file_of_headings_only_are_refused_plainly(store, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        rf.read_table(empty)
    headings = _csv(tmp_path / "headings.csv", [])
    with pytest.raises(InvalidInput, match="no rows of referrals"):
        rf.read_table(headings)
    with pytest.raises(InvalidInput, match=r"\.xls"):
        rf.read_table(tmp_path / "old.xls")


def test_an_excel_file_with_real_dates_and_numeric_nhs_numbers(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])  # a blank first line: the headings are on row 2
    sheet.append(HEADERS)
    sheet.append(
        [
            9434765919,
            "Ayesha",
            "Khan",
            datetime(1961, 4, 12),
            "F",
            datetime(2026, 11, 3),
            "Back pain",
        ]
    )
    sheet.append([None] * 7)
    sheet.append([1234567890, "Bad", "Number", datetime(1961, 4, 12), "F", None, None])
    book.save(tmp_path / "pcn.xlsx")
    table = rf.read_table(tmp_path / "pcn.xlsx")
    assert table.blank_rows == 1
    mapping, _ = rf.mapping_for(store, table.headers)
    checked = rf.check_table(store, table, mapping, DEFAULTS, TODAY)
    assert [g.client["nhs_number"] for g in checked.good] == ["9434765919"]
    assert [(p.row, p.column) for p in checked.problems] == [(5, "NHS No")]


def _huge_file(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADERS)
        made, n = 0, 0
        while made < rows:
            n += 1
            number = with_check_digit(f"{400000000 + n * 7:09d}")
            if number is None:
                continue
            made += 1
            out.writerow(
                [
                    number,
                    f"Given{made}",
                    "Family",
                    f"{1 + made % 28:02d}/{1 + made % 12:02d}/{1940 + made % 60}",
                    "F",
                    "03/11/2026",
                    "",
                ]
            )
    return path


def test_a_huge_file_reports_progress_and_cancelling_leaves_nothing(store, tmp_path):
    path = _huge_file(tmp_path / "huge.csv", 50_000)
    started = time.perf_counter()
    table = rf.read_table(path)
    mapping, _ = rf.mapping_for(store, table.headers)
    seen = []
    checked = rf.check_table(
        store,
        table,
        mapping,
        DEFAULTS,
        TODAY,
        report=lambda done, total, text: seen.append((done, total)),
    )
    assert len(checked.good) == 50_000 and checked.held == []
    assert seen[0] == (1000, 50_000) and seen[-1] == (50_000, 50_000)
    assert time.perf_counter() - started < 30  # generous: about 2 s on a modest laptop

    class Cancelled(Exception):
        pass

    def cancel_while_saving(done, total, text):
        if text == rf.SAVING and done >= 5_000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        rf.import_table(
            store, table, mapping, DEFAULTS, "Admin One", TODAY, report=cancel_while_saving
        )
    assert _count(store, "clients") == 0 and _count(store, "referrals") == 0
