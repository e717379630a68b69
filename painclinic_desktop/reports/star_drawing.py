"""The iGro star as a reportlab Drawing: the client's five arms, 0-10 rings, one polygon per rating.

Made to read when printed in black and white: each rating has its own line pattern and vertex
marker as well as its own colour, and the latest rating is solid black with a light fill, so
the star visibly "grows" from the dotted first rating.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from painclinic_desktop.core.igro import ARM_COUNT, MAX_SCORE, RatingSummary, rating_summaries
from painclinic_desktop.reports.fonts import register_fonts
from painclinic_desktop.reports.script_text import lay_out, needs_shaping
from painclinic_desktop.reports.shaped_paragraph import TextDrawing

from ..core.dates import nhs_date

RING_STEP = 2
MAX_LABEL_LINES = 4
MAX_RATINGS_DRAWN = 5


@dataclass(frozen=True)
class LineStyle:
    colour: colors.Color
    dash: tuple[float, ...] | None
    width: float
    marker: str


# The latest rating: solid and black. Earlier ratings, oldest first: each pattern differs.
LATEST = LineStyle(colors.black, None, 2.2, "circle")
EARLIER = (
    LineStyle(colors.HexColor("#1f5aa6"), (1, 2.6), 2.0, "square"),  # dotted, blue
    LineStyle(colors.HexColor("#b34700"), (6, 3), 1.6, "triangle"),  # dashed, orange
    LineStyle(colors.HexColor("#4d4d4d"), (8, 2, 1.5, 2), 1.4, "diamond"),  # dash-dot, grey
    LineStyle(colors.HexColor("#2e7d32"), (2.5, 2.5), 1.4, "square"),  # short dash, green
)
LABEL_WORDS = {"start": "Start", "mid": "Mid-point", "end": "End", "review": "Review"}


def styles_for(count: int) -> list[LineStyle]:
    """Line styles for `count` ratings in date order; the last is always the solid one."""
    if count == 0:
        return []
    return [EARLIER[i % len(EARLIER)] for i in range(count - 1)] + [LATEST]


def drawn_positions(count: int) -> list[int]:
    """Which of `count` ratings (date order) are drawn: all up to the limit, else the first
    and the most recent ones."""
    if count <= MAX_RATINGS_DRAWN:
        return list(range(count))
    return [0, *range(count - MAX_RATINGS_DRAWN + 1, count)]


def ratings_to_draw(star: dict) -> list[RatingSummary]:
    summaries = rating_summaries(star)
    return [summaries[i] for i in drawn_positions(len(summaries))]


def line_sample(style: LineStyle, width: float = 30, height: float = 8) -> Drawing:
    """A short stretch of a rating's line and marker, for a legend kept in a table."""
    sample = Drawing(width, height)
    line = Line(
        1,
        height / 2,
        width - 1,
        height / 2,
        strokeColor=style.colour,
        strokeWidth=style.width,
        strokeLineCap=1,
    )
    if style.dash:
        line.strokeDashArray = list(style.dash)
    sample.add(line)
    sample.add(_marker(width / 2, height / 2, style))
    return sample


def star_drawing(
    star: dict,
    width: float = 320,
    font_size: float = 8,
    radius: float | None = None,
    legend: bool = True,
    max_label_lines: int = MAX_LABEL_LINES,
    words: dict | None = None,
    rtl: bool = False,
) -> Drawing:
    """The whole picture: labelled arms, rings with 0-10 ticks, polygons and a legend.

    By default the star takes what the arm labels leave; a smaller `radius` gives the labels
    more room to the sides, for a wide but short picture. Without `legend` the caller shows
    each rating's line (see `line_sample`) next to its own table of scores. `words` gives the
    legend in the client's language ({"legend": summary -> line, "not_rated": text}); `rtl`
    puts each legend line's sample on the right, the words reading leftwards from it.
    """
    regular, bold = register_fonts()
    summaries = ratings_to_draw(star)
    legend_words = words or {}
    legend_lines = (
        _legend_lines(summaries, legend_words, regular, font_size, width, rtl) if legend else []
    )
    # Labels are drawn bold, so they are wrapped by the bold font's widths.
    geometry = _Geometry(
        star,
        width,
        font_size,
        bold,
        radius,
        [len(lines) for lines in legend_lines],
        max_label_lines,
    )
    drawing = StarDrawing(width, geometry.height)
    drawing.add(_grid(geometry, regular, font_size))
    drawing.add(_arm_labels(geometry, bold, font_size, drawing.shaped))
    for summary, style in zip(summaries, styles_for(len(summaries)), strict=True):
        drawing.add(_rating_polygon(geometry, summary.scores, style, style is LATEST))
    if legend:
        drawing.add(
            _legend(geometry, summaries, legend_lines, regular, font_size, rtl, drawing.shaped)
        )
    return drawing


class StarDrawing(TextDrawing):
    """The star: arm labels in the client's own words, in any script (`TextDrawing`)."""


