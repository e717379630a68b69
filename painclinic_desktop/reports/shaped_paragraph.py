"""Drawing lines from `script_text` on a reportlab canvas, and `para`, the paragraph every
report uses.

Each glyph is placed where HarfBuzz put it, by glyph id: contextual Arabic forms and
Bengali conjuncts have no character of their own, so they get a private code in the font's
subset. Each line is wrapped in a marked-content span whose ActualText is the line's logical
text, so a PDF reader copies and searches the words as they were written, in reading order.

`para` keeps reportlab's own Paragraph for text it prints correctly (English, Polish…), so
those pages are unchanged, and uses `ShapedParagraph` for right-to-left and complex scripts.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import unescape

from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import Flowable, Paragraph

from painclinic_desktop.reports.script_text import (
    Face,
    Glyph,
    Line,
    Run,
    lay_out,
    needs_shaping,
)

# Each glyph is drawn with a code of its own in plane 15 (private use), and the PDF's ToUnicode
# says which characters, in reading order, it stands for (a whole ligature, a joined form).
_PRIVATE_START = 0xF0000
_TAG = re.compile(r"(<b>|</b>|<br/>|<br\s*/>)")
_OTHER_TAG = re.compile(r"<(?!/?b>|br\s*/>)[^>]*>")
_TEXT_OF_CODE: dict[int, str] = {}
_CODE_OF: dict[tuple[str, int, str], int] = {}


def _code_for(face: Face, gid: int, text: str) -> str:
    """The character reportlab draws for glyph `gid` of `face` standing for `text`."""
    font = pdfmetrics.getFont(face.name).face
    if len(text) == 1 and font.charToGlyph.get(ord(text)) == gid:
        return text
    key = (face.name, gid, text)
    code = _CODE_OF.get(key)
    if code is None:
        code = _CODE_OF[key] = _PRIVATE_START + len(_CODE_OF)
        _TEXT_OF_CODE[code] = text
        font.charToGlyph[code] = gid
        font.glyphToChar.setdefault(gid, []).append(code)
        font.charWidths[code] = face.hb_font.get_glyph_h_advance(gid) * 1000 / face.upem
    return chr(code)


def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap, with each private code mapped to the text it stands for."""
    cmap = _reportlab_to_unicode(fontname, subset)
    if not any(code in _TEXT_OF_CODE for code in subset):
        return cmap
    lines = cmap.split("\n")
    silent = 0  # the second glyph of a cluster stands for nothing more
    for i, code in enumerate(subset):
        if code in _TEXT_OF_CODE:
            where = lines.index(f"<{i:02X}> <{code:04X}>")
            utf16 = _TEXT_OF_CODE[code].encode("utf-16-be").hex().upper()
            lines[where] = f"<{i:02X}> <{utf16}>" if utf16 else ""
            silent += not utf16
    count = lines.index(f"{len(subset)} beginbfchar")
    lines[count] = f"{len(subset) - silent} beginbfchar"
    return "\n".join(line for line in lines if line)


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas, line: Line, x: float, y: float, size: float) -> None:
    """Draw `line` with its left end at `x` and its baseline at `y`."""
    if not line.runs:
        return
    # Left-to-right lines carry their logical text (Bengali vowel signs are drawn before
    # the consonant they follow); right-to-left ones are put back in order by the reader
    # from the glyphs' characters, which a text's ActualText would defeat.
    tagged = not line.rtl and not any(run.rtl for run in line.runs)
    code = [f"/Span <</ActualText {_actual_text(line.text)}>> BDC"] if tagged else []
    code.append("BT")
    doc = canvas._doc
    pen = x
    for run in line.runs:
        font = pdfmetrics.getFont(run.face.name)
        for glyph in _in_page_order(run):
            char = _code_for(run.face, glyph.gid, glyph.text)
            for subset, data in font.splitString(char, doc):
                name = font.getSubsetInternalName(subset, doc)
                code.append(f"{name} {size:.2f} Tf")
                code.append(f"1 0 0 1 {pen + glyph.x:.3f} {y + glyph.y:.3f} Tm")
                code.append(f"({canvas._escape(data)}) Tj")
        pen += run.width
    code += ["ET", "EMC"] if tagged else ["ET"]
    for op in code:
        canvas._code.append(op)


def _in_page_order(run: Run) -> list[Glyph]:
    """A run's glyphs in the order they go into the page (each is placed by its own position,
    so the order does not change what is seen). Right to left, HarfBuzz gives a vowel mark
    (shadda, tanween, pesh) just before its letter; a reader copying the text (poppler) then
    breaks the line at the mark and copies its two halves in the wrong order. Put in just
    after its letter, the mark is joined to a letter and the line reads in order."""
    if not run.rtl:
        return list(run.glyphs)
    ordered: list[Glyph] = []
    marks: list[Glyph] = []
    for glyph in run.glyphs:
        if glyph.text and all(unicodedata.category(c) == "Mn" for c in glyph.text):
            marks.append(glyph)
        else:
            ordered += [glyph, *marks]
            marks = []
    return ordered + marks


