"""Intake keeps what it is given: IMD decile, employment status and pain duration from the
intake form, the referral file and the client details form; the decile filled from the
service's postcode lookup where the postcode matches and none was given."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.referral_rules import guess_mapping
from painclinic_desktop.services import client_details, imd, referrals
from painclinic_desktop.services import referral_file as rf
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store

TODAY = date(2026, 11, 22)
LOOKUP = (
    "Postcode,LSOA code,IMD decile\n"
    "BD3 9AA,E01010570,1\n"
    "bd9 6rx,E01010690,2\n"  # written in lower case: stored the usual way
    "LS29 8AB,E01011230,9\n"
)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "a.db", create=True)
    yield s
    s.close()


@pytest.fixture
def lookup(store, tmp_path):
    path = tmp_path / "imd.csv"
    path.write_text(LOOKUP, encoding="utf-8")
    assert imd.load_lookup_file(store, path) == 3
    return path


def _values(**changes):
    values = {
        "given_name": "Ayesha",
        "family_name": "Khan",
        "date_of_birth": "12/04/1961",
        "received_on": "03/11/2026",
        "source": "gp",
    }
    values.update(changes)
    return values


def _client_of(store, saved):
    return records.get(store, "clients", saved["client_id"])


def test_the_intake_form_keeps_decile_employment_and_pain_duration(store):
    saved = referrals.add_referral(
        store,
        _values(
            imd_decile=3,
            employment_status="unable_to_work_sick_disabled",
            pain_duration_months="18",
        ),
        "Admin One",
        today=TODAY,
    )
    client = _client_of(store, saved)
    assert client["imd_decile"] == 3
    assert client["employment_status"] == "unable_to_work_sick_disabled"
    assert client["pain_duration_months"] == 18


def test_bad_values_are_refused_naming_each_field_and_nothing_is_saved(store):
    with pytest.raises(InvalidInput) as caught:
        referrals.add_referral(
            store,
            _values(imd_decile="11", employment_status="astronaut", pain_duration_months="-3"),
            "Admin One",
            today=TODAY,
        )
    fields = {field for field, _ in caught.value.problems}
    assert fields == {"imd_decile", "employment_status", "pain_duration_months"}
    assert "from 1 to 10" in str(caught.value)
    assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_the_decile_is_filled_from_the_postcode_where_it_matches(store, lookup):
    saved = referrals.add_referral(store, _values(postcode="bd39aa"), "Admin One", today=TODAY)
    client = _client_of(store, saved)
    assert client["postcode"] == "BD3 9AA" and client["imd_decile"] == 1
    other = referrals.add_referral(
        store, _values(given_name="Bina", postcode="BD1 1ZZ"), "Admin One", today=TODAY
    )
    assert _client_of(store, other)["imd_decile"] is None  # not in the lookup: left unknown


def test_a_decile_given_is_never_overwritten_by_the_lookup(store, lookup):
    saved = referrals.add_referral(
        store, _values(postcode="BD3 9AA", imd_decile="4"), "Admin One", today=TODAY
    )
    assert _client_of(store, saved)["imd_decile"] == 4


def test_a_bad_lookup_file_is_refused_whole_and_the_old_one_kept(store, lookup, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "postcode,lsoa code,imd decile\nBD1 1AA,E01010001,3\nnot a postcode,E01010002,4\n"
        "BD1 1AB,E01010003,12\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        imd.load_lookup_file(store, bad)
    assert "row 3" in str(caught.value) and "row 4" in str(caught.value)
    assert imd.find_postcode(store, "BD1 1AA") is None
    assert imd.find_postcode(store, "LS29 8AB").imd_decile == 9
    missing = tmp_path / "columns.csv"
    missing.write_text("postcode,decile\nBD1 1AA,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="lsoa code"):
        imd.load_lookup_file(store, missing)


def test_the_referral_file_carries_the_three_fields(store, lookup, tmp_path):
    path = tmp_path / "referrals.csv"
    path.write_text(
        "Forename,Surname,DOB,Postcode,IMD decile,Employment status,Pain duration\n"
        "Ayesha,Khan,12/04/1961,BD9 6RX,,Retired,36\n"
        "Bina,Shah,02/02/1970,LS29 8AB,5,self employed,7\n",
        encoding="utf-8",
    )
    table = rf.read_table(path)
    mapping = guess_mapping(table.headers)
    assert {"imd_decile", "employment_status", "pain_duration_months"} <= set(mapping)
    defaults = {"source": "pcn_other", "received_on": "2026-11-20"}
    rf.import_table(store, table, mapping, defaults, "Admin One", TODAY)
    got = {
        c["given_name"]: (c["imd_decile"], c["employment_status"], c["pain_duration_months"])
        for c in records.select(store, "clients", "1 = 1")
    }
    # Ayesha's decile from the lookup; Bina's as the file gave it, not the lookup's 9
    assert got == {"Ayesha": (2, "retired", 36), "Bina": (5, "self_employed", 7)}


def test_the_client_details_form_changes_them_and_fills_a_blank_decile(store, lookup):
    saved = referrals.add_referral(store, _values(), "Admin One", today=TODAY)
    changed = client_details.change_details(
        store,
        saved["client_id"],
        {
            "postcode": "LS29 8AB",
            "imd_decile": None,
            "employment_status": "carer",
            "pain_duration_months": "120",
        },
        "Admin One",
    )
    assert (changed["imd_decile"], changed["employment_status"]) == (9, "carer")
    assert changed["pain_duration_months"] == 120
    with pytest.raises(InvalidInput) as caught:
        client_details.change_details(
            store, saved["client_id"], {"pain_duration_months": "a year"}, "Admin One"
        )
    assert caught.value.field == "pain_duration_months"
    assert _client_of(store, saved)["pain_duration_months"] == 120  # nothing lost


def test_the_bundle_carries_the_three_fields_both_ways(store, tmp_path):
    referrals.add_referral(
        store,
        _values(imd_decile="2", employment_status="student", pain_duration_months="14"),
        "Admin One",
        today=TODAY,
    )
    doc = export_bundle(store)
    [client] = doc["clients"]
    assert (client["imd_decile"], client["employment_status"], client["pain_duration_months"]) == (
        2,
        "student",
        14,
    )
    other = open_store(tmp_path / "b.db", create=True)
    try:
        import_bundle(other, doc)
        [copied] = records.select(other, "clients", "1 = 1")
        assert (copied["imd_decile"], copied["pain_duration_months"]) == (2, 14)
    finally:
        other.close()


def test_the_command_line_loads_the_lookup_and_refuses_a_bad_file(tmp_path, capsys):
    from painclinic_desktop.cli import main

    db = tmp_path / "cli.db"
    open_store(db, create=True).close()
    good = tmp_path / "imd.csv"
    good.write_text(LOOKUP, encoding="utf-8")
    assert main(["imd-lookup", str(good), "--db", str(db)]) == 0
    assert "Loaded 3 postcodes" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,lsoa,decile\nBD3 9AA,E01010570,0\n", encoding="utf-8")
    assert main(["imd-lookup", str(bad), "--db", str(db)]) == 2
    assert "row 2" in capsys.readouterr().err
    store = open_store(db)
    try:
        assert imd.find_postcode(store, "BD3 9AA").imd_decile == 1  # the good file's, kept
    finally:
        store.close()
