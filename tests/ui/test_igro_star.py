"""The iGro star as the coach and client use it: rated by spin box, keyboard and dragging;
the area percentages the model reports; arms fixed after the second rating."""

import math
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.plan import goal_dialogs, star_section
from painclinic_desktop.ui.screens.plan.star_section import StarSection
from painclinic_desktop.ui.screens.record.sections import section_classes
from painclinic_desktop.ui.widgets.igro_star import IgroStarWidget, screen_styles
from painclinic_desktop.ui.widgets.igro_star_state import StarState
from tests.factories import bundle, client, uid

AYESHA = uid("ayesha")
ARMS = [
    "Cook a family meal",
    "Walk to the mosque",
    "Sleep through",
    "Play with grandchildren",
    "Sew again",
]


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")]))
    yield s
    s.close()


@pytest.fixture
def section(show_record_section, store, monkeypatch):
    errors = []
    for module in (star_section, goal_dialogs):
        monkeypatch.setattr(module, "show_error", lambda parent, exc: errors.append(exc))
    widget = show_record_section(StarSection, store, AYESHA, size=(1100, 800))
    widget.errors = errors
    return widget


def _stars(store):
    return list(records.select(store, "igro_stars", "client_id = ?", (AYESHA,)))


def _start_star(section, qtbot):
    for edit, words in zip(section.arm_edits, ARMS, strict=True):
        edit.setText(words)
        edit.textEdited.emit(words)
    qtbot.mouseClick(section.save_arms, Qt.MouseButton.LeftButton)


def _type_on_star(qtbot, star, keys):
    """Arm by arm from arm 1: each entry is what is typed, then → to the next arm."""
    star.setFocus()
    for _ in range(star.active_arm):
        qtbot.keyClick(star, Qt.Key.Key_Left)
    for typed in keys:
        qtbot.keyClicks(star, typed)
        qtbot.keyClick(star, Qt.Key.Key_Right)


def test_the_section_is_on_the_record_page():
    assert StarSection in section_classes()


def test_three_ratings_give_the_area_percentages_worked_out_by_hand(section, store, qtbot):
    _start_star(section, qtbot)
    assert section.errors == [] and len(_stars(store)) == 1

    # 1: spin boxes, every arm 5. Area = 1/2 sin72 * 5 * 25: a quarter of the full star
    # (1/2 sin72 * 5 * 100), so 25%.
    for spin in section.spins:
        spin.setValue(5)
    qtbot.mouseClick(section.save_rating, Qt.MouseButton.LeftButton)
    # 2: typed on the star: 10, 10, 0, 0, 0. Neighbour products 10*10 + 0 + 0 + 0 + 0 = 100
    # of the full star's 500: 20%.
    _type_on_star(qtbot, section.star, ["10", "10", "0", "0", "0"])
    section.label.setCurrentIndex(section.label.findData("mid"))
    qtbot.mouseClick(section.save_rating, Qt.MouseButton.LeftButton)
    # 3: 4, 8, 4, 8, 4. Products 32 + 32 + 32 + 32 + 16 = 144 of 500: 28.8%.
    _type_on_star(qtbot, section.star, ["4", "8", "4", "8", "4"])
    qtbot.mouseClick(section.save_rating, Qt.MouseButton.LeftButton)

    assert section.errors == []
    assert section.star.model.percentages() == pytest.approx([25.0, 20.0, 28.8])
    summaries = section.star.model.summaries()
    assert [s.mean for s in summaries] == pytest.approx([5.0, 4.0, 5.6])
    assert summaries[2].percent_change == pytest.approx(3.8)  # from the first rating
    stored = _stars(store)[0]["ratings"]
    assert [r["scores"] for r in stored] == [[5] * 5, [10, 10, 0, 0, 0], [4, 8, 4, 8, 4]]
    assert [r["label"] for r in stored] == ["start", "mid", "end"]
    assert section.results.rowCount() == 3
    assert section.results.item(2, 8).text() == "29%"
    # Both numbers say what they measure, so "4.0" beside "20%" is not read as a contradiction.
    heads = [section.results.horizontalHeaderItem(c).text() for c in (7, 8)]
    assert heads == ["Average (of 10)", "Area (% of full star)"]
    assert "grows faster than the scores" in section.results_note.text()
    for spin in section.spins:
        spin.setValue(4)
    assert section.draft_result.text() == "Average 4.0 of 10 · area 16% of the full star"