def star_png(star: dict, target: str | Path | BinaryIO, width: float = 320, dpi: int = 150) -> bool:
    """Write the star as PNG; False (nothing written) when no raster back end is installed."""
    try:
        from reportlab.graphics import renderPM

        data = renderPM.drawToString(star_drawing(star, width), fmt="PNG", dpi=dpi)
    except Exception:  # renderPM needs an optional back end (rlPyCairo): not always present
        return False
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return True


def short_date(iso: str) -> str:
    return nhs_date(iso)  # one way of showing dates everywhere: 06-Dec-2026


class _Geometry:
    """Where everything goes: side labels get at least a quarter of the width each."""

    def __init__(self, star, width, font_size, font, radius, legend_lines, max_lines):
        self.width = width
        self.leading = font_size * 1.2
        self.tick_size = max(font_size - 1.5, 5.5)
        reach = math.cos(math.radians(18))  # how far right the side arms reach, per unit radius
        widest = (width / 2 - width * 0.24 - 12) / reach
        self.radius = min(radius, widest) if radius else widest
        self.side_width = width / 2 - self.radius * reach - 12
        self.bottom_width = width * 0.36
        arms = list(star.get("arms") or [""] * ARM_COUNT)
        self.labels = [
            _wrap(arm, font, font_size, self._label_width(i), max_lines)
            for i, arm in enumerate(arms)
        ]
        # Each rating's legend takes its wrapped lines and a small gap ("not rated": one).
        self.legend_height = (
            sum(legend_lines) * self.leading + 3 * len(legend_lines) + 6 if legend_lines else 0
        )
        bottom_lines = max(len(self.labels[2]), len(self.labels[3]))
        self.bottom_height = bottom_lines * self.leading + 8
        # The top label sits clear of the "10" tick at the tip of the top arm.
        self.top_gap = self.tick_size * 0.7 + 4
        top_height = len(self.labels[0]) * self.leading + self.top_gap + 2
        low = self.radius * math.sin(math.radians(54))
        self.cx = width / 2
        self.cy = self.legend_height + self.bottom_height + low
        self.height = self.cy + self.radius + top_height

    def _label_width(self, arm: int) -> float:
        return {0: self.width * 0.6, 1: self.side_width, 4: self.side_width}.get(
            arm, self.bottom_width
        )

    def angle(self, arm: int) -> float:
        # Arm 1 points straight up; the others follow clockwise, 72 degrees apart.
        return math.radians(90 - 72 * arm)

    def point(self, arm: int, value: float) -> tuple[float, float]:
        r = self.radius * value / MAX_SCORE
        return self.cx + r * math.cos(self.angle(arm)), self.cy + r * math.sin(self.angle(arm))


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    if needs_shaping(text):
        lines = [line.text for line in lay_out(text.strip(), size, width, bold=True)] or [""]
    else:
        lines = simpleSplit(text.strip(), font, size, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;") + "…"
    return lines


def _grid(g: _Geometry, font: str, size: float) -> Group:
    group = Group()
    for value in range(RING_STEP, MAX_SCORE + 1, RING_STEP):
        ring = [c for arm in range(ARM_COUNT) for c in g.point(arm, value)]
        outer = value == MAX_SCORE
        group.add(
            Polygon(
                ring,
                strokeColor=colors.Color(0.45, 0.45, 0.45)
                if outer
                else colors.Color(0.8, 0.8, 0.8),
                strokeWidth=0.9 if outer else 0.5,
                fillColor=None,
            )
        )
    for arm in range(ARM_COUNT):
        x, y = g.point(arm, MAX_SCORE)
        group.add(
            Line(g.cx, g.cy, x, y, strokeColor=colors.Color(0.55, 0.55, 0.55), strokeWidth=0.6)
        )
    tick_size = g.tick_size
    for value in range(0, MAX_SCORE + 1, RING_STEP):
        _, y = g.point(0, value)
        # Left of the top arm, clear of the markers that sit on the arm itself.
        group.add(
            String(
                g.cx - 4,
                y - tick_size * 0.35,
                str(value),
                textAnchor="end",
                fontName=font,
                fontSize=tick_size,
                fillColor=colors.Color(0.35, 0.35, 0.35),
            )
        )
    return group


def _arm_labels(g: _Geometry, font: str, size: float, shaped: list) -> Group:
    group = Group()
    for arm, lines in enumerate(g.labels):
        x, y = g.point(arm, MAX_SCORE)
        if arm == 0:  # above the top, growing upwards
            anchor, top = "middle", y + g.top_gap + (len(lines) - 1) * g.leading
        elif arm in (1, 4):  # beside the side arms, centred on the arm's end
            anchor = "start" if arm == 1 else "end"
            x += 5 if arm == 1 else -5
            top = y + (len(lines) - 1) * g.leading / 2 - size * 0.35
        else:  # below the lower arms, shifted outwards so the two never meet
            anchor = "middle"
            half = g.bottom_width / 2 + 8
            x = g.cx + max(abs(x - g.cx), half) * (1 if arm == 2 else -1)
            top = y - 4 - size
        for n, line in enumerate(lines):
            if needs_shaping(line):
                shaped.append((x, top - n * g.leading, line, size, anchor, True, None))
                continue
            group.add(
                String(
                    x,
                    top - n * g.leading,
                    line,
                    fontName=font,
                    fontSize=size,
                    textAnchor=anchor,
                    fillColor=colors.black,
                )
            )
    return group


def _rating_polygon(g: _Geometry, scores: tuple[int, ...], style: LineStyle, filled: bool) -> Group:
    group = Group()
    points = [c for arm in range(ARM_COUNT) for c in g.point(arm, scores[arm])]
    fill = colors.Color(0, 0, 0, alpha=0.10) if filled else None
    polygon = Polygon(points, strokeColor=style.colour, strokeWidth=style.width, fillColor=fill)
    polygon.strokeLineCap = 1  # round caps turn a short dash pattern into visible dots
    polygon.strokeLineJoin = 1
    if style.dash:
        polygon.strokeDashArray = list(style.dash)
    group.add(polygon)
    for arm in range(ARM_COUNT):
        group.add(_marker(*g.point(arm, scores[arm]), style))
    return group


def _marker(x: float, y: float, style: LineStyle, size: float = 2.6):
    common = {"strokeColor": style.colour, "fillColor": style.colour, "strokeWidth": 0.5}
    if style.marker == "circle":
        return Circle(x, y, size, **common)
    if style.marker == "square":
        return Rect(x - size, y - size, 2 * size, 2 * size, **common)
    if style.marker == "triangle":
        return Polygon(
            [x, y + size * 1.2, x - size * 1.1, y - size * 0.8, x + size * 1.1, y - size * 0.8],
            **common,
        )
    return Polygon([x, y + size * 1.3, x + size, y, x, y - size * 1.3, x - size, y], **common)


def _english_legend(summary: RatingSummary) -> str:
    return (
        f"{LABEL_WORDS.get(summary.label, summary.label)}, {short_date(summary.rated_on)}:"
        f" average {summary.mean:.1f} of 10, area {summary.percent:.0f}% of the full star"
    )


LEGEND_SAMPLE = 30  # length of each rating's line sample
LEGEND_GAP = 8  # between the sample and its words


def _legend_x(width: float, rtl: bool) -> tuple[float, float]:
    """(where the sample starts, how wide the words may be)."""
    x0 = max(4.0, width * 0.08)
    words_width = width - x0 - LEGEND_SAMPLE - LEGEND_GAP - 4
    return (width - x0 - LEGEND_SAMPLE if rtl else x0), words_width


def _legend_lines(
    summaries: list[RatingSummary], words: dict, font: str, size: float, width: float, rtl: bool
) -> list[list[str]]:
    """Each drawn rating's legend, wrapped to the room beside its sample: a long line in
    large print or in a wordier language goes on to a second line, never off the page."""
    _, room = _legend_x(width, rtl)
    line_words = words.get("legend", _english_legend)
    texts = [line_words(s) for s in summaries] or [words.get("not_rated", "Not rated yet")]
    wrapped = []
    for text in texts:
        if rtl or needs_shaping(text):
            lines = [line.text for line in lay_out(text, size, room, False, rtl or None)]
        else:
            lines = simpleSplit(text, font, size, room)
        wrapped.append(lines or [""])
    return wrapped


def _legend(
    g: _Geometry,
    summaries: list[RatingSummary],
    legend_lines: list[list[str]],
    font: str,
    size: float,
    rtl: bool,
    shaped: list,
) -> Group:
    group = Group()
    top = g.legend_height - g.leading - 1

    def add_text(x, y, line, anchor="start"):
        if rtl or needs_shaping(line):
            shaped.append((x, y, line, size, anchor, False, rtl or None))
        else:
            group.add(String(x, y, line, fontName=font, fontSize=size, textAnchor=anchor))

    if not summaries:
        for n, line in enumerate(legend_lines[0] if legend_lines else []):
            y = top - n * g.leading
            add_text(g.width - 4 if rtl else 4, y, line, "end" if rtl else "start")
        return group
    x0, _ = _legend_x(g.width, rtl)
    y = top
    for style, lines in zip(styles_for(len(summaries)), legend_lines, strict=True):
        sample = Line(
            x0,
            y + size * 0.35,
            x0 + LEGEND_SAMPLE,
            y + size * 0.35,
            strokeColor=style.colour,
            strokeWidth=style.width,
            strokeLineCap=1,
        )
        if style.dash:
            sample.strokeDashArray = list(style.dash)
        group.add(sample)
        group.add(_marker(x0 + LEGEND_SAMPLE / 2, y + size * 0.35, style))
        for line in lines:
            if rtl:  # the sample at the right, the words reading leftwards from it
                add_text(x0 - LEGEND_GAP, y, line, "end")
            else:
                add_text(x0 + LEGEND_SAMPLE + LEGEND_GAP, y, line)
            y -= g.leading
        y -= 3
    return group
