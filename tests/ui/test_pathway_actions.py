"""The Pathway tab as a coach uses it: raise a flag, change tier, discharge; the record header
and the caseload follow at once."""

import pytest

from tests.factories import client, new_store, referral, uid


@pytest.fixture
def window(show_main_window, tmp_path):
    store = new_store(
        tmp_path / "p.db",
        clients=[client("ayesha")],
        referrals=[referral("r", "ayesha", received_on="2026-09-03")],
    )
    yield show_main_window(store, uid("ayesha"))
    store.close()


def _pathway(win):
    return next(s for s in win.record.sections if type(s).__name__ == "PathwaySection")


def _save(qtbot, form, **values):
    for key, value in values.items():
        widget = form.widgets[key]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setCurrentIndex(widget.findData(value))
    with qtbot.waitSignal(form.accepted):
        form.try_save()


def test_a_flag_raised_on_the_pathway_tab_shows_in_the_header(window, qtbot):
    section = _pathway(window)
    section.raise_flag()
    assert "Ayesha Khan" in section.dialog.findChildren(type(window.record.name))[0].text()
    _save(qtbot, section.dialog, kind="safeguarding", why="Disclosed a fall at home")
    qtbot.waitUntil(lambda: _pathway(window).flags.rowCount() == 1)
    header = [w.text() for w in window.record.findChildren(type(window.record.name))]
    assert "Safeguarding concern" in header
    assert _pathway(window).flags.rows[0][3] == "Disclosed a fall at home"


def test_tier_3_without_an_mdt_decision_is_explained_in_the_form(window, qtbot):
    section = _pathway(window)
    section.change_tier()
    form = section.dialog
    form.widgets["tier"].setCurrentIndex(form.widgets["tier"].findData(3))
    form.widgets["reason"].setPlainText("Needs CBT")
    form.try_save()
    assert form.isVisible() and "MDT" in form.error.text()
    assert window.record.facts["tier"].text() == "Tier 1"


def test_changing_tier_then_discharging_updates_the_header(window, qtbot):
    section = _pathway(window)
    section.change_tier()
    _save(qtbot, section.dialog, tier=2, reason="More support with mood")
    qtbot.waitUntil(lambda: window.record.facts["tier"].text() == "Tier 2")
    section = _pathway(window)
    section.discharge()
    _save(qtbot, section.dialog, reason="goals_met")
    qtbot.waitUntil(lambda: window.record.facts["status"].text() == "Discharged")
    assert "Discharged" in _pathway(window).where.text()
    assert not _pathway(window).buttons["tier"].isEnabled()