def draw_text(
    canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    anchor: str = "start",
    bold: bool = False,
    rtl: bool | None = None,
) -> float:
    """One line of text at (x, y); `anchor` says which end sits at x ("start" is the left
    end, "end" the right, "middle" the centre). Returns the width drawn."""
    lines = lay_out(" ".join(text.split("\n")), size, None, bold, rtl)
    if not lines:
        return 0.0
    line = lines[0]
    left = {"start": x, "end": x - line.width, "middle": x - line.width / 2}[anchor]
    draw_line(canvas, line, left, y, size)
    return line.width


def draw_string(canvas, x: float, y: float, text: str, anchor: str = "start") -> None:
    """canvas.drawString and its right/centred kin in the canvas's current font, shaped
    and ordered when the text needs it."""
    if not needs_shaping(text):
        draw = {"start": canvas.drawString, "end": canvas.drawRightString}
        draw.get(anchor, canvas.drawCentredString)(x, y, text)
        return
    bold = "Bold" in canvas._fontname
    draw_text(canvas, x, y, text, canvas._fontsize, anchor, bold)


def spans_of(markup: str) -> tuple[str, list[bool]]:
    """Plain text and a bold flag per character from the small markup the reports write:
    <b>…</b> and <br/>, with &amp; &lt; &gt; escaped."""
    text = ""
    flags: list[bool] = []
    bold = False
    for part in _TAG.split(markup):
        if part == "<b>":
            bold = True
        elif part == "</b>":
            bold = False
        elif part.startswith("<br"):
            text += "\n"
            flags.append(bold)
        else:
            plain = unescape(_OTHER_TAG.sub("", part), {"&quot;": '"', "&#39;": "'"})
            text += plain
            flags += [bold] * len(plain)
    return text, flags


def para(markup: str, style: ParagraphStyle, rtl: bool | None = None):
    """A paragraph that prints `markup` correctly in any script. `rtl` True lays it out right
    to left (a page in Urdu or Arabic); None lets its first strong letter decide."""
    text, flags = spans_of(markup)
    if not rtl and not needs_shaping(text):
        return Paragraph(markup, style)
    if "Bold" in style.fontName:  # a bold style (headings, names in the identity box)
        flags = [True] * len(text)
    return ShapedParagraph(text, flags, style, rtl)


class ShapedParagraph(Flowable):
    """Shaped, bidi-ordered lines, wrapped to the frame; splits across pages by lines."""

    def __init__(self, text, bold, style, rtl=None, lines=None):
        super().__init__()
        self.text = text
        self.bold = bold
        self.style = style
        self.rtl = rtl
        self._lines = lines
        self.size = style.fontSize
        # Naskh and Bengali letters reach higher and lower than Latin ones.
        self.leading = max(style.leading, style.fontSize * 1.55)

    def lines(self, width: float) -> list[Line]:
        if self._lines is None or getattr(self, "_width", None) != width:
            self._lines = lay_out(self.text, self.size, width, self.bold, self.rtl)
            self._width = width
        return self._lines

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return availWidth, self.height

    def minWidth(self):  # noqa: N802 - reportlab's name
        words = [w for w in self.text.split() if w]
        return max((lay_out(w, self.size, None)[0].width for w in words), default=0.0)

    def split(self, availWidth, availHeight):  # noqa: N803
        lines = self.lines(availWidth)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        head = ShapedParagraph(self.text, self.bold, self.style, self.rtl, lines[:fit])
        tail = ShapedParagraph(self.text, self.bold, self.style, self.rtl, lines[fit:])
        for part in (head, tail):
            part._width = availWidth
        return [head, tail]

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.style.textColor)
        for n, line in enumerate(self.lines(self.width)):
            baseline = self.height - n * self.leading - self.size * 1.05
            canvas_x = self._x_for(line)
            draw_line(
                canvas, line, canvas_x, baseline - (self.leading - self.size) * 0.35, self.size
            )
        canvas.restoreState()

    def _x_for(self, line: Line) -> float:
        alignment = self.style.alignment
        if alignment == TA_CENTER:
            return (self.width - line.width) / 2
        # A page laid out right to left starts each line at the right; an Urdu name in an
        # English table starts where the other cells start.
        if alignment == TA_RIGHT or self.rtl:
            return self.width - line.width
        return 0.0


class TextDrawing(Drawing):
    """A Drawing (a chart, the star) that also prints words in scripts reportlab cannot shape
    (Urdu, Bengali…): `shaped` holds (x, y, text, size, anchor, bold, rtl), drawn over the
    rest of the picture."""

    def __init__(self, width, height):
        super().__init__(width, height)
        # reportlab checks a Drawing's attributes against its list: this one is set directly.
        self.__dict__["shaped"] = []

    def draw(self, *args, **kwargs):
        super().draw(*args, **kwargs)
        self.canv.saveState()
        self.canv.setFillColorRGB(0, 0, 0)
        for x, y, text, size, anchor, bold, rtl in self.shaped:
            draw_text(self.canv, x, y, text, size, anchor, bold=bold, rtl=rtl)
        self.canv.restoreState()
