"""Text in any script, laid out for a PDF: a font per run, HarfBuzz shaping, Unicode bidi order.

Clients write their names, words and goals in Urdu, Arabic, Punjabi (Shahmukhi and Gurmukhi),
Bengali, Polish, English. reportlab on its own prints Arabic letters unjoined and a
right-to-left line's words left to right (its bidi step needs `rlbidi`, which is not on PyPI).

Why a run layer over reportlab rather than another PDF library: fpdf2 shapes and orders
correctly, but every report here (plan, GP summary, evaluation, labels, the star drawing) is
built from reportlab's flowables and tables; rewriting them all would change every page the
service already checks. reportlab draws glyphs where it is told, so this module does what it
lacks, with tested libraries:

1. font fallback per run: each character goes to the shipped font for its script (Noto
   Naskh Arabic, Noto Sans Bengali, Noto Sans Gurmukhi, DejaVu Sans for everything else);
   spaces, digits and punctuation stay with their neighbours' font when it has them, so a
   line that mixes "NHS 999 123 4567" with Urdu prints whole;
2. levels from the Unicode bidi algorithm (python-bidi), so an NHS number inside an Urdu
   sentence stays left to right while the sentence reads right to left;
3. shaping of each run by HarfBuzz (uharfbuzz): joined, contextual Arabic forms, Bengali and
   Gurmukhi conjuncts and vowel signs, mirrored brackets in right-to-left runs;
4. line breaking at spaces by the shaped widths, then each line's runs put in visual order
   (rule L2). `shaped_paragraph` draws the lines and tags each with its logical text
   (ActualText), so copying or searching the PDF gives the words as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb
from bidi import algorithm as bidi_algorithm
from fontTools.ttLib import TTFont as ToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from painclinic_desktop.resources_path import resource

# script -> (regular file, bold file). Everything not named here prints in DejaVu Sans.
FONT_FILES = {
    "latin": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "gurmukhi": ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
}
_SCRIPT_RANGES = (
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
)
_GROUPED_NUMBER = re.compile(r"\d+(?:[ \u00a0]\d+)+")
_JOINERS = {"\u200c", "\u200d"}  # keep with their run: they steer joining and conjuncts


@dataclass(frozen=True)
class Face:
    """One shipped font file, known to reportlab (to draw) and HarfBuzz (to shape)."""

    name: str  # reportlab's registered name
    path: str
    upem: int
    cmap: frozenset[int]
    hb_font: hb.Font = field(compare=False, repr=False)

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap


@cache
def face(script: str, bold: bool = False) -> Face:
    filename = FONT_FILES[script][1 if bold else 0]
    path = str(resource("fonts", filename))
    name = filename.removesuffix(".ttf")
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    tools = ToolsFont(path, lazy=True)
    upem = tools["head"].unitsPerEm
    cmap = frozenset(tools.getBestCmap())
    with open(path, "rb") as handle:
        hb_font = hb.Font(hb.Face(handle.read()))
    return Face(name, path, upem, cmap, hb_font)


def script_of(char: str) -> str | None:
    """The script whose font must print `char`; None for spaces, digits and punctuation."""
    code = ord(char)
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return "latin" if char.isalpha() or unicodedata.category(char) == "Mn" else None


def needs_shaping(text: str) -> bool:
    """True when reportlab's own text drawing would get `text` wrong: a right-to-left
    character or a script that needs shaping."""
    return any(
        (script_of(c) not in (None, "latin")) or bidi_algorithm.bidirectional(c) in ("R", "AL")
        for c in text
    )


def has_rtl(text: str) -> bool:
    """True when `text` holds a right-to-left letter (Arabic script, Hebrew)."""
    return any(bidi_algorithm.bidirectional(c) in ("R", "AL") for c in text)


def fonts_for(text: str, bold: bool = False) -> list[Face]:
    """The face for each character: its script's font, or for neutral characters the font of
    the run they sit in when that font has them (else DejaVu Sans)."""
    scripts: list[str | None] = [script_of(c) for c in text]
    result: list[str] = []
    for i, char in enumerate(text):
        script = scripts[i]
        if script is None:
            before = result[-1] if result else None
            after = next((s for s in scripts[i + 1 :] if s), None)
            neighbour = before or after
            if neighbour and (char in _JOINERS or face(neighbour, bold).has(char)):
                script = neighbour
            else:
                script = "latin"
        result.append(script)
    return [face(s, bold) for s in result]


def bidi_levels(text: str, rtl: bool | None) -> list[int]:
    """Embedding level of each character (odd: right to left). `rtl` None: the first strong
    character decides, as the Unicode algorithm says."""
    if not text:
        return []
    storage = bidi_algorithm.get_empty_storage()
    base = bidi_algorithm.get_base_level(text) if rtl is None else int(rtl)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    bidi_algorithm.explicit_embed_and_overrides(storage, False)
    bidi_algorithm.resolve_weak_types(storage, False)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    found: dict[int, int] = {char["index"]: int(char["level"]) for char in storage["chars"]}
    # Characters rule X9 set aside (joiners, marks of embedding) take their neighbour's level.
    levels: list[int] = []
    for i in range(len(text)):
        levels.append(found.get(i, levels[-1] if levels else base))
    # A number written in groups ("943 476 5919", an NHS number) is one left-to-right unit:
    # the bidi algorithm alone would put its groups right to left in an Urdu sentence.
    for match in _GROUPED_NUMBER.finditer(text):
        level = max(levels[match.start()], base + 1 if base % 2 else base)
        level = level + 1 if level % 2 else level
        levels[match.start() : match.end()] = [level] * (match.end() - match.start())
    return levels


@dataclass(frozen=True)
class Glyph:
    gid: int
    x: float  # points from the start of its run
    y: float
    text: str  # the characters it stands for, in reading order ("" for a second glyph)


@dataclass(frozen=True)
class Run:
    """Characters of one face and one direction, shaped; glyphs in visual order."""

    face: Face
    text: str
    rtl: bool
    glyphs: tuple[Glyph, ...]
    width: float


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]  # visual order, left to right
    text: str  # logical order: what a reader copies out of the PDF
    width: float
    rtl: bool  # the paragraph's direction


def shape(text: str, font: Face, size: float, rtl: bool) -> Run:
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()
    hb.shape(font.hb_font, buffer, {"kern": True, "liga": True})
    scale = size / font.upem
    infos = buffer.glyph_infos
    starts = sorted({info.cluster for info in infos} | {len(text)})
    ends = dict(zip(starts, starts[1:], strict=False))
    glyphs = []
    pen = 0.0
    seen: set[int] = set()
    for info, pos in zip(infos, buffer.glyph_positions, strict=True):
        cluster = info.cluster
        own = "" if cluster in seen else text[cluster : ends[cluster]]
        seen.add(cluster)
        x, y = (pen + pos.x_offset) * scale, pos.y_offset * scale
        glyphs.append(Glyph(info.codepoint, x, y, own))
        pen += pos.x_advance
    return Run(font, text, rtl, tuple(glyphs), pen * scale)


def _pieces(text: str, fonts: list[Face], levels: list[int]) -> list[tuple[int, int]]:
    """Start and end of each stretch with one face and one level."""
    pieces = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or fonts[i] != fonts[start] or levels[i] != levels[start]:
            pieces.append((start, i))
            start = i
    return pieces


def _shape_line(text: str, fonts: list[Face], levels: list[int], size: float, rtl: bool) -> Line:
    pieces = _pieces(text, fonts, levels)
    runs = [shape(text[a:b], fonts[a], size, levels[a] % 2 == 1) for a, b in pieces]
    order = visual_order([levels[a] for a, _ in pieces])
    visual = tuple(runs[i] for i in order)
    return Line(visual, text, sum(r.width for r in runs), rtl)


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every stretch of
    runs at that level or higher."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def lay_out(
    text: str,
    size: float,
    width: float | None,
    bold: list[bool] | bool = False,
    rtl: bool | None = None,
) -> list[Line]:
    """Lines of `text` no wider than `width` (None: one line per paragraph). `bold` is one
    flag for the whole text or one per character; "\\n" starts a new paragraph."""
    flags = [bold] * len(text) if isinstance(bold, bool) else list(bold)
    lines: list[Line] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        lines += _paragraph_lines(paragraph, flags[start:end], size, width, rtl)
        start = end + 1
    return lines


def _paragraph_lines(
    text: str, bold: list[bool], size: float, width: float | None, rtl: bool | None
) -> list[Line]:
    base_rtl = bool(bidi_algorithm.get_base_level(text)) if rtl is None else rtl
    if not text.strip():
        return [Line((), "", 0.0, base_rtl)]
    fonts = _fonts_with_bold(text, bold)
    levels = bidi_levels(text, base_rtl)

    def line(a: int, b: int) -> Line:
        return _shape_line(text[a:b], fonts[a:b], levels[a:b], size, base_rtl)

    if width is None:
        return [line(0, len(text.rstrip()))]
    lines = []
    words = _word_spans(text)
    first = 0
    while first < len(words):
        last = first
        while last + 1 < len(words):
            candidate = line(words[first][0], words[last + 1][1])
            if candidate.width > width:
                break
            last += 1
        lines.append(line(words[first][0], words[last][1]))
        first = last + 1
    return lines


def _fonts_with_bold(text: str, bold: list[bool]) -> list[Face]:
    regular = fonts_for(text, False)
    heavy = fonts_for(text, True) if any(bold) else regular
    return [heavy[i] if bold[i] else regular[i] for i in range(len(text))]


def _word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch between spaces: where a line may break."""
    spans = []
    i = 0
    while i < len(text):
        while i < len(text) and text[i] == " ":
            i += 1
        start = i
        while i < len(text) and text[i] != " ":
            i += 1
        if i > start:
            spans.append((start, i))
    return spans


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` on one line, shaped."""
    return max((line.width for line in lay_out(text, size, None, bold)), default=0.0)
