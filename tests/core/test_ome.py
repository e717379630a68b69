"""Oral morphine equivalent: the contract of MEDICATION.md, worked by hand, and its properties."""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.ome import (
    default_table,
    opioid_item,
    regimen_ome,
    table_from_json,
)

TABLE = default_table()

# Written from MEDICATION.md by hand: (drug, route, dose, times a day) -> OME mg/day.
WORKED_EXAMPLES = [
    ("morphine", "oral", "10", "2", "20.0"),
    ("codeine", "oral", "30", "4", "12.0"),
    ("codeine", "oral", "60", "4", "24.0"),
    ("dihydrocodeine", "oral", "30", "4", "12.0"),
    ("tramadol", "oral", "50", "4", "20.0"),
    ("tramadol", "oral", "100", "4", "40.0"),
    ("tapentadol", "oral", "50", "2", "40.0"),
    ("oxycodone", "oral", "20", "2", "60.0"),
    ("oxycodone", "oral", "5", "4", "30.0"),
    ("hydromorphone", "oral", "1.3", "4", "26.0"),
    ("buprenorphine", "sublingual", "0.2", "3", "24.0"),
    ("buprenorphine", "patch", "5", None, "12.0"),
    ("buprenorphine", "patch", "10", None, "24.0"),
    ("buprenorphine", "patch", "20", None, "48.0"),
    ("fentanyl", "patch", "12", None, "30.0"),
    ("fentanyl", "patch", "25", None, "60.0"),
    ("fentanyl", "patch", "50", None, "120.0"),
    ("fentanyl", "patch", "75", None, "180.0"),
    ("fentanyl", "patch", "100", None, "240.0"),
]


@pytest.mark.parametrize(("drug", "route", "dose", "times", "expected"), WORKED_EXAMPLES)
def test_worked_examples_from_medication_md(drug, route, dose, times, expected):
    result = regimen_ome(TABLE, [opioid_item(TABLE, drug, route, dose, times)])
    assert result.total == Decimal(expected)
    assert result.complete


def test_the_contract_example_regimen_totals_132_and_is_high_dose():
    items = [
        opioid_item(TABLE, "oxycodone", "oral", "20", "2"),
        opioid_item(TABLE, "codeine", "oral", "30", "4"),
        opioid_item(TABLE, "fentanyl", "patch", "25"),
    ]
    result = regimen_ome(TABLE, items)
    assert [i.ome for i in result.items] == [Decimal("60.0"), Decimal("12.0"), Decimal("60.0")]
    assert result.total == Decimal("132.0")
    assert result.high_dose and result.complete


def test_exactly_120_is_high_dose_and_119_9_is_not():
    assert regimen_ome(TABLE, [opioid_item(TABLE, "morphine", "oral", "60", "2")]).high_dose
    just_under = regimen_ome(TABLE, [opioid_item(TABLE, "morphine", "oral", "119.9", "1")])
    assert just_under.total == Decimal("119.9") and not just_under.high_dose


def test_a_total_is_rounded_half_up_to_a_tenth_after_adding_exact_items():
    # 3 x 0.05 mg codeine-equivalents: each 0.005 exact; rounding each first would give 0.0.
    items = [opioid_item(TABLE, "codeine", "oral", "0.05", "1")] * 3
    assert regimen_ome(TABLE, items).total == Decimal("0.0")
    items = [opioid_item(TABLE, "codeine", "oral", "0.25", "2")]  # 0.05 exactly -> 0.1
    assert regimen_ome(TABLE, items).total == Decimal("0.1")


def test_patch_strength_is_never_read_as_mg_or_multiplied_by_times_a_day():
    patch = regimen_ome(TABLE, [opioid_item(TABLE, "fentanyl", "patch", "25")])
    assert patch.items[0].unit == "micrograms/hour"
    assert patch.total == Decimal("60.0")  # not 25 mg, not 25 x anything a day
    with pytest.raises(InvalidInput, match="no times per day"):
        opioid_item(TABLE, "fentanyl", "patch", "25", "3")
    with pytest.raises(InvalidInput, match="route 'oral' is not in the table for fentanyl"):
        opioid_item(TABLE, "fentanyl", "oral", "25", "1")


def test_a_table_reading_a_patch_as_mg_is_refused():
    data = json.loads(TABLE_JSON)
    data["entries"][0] = {"drug": "fentanyl", "route": "patch", "unit": "mg", "factor": "2.4"}
    with pytest.raises(InvalidInput, match="a patch dose is in micrograms/hour"):
        table_from_json(data)


def test_methadone_is_never_silently_converted():
    result = regimen_ome(
        TABLE,
        [
            opioid_item(TABLE, "methadone", "oral", "30", "1"),
            opioid_item(TABLE, "morphine", "oral", "10", "2"),
        ],
    )
    assert result.items[0].ome is None
    assert result.not_converted == ("methadone",)
    assert not result.complete
    assert result.high_dose  # an incomplete total is flagged, whatever the figure
    assert result.total == Decimal("20.0")
    alone = regimen_ome(TABLE, [opioid_item(TABLE, "methadone", "oral", "30", "1")])
    assert alone.total is None and alone.high_dose


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("heroin", "oral", "10", "1"), "unknown drug 'heroin': the table knows morphine"),
        (("codeine", "patch", "10", None), "known routes for codeine are oral"),
        (("codeine", "oral", "0", "4"), "dose must be above 0"),
        (("codeine", "oral", "-30", "4"), "dose must be above 0"),
        (("codeine", "oral", "thirty", "4"), "dose must be a number"),
        (("codeine", "oral", "30", None), "times per day is needed"),
        (("codeine", "oral", "30", "0"), "times per day must be above 0"),
    ],
)
def test_bad_items_are_refused_with_a_plain_reason(args, message):
    with pytest.raises(InvalidInput, match=message):
        opioid_item(TABLE, *args)


