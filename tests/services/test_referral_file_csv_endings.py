"""The problems CSV sent back to a PCN opens cleanly in Excel on Windows: a byte-order mark so
Excel reads it as UTF-8, and Windows line endings on every platform."""

from datetime import date

from painclinic_desktop.services import referral_file as rf
from painclinic_desktop.store.database import open_store

HEADERS = "NHS No,Forename,Surname,DOB,Sex,Referral date,Reason\n"


def test_problems_csv_has_a_bom_and_crlf_line_endings_only(tmp_path):
    store = open_store(tmp_path / "f.db", create=True)
    source = tmp_path / "pcn.csv"
    source.write_text(
        HEADERS + ",Zoë,,01/01/70,,,\n,Łukasz,Nowak,01/01/1970,Q,,\n", encoding="utf-8"
    )
    table = rf.read_table(source)
    mapping, _ = rf.mapping_for(store, table.headers)
    check = rf.check_table(
        store, table, mapping, {"source": "pcn_other", "received_on": "2026-11-20"},
        date(2026, 11, 22),
    )  # fmt: skip
    out = tmp_path / "problems.csv"
    rf.problems_csv(check, out)
    store.close()
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    lines = data[3:].split(b"\r\n")
    assert len(lines) >= 3 and lines[-1] == b""  # every line ends \r\n, the last one too
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
