"""When a form's words count as unsaved, and when a kept draft is worth offering back."""

from painclinic_desktop.ui.widgets.unsaved_state import (
    is_unsaved,
    longest_words,
    payload,
    worth_offering,
)


def test_words_typed_or_changed_are_unsaved_but_spaces_at_the_ends_are_not():
    assert not is_unsaved({"note": ""}, {"note": "  "})
    assert is_unsaved({"note": ""}, {"note": "Walked to the shop"})
    assert is_unsaved({"note": "First version"}, {"note": "First version, amended"})
    assert is_unsaved({"note": "First version"}, {"note": ""})  # deleting is a change too


def test_a_draft_is_offered_only_when_it_holds_words_the_fresh_form_does_not_show():
    assert worth_offering({"note": ""}, {"note": "Half a note"})
    assert not worth_offering({"note": ""}, {"note": ""})
    assert not worth_offering({"note": "Same words"}, {"note": "Same words"})


def test_the_reminder_is_the_first_line_of_the_longest_field_shortened():
    assert longest_words({"a": "short", "b": "a longer line\nsecond"}) == "a longer line"
    assert longest_words({"a": "x" * 100}, limit=10) == "x" * 9 + "…"
    assert payload({"a": "words", "b": None}) == {"a": "words"}
