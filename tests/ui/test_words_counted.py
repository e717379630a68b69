"""Counts said the way people say them: one of a thing in the singular, and large numbers
grouped."""

from painclinic_desktop.ui.words import counted


def test_one_is_said_in_the_singular_and_others_with_their_number():
    one, many = "1 day", "%1 days"
    assert counted(1, one, many) == "1 day"
    assert counted(0, one, many) == "0 days"
    assert counted(2, one, many) == "2 days"
    assert counted(50000, "1 client in this database.", "%1 clients in this database.") == (
        "50,000 clients in this database."
    )


def test_a_second_number_is_left_for_the_caller():
    said = counted(1, "1 follow-up due, %2 not yet returned.", "%1 follow-ups due, %2 …")
    assert said.replace("%2", "0") == "1 follow-up due, 0 not yet returned."
