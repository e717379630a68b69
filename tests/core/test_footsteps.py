"""The 10 Footsteps and education modules as shipped, and edits to them by a service."""

from __future__ import annotations

import json
import os

import pytest

from painclinic_desktop.core.codes import MODULES
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.footsteps import footstep, footsteps, modules
from painclinic_desktop.resources_path import resource

# SPEC.md section 3
TITLES = [
    "Understanding pain",
    "Acceptance",
    "Pacing",
    "Setting goals",
    "Getting active",
    "Managing moods",
    "Sleep",
    "Food and relationships",
    "Relaxation and mindfulness",
    "Managing setbacks",
]
# SPEC.md section 2, in order
TIER_2_TITLES = [
    "More on Managing Pain",
    "Keeping Active & Safe Movement",
    "Sleep Therapy",
    "Emotional Wellbeing Support",
    "Developing Helpful Habits, Setting Goals & Making Plans",
    "Diet Therapy",
    "Creative Therapies",
    "Your Stories",
    "Acceptance & Taking Control of Your Pain",
    "Beliefs, Spirituality, Faith and Pain",
]


def test_the_ten_footsteps_in_order_with_their_titles():
    steps = footsteps()
    assert [s.number for s in steps] == list(range(1, 11))
    assert [s.title for s in steps] == TITLES


def test_every_footstep_has_words_for_the_client_and_something_to_give():
    for step in footsteps():
        assert 20 < len(step.description) < 160, step.number  # one plain line
        assert step.statements, step.number
        assert step.resources, step.number


def test_the_resources_include_the_book_and_the_relaxation_audio():
    titles = [r.title for s in footsteps() for r in s.resources]
    kinds = {r.kind for s in footsteps() for r in s.resources}
    assert "The pain management book" in titles
    assert "Relaxation audio" in titles
    assert {"book", "handout", "leaflet", "audio"} <= kinds


def test_one_footstep_by_number():
    assert footstep(3).title == "Pacing"
    assert footstep(10).title == "Managing setbacks"
    with pytest.raises(InvalidInput, match="footsteps are 1 to 10"):
        footstep(11)


def test_modules_tier_1_then_tier_2_in_spec_order():
    found = modules()
    assert tuple(m.code for m in found) == MODULES
    first = found[0]
    assert (first.code, first.title, first.tier, first.hours) == (
        "understanding_pain",
        "Understanding Pain",
        1,
        2,
    )
    assert [m.title for m in found[1:]] == TIER_2_TITLES
    assert {m.tier for m in found[1:]} == {2}


def _edited_copy(tmp_path, change) -> object:
    data = json.loads(resource("footsteps.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "footsteps.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_service_may_reword_a_footstep_and_the_edit_is_read_again(tmp_path):
    def reword(data):
        data["footsteps"][2]["description"] = "Doing a bit, resting a bit, every day."

    path = _edited_copy(tmp_path, reword)
    assert footstep(3, path).description == "Doing a bit, resting a bit, every day."
    data = json.loads(path.read_text(encoding="utf-8"))
    data["footsteps"][2]["title"] = "Pacing yourself"
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert footstep(3, path).title == "Pacing yourself"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["footsteps"].pop(4), "footsteps 1 to 10"),
        (lambda d: d["footsteps"][0].update(title=""), "'title' must be non-empty"),
        (lambda d: d["footsteps"][0]["resources"].append({"kind": "video"}), "resource kind"),
    ],
)
def test_a_broken_edit_is_refused_with_a_clear_message(tmp_path, change, words):
    with pytest.raises(InvalidInput, match=words):
        footsteps(_edited_copy(tmp_path, change))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read"):
        footsteps(tmp_path / "nowhere.json")
