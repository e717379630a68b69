"""Names and words in every client's script print whole, joined and in reading order.

For each language the plan and the GP summary are written with the shipped fonts, then:
(a) every printed character is in the cmap of the font that prints it (fontTools reads the
font files themselves), so nothing prints as the missing-glyph box;
(b) the PDF's text layer (poppler's pdftotext, as a reader copying text gets it) gives back
each string in logical order;
(c) Arabic-script words use HarfBuzz's contextual forms, not isolated letters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from painclinic_desktop.reports.client_plan import build_client_plan_data, write_client_plan
from painclinic_desktop.reports.gp_summary import build_gp_summary_data
from painclinic_desktop.reports.gp_summary_layout import write_gp_summary
from painclinic_desktop.reports.script_text import fonts_for, lay_out
from tests.reports import test_client_plan, test_gp_summary

# (given name, family name, what matters, star arm) in each language's own script.
WORDS = {
    "ur": ("محمد", "علی", "نماز کے لیے مسجد جانا اور اپنے پوتوں کے ساتھ کھیلنا۔", "اچھا دادا بننا"),
    "ar": ("فاطمة", "الزهراء", "أن أمشي إلى الحديقة مع أحفادي كل أسبوع", "النوم طوال الليل"),
    "pa-Arab": ("گرپریت", "سنگھ", "اپنے پوتیاں نال پارک وچ جانا", "رات نوں سونا"),
    "pa-Guru": ("ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ", "ਆਪਣੇ ਪੋਤੇ-ਪੋਤੀਆਂ ਨਾਲ ਪਾਰਕ ਵਿੱਚ ਜਾਣਾ", "ਰਾਤ ਨੂੰ ਸੌਣਾ"),
    "bn": ("রহিম", "উদ্দিন", "নাতি-নাতনিদের সাথে পার্কে হাঁটতে যাওয়া", "রাতে ভালো ঘুম"),
    "pl": ("Łukasz", "Wójcik", "Spacer do parku z wnukami, bez bólu", "Dobry sen"),
}
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")


def _records(module, language):
    given, family, matters, arm = WORDS[language]
    records = module.records()
    records["client"] = {**records["client"], "given_name": given, "family_name": family}
    records["plan"] = {**records["plan"], "what_matters": matters}
    star = records["igro_stars"][0]
    records["igro_stars"] = [{**star, "arms": [arm, *star["arms"][1:]]}]
    return records


def _plan(tmp_path, language, large_print=False):
    data = build_client_plan_data(
        _records(test_client_plan, language), test_client_plan.SERVICE, test_client_plan.TODAY
    )
    path = tmp_path / f"plan-{language}.pdf"
    write_client_plan(data, path, large_print=large_print)
    return path


def _gp_summary(tmp_path, language):
    data = build_gp_summary_data(
        _records(test_gp_summary, language),
        test_gp_summary.SERVICE,
        "Sarah Coach",
        date(2026, 9, 20),
    )
    path = tmp_path / f"gp-{language}.pdf"
    write_gp_summary(data, path)
    return path


def extracted(path) -> str:
    """The PDF's text as poppler gives it, bidi marks dropped and lines joined."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", _BIDI_MARKS.sub("", out.stdout.decode("utf-8")))


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/setup.sh test) installs it"
)


@pytest.mark.parametrize("language", sorted(WORDS))
def test_every_printed_character_is_in_the_font_that_prints_it(language):
    for text in WORDS[language]:
        for char, face in zip(text, fonts_for(text), strict=True):
            cmap = TTFont(face.path, lazy=True).getBestCmap()
            assert ord(char) in cmap, f"{char!r} (U+{ord(char):04X}) missing from {face.name}"
        glyphs = [g.gid for line in lay_out(text, 12, 200) for run in line.runs for g in run.glyphs]
        assert glyphs and 0 not in glyphs  # glyph 0 is .notdef, the missing-glyph box


@needs_poppler
@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_plan_and_gp_summary_read_back_in_logical_order(tmp_path, language):
    given, family, matters, arm = WORDS[language]
    plan = extracted(_plan(tmp_path, language))
    assert f"{given} {family}" in plan
    assert matters in plan
    assert arm in plan
    summary = extracted(_gp_summary(tmp_path, language))
    assert given in summary and family in summary
    assert arm in summary


@pytest.mark.parametrize("language", ["ur", "ar", "pa-Arab"])
def test_arabic_script_prints_harfbuzz_contextual_forms(language):
    for text in WORDS[language]:
        (line,) = lay_out(text, 12, None)
        drawn = [g.gid for run in line.runs for g in run.glyphs]
        face = line.runs[0].face
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.direction = "rtl"
        buffer.guess_segment_properties()
        hb.shape(face.hb_font, buffer, {"kern": True, "liga": True})
        assert drawn == [info.codepoint for info in buffer.glyph_infos]
        # Joined letters: not the isolated glyph the font's cmap gives each letter.
        cmap = TTFont(face.path, lazy=True).getBestCmap()
        glyph_order = TTFont(face.path, lazy=True).getGlyphOrder()
        isolated = {glyph_order.index(cmap[ord(c)]) for c in text if ord(c) in cmap}
        assert set(drawn) - isolated, "every letter printed in its isolated form"


def test_an_nhs_number_inside_an_urdu_sentence_stays_left_to_right():
    sentence = "مریض کا این ایچ ایس نمبر 943 476 5919 ہے"
    (line,) = lay_out(sentence, 12, None)
    assert line.rtl
    visual = "".join(g.text for run in line.runs if not run.rtl for g in run.glyphs)
    assert "943 476 5919" in visual
    # The Urdu words read right to left: the first word is drawn furthest right.
    rtl_runs = [run for run in line.runs if run.rtl]
    assert rtl_runs[-1].text.startswith("مریض")


def test_a_mixed_line_takes_each_script_from_its_own_font():
    faces = {face.name for face in fonts_for("محمد علی (NHS 943 476 5919) রহিম ਸਿੰਘ")}
    assert faces == {
        "NotoNaskhArabic-Regular",
        "DejaVuSans",
        "NotoSansBengali-Regular",
        "NotoSansGurmukhi-Regular",
    }


def test_a_long_urdu_note_wraps_into_lines_that_each_read_right_to_left():
    note = " ".join([WORDS["ur"][2]] * 6)
    lines = lay_out(note, 12, 200)
    assert len(lines) > 2
    assert all(line.width <= 200 for line in lines)
    assert " ".join(line.text for line in lines) == note  # nothing lost or reordered


@needs_poppler
@pytest.mark.parametrize("language", ["ur", "bn"])
def test_large_print_plan_in_the_clients_script(tmp_path, language):
    given, family, matters, _ = WORDS[language]
    text = extracted(_plan(tmp_path, language, large_print=True))
    assert f"{given} {family}" in text and matters in text


@needs_poppler
@pytest.mark.parametrize("language", ["ur", "bn", "pa-Guru"])
def test_a_training_certificate_prints_the_trainees_name_in_their_script(tmp_path, language):
    from painclinic_desktop.reports.training_forms import write_certificate

    given, family, _, _ = WORDS[language]
    path = tmp_path / "certificate.pdf"
    write_certificate(
        path,
        shown_as=f"{given} {family}",
        course_title="10 Footsteps",
        completed_on="2026-11-30",
        trainer="Sarah Coach",
        venue=None,
        service_name="Rethinking Pain",
    )
    assert f"{given} {family}" in extracted(path)
