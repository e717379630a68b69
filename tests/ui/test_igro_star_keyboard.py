"""The iGro star by keyboard: Tab from the star goes to the score boxes, and digits typed
there (or after any Tab) never replace the client's own words for an arm."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services import plans
from painclinic_desktop.services.caseload import load_client_record
from painclinic_desktop.ui.record_context import RecordContext
from painclinic_desktop.ui.screens.plan.star_section import StarSection
from tests.factories import client, new_store, uid

AYESHA = uid("ayesha")
ARMS = ["being a good mum", "walk to the park", "sleep through", "cook again", "see friends"]


@pytest.fixture
def section(qtbot, tmp_path):
    store = new_store(tmp_path / "c.db", clients=[client("ayesha")])
    plans.start_star(store, AYESHA, ARMS, "Coach One")
    holder = {}

    def reload():
        holder["section"].show_record(load_client_record(store, AYESHA))

    widget = StarSection(RecordContext(store, lambda: "Coach One", reload))
    holder["section"] = widget
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    reload()
    yield widget
    store.close()


def _words(section):
    return [e.text() for e in section.arm_edits]


def test_tab_from_the_star_goes_to_the_scores_and_digits_set_scores(section, qtbot):
    section.star.setFocus()
    for score in "73456":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused not in section.arm_edits
        qtbot.keyClicks(focused, score)
    assert _words(section) == ARMS
    assert section.model.draft == [7, 3, 4, 5, 6]


def test_digits_after_any_number_of_tabs_never_replace_an_arm(section, qtbot):
    section.star.setFocus()
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "7")
        for typed, words in zip(_words(section), ARMS, strict=True):
            assert words in typed  # a digit may be added to the words, never replace them


def test_an_arm_reached_by_tab_is_not_selected_for_overtyping(section, qtbot):
    edit = section.arm_edits[0]
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(20)
    assert not edit.hasSelectedText()
    assert edit.cursorPosition() == len(ARMS[0])