def test_the_shipped_table_is_named_versioned_and_cites_its_source():
    assert TABLE.name and TABLE.version
    assert "10.1186/s40814-025-01636-2" in TABLE.source
    assert TABLE.label == f"{TABLE.name}, version {TABLE.version}"


def test_the_shipped_factors_are_exactly_the_contract_table():
    factors = {(c.drug, c.route): c.factor for c in TABLE.conversions}
    assert factors == {
        ("morphine", "oral"): Decimal("1"),
        ("codeine", "oral"): Decimal("0.1"),
        ("dihydrocodeine", "oral"): Decimal("0.1"),
        ("tramadol", "oral"): Decimal("0.1"),
        ("tapentadol", "oral"): Decimal("0.4"),
        ("oxycodone", "oral"): Decimal("1.5"),
        ("hydromorphone", "oral"): Decimal("5"),
        ("buprenorphine", "sublingual"): Decimal("40"),
        ("buprenorphine", "patch"): Decimal("2.4"),
        ("fentanyl", "patch"): Decimal("2.4"),
        ("methadone", "oral"): None,
    }


TABLE_JSON = json.dumps(
    {
        "name": "Airedale approved",
        "version": "3",
        "source": "Medicines management committee, 2026",
        "entries": [{"drug": "morphine", "route": "oral", "unit": "mg", "factor": 1}],
    }
)


def test_a_service_table_replaces_the_default_and_names_itself():
    table = table_from_json(json.loads(TABLE_JSON))
    result = regimen_ome(table, [opioid_item(table, "morphine", "oral", "10", "3")])
    assert result.total == Decimal("30.0")
    assert result.to_json()["table"] == {"name": "Airedale approved", "version": "3"}
    with pytest.raises(InvalidInput, match="unknown drug 'codeine'"):
        opioid_item(table, "codeine", "oral", "30", "4")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"factor": 0}, "a factor must be above 0"),
        ({"factor": -1.5}, "a factor must be above 0"),
        ({"factor": "one and a half"}, "a factor must be a number"),
        ({"factor": True}, "a factor must be a number"),
        ({"route": "rectal"}, "route 'rectal' is not one of"),
        ({"drug": "Morphine"}, "'drug' must be a lower-case code"),
    ],
)
def test_a_table_with_a_wrong_factor_or_code_is_refused_whole(change, message):
    data = json.loads(TABLE_JSON)
    data["entries"][0].update(change)
    with pytest.raises(InvalidInput, match=message):
        table_from_json(data)


def test_a_table_without_name_version_or_source_or_with_a_row_twice_is_refused():
    for key in ("name", "version", "source"):
        data = json.loads(TABLE_JSON)
        data[key] = " "
        with pytest.raises(InvalidInput, match=f"'{key}' must be non-empty"):
            table_from_json(data)
    data = json.loads(TABLE_JSON)
    data["entries"].append(dict(data["entries"][0], factor=2))
    with pytest.raises(InvalidInput, match="listed twice"):
        table_from_json(data)


# -- properties -----------------------------------------------------------------------------

doses = st.decimals(min_value="0.1", max_value="1000", places=1)
times = st.integers(min_value=1, max_value=8)
oral_rows = [(c.drug, c.route) for c in TABLE.conversions if c.route != "patch" and c.factor]


@st.composite
def converted_items(draw):
    if draw(st.booleans()):
        drug, route = draw(st.sampled_from(oral_rows))
        return opioid_item(TABLE, drug, route, draw(doses), draw(times))
    strength = draw(st.sampled_from(["5", "10", "12", "20", "25", "37.5", "50", "75", "100"]))
    drug = draw(st.sampled_from(["fentanyl", "buprenorphine"]))
    return opioid_item(TABLE, drug, "patch", strength)


@given(st.sampled_from(oral_rows), doses, times, st.integers(min_value=1, max_value=10))
def test_ome_is_linear_in_the_dose(row, dose, times_a_day, k):
    drug, route = row
    one = regimen_ome(TABLE, [opioid_item(TABLE, drug, route, dose, times_a_day)])
    k_times = regimen_ome(TABLE, [opioid_item(TABLE, drug, route, dose * k, times_a_day)])
    assert k_times.exact_total == one.exact_total * k
    doubled_times = regimen_ome(TABLE, [opioid_item(TABLE, drug, route, dose, times_a_day * k)])
    assert doubled_times.exact_total == one.exact_total * k


@given(st.lists(converted_items(), min_size=1, max_size=6), st.lists(converted_items(), max_size=6))
def test_ome_adds_over_items(first, second):
    whole = regimen_ome(TABLE, first + second)
    parts = [regimen_ome(TABLE, [item]).exact_total for item in first + second]
    assert whole.exact_total == sum(parts)
    assert whole.total == whole.exact_total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert whole.high_dose == (whole.total >= 120)
