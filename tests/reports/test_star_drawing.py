"""The iGro star picture: the client's words on the arms, one distinct line per rating."""

from __future__ import annotations

from io import BytesIO

from reportlab.graphics.shapes import Polygon, String

from painclinic_desktop.reports.star_drawing import (
    LATEST,
    MAX_RATINGS_DRAWN,
    drawn_positions,
    star_drawing,
    star_png,
    styles_for,
)

ARMS = [
    "Feeling like a good grandparent to my three grandchildren",
    "Cook",
    "Walk to the mosque",
    "Sleep",
    "Garden",
]


def star(count: int) -> dict:
    ratings = [
        {"rated_on": f"2026-{m + 1:02d}-10", "label": "review", "scores": [m % 11] * 5}
        for m in range(count)
    ]
    return {"id": "s1", "client_id": "c1", "arms": ARMS, "ratings": ratings}


def walk(node):
    for child in getattr(node, "contents", []):
        yield child
        yield from walk(child)


def strings(drawing) -> list[str]:
    return [n.text for n in walk(drawing) if isinstance(n, String)]


def test_every_rating_has_its_own_line_pattern_and_the_latest_is_solid():
    styles = styles_for(MAX_RATINGS_DRAWN)
    assert styles[-1] is LATEST and LATEST.dash is None
    patterns = [s.dash for s in styles]
    assert len(set(patterns)) == len(patterns)  # tells them apart on a black-and-white print
    assert styles_for(0) == []


def test_with_many_ratings_the_first_and_the_latest_are_drawn():
    assert drawn_positions(3) == [0, 1, 2]
    assert drawn_positions(7) == [0, 3, 4, 5, 6]


def test_the_drawing_carries_the_arms_ticks_and_a_legend_line_per_rating():
    texts = strings(star_drawing(star(3), width=320, font_size=8))
    joined = " ".join(texts)
    assert "Feeling like a good" in joined and "grandchildren" in joined
    for arm in ARMS[1:]:
        assert arm in texts
    assert {"0", "2", "4", "6", "8", "10"} <= set(texts)
    # Each rating's legend, wrapped within the drawing where it is longer than the room.
    legend = " ".join(texts[texts.index("10") + 1 :])
    assert legend.endswith(
        "Review, 10-Jan-2026: average 0.0 of 10, area 0% of the full star"
        " Review, 10-Feb-2026: average 1.0 of 10, area 1% of the full star"
        " Review, 10-Mar-2026: average 2.0 of 10, area 4% of the full star"
    )


def test_a_legend_line_never_runs_past_the_drawing():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    drawing = star_drawing(star(3), width=320, font_size=8)
    for node in walk(drawing):
        if isinstance(node, String) and node.textAnchor == "start":
            width = stringWidth(node.text, node.fontName, node.fontSize)
            assert node.x + width <= drawing.width, node.text


def test_a_long_arm_is_wrapped_within_the_label_lines_allowed():
    long_arm = "Being able to " + "really " * 40 + "enjoy my life"
    drawing = star_drawing({**star(1), "arms": [long_arm, *ARMS[1:]]}, max_label_lines=3)
    lines = [t for t in strings(drawing) if t.startswith(("Being", "really")) or "…" in t]
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_one_polygon_per_drawn_rating_on_top_of_the_five_rings():
    polygons = [n for n in walk(star_drawing(star(2), legend=False)) if isinstance(n, Polygon)]
    outlines = [p for p in polygons if p.fillColor is None or getattr(p.fillColor, "alpha", 1) < 1]
    # 5 rings (2, 4, 6, 8, 10) + 2 ratings; markers are filled and so not counted
    assert len(outlines) == 5 + 2


def test_png_is_written_when_a_raster_back_end_exists_and_skipped_otherwise():
    out = BytesIO()
    if star_png(star(2), out):
        assert out.getvalue().startswith(b"\x89PNG")
    else:
        assert out.getvalue() == b""
