"""Plan for the client: their own words back to them, in plain language, with large print."""

from __future__ import annotations

import re
from datetime import date

import pdfplumber
from pypdf import PdfReader

from painclinic_desktop.reports.client_plan import (
    LARGE_PRINT_BODY,
    build_client_plan_data,
    write_client_plan,
)

SERVICE = {"name": "Rethinking Pain", "phone": "01274 000000"}
TODAY = date(2026, 9, 20)


def records(**overrides) -> dict:
    base = {
        "client": {"id": "c1", "given_name": "Łukasz", "family_name": "Wójcik"},
        "plan": {
            "id": "p1",
            "client_id": "c1",
            "what_matters": "Playing with my grandchildren again",
            "best_hopes": "Less pain at night",
            "focus_footsteps": [7, 3],
            "setback_plan": {
                "warning_signs": "Not sleeping, snapping at the family",
                "what_helps": "Relaxation audio and short walks",
                "who_to_contact": "Sarah, my health coach",
                "avoid": "",
            },
        },
        "goals": [
            {
                "id": "g1",
                "client_id": "c1",
                "footstep": 3,
                "text": "Walk to the park twice a week",
                "set_on": "2026-03-10",
                "target_on": "2026-06-10",
                "confidence": 7,
                "reviews": [{"reviewed_on": "2026-04-10", "status": "in_progress", "note": ""}],
            },
            {
                "id": "g0",
                "client_id": "c1",
                "footstep": 3,
                "text": "Run a marathon",
                "set_on": "2026-03-01",
                "target_on": "2026-04-01",
                "confidence": 2,
                "reviews": [{"reviewed_on": "2026-03-10", "status": "replaced", "note": ""}],
            },
        ],
        "igro_stars": [
            {
                "id": "s1",
                "client_id": "c1",
                "arms": ["Good grandparent", "Cooking", "Walking to the mosque", "Sleep", "Garden"],
                "ratings": [
                    {"rated_on": "2026-03-10", "label": "start", "scores": [2, 3, 1, 4, 2]}
                ],
            }
        ],
    }
    base.update(overrides)
    return base


def write(tmp_path, large_print=False, **overrides):
    data = build_client_plan_data(records(**overrides), SERVICE, TODAY)
    path = tmp_path / ("large.pdf" if large_print else "plan.pdf")
    write_client_plan(data, path, large_print=large_print)
    return path


def pdf_text(path) -> str:
    # Joined into one line: wrapped paragraphs are then searched as the reader reads them.
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_the_plan_data_keeps_the_clients_order_and_current_goals():
    data = build_client_plan_data(records(), SERVICE, TODAY)
    assert [s.number for s in data.focus_footsteps] == [7, 3]
    assert [g.text for g in data.goals] == ["Walk to the park twice a week"]  # not the replaced one
    assert [heading for heading, _ in data.setback_plan] == [
        "Early warning signs",
        "What helps me",
        "Who to contact",
    ]  # an empty part is left out
    assert "Pacing diary" in data.resources and "Relaxation audio for bedtime" in data.resources


def test_the_plan_speaks_to_the_client_in_their_own_words(tmp_path):
    text = pdf_text(write(tmp_path))
    for expected in (
        "My plan: Łukasz Wójcik",
        "What matters to you",
        "“Playing with my grandchildren again”",
        "Less pain at night",
        "Footstep 7: Sleep",
        "Footstep 3: Pacing",
        "Spreading activity through the day",  # the one-line description
        "“Walk to the park twice a week”",
        "I aim to do this by: 10-Jun-2026",
        "How sure I feel: 7 out of 10",
        "Where I am now: Working on it",
        "Your setback plan",
        "Not sleeping, snapping at the family",
        "Your iGro star",
        "Walking to the mosque",
        "every arm at 5 fills a quarter",  # why the area reads lower than the average
        "of the full star",
        "Things that may help",
        "call Rethinking Pain on 01274 000000",
    ):
        assert expected in text, expected
    assert "Run a marathon" not in text
    assert "Things to avoid" not in text
    assert text.index("Footstep 7: Sleep") < text.index("Footstep 3: Pacing")


def test_no_star_section_without_a_star(tmp_path):
    assert "iGro star" not in pdf_text(write(tmp_path, igro_stars=[]))


def test_an_unrated_star_still_shows_the_clients_arms(tmp_path):
    unrated = [{**records()["igro_stars"][0], "ratings": []}]
    text = pdf_text(write(tmp_path, igro_stars=unrated))
    assert "Walking to the mosque" in text and "Not rated yet" in text


def _sizes_of_words(path) -> dict[str, set[float]]:
    sizes: dict[str, set[float]] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for word in page.extract_words(extra_attrs=["size"]):
                sizes.setdefault(word["text"], set()).add(round(word["size"], 1))
    return sizes


def test_large_print_body_text_is_at_least_16_point(tmp_path):
    sizes = _sizes_of_words(write(tmp_path, large_print=True))
    for word in ("grandchildren", "Spreading", "park", "snapping", "Relaxation", "Walking"):
        assert min(sizes[word]) >= LARGE_PRINT_BODY, word
    # Only the numbers of the star's 0-10 scale may be smaller.
    small = {w for w, s in sizes.items() if min(s) < LARGE_PRINT_BODY}
    assert small <= {"0", "2", "4", "6", "8", "10"}, small


def test_ordinary_print_is_smaller_so_large_print_is_a_real_choice(tmp_path):
    sizes = _sizes_of_words(write(tmp_path))
    assert max(sizes["grandchildren"]) < LARGE_PRINT_BODY


def test_names_extract_correctly_from_the_pdf(tmp_path):
    path = write(tmp_path, large_print=True)
    assert "Łukasz Wójcik" in pdf_text(path)
    with pdfplumber.open(path) as pdf:
        fonts = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}
