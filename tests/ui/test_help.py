"""Help ▸ User guide opens the shipped guide in the app, offline, with every topic and picture
there; Help ▸ Keyboard shortcuts is read from the menus' own actions, so it cannot drift."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap, QTextDocument
from PySide6.QtWidgets import QDialogButtonBox

from painclinic_desktop.resources_path import resource
from painclinic_desktop.ui.help import TOPICS, shortcut_rows
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import client, new_store, referral

GUIDE = resource("guide")
REQUIRED = {
    "add-a-client.html": "Add a client",
    "first-assessment.html": "The first assessment",
    "plan-and-goals.html": "Plan and goals",
    "monthly-return.html": "The monthly return",
    "backups.html": "Backups",
    "accounts.html": "Accounts",
    "team-hub.html": "Working with the hub",
}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "img":
            self.images.append(values["src"])


def refs(page: str) -> _Refs:
    found = _Refs()
    found.feed((GUIDE / page).read_text(encoding="utf-8"))
    return found


@pytest.fixture
def window(qtbot, tmp_path):
    store = new_store(tmp_path / "h.db", clients=[client("ayesha")], referrals=[referral("r")])
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in win.menuBar().actions()))
    yield win
    win.close()
    store.close()


def help_action(window, words: str) -> QAction:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    (action,) = [a for a in menu.actions() if a.text().replace("&", "") == words]
    return action


def test_every_topic_is_shipped_linked_from_the_contents_and_illustrated():
    contents = refs("index.html")
    for page, title in REQUIRED.items():
        assert page in contents.links, f"{page} is not linked from the contents"
        assert (page, title) in TOPICS
    pictures = set()
    for page, _title in TOPICS:
        found = refs(page)
        for link in found.links:
            assert (GUIDE / link).exists(), f"{page} links to a missing page {link}"
            assert not re.match(r"https?:", link), "the guide works offline"
        for image in found.images:
            assert (GUIDE / image).stat().st_size < 80_000, f"{image} is not small"
            pictures.add(image)
    assert {"referral.png", "triage.png", "assessment.png", "plan.png"} <= pictures
    assert {"monthly-return.png", "accounts.png"} <= pictures


def test_the_guide_opens_in_the_app_and_its_links_and_pictures_work(window, qtbot):
    action = help_action(window, "User guide")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    action.trigger()
    guide = window.guide_dialog
    qtbot.waitExposed(guide)
    assert guide.page() == "index.html"
    assert "Add a client" in guide.browser.toPlainText()
    assert not guide.back.isEnabled()
    guide.browser.setSource(guide.browser.source().resolved("add-a-client.html"))
    assert guide.page() == "add-a-client.html"
    assert "Referrals ▸ New referral" in guide.browser.toPlainText()
    document = guide.browser.document()
    for name in ("referral.png", "triage.png"):
        url = guide.browser.source().resolved(name)
        picture = document.resource(QTextDocument.ResourceType.ImageResource, url)
        assert isinstance(picture, QImage | QPixmap) and picture.width() > 100, name
    qtbot.mouseClick(guide.back, Qt.MouseButton.LeftButton)
    assert guide.page() == "index.html"
    qtbot.mouseClick(guide.contents, Qt.MouseButton.LeftButton)
    assert guide.page() == "index.html"
    close = guide.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not guide.isVisible()


def test_keyboard_shortcuts_are_read_from_the_menus(window, qtbot):
    rows = shortcut_rows(window)
    native = QKeySequence.SequenceFormat.NativeText
    assert ("Referrals", "New referral", QKeySequence("Ctrl+N").toString(native)) in rows
    assert ("Reports", "Monthly return", QKeySequence("Ctrl+M").toString(native)) in rows
    # Change a menu's key: the list follows, because it is read from the actions.
    (new_referral,) = [
        a
        for a in window.findChildren(QAction)
        if a.text().replace("&", "") == "New referral…" and not a.shortcut().isEmpty()
    ]
    new_referral.setShortcut(QKeySequence("Ctrl+Alt+R"))
    assert ("Referrals", "New referral", QKeySequence("Ctrl+Alt+R").toString(native)) in (
        shortcut_rows(window)
    )
    help_action(window, "Keyboard shortcuts").trigger()
    shown = window.shortcuts_dialog
    qtbot.waitExposed(shown)
    text = shown.text.toPlainText()
    assert "New referral" in text and "Ctrl+Alt+R" in text
    assert "New contact" in text and "Ctrl+Shift+C" in text  # the record page's own keys
    close = shown.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not shown.isVisible()


def test_about_is_still_in_the_help_menu(window, monkeypatch):
    shown = []
    monkeypatch.setattr(type(window), "about", lambda self: shown.append(True))
    help_action(window, "About PainClinic Desktop").trigger()
    assert shown == [True]
