"""Instrument definitions: the numbers in MEASURES.md, and what wording may be shipped."""

import json

import pytest

from painclinic_desktop import resources_path
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import definitions, instrument, instruments
from painclinic_desktop.resources_path import resource

# Licensed wording is never shipped; sit-to-stand has no wording at all.
NO_WORDING = ("pseq", "wemwbs", "swemwbs", "bpi", "peg", "sts")
SHIPPED = ("ons4", "phq9", "gad7")

# name: (item count, item min, item max, scores as (name, higher is better, default MID))
MEASURES_TABLE = {
    "pseq": (10, 0, 6, [("total", True, 5.5)]),
    "wemwbs": (14, 1, 5, [("total", True, 3)]),
    "swemwbs": (7, 1, 5, [("raw", True, None), ("metric", True, 3)]),
    "bpi": (11, 0, 10, [("severity", False, -1), ("interference", False, -1)]),
    "ons4": (
        4,
        0,
        10,
        [
            ("life_satisfaction", True, 1),
            ("worthwhile", True, 1),
            ("happy", True, 1),
            ("anxious", False, -1),
        ],
    ),
    "phq9": (9, 0, 3, [("total", False, -6)]),
    "gad7": (7, 0, 3, [("total", False, -4)]),
    "peg": (3, 0, 10, [("total", False, -1)]),
    "sts": (1, 0, 100, [("count", True, 2)]),
}


def test_instruments_are_listed_in_measures_order():
    expected = ("pseq", "wemwbs", "swemwbs", "bpi", "ons4", "phq9", "gad7", "peg", "sts")
    assert instruments() == expected


@pytest.mark.parametrize("name", list(MEASURES_TABLE))
def test_definition_matches_measures_table(name):
    count, low, high, scores = MEASURES_TABLE[name]
    inst = instrument(name)
    assert (inst.name, inst.item_count, inst.item_min, inst.item_max) == (name, count, low, high)
    assert inst.score_names == tuple(s for s, _, _ in scores)
    for score_name, higher, mid in scores:
        assert inst.higher_is_better(score_name) is higher
        if mid is None:
            assert not inst.has_mid(score_name)
        else:
            assert inst.default_mid(score_name) == mid
            assert isinstance(inst.default_mid(score_name), float)


def test_banded_scores_are_exactly_those_measures_bands():
    banded = {name: instrument(name).banded_score_names for name in instruments()}
    assert banded == {
        "pseq": ("total",),
        "wemwbs": (),
        "swemwbs": (),
        "bpi": ("severity",),
        "ons4": ("life_satisfaction", "worthwhile", "happy", "anxious"),
        "phq9": ("total",),
        "gad7": ("total",),
        "peg": (),
        "sts": (),
    }


def test_score_ranges_match_measures():
    assert instrument("pseq").score_range("total") == (0, 60)
    assert instrument("wemwbs").score_range("total") == (14, 70)
    assert instrument("swemwbs").score_range("raw") == (7, 35)
    assert instrument("swemwbs").score_range("metric") == (7.0, 35.0)
    assert instrument("phq9").score_range("total") == (0, 27)
    assert instrument("gad7").score_range("total") == (0, 21)


def test_bpi_severity_bands_are_listed_with_their_lower_edges():
    assert instrument("bpi").bands("severity") == (("mild", 0), ("moderate", 5), ("severe", 7))
    assert instrument("bpi").bands("interference") == ()


def test_every_instrument_has_a_version_to_store_with_scores():
    versions = [instrument(name).version for name in instruments()]
    assert all(versions) and len(set(versions)) == len(versions)


def test_swemwbs_raw_has_no_default_mid():
    with pytest.raises(InvalidInput) as caught:
        instrument("swemwbs").default_mid("raw")
    assert caught.value.field == "score"


def test_unknown_instrument_and_score_are_input_errors():
    with pytest.raises(InvalidInput) as caught:
        instrument("sf36")
    assert caught.value.field == "instrument"
    assert "sf36" in str(caught.value)
    with pytest.raises(InvalidInput, match="no score 'total'"):
        instrument("bpi").higher_is_better("total")


@pytest.mark.parametrize("name", NO_WORDING)
def test_licensed_wording_is_not_shipped(name):
    inst = instrument(name)
    assert not inst.wording_shipped
    assert inst.items == [(n, None) for n in range(1, inst.item_count + 1)]
    assert inst.stem is None and inst.responses == () and inst.attribution is None
    data = json.loads(resource("instruments", f"{name}.json").read_text(encoding="utf-8"))
    assert data["wording"] is None


@pytest.mark.parametrize("name", SHIPPED)
def test_public_wording_is_shipped_for_every_item(name):
    inst = instrument(name)
    assert inst.wording_shipped
    assert [n for n, _ in inst.items] == list(range(1, inst.item_count + 1))
    assert all(text for _, text in inst.items)
    assert inst.responses and inst.attribution


def test_phq9_wording_and_response_labels():
    inst = instrument("phq9")
    assert inst.items[8] == (
        9,
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    )
    assert inst.responses == (
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    )


def test_ons4_carries_open_government_licence_attribution():
    inst = instrument("ons4")
    assert "Open Government Licence" in inst.attribution
    assert "Office for National Statistics" in inst.attribution
    assert inst.items[3] == (4, "Overall, how anxious did you feel yesterday?")


def test_resource_prefers_the_installed_copy(tmp_path, monkeypatch):
    package = tmp_path / "painclinic_desktop"
    (package / "resources" / "instruments").mkdir(parents=True)
    (package / "resources" / "instruments" / "x.json").write_text("{}")
    monkeypatch.setattr(resources_path, "_PACKAGE", package)
    assert resources_path.resource("instruments", "x.json") == (
        package / "resources" / "instruments" / "x.json"
    )


def test_resource_falls_back_to_the_checkout(tmp_path, monkeypatch):
    package = tmp_path / "painclinic_desktop"
    package.mkdir()
    monkeypatch.setattr(resources_path, "_PACKAGE", package)
    assert resources_path.resource("instruments", "x.json") == (
        tmp_path / "resources" / "instruments" / "x.json"
    )


def test_checkout_resources_are_found():
    assert resource("instruments", "phq9.json").is_file()


def broken_definition(tmp_path, monkeypatch, name, change):
    data = json.loads(resource("instruments", f"{name}.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(definitions, "resource", lambda *parts: path)
    with pytest.raises(definitions.DefinitionError) as caught:
        definitions._load(name)
    return str(caught.value)


def test_a_definition_with_a_mid_of_the_wrong_sign_fails_loudly(tmp_path, monkeypatch):
    def flip(data):
        data["scores"][0]["mid"] = -5.5

    assert "mid sign" in broken_definition(tmp_path, monkeypatch, "pseq", flip)


def test_a_conversion_table_with_a_gap_fails_loudly(tmp_path, monkeypatch):
    def drop(data):
        del data["scores"][1]["table"]["20"]

    assert "table must cover" in broken_definition(tmp_path, monkeypatch, "swemwbs", drop)


def test_bands_out_of_order_fail_loudly(tmp_path, monkeypatch):
    def swap(data):
        data["scores"][0]["bands"][1]["from"] = 40

    assert "bands not ascending" in broken_definition(tmp_path, monkeypatch, "phq9", swap)
