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
import unicodedata
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


# --- the plan's own words in each language: footsteps, statements, what may help, prompts ---

PACKS = ["ur", "ar", "pa-Arab", "pa-Guru", "bn", "pl"]


def _translated_plan_data(language):
    from painclinic_desktop.core.translations import shipped_pack

    return build_client_plan_data(
        _records(test_client_plan, language),
        test_client_plan.SERVICE,
        test_client_plan.TODAY,
        pack=shipped_pack(language),
    )


def _pack_words_printed(data) -> list[tuple[str, str]]:
    """(English, translation) of every pack string the plan prints for its focus footsteps,
    the things that may help and the setback plan's prompts."""
    from painclinic_desktop.core.material_words import ENGLISH, footstep_keys
    from painclinic_desktop.reports.client_plan_layout import SETBACK_KEYS

    pack = data.pack
    pairs = []
    for step in data.focus_footsteps:
        pairs += [(english, pack.words(key, english)) for key, english in footstep_keys(step)]
    pairs = [(e, t) for e, t in pairs if e in _plan_english(data)]
    prompts = {heading for heading, _ in data.setback_plan}
    pairs += [
        (ENGLISH[f"setback.{k}"], pack.words(f"setback.{k}", ENGLISH[f"setback.{k}"]))
        for k in SETBACK_KEYS
        if ENGLISH[f"setback.{k}"] in prompts
    ]
    return pairs


def _plan_english(data) -> set[str]:
    """What the English plan prints of the footsteps: titles, descriptions, statements and
    (once each) the resources of the focus footsteps."""
    words = set(data.resources)
    for step in data.focus_footsteps:
        words |= {step.title, step.description, *step.statements}
    return words


def _translated_plan(tmp_path, language):
    data = _translated_plan_data(language)
    path = tmp_path / f"plan-{language}-large.pdf"
    write_client_plan(data, path, large_print=True)
    return data, path


@pytest.mark.parametrize("language", PACKS)
def test_the_plans_translated_footsteps_and_prompts_have_every_glyph(language):
    pairs = _pack_words_printed(_translated_plan_data(language))
    assert len(pairs) >= 12  # two footsteps' words, their resources, three prompts
    for english, text in pairs:
        assert text != english, f"still in English: {english}"
        for char, face in zip(text, fonts_for(text), strict=True):
            cmap = TTFont(face.path, lazy=True).getBestCmap()
            assert ord(char) in cmap, f"{char!r} (U+{ord(char):04X}) missing from {face.name}"
        lines = lay_out(text, 16, 380, rtl=True if shipped_rtl(language) else None)
        assert 0 not in [g.gid for line in lines for run in line.runs for g in run.glyphs]


def shipped_rtl(language) -> bool:
    from painclinic_desktop.core.translations import shipped_pack

    return shipped_pack(language).rtl


def _without_rtl_marks(text: str) -> str:
    """`text` without Arabic-script vowel marks (shadda, pesh, tanween…) and spaces. poppler
    copies such a mark out beside the letter before the one it sits on, and may put a space
    after it (the page shows it on its own letter: the glyph tests above check that)."""
    return "".join(
        c
        for c in text
        if not c.isspace() and not (unicodedata.category(c) == "Mn" and "\u0600" <= c <= "\u06ff")
    )


def _words_in_order(words: list[str], text: str) -> bool:
    """Each word of `words` appears in `text`, in order: a prompt wrapped in a table cell is
    read out line by line, between the lines of the cell beside it."""
    at = 0
    for word in words:
        at = text.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


@needs_poppler
@pytest.mark.parametrize("language", PACKS)
def test_the_large_print_plan_reads_back_in_the_clients_language(tmp_path, language):
    from painclinic_desktop.core.material_words import ENGLISH

    data, path = _translated_plan(tmp_path, language)
    text = extracted(path)
    # Arabic's vowel marks are compared without their place (see _without_rtl_marks).
    same = _without_rtl_marks if data.pack.rtl else (lambda words: words)
    copied = same(text)
    prompts = {ENGLISH[f"setback.{k}"] for k in ("warning_signs", "what_helps", "who_to_contact")}
    for english, translated in _pack_words_printed(data):
        if english in prompts:
            assert _words_in_order([same(w) for w in translated.split()], copied), translated
        else:
            assert same(translated) in copied, translated
        if english not in data.star["arms"]:  # the client's own words may say "Sleep"
            assert english not in text, f"printed in English: {english}"
    given, family, matters, arm = WORDS[language]
    assert f"{given} {family}" in text and matters in text and arm in text


@pytest.mark.parametrize("language", ["ur", "ar", "pa-Arab"])
def test_the_plans_arabic_script_words_are_harfbuzz_contextual_forms(language):
    for _, text in _pack_words_printed(_translated_plan_data(language)):
        for line in lay_out(text, 16, 380, rtl=True):
            for run in line.runs:
                buffer = hb.Buffer()
                buffer.add_str(run.text)
                buffer.direction = "rtl" if run.rtl else "ltr"
                buffer.guess_segment_properties()
                hb.shape(run.face.hb_font, buffer, {"kern": True, "liga": True})
                assert [g.gid for g in run.glyphs] == [i.codepoint for i in buffer.glyph_infos]
            joined_letters = [r for r in line.runs if r.rtl and len(r.text.split()[0]) > 1]
            for run in joined_letters:
                cmap = TTFont(run.face.path, lazy=True).getBestCmap()
                order = TTFont(run.face.path, lazy=True).getGlyphOrder()
                isolated = {order.index(cmap[ord(c)]) for c in run.text if ord(c) in cmap}
                assert {g.gid for g in run.glyphs} - isolated, f"unjoined: {run.text}"


@needs_poppler
@pytest.mark.parametrize("language", ["ur", "bn"])
def test_a_follow_up_letter_prints_the_clients_name_in_their_script(tmp_path, language):
    from painclinic_desktop.reports.follow_up_letters import Letter, write_letters

    given, family, _, _ = WORDS[language]
    path = tmp_path / "letters.pdf"
    letter = Letter(f"{given} {family}", ["12 Mill Lane"], "BD7 1AA", "fu_6m", ["PHQ-9"])
    write_letters([letter], path, service={"name": "Rethinking Pain"}, dated="2026-12-01")
    text = extracted(path)
    assert f"{given} {family}" in text and f"Dear {given} {family}," in text
