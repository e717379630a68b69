"""Translation packs: English beside every string, English whenever a translation is unusable."""

from __future__ import annotations

import json

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.footsteps import footsteps
from painclinic_desktop.core.material_words import ENGLISH, footstep_keys
from painclinic_desktop.core.translations import (
    LANGUAGES,
    NOT_REVIEWED,
    pack_from_json,
    shipped_pack,
    signed_off,
)
from painclinic_desktop.resources_path import resource

STARTERS = [language for language in LANGUAGES if language != "en"]


@pytest.mark.parametrize("language", STARTERS)
def test_each_starter_pack_translates_every_plan_string_and_the_footsteps(language):
    pack = shipped_pack(language)
    assert pack.language == language and not pack.reviewed
    for key, english in ENGLISH.items():
        assert pack.words(key, english) != english or key == "date", key
    for step in footsteps():
        # Names, descriptions, statements and the things that may help: none left in English.
        for key, english in footstep_keys(step):
            assert pack.words(key, english) != english, key


@pytest.mark.parametrize("language", STARTERS)
def test_a_reworded_statement_or_resource_prints_its_new_english(language):
    """The service edits footsteps.json: the pack's old translation is not printed for it."""
    pack = shipped_pack(language)
    step = footsteps()[2]
    (key, english), *_ = [kv for kv in footstep_keys(step) if ".statement." in kv[0]]
    assert pack.words(key, english + " (new words)") == english + " (new words)"
    (key, english), *_ = [kv for kv in footstep_keys(step) if ".resource." in kv[0]]
    assert pack.words(key, "Pacing diary (2027 edition)") == "Pacing diary (2027 edition)"


@pytest.mark.parametrize("language", STARTERS)
def test_each_pack_keeps_the_english_source_beside_each_string(language):
    data = json.loads(resource("translations", f"{language}.json").read_text(encoding="utf-8"))
    assert data["reviewed_by"] is None and data["reviewed_on"] is None
    assert data["pack_version"]
    for key, entry in data["strings"].items():
        assert entry["en"].strip() and entry["text"].strip(), key
        if key in ENGLISH:
            assert entry["en"] == ENGLISH[key], key


def test_right_to_left_packs_are_marked_so():
    assert {lang for lang in STARTERS if shipped_pack(lang).rtl} == {"ur", "pa-Arab", "ar"}


def test_a_missing_empty_or_stale_string_prints_in_english():
    pack = pack_from_json(
        json.dumps(
            {
                "format": "painclinic-translation",
                "version": 1,
                "language": "ur",
                "strings": {
                    "plan.goals": {"en": "Your goals", "text": ""},
                    "footstep.3.title": {"en": "Pacing (old words)", "text": "توازن"},
                    "plan.title": {"en": "My plan: {name}", "text": "میرا منصوبہ"},
                },
            }
        )
    )
    assert pack.words("plan.goals", "Your goals") == "Your goals"  # empty: never a blank box
    assert pack.words("plan.best_hopes", "Your best hopes") == "Your best hopes"  # missing
    assert pack.words("footstep.3.title", "Pacing") == "Pacing"  # the service reworded it
    # A translation that would drop the client's name is not used.
    assert pack.words("plan.title", "My plan: {name}", name="Ali") == "My plan: Ali"


def test_a_file_that_is_not_a_pack_is_refused_in_plain_words():
    for raw, words in (
        ("{not json", "not JSON"),
        (json.dumps({"format": "other"}), "format"),
        (json.dumps({"format": "painclinic-translation", "version": 1, "language": "xx"}), "xx"),
    ):
        with pytest.raises(InvalidInput, match=words):
            pack_from_json(raw)


def test_a_signed_off_pack_is_reviewed_and_needs_a_reviewers_name():
    pack = shipped_pack("ur")
    assert signed_off(pack, "A. Translator", "2026-12-06").reviewed
    with pytest.raises(InvalidInput):
        signed_off(pack, "  ", "2026-12-06")
    assert pack.words("not_reviewed", NOT_REVIEWED) != NOT_REVIEWED
