"""A client's medicines: recorded with who and where from, history kept, OME with its table,
the high-dose flag on the caseload and the record."""

import json
from datetime import date
from decimal import Decimal

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.medication import HIGH_DOSE_FLAG
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import medication, session
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.services.caseload import load_caseload, load_client_record
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 22)
AYESHA = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "m.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], referrals=[referral("r", "ayesha")]))
    yield s
    s.close()


def add(store, **fields):
    item = {
        "drug": "oxycodone",
        "name": "Oxycodone 10 mg MR tablets (OxyContin)",
        "route": "oral",
        "dose": "20",
        "times_per_day": "2",
        "started_on": "2026-06-01",
        "source": "gp_record",
    } | fields
    return medication.add_item(store, AYESHA, item, "Coach One", today=TODAY)


def flags_shown(store, today=TODAY):
    return next(r for r in load_caseload(store, today) if r.client_id == AYESHA).flags


def test_an_item_is_recorded_with_who_where_from_and_the_tables_unit(store):
    saved = add(store)
    assert saved["recorded_by"] == "Coach One"
    assert saved["source"] == "gp_record"
    assert saved["dose_unit"] == "mg"
    assert saved["dose"] == 20 and saved["times_per_day"] == 2
    patch = add(
        store, drug="fentanyl", name="Fentanyl 25", route="patch", dose="25", times_per_day=None
    )
    assert patch["dose_unit"] == "micrograms/hour"


def test_the_regimens_ome_names_the_table_and_sums_the_items(store):
    add(store)
    add(store, drug="codeine", name="Co-codamol 30/500", dose="60", times_per_day="4")
    add(store, drug=None, name="Paracetamol 500 mg tablets", dose="1000", times_per_day="4")
    regimen = medication.regimen(store, AYESHA, TODAY)
    assert regimen.ome.total == Decimal("84.0")  # 60 + 24; paracetamol is listed, not converted
    assert regimen.ome.complete
    assert len(regimen.items) == 3
    assert regimen.table.label == "PainClinic default UK OME table, version 1 (2026-12)"
    assert not regimen.flagged


def test_a_dose_change_keeps_the_old_dose_stopped_and_starts_the_new_one(store):
    old = add(store)
    new = medication.change_dose(
        store,
        old["id"],
        {"dose": "10", "times_per_day": "2"},
        "Coach Two",
        on="2026-10-01",
        today=TODAY,
    )
    every = medication.items(store, AYESHA)
    assert len(every) == 2
    stopped = next(i for i in every if i["id"] == old["id"])
    assert (stopped["dose"], stopped["stopped_on"]) == (20, "2026-10-01")
    assert (new["dose"], new["started_on"], new["replaces"]) == (10, "2026-10-01", old["id"])
    assert medication.regimen(store, AYESHA, date(2026, 9, 30)).ome.total == Decimal("60.0")
    assert medication.regimen(store, AYESHA, TODAY).ome.total == Decimal("30.0")


def test_a_stopped_item_is_never_shown_as_current(store):
    item = add(store)
    medication.stop_item(
        store, item["id"], "Coach One", on="2026-11-01", why="GP stopped it", today=TODAY
    )
    assert medication.regimen(store, AYESHA, TODAY).items == []
    assert medication.regimen(store, AYESHA, TODAY).ome is None
    assert len(medication.regimen(store, AYESHA, date(2026, 10, 31)).items) == 1
    with pytest.raises(InvalidInput, match="already stopped"):
        medication.stop_item(store, item["id"], "Coach One", today=TODAY)


def test_a_regimen_nobody_has_confirmed_for_90_days_says_so_until_confirmed(store):
    add(store, started_on="2026-06-01")
    assert medication.regimen(store, AYESHA, TODAY).stale
    assert medication.regimen(store, AYESHA, date(2026, 8, 30)).stale is False
    session.sign_in_as("Coach One")
    try:
        assert medication.confirm_unchanged(store, AYESHA, "Coach One", TODAY) == 1
    finally:
        session.sign_out()
    regimen = medication.regimen(store, AYESHA, TODAY)
    assert not regimen.stale and regimen.last_confirmed == TODAY.isoformat()


def test_high_dose_flag_shows_on_the_caseload_and_goes_when_the_dose_falls(store):
    item = add(store, dose="40")  # 40 x 2 x 1.5 = 120
    assert HIGH_DOSE_FLAG in flags_shown(store)
    record = load_client_record(store, AYESHA, TODAY)
    assert HIGH_DOSE_FLAG in record.row.flags
    medication.change_dose(
        store, item["id"], {"dose": "30", "times_per_day": "2"}, "Coach One", on=TODAY, today=TODAY
    )
    assert HIGH_DOSE_FLAG not in flags_shown(store)


