"""Two laptops and a hub: what one records reaches the other; the command line contract."""

from __future__ import annotations

import json

import pytest

from painclinic_desktop import cli
from tests import factories as f

from .laptops import LOCAL_PASSWORD


def test_a_client_recorded_on_one_laptop_reaches_the_other(team):
    ann, bob = team("ann"), team("bob")
    client = ann.add("clients", f.client("ayesha"))
    report = ann.sync()
    assert report.pushed >= 1 and report.rejected == 0 and report.waiting == 0
    got = bob.sync()
    assert got.pulled_by_collection["clients"] == 1
    assert bob.get("clients", client["id"])["family_name"] == "Khan"
    bob.change("clients", client["id"], first_language="Punjabi")
    bob.sync()
    ann.sync()
    assert ann.get("clients", client["id"])["first_language"] == "Punjabi"


def test_join_and_sync_from_the_command_line(team, tmp_path, monkeypatch, capsys):
    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    bob = team("bob", join=False)
    db = str(tmp_path / "bob-cli.db")
    monkeypatch.setenv("PAINCLINIC_HUB_USER", bob.login)
    monkeypatch.setenv("PAINCLINIC_HUB_PASSWORD", bob.hub_password)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", LOCAL_PASSWORD)
    monkeypatch.setenv("PAINCLINIC_USER", bob.login)
    assert cli.main(["join", "--hub", bob.hub.login_url(bob.login), "--db", db]) == 0
    capsys.readouterr()
    monkeypatch.delenv("PAINCLINIC_HUB_USER")
    monkeypatch.delenv("PAINCLINIC_HUB_PASSWORD")  # stored inside the encrypted database
    assert cli.main(["sync", "--json", "--db", db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"pushed", "pulled", "conflicts", "rejected", "waiting",
                        "pulled_by_collection"}  # fmt: skip
    assert out["waiting"] == 0
    assert cli.main(["conflicts", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_sync_exits_1_when_the_hub_refuses_and_2_on_bad_arguments(team, tmp_path, monkeypatch):
    ann = team("ann")
    ann.close()
    monkeypatch.setenv("PAINCLINIC_USER", ann.login)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", LOCAL_PASSWORD)
    monkeypatch.setenv("PAINCLINIC_HUB_PASSWORD", "not the password")
    assert cli.main(["sync", "--db", str(ann.path)]) == 1
    assert cli.main(["sync", "--db", str(ann.path), "--hub", "not a url at all"]) == 2


def test_the_hub_password_is_kept_only_inside_the_encrypted_database(team):
    ann = team("ann")
    assert ann.hub_password.encode() not in ann.path.read_bytes()
    assert ann.raw("SELECT value FROM sync_state WHERE key = 'hub_password'") == [
        (ann.hub_password,)
    ]


def test_the_audit_trail_goes_to_the_hub_insert_only(team):
    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    ann.sync()  # sent once, however often it syncs
    local = ann.raw("SELECT seq, hash FROM audit_log ORDER BY seq")
    held = ann.hub.owner("SELECT (row->>'seq')::bigint, row->>'hash' FROM painclinic.audit_rows "
                         "WHERE login = %s ORDER BY 1", (ann.login,))  # fmt: skip
    assert local and held == [tuple(r) for r in local]
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.hub.owner("UPDATE painclinic.audit_rows SET row = '{}'")


def test_the_return_and_the_evaluation_say_when_the_records_were_last_synced(team, tmp_path):
    """Issue 14: on a laptop joined to the hub a return counts the records as last fetched;
    its cover says as of when."""
    from datetime import date

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from painclinic_desktop.core.dates import nhs_date
    from painclinic_desktop.services import returns

    office = team("office", "admin")
    with office.act() as store:
        made = returns.write_monthly_return_for(store, "2026-11", tmp_path / "r.xlsx", "office")
        returns.write_evaluation_for(
            store, date(2026, 1, 1), date(2026, 11, 30), tmp_path / "e.xlsx", "office"
        )
        returns.write_evaluation_for(
            store, date(2026, 1, 1), date(2026, 11, 30), tmp_path / "e.pdf", "office"
        )
    for path in (made, tmp_path / "e.xlsx"):
        book = load_workbook(path)
        notes = dict(book["Notes"].iter_rows(min_row=2, values_only=True))
        assert notes["records_as_of"].startswith("records as of the last sync at ")
        assert nhs_date(date.today()) in notes["records_as_of"]
        assert "records as of the last sync at" in book.worksheets[0].oddFooter.left.text
    first_page = PdfReader(tmp_path / "e.pdf").pages[0].extract_text()
    assert "Records as of the last sync at" in " ".join(first_page.split())
