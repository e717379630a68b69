"""An assessment's words reach the plan without overwriting what the coach wrote there."""

from painclinic_desktop.core.plan_words import merged_words


def test_an_empty_plan_takes_the_answer():
    assert merged_words(None, None, "Walk the dog", "2026-11-20") == "Walk the dog"
    assert merged_words("  ", "2026-10-01", "Walk the dog", "2026-11-20") == "Walk the dog"


def test_no_answer_or_the_same_words_change_nothing():
    assert merged_words("Walk the dog", "2026-10-01", "", "2026-11-20") is None
    assert merged_words("Walk  the DOG daily", "2026-10-01", "walk the dog", "2026-11-20") is None


def test_both_kept_the_newer_first_the_older_dated_below():
    newer_answer = merged_words("Garden", "2026-10-01T10:00:00+01:00", "Dog", "2026-11-20")
    assert newer_answer == "Dog\n\nEarlier (01-Oct-2026): Garden"
    # An assessment entered late, dated before the coach's words: the coach's stay on top.
    older_answer = merged_words("Garden", "2026-12-01T09:00:00+00:00", "Dog", "2026-11-20")
    assert older_answer == "Garden\n\nEarlier (20-Nov-2026): Dog"


def test_an_answer_that_extends_the_plan_replaces_it():
    assert merged_words("Dog", "2026-10-01", "Dog, and the garden", "2026-11-20") == (
        "Dog, and the garden"
    )
