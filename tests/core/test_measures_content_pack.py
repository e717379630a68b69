"""Loading a service's licensed content pack, and refusing a broken one with what and where."""

import copy
import json
from pathlib import Path

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures.content_pack import (
    display_items,
    load_content_pack,
    parse_content_pack,
)

PACK = Path(__file__).parent / "fixtures" / "content_pack_placeholder.json"


@pytest.fixture
def pack_data():
    return json.loads(PACK.read_text(encoding="utf-8"))


def test_placeholder_pack_loads():
    pack = load_content_pack(PACK)
    assert pack.service == "Placeholder Persistent Pain Service"
    assert sorted(pack.wordings) == ["bpi", "peg", "pseq", "swemwbs", "wemwbs"]
    bpi = pack.wording("bpi")
    assert len(bpi.items) == 11
    assert bpi.items[0] == "Placeholder BPI item 1"
    assert bpi.stem == "Placeholder BPI instructions"
    assert pack.wording("phq9") is None


def test_response_labels_shared_and_per_item():
    bpi = load_content_pack(PACK).wording("bpi")
    assert bpi.responses_for(1) == ((0, "Placeholder none"), (10, "Placeholder worst"))
    assert bpi.responses_for(5) == (
        (0, "Placeholder does not interfere"),
        (10, "Placeholder interferes completely"),
    )
    assert load_content_pack(PACK).wording("wemwbs").responses[0] == (1, "Placeholder answer 1")


def test_display_items_prefers_pack_then_shipped_then_item_numbers():
    pack = load_content_pack(PACK)
    assert display_items("peg", pack) == [
        (1, "Placeholder PEG item 1"),
        (2, "Placeholder PEG item 2"),
        (3, "Placeholder PEG item 3"),
    ]
    assert display_items("peg") == [(1, None), (2, None), (3, None)]
    assert display_items("gad7", pack)[3] == (4, "Trouble relaxing")  # shipped wording


def test_pack_may_reword_a_shipped_instrument(pack_data):
    pack_data["instruments"]["gad7"] = {"items": [f"Eitem {n}" for n in range(1, 8)]}
    pack = parse_content_pack(pack_data)
    assert display_items("gad7", pack)[0] == (1, "Eitem 1")


def refusal(data, source="pack.json"):
    with pytest.raises(InvalidInput) as caught:
        parse_content_pack(data, source=source)
    return caught.value


def edited(pack_data, change):
    data = copy.deepcopy(pack_data)
    change(data)
    return data


def test_wrong_number_of_item_texts(pack_data):
    error = refusal(edited(pack_data, lambda d: d["instruments"]["bpi"]["items"].pop()))
    assert (
        str(error)
        == "pack.json: instruments.bpi.items: needs a list of 11 item texts; the pack gives 10"
    )
    assert error.field == "instruments.bpi.items"


@pytest.mark.parametrize(
    "change, field",
    [
        (
            lambda d: d["instruments"]["bpi"]["items"].__setitem__(2, " "),
            "instruments.bpi.items[3]",
        ),
        (lambda d: d["instruments"]["bpi"]["items"].__setitem__(0, 7), "instruments.bpi.items[1]"),
        (lambda d: d["instruments"].__setitem__("sf36", {"items": ["x"]}), "instruments.sf36"),
        (
            lambda d: d["instruments"]["pseq"]["responses"].__setitem__("7", "x"),
            "instruments.pseq.responses.7",
        ),
        (
            lambda d: d["instruments"]["pseq"]["responses"].__setitem__("0", ""),
            "instruments.pseq.responses.0",
        ),
        (
            lambda d: d["instruments"]["bpi"]["item_responses"].__setitem__("12", {}),
            "instruments.bpi.item_responses.12",
        ),
        (
            lambda d: d["instruments"]["bpi"]["item_responses"]["5"].__setitem__("11", "x"),
            "instruments.bpi.item_responses.5.11",
        ),
        (lambda d: d["instruments"]["bpi"].__setitem__("itmes", []), "instruments.bpi.itmes"),
        (lambda d: d["instruments"]["bpi"].__setitem__("stem", ""), "instruments.bpi.stem"),
        (lambda d: d["instruments"].__setitem__("peg", ["a", "b", "c"]), "instruments.peg"),
        (lambda d: d.__setitem__("format", "something-else"), "format"),
        (lambda d: d.__setitem__("format_version", 2), "format_version"),
        (lambda d: d.__setitem__("instruments", {}), "instruments"),
        (lambda d: d.__setitem__("licence", 3), "licence"),
        (lambda d: d.__setitem__("extra", 1), "extra"),
    ],
)
def test_each_problem_names_where_it_is(pack_data, change, field):
    error = refusal(edited(pack_data, change))
    assert error.field == field
    assert str(error).startswith(f"pack.json: {field}: ")


def test_top_level_must_be_an_object():
    error = refusal(["not", "a", "pack"])
    assert str(error) == "pack.json: top level: must be a JSON object"


def test_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text('{\n  "format": "painclinic-content-pack",\n  "format_version" 1\n}\n')
    with pytest.raises(InvalidInput) as caught:
        load_content_pack(path)
    assert str(caught.value).startswith(f"{path}: line 3 column 20: not valid JSON")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidInput, match="cannot be read"):
        load_content_pack(tmp_path / "absent.json")


def test_problems_in_a_loaded_file_name_the_file(tmp_path, pack_data):
    pack_data["instruments"]["peg"]["items"] = ["only one"]
    path = tmp_path / "service-pack.json"
    path.write_text(json.dumps(pack_data), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_content_pack(path)
    assert (
        str(caught.value)
        == f"{path}: instruments.peg.items: needs a list of 3 item texts; the pack gives 1"
    )
