"""Reading referral values as UK staff and PCN files write them."""

from datetime import date, datetime

import pytest

from painclinic_desktop.core.referral_rules import (
    check_values,
    guess_mapping,
    parse_date,
    parse_field,
    person_key,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "written, read",
    [
        ("03/04/2026", "2026-04-03"),  # day first, as in the UK: 3 April, never 4 March
        ("3/4/2026", "2026-04-03"),
        ("03.04.2026", "2026-04-03"),
        ("03-04-2026", "2026-04-03"),
        ("2026-04-03", "2026-04-03"),
        ("12 Apr 1961", "1961-04-12"),
        (datetime(1961, 4, 12, 0, 0), "1961-04-12"),  # a date cell from Excel
        ("", None),
    ],
)
def test_dates_are_read_day_first(written, read):
    assert parse_date(written, "date_of_birth") == (read, None)


@pytest.mark.parametrize(
    "written, why",
    [
        ("31/02/1975", "is not a date"),
        ("01/01/75", "two-digit year"),  # 1975 or 2075? never guessed
        ("next Tuesday", "is not a date"),
    ],
)
def test_dates_that_cannot_be_read_say_why_without_repeating_the_value(written, why):
    value, issue = parse_date(written, "date_of_birth")
    assert value is None and why in issue.reason and written not in issue.reason
    assert issue.value == written


@pytest.mark.parametrize(
    "code, written, read",
    [
        ("gender", "F", "female"),
        ("gender", "Male", "male"),
        ("gender", "non-binary", "non_binary"),
        ("source", "GP", "gp"),
        ("source", "MSK", "msk_practitioner"),
        ("source", "Self-referral", "self"),
        ("ethnicity", "j", "J"),
        ("ethnicity", "Pakistani", "J"),
        ("interpreter_needed", "Yes", True),
        ("interpreter_needed", "N", False),
        ("nhs_number", 9434765919.0, "9434765919"),
        ("postcode", "bd1  1hy", "BD1 1HY"),
        ("postcode", "BD11HY", "BD1 1HY"),
    ],
)
def test_coded_values_are_read_from_the_words_people_use(code, written, read):
    assert parse_field(code, written) == (read, None)


def test_a_row_with_blanks_takes_the_files_defaults_but_a_bad_value_does_not():
    checked = check_values(
        {
            "given_name": "Ayesha",
            "family_name": "Khan",
            "date_of_birth": "12/04/1961",
            "source": "fax",
        },
        {"source": "gp", "received_on": "2026-11-20"},
        TODAY,
    )
    assert checked.referral["received_on"] == "2026-11-20"
    assert checked.referral["source"] is None  # "fax" is reported, not replaced by the default
    assert [(i.field, i.reason) for i in checked.issues] == [
        ("source", "is not a referral source this service knows")
    ]


def test_usual_column_headings_are_recognised():
    headers = ["NHS No.", "Forename", "SURNAME", "D.O.B", "Date of referral", "Notes"]
    assert guess_mapping(headers) == {
        "nhs_number": "NHS No.",
        "given_name": "Forename",
        "family_name": "SURNAME",
        "date_of_birth": "D.O.B",
        "received_on": "Date of referral",
    }


def test_names_match_without_case_spaces_hyphens_or_apostrophes():
    assert person_key("Mary-Ann", "O'Neil", "1950-01-01") == person_key(
        "mary ann", "ONEIL", "1950-01-01"
    )
    assert person_key("Mary", "Oneil", "1950-01-01") != person_key("Mary", "Oneil", "1950-01-02")
