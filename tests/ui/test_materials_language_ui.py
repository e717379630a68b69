"""Client materials on screen: the language kept on the record, the plan previewed in it right
to left, the star's legend in it, and the assessment's questions read with the client."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer

from painclinic_desktop.services import session, translations
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_client_record
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.plan import view as plan_view
from painclinic_desktop.ui.screens.plan.view import PlanSection
from tests.factories import bundle, client, uid

AYESHA = uid("ayesha")
TODAY = date(2026, 10, 5)
STAR = {
    "id": uid("star"),
    "client_id": AYESHA,
    "arms": ["اچھا دادا بننا", "Cooking", "Walking", "Sleep", "Garden"],
    "ratings": [{"rated_on": "2026-09-10", "label": "start", "scores": [2, 3, 1, 4, 2]}],
}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], igro_stars=[STAR]))
    yield s
    s.close()
    session.sign_out()


@pytest.fixture
def section(show_record_section, store, monkeypatch):
    errors = []
    monkeypatch.setattr(plan_view, "show_error", lambda parent, exc: errors.append(exc))
    monkeypatch.setattr(PlanSection, "today", lambda self: TODAY)
    widget = show_record_section(PlanSection, store, AYESHA, TODAY, (1200, 900))
    widget.errors = errors
    return widget


def test_the_coach_keeps_a_materials_language_on_the_clients_record(section, store):
    assert section.materials_language() == "en"
    assert not section.keep_language.isEnabled()
    section.language.setCurrentIndex(section.language.findData("ur"))
    assert section.keep_language.isEnabled()
    section.keep_language.click()
    assert records.get(store, "clients", AYESHA)["materials_language"] == "ur"
    assert section.materials_language() == "ur" and not section.keep_language.isEnabled()
    assert section.errors == []


def test_the_preview_shows_the_plan_right_to_left_with_the_star_in_urdu(section, qtbot):
    section.language.setCurrentIndex(section.language.findData("ur"))
    seen = {}

    def look():
        dialog = section.open_dialog
        try:
            seen["html"] = dialog.words.toPlainText()
            seen["direction"] = dialog.words.layoutDirection()
            seen["star"] = dialog.star.layoutDirection()
            seen["legend"] = dialog.star._legend_line(dialog.star_model.summaries()[0])
            dialog.language.setCurrentIndex(dialog.language.findData("pl"))
            seen["polish"] = dialog.words.toPlainText()
            seen["polish_direction"] = dialog.words.layoutDirection()
        finally:
            dialog.reject()

    QTimer.singleShot(0, look)
    section.preview_button.click()
    assert "آپ کے اہداف" in seen["html"]  # "Your goals"
    assert seen["direction"] == Qt.LayoutDirection.RightToLeft
    assert seen["star"] == Qt.LayoutDirection.RightToLeft
    assert seen["legend"].startswith("آغاز")  # "Start", then the date in Urdu
    assert "ستمبر" in seen["legend"]
    assert "Twoje cele" in seen["polish"]
    assert seen["polish_direction"] == Qt.LayoutDirection.LeftToRight


def test_the_preview_shows_the_footsteps_statements_and_what_may_help_in_urdu(
    section, store, qtbot
):
    from painclinic_desktop.services import plans

    words = {
        "what_matters": "Going to the mosque",
        "focus_footsteps": [3],
        "setback_plan": {"what_helps": "My daughter's visits"},
        "resources_given": [],
    }
    plans.save_plan(store, AYESHA, words, "Coach One")
    section.context.reload()
    section.language.setCurrentIndex(section.language.findData("ur"))
    seen = {}

    def look():
        try:
            seen["text"] = section.open_dialog.words.toPlainText()
        finally:
            section.open_dialog.reject()

    QTimer.singleShot(0, look)
    section.preview_button.click()
    text = seen["text"]
    assert "قدم 3: کام کی رفتار میں توازن" in text  # "Footstep 3: Pacing"
    assert "• درد کے کہنے سے پہلے ہی وقفہ لینا میری عادت ہے۔" in text  # a statement
    assert "وہ چیزیں جو مدد کر سکتی ہیں" in text and "• رفتار کی ڈائری" in text  # "Pacing diary"
    assert "میری مدد کس چیز سے ہوتی ہے" in text  # the setback prompt "What helps me"
    for english in ("I take breaks before the pain", "Pacing diary", "What helps me"):
        assert english not in text
    assert section.errors == []


def test_the_plan_pdf_is_written_in_the_language_chosen_for_this_print(
    section, store, tmp_path, monkeypatch, qtbot
):
    from painclinic_desktop.services import client_reports

    out = tmp_path / "plan.pdf"
    written = {}
    real = client_reports.write_client_plan_for

    def spy(store, client_id, path, staff, large, language=None):
        written["language"] = language
        return real(store, client_id, path, staff, large, language=language)

    monkeypatch.setattr(client_reports, "write_client_plan_for", spy)
    monkeypatch.setattr(section, "ask_pdf_path", lambda: str(out))
    monkeypatch.setattr(section, "offer_folder", lambda path, pages: written.update(pages=pages))
    section.language.setCurrentIndex(section.language.findData("bn"))
    section.export_pdf()
    qtbot.waitUntil(lambda: "pages" in written, timeout=20000)
    assert written["language"] == "bn"
    assert records.get(store, "clients", AYESHA)["materials_language"] is None  # one print only


def test_the_assessment_shows_each_question_in_the_clients_language(qtbot, store):
    from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog

    translations.set_materials_language(store, AYESHA, "ar", "Coach One")
    person = records.get(store, "clients", AYESHA)
    dialog = AssessmentDialog(store, person, lambda: "Coach One", [], None, TODAY)
    qtbot.addWidget(dialog)
    page = dialog._make_page("what_matters")
    asked = page.asked["what_matters"]
    assert asked.text() == "ما أكثر ما يهمك في حياتك الآن؟"
    assert asked.layoutDirection() == Qt.LayoutDirection.RightToLeft
    dialog.keep_draft = lambda closing=False: None
    dialog.reject()


def test_an_admin_records_a_translators_review_in_service_settings(qtbot, store, monkeypatch):
    from painclinic_desktop.ui.screens.settings import translations as box_module
    from painclinic_desktop.ui.screens.settings.dialog import ServiceSettingsDialog

    session.sign_in_as("Admin", "admin")
    dialog = ServiceSettingsDialog(store)
    qtbot.addWidget(dialog)
    box = dialog.translations
    box.language.setCurrentIndex(box.language.findData("ur"))
    assert "not yet reviewed" in box.status.text()
    monkeypatch.setattr(
        box_module.QInputDialog, "getText", lambda *a, **k: ("Dr A. Translator (DPSI)", True)
    )
    box.sign_off_button.click()
    assert "reviewed by Dr A. Translator (DPSI)" in box.status.text()
    assert translations.materials_pack(store, "ur").reviewed


@pytest.fixture
def star_section(qtbot, store, monkeypatch):
    from painclinic_desktop.ui.screens.plan import star_section as star_module
    from painclinic_desktop.ui.screens.plan.star_section import StarSection

    errors = []
    monkeypatch.setattr(star_module, "show_error", lambda parent, exc: errors.append(exc))
    holder = {}

    def reload():
        holder["section"].show_record(load_client_record(store, AYESHA, TODAY))

    widget = StarSection(RecordContext(store, lambda: "Coach One", reload))
    holder["section"] = widget
    widget.errors = errors
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget, reload


def test_the_coachs_star_panel_shows_the_legend_in_the_clients_language(star_section, store):
    widget, reload = star_section
    reload()  # English: the staff member's words, left to right
    star = widget.star
    assert star.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert star._legend_entries()[0][1][0].startswith("Start, 10-Sep-2026")

    translations.set_materials_language(store, AYESHA, "ur", "Coach One")
    reload()
    assert star.layoutDirection() == Qt.LayoutDirection.RightToLeft
    (_, first), *_ = star._legend_entries()
    assert " ".join(first).startswith("آغاز، 10 ستمبر 2026")  # "Start, 10-Sep-2026"
    for arm, score in enumerate([3, 4, 2, 5]):
        widget.model.set_score(arm, score)
    assert star._legend_entries()[-1][1][0].startswith("نئی درجہ بندی")  # "New rating"
    widget.model.set_score(4, 3)
    drafted = " ".join(star._legend_entries()[-1][1])
    assert "اوسط 10 میں سے 3.4" in drafted  # "average 3.4 of 10"
    star.grab()  # painted right to left without an error
    # The panel's own words stay in the staff member's language.
    assert widget.save_rating.text() == "Save rating"
    assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert widget.errors == []


def test_a_long_legend_wraps_onto_a_second_line_on_a_narrow_star(star_section, store):
    widget, reload = star_section
    translations.set_materials_language(store, AYESHA, "bn", "Coach One")
    reload()
    widget.star.resize(380, 420)
    (_, lines), *_ = widget.star._legend_entries()
    assert len(lines) == 2 and "…" not in lines[-1]
    assert " ".join(lines).startswith("শুরু, 10 সেপ্টেম্বর 2026")  # "Start, 10-Sep-2026"


def test_phq9_says_its_questions_stay_in_english_for_an_urdu_reader(qtbot, store):
    from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog

    translations.set_materials_language(store, AYESHA, "ur", "Coach One")
    person = records.get(store, "clients", AYESHA)
    dialog = AssessmentDialog(store, person, lambda: "Coach One", [], None, TODAY)
    qtbot.addWidget(dialog)
    for name in ("phq9", "gad7"):
        page = dialog._make_page(name)
        note = page.in_english.text()
        assert "no official Urdu translation" in note and "in English" in note
        assert page.question.text().isascii()  # the item itself: the English wording
    assert dialog._make_page("ons4").in_english is None  # only PHQ-9 and GAD-7 have them
    dialog.keep_draft = lambda closing=False: None
    dialog.reject()


def test_an_english_readers_phq9_has_no_such_note(qtbot, store):
    from painclinic_desktop.ui.screens.assessment.view import AssessmentDialog

    person = records.get(store, "clients", AYESHA)
    dialog = AssessmentDialog(store, person, lambda: "Coach One", [], None, TODAY)
    qtbot.addWidget(dialog)
    assert dialog._make_page("phq9").in_english is None
    dialog.keep_draft = lambda closing=False: None
    dialog.reject()