def test_methadone_flags_the_total_as_incomplete(store):
    add(
        store,
        drug="methadone",
        name="Methadone 1 mg/ml oral solution",
        dose="30",
        times_per_day="1",
    )
    regimen = medication.regimen(store, AYESHA, TODAY)
    assert regimen.ome.not_converted == ("methadone",)
    assert regimen.flagged
    assert HIGH_DOSE_FLAG in flags_shown(store)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"drug": None, "name": "Co-codamol 30/500"}, "drug", "looks like an opioid"),
        ({"drug": None, "name": "  "}, "name", "Name the medicine"),
        ({"drug": "heroin"}, "drug", "unknown drug"),
        ({"dose": "0"}, "dose", "above 0"),
        ({"times_per_day": None}, "times_per_day", "times a day"),
        ({"source": None}, "source", "Say where this comes from"),
        ({"started_on": "2026-12-01"}, "started_on", "in the future"),
        (
            {"drug": "fentanyl", "route": "patch", "dose": "25", "times_per_day": "1"},
            "times_per_day",
            "no times a day",
        ),
    ],
)
def test_bad_entries_are_refused_beside_their_field_and_nothing_is_saved(
    store, fields, field, words
):
    with pytest.raises(InvalidInput) as refused:
        add(store, **fields)
    assert any(f == field and words in w for f, w in refused.value.problems)
    assert medication.items(store, AYESHA) == []


def test_only_an_admin_replaces_the_table_and_every_ome_then_names_it(store, tmp_path):
    path = tmp_path / "approved.json"
    path.write_text(
        json.dumps(
            {
                "name": "Practice approved",
                "version": "7",
                "source": "Medicines management committee, 2026",
                "entries": [{"drug": "oxycodone", "route": "oral", "unit": "mg", "factor": "2"}],
            }
        ),
        encoding="utf-8",
    )
    add(store)
    session.sign_in_as("Coach One", "coach")
    try:
        with pytest.raises(PermissionDenied):
            medication.use_service_table(store, path)
    finally:
        session.sign_out()
    session.sign_in_as("Jo Admin", "admin")
    try:
        medication.use_service_table(store, path)
    finally:
        session.sign_out()
    regimen = medication.regimen(store, AYESHA, TODAY)
    assert regimen.table.label == "Practice approved, version 7"
    audited = store.conn.execute(
        "SELECT actor, detail FROM audit_log WHERE record_id = 'ome_table'"
    ).fetchall()
    assert audited == [("Jo Admin", "OME conversion table now: Practice approved, version 7")]
    assert regimen.ome.total == Decimal("80.0")
    session.sign_in_as("Jo Admin", "admin")
    try:
        medication.use_default_table(store)
    finally:
        session.sign_out()
    assert medication.regimen(store, AYESHA, TODAY).ome.total == Decimal("60.0")


def test_a_bad_replacement_table_is_refused_and_the_old_one_kept(store, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"name": "x", "version": "1", "source": "y", "entries": '
        '[{"drug": "oxycodone", "route": "oral", "unit": "mg", "factor": 0}]}'
    )
    session.sign_in_as("Jo Admin", "admin")
    try:
        with pytest.raises(InvalidInput, match="above 0"):
            medication.use_service_table(store, path)
    finally:
        session.sign_out()
    assert medication.service_table(store).name == "PainClinic default UK OME table"


def test_medicines_travel_in_the_bundle_and_reimport_changes_nothing(store, tmp_path):
    item = add(store)
    doc = export_bundle(store)
    assert [i["id"] for i in doc["medication_items"]] == [item["id"]]
    other = open_store(tmp_path / "other.db", create=True)
    try:
        import_bundle(other, doc)
        assert medication.items(other, AYESHA)[0]["dose"] == 20
        again = import_bundle(other, doc)
        assert again.added["medication_items"] == 0
    finally:
        other.close()


def test_contacts_take_de_scripting_and_oad_worksheets_and_old_worksheets_still_read(tmp_path):
    from painclinic_desktop.core.errors import InvalidBundle
    from tests.factories import contact

    s = open_store(tmp_path / "c.db", create=True)
    try:
        components = ["medication_worksheet", "oad_worksheet", "de_scripting"]
        import_bundle(
            s,
            bundle(
                clients=[client("ayesha")],
                referrals=[referral("r", "ayesha")],
                contacts=[contact("c", components=components)],
            ),
        )
        assert export_bundle(s)["contacts"][0]["components"] == components
        with pytest.raises(InvalidBundle):
            import_bundle(s, bundle(contacts=[contact("d", components=["descripting"])]))
    finally:
        s.close()


def test_the_service_evaluation_carries_the_opioid_table_in_xlsx_and_pdf(store, tmp_path):
    import openpyxl
    from pypdf import PdfReader

    from painclinic_desktop.services.returns import write_evaluation_for

    item = add(store, started_on="2026-03-01")  # 60 mg/day
    medication.change_dose(
        store, item["id"], {"dose": "10", "times_per_day": "2"}, "Coach One",
        on="2026-06-01", today=TODAY,
    )  # fmt: skip
    xlsx = tmp_path / "evaluation.xlsx"
    write_evaluation_for(store, date(2026, 1, 1), date(2026, 11, 1), xlsx, "Coach One")
    sheet = openpyxl.load_workbook(xlsx)["Opioids (OME)"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (row["n"], row["baseline_mean"], row["followup_mean"]) == (1, 60, 30)
    assert (row["n_fell_25_percent"], row["percent_fell_25_percent"]) == (1, 100)
    pdf = tmp_path / "evaluation.pdf"
    write_evaluation_for(store, date(2026, 1, 1), date(2026, 11, 1), pdf, "Coach One")
    words = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Opioids: oral morphine equivalent" in words
    assert "60.00" in words and "30.00" in words
