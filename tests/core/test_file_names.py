"""File names for one client's documents: recognisable or anonymous, always creatable."""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painclinic_desktop.core.file_names import (
    ANONYMOUS,
    RECOGNISABLE,
    client_file_name,
    safe_file_name,
    unique_name,
)

DAY = date(2026, 12, 6)
AYESHA = {
    "id": "5f0c6a52-8d4e-4d8e-9a51-1f6e0b9d2c01",
    "given_name": "ayesha",
    "family_name": "Khan",
    "nhs_number": "943 476 5919",
}
WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(n) for n in range(32)}


def test_recognisable_name_is_family_name_initial_nhs_number_and_date():
    name = client_file_name(AYESHA, "gp_summary", DAY, RECOGNISABLE)
    assert name == "Khan A 9434765919 2026-12-06 GP summary.pdf"
    plan = client_file_name(AYESHA, "plan_large_print", DAY, RECOGNISABLE)
    assert plan == "Khan A 9434765919 2026-12-06 plan large print.pdf"


def test_anonymous_name_carries_only_the_client_id():
    name = client_file_name(AYESHA, "gp_summary", DAY, ANONYMOUS)
    assert name == f"gp-summary-{AYESHA['id']}.pdf"
    assert "Khan" not in name and "9434765919" not in name


def test_a_client_without_nhs_number_or_family_name_is_still_told_apart():
    no_nhs = client_file_name({**AYESHA, "nhs_number": None}, "plan", DAY, RECOGNISABLE)
    assert no_nhs == "Khan A 2026-12-06 plan.pdf"
    nameless = {"id": AYESHA["id"], "given_name": "", "family_name": None}
    assert client_file_name(nameless, "plan", DAY, RECOGNISABLE) == (
        "Client 5f0c6a52 2026-12-06 plan.pdf"
    )


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ('O\'Brien/Smith: "Jr"?', "O'Brien Smith Jr A 9434765919 2026-12-06 GP summary.pdf"),
        ("Ní Bhriain", "Ní Bhriain A 9434765919 2026-12-06 GP summary.pdf"),
        ("Tab\tand\nnewline", "Tab and newline A 9434765919 2026-12-06 GP summary.pdf"),
    ],
)
def test_names_lose_what_windows_or_linux_refuse(family, expected):
    client = {**AYESHA, "family_name": family}
    assert client_file_name(client, "gp_summary", DAY, RECOGNISABLE) == expected


@pytest.mark.parametrize("device", ["CON", "prn", "Aux", "NUL", "COM1", "lpt9"])
def test_windows_device_names_are_never_produced(device):
    assert safe_file_name(device, ".pdf") == f"_{device}.pdf"
    assert safe_file_name(f"{device}.backup", ".pdf") == f"_{device}.backup.pdf"
    assert safe_file_name(f"{device}x", ".pdf") == f"{device}x.pdf"


def test_trailing_dots_and_spaces_go_and_long_names_are_cut():
    assert safe_file_name("Smith . . ", ".pdf") == "Smith.pdf"
    assert safe_file_name("...", ".pdf") == "file.pdf"
    long = safe_file_name("Ω" * 400, ".pdf")
    assert len(long) <= 104 and len(long.encode("utf-8")) <= 255 and long.endswith(".pdf")


@given(st.text(max_size=300))
def test_any_text_becomes_a_name_the_file_system_accepts(text):
    name = safe_file_name(text, ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= 255
    assert not set(name) & WINDOWS_FORBIDDEN
    assert name[:-4] == name[:-4].strip(" .") and name[:-4]


@given(st.text(max_size=120))
def test_any_family_name_can_be_written_to_disk(tmp_path_factory, family):
    folder = tmp_path_factory.mktemp("names")
    name = client_file_name({**AYESHA, "family_name": family}, "gp_summary", DAY, RECOGNISABLE)
    (folder / name).write_bytes(b"%PDF")
    assert os.listdir(folder) == [name]


def test_names_are_unique_within_a_batch_whatever_the_case():
    taken: set[str] = set()
    first = unique_name("Khan A 2026-12-06 GP summary.pdf", taken)
    second = unique_name("KHAN A 2026-12-06 GP summary.pdf", taken)
    third = unique_name("Khan A 2026-12-06 GP summary.pdf", taken)
    assert first == "Khan A 2026-12-06 GP summary.pdf"
    assert second == "KHAN A 2026-12-06 GP summary (2).pdf"
    assert third == "Khan A 2026-12-06 GP summary (3).pdf"
    long = safe_file_name("x" * 300, ".pdf")
    again = unique_name(long, {long.lower()})
    assert again.endswith(" (2).pdf") and len(again) <= 104