def test_dragging_a_point_changes_only_that_arm(qtbot):
    model = StarState()
    model.set_star({"id": "s", "client_id": "c", "arms": ARMS, "ratings": []})
    star = IgroStarWidget(model)
    qtbot.addWidget(star)
    star.resize(560, 540)
    star.show()
    qtbot.mousePress(star, Qt.MouseButton.LeftButton, pos=star.arm_point(2, 3).toPoint())
    assert model.draft == [None, None, 3, None, None]
    qtbot.mouseMove(star, star.arm_point(2, 7).toPoint())
    qtbot.mouseRelease(star, Qt.MouseButton.LeftButton, pos=star.arm_point(2, 7).toPoint())
    assert model.draft == [None, None, 7, None, None]
    # Dragging past the tip stops at 10; a further move without a press changes nothing.
    qtbot.mousePress(star, Qt.MouseButton.LeftButton, pos=star.arm_point(4, 5).toPoint())
    qtbot.mouseRelease(star, Qt.MouseButton.LeftButton, pos=star.arm_point(4, 12).toPoint())
    qtbot.mouseMove(star, star.arm_point(4, 2).toPoint())
    assert model.draft == [None, None, 7, None, 10]


def test_arms_are_fixed_after_the_second_rating_and_a_new_star_keeps_the_old(section, store, qtbot):
    _start_star(section, qtbot)
    for scores in ([2, 3, 4, 5, 6], [3, 4, 5, 6, 7]):
        for spin, value in zip(section.spins, scores, strict=True):
            spin.setValue(value)
        qtbot.mouseClick(section.save_rating, Qt.MouseButton.LeftButton)
        if scores[0] == 2:  # one rating: the words can still change
            section.arm_edits[0].setText("Cook a meal for six")
            section.arm_edits[0].textEdited.emit("Cook a meal for six")
            qtbot.mouseClick(section.save_arms, Qt.MouseButton.LeftButton)
    old_id = _stars(store)[0]["id"]
    assert _stars(store)[0]["arms"][0] == "Cook a meal for six"

    assert all(edit.isReadOnly() for edit in section.arm_edits)
    assert section.save_arms.isHidden() and not section.new_star.isHidden()
    assert "start a new star" in section.arms_note.text()

    def fill():
        dialog = section.open_dialog
        dialog.edits[0].setText("Bake bread")
        assert dialog.try_save(), section.errors

    QTimer.singleShot(0, fill)
    section.start_new_star()

    stars = {s["id"]: s for s in _stars(store)}
    assert len(stars) == 2
    old = stars.pop(old_id)
    new = next(iter(stars.values()))
    assert old["arms"][0] == "Cook a meal for six" and len(old["ratings"]) == 2
    assert new["arms"] == ["Bake bread", *ARMS[1:]] and new["ratings"] == []
    # The new star is the one in use; the old one can still be chosen and looked at.
    assert section.current_star()["id"] == new["id"]
    assert section.chooser.count() == 2 and not section.chooser.isHidden()
    assert section.chooser.itemText(0).startswith("Earlier star, started ")
    assert section.chooser.itemText(0).endswith(" (2 ratings, kept)")
    assert section.chooser.itemText(1).endswith(" (0 ratings)")
    section.chooser.setCurrentIndex(0)
    assert section.star.model.star["id"] == old_id and not section.star.model.can_rate
    assert section.rating_box.isHidden()


def test_a_rating_cannot_be_saved_until_every_arm_has_a_score(section, store, qtbot):
    _start_star(section, qtbot)
    for spin in section.spins[:4]:
        spin.setValue(6)
    assert not section.save_rating.isEnabled()
    section.spins[4].setValue(0)  # 0 is a real score, chosen on purpose
    assert section.save_rating.isEnabled()


def test_each_rating_is_told_apart_without_colour():
    styles = screen_styles(4)
    patterns = {(s.dashes, s.marker) for s in styles}
    assert len(patterns) == 4
    assert styles[-1].dashes is None  # the latest is the solid line


def test_the_model_summary_matches_the_formula():
    model = StarState()
    model.set_star(
        {
            "id": "s",
            "client_id": "c",
            "arms": ARMS,
            "ratings": [{"rated_on": "2026-10-01", "label": "start", "scores": [1, 2, 3, 4, 5]}],
        }
    )
    # 1*2 + 2*3 + 3*4 + 4*5 + 5*1 = 45 of 500.
    assert model.percentages() == pytest.approx([9.0])
    expected_area = 0.5 * math.sin(math.radians(72)) * 45
    assert model.summaries()[0].area == pytest.approx(expected_area)
    assert model.next_label() == "mid"


def test_the_rating_date_is_the_one_chosen(section, store, qtbot):
    _start_star(section, qtbot)
    section.rated_on.setDate(date(2026, 9, 14))
    for spin in section.spins:
        spin.setValue(3)
    qtbot.mouseClick(section.save_rating, Qt.MouseButton.LeftButton)
    assert _stars(store)[0]["ratings"][0]["rated_on"] == "2026-09-14"
