"""Referral files in encodings that once were misread (UTF-16 stored with NUL characters) or
ended in a traceback (neither UTF-8 nor Windows-1252): the encoding is detected (byte-order
mark, then UTF-16's layout, then UTF-8) or the person is asked; nothing is stored wrongly. The
problems CSV defuses formula-looking cells exactly as the xlsx reports do."""

from __future__ import annotations

import codecs
import csv
from datetime import date

import pytest
from PySide6.QtWidgets import QInputDialog

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.reports.xlsx_writer import safe_text
from painclinic_desktop.services import referral_file as rf
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.referrals.import_wizard import ImportWizard

HEADERS = "NHS No,Forename,Surname,DOB,Referral date\r\n"
ROW = "943 476 5919,Zoë,Ó Briain,12/04/1961,03/11/2026\r\n"
TEXT = HEADERS + ROW
DEFAULTS = {"source": "pcn_other", "received_on": "2026-11-20"}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "f.db", create=True)
    yield s
    s.close()


def _rows(store) -> list[tuple]:
    return store.conn.execute("SELECT given_name, family_name FROM clients").fetchall()


def _import(store, path, encoding=None):
    table = rf.read_table(path, encoding=encoding)
    mapping, _ = rf.mapping_for(store, table.headers)
    return rf.import_table(store, table, mapping, DEFAULTS, "Admin One", date(2026, 11, 22))


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-8"),
    ],
    ids=["utf-16 le bom", "utf-16 be bom", "utf-16 le", "utf-16 be", "utf-8 bom", "utf-8"],
)
def test_utf16_and_utf8_files_are_read_as_they_were_written(store, tmp_path, data):
    path = tmp_path / "pcn.csv"
    path.write_bytes(data)
    result = _import(store, path)
    assert (result.referrals_added, result.rows_held) == (1, 0)
    assert _rows(store) == [("Zoë", "Ó Briain")]


def test_a_windows_1252_file_is_asked_about_then_read_as_chosen(store, tmp_path):
    path = tmp_path / "pcn.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    with pytest.raises(rf.UnknownEncoding, match="most likely Windows-1252"):
        rf.read_table(path)
    assert _rows(store) == []
    _import(store, path, encoding="cp1252")
    assert _rows(store) == [("Zoë", "Ó Briain")]


def test_a_file_in_neither_utf8_nor_windows_1252_gets_a_question_not_a_traceback(store, tmp_path):
    path = tmp_path / "pcn.csv"
    path.write_bytes(HEADERS.encode() + b"943 476 5919,Zo\x81,\x8d\x90,12/04/1961,03/11/2026\r\n")
    with pytest.raises(rf.UnknownEncoding, match="choose the encoding"):
        rf.read_table(path)
    with pytest.raises(InvalidInput, match="cannot be read as Windows-1252"):
        rf.read_table(path, encoding="cp1252")
    assert rf.read_table(path, encoding="iso-8859-1").rows[0][1][1] == "Zo\x81"
    assert _rows(store) == []


def test_a_binary_file_is_not_read_as_text(store, tmp_path):
    path = tmp_path / "pcn.csv"
    path.write_bytes(b"NHS No,\x00\x01\x02\x00\xff\xfe\x00 junk")
    with pytest.raises(InvalidInput, match="not a text file|choose the encoding"):
        rf.read_table(path)
    assert _rows(store) == []


def test_the_problems_csv_defuses_formulas_exactly_as_the_xlsx_reports(store, tmp_path):
    path = tmp_path / "pcn.csv"
    path.write_text(
        '=HYPERLINK("http://x.example","click"),Forename,Surname,DOB,Referral date\r\n'
        "943 476 5918,@SUM(1),-2,+3,=cmd|' /C calc'!A0\r\n",
        encoding="utf-8",
    )
    table = rf.read_table(path)
    mapping, _ = rf.mapping_for(store, table.headers)
    mapping["nhs_number"] = table.headers[0]
    check = rf.check_table(store, table, mapping, DEFAULTS, date(2026, 11, 22))
    assert check.problems
    out = tmp_path / "problems.csv"
    rf.problems_csv(check, out)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    expected = [[str(p.row), p.column, p.field, p.reason] for p in check.problems]
    for written, (_row, column, _field, reason) in zip(rows[1:], expected, strict=True):
        assert written[1] == safe_text(column) and written[3] == safe_text(reason)
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_the_import_wizard_asks_which_encoding_and_reads_the_file(
    qtbot, store, tmp_path, monkeypatch
):
    path = tmp_path / "pcn.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    asked = []

    def choose(_parent, _title, text, choices, *_):
        asked.append(text)
        return choices[0], True  # Windows-1252

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    wizard = ImportWizard(RecordContext(store, lambda: "Admin One", lambda: None))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=10_000)
    assert asked and "Windows-1252" in asked[0]
    assert wizard.mapping_page.examples["given_name"].text() == "Zoë"
