"""The Help menu: the user guide (shipped HTML and pictures, read offline in the app), the
keyboard shortcuts (read from the window's own actions, so the list cannot drift from the
menus), and About."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..resources_path import resource
from .fit import fit_to_screen

GUIDE_KEY = QKeySequence.StandardKey.HelpContents  # F1 on Windows and Linux
TOPICS = (
    ("index.html", "Contents"),
    ("add-a-client.html", "Add a client"),
    ("first-assessment.html", "The first assessment"),
    ("plan-and-goals.html", "Plan and goals"),
    ("monthly-return.html", "The monthly return"),
    ("equity.html", "Equity: who is reached and who benefits"),
    ("backups.html", "Backups"),
    ("accounts.html", "Accounts"),
    ("team-hub.html", "Working with the hub"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("help", text)


def install_help_menu(window) -> None:
    menu = window.menuBar().addMenu(_t("&Help"))
    guide = QAction(_t("&User guide"), window)
    guide.setShortcut(QKeySequence(GUIDE_KEY))
    guide.triggered.connect(lambda: show_guide(window))
    keys = QAction(_t("&Keyboard shortcuts"), window)
    keys.triggered.connect(lambda: show_shortcuts(window))
    about = QAction(_t("&About PainClinic Desktop"), window)
    about.triggered.connect(lambda: window.about())
    for action in (guide, keys):
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(about)


def _keep(window, name: str, dialog: QDialog) -> QDialog:
    """Not blocking (the guide can stay open beside the work), kept on the window."""
    old = getattr(window, name, None)
    if old is not None:
        old.close()
    setattr(window, name, dialog)
    dialog.show()
    return dialog


class GuideDialog(QDialog):
    """The guide's pages in a browser that never goes online (links to the web are shown
    as plain text: the app works offline)."""

    def __init__(self, parent=None, page: str = "index.html"):
        super().__init__(parent)
        self.setWindowTitle(_t("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource("guide"))])
        self.browser.setAccessibleName(_t("User guide"))
        self.back = QPushButton(_t("&Back"), self)
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.back.setEnabled(False)
        self.contents = QPushButton(_t("&Contents"), self)
        self.contents.clicked.connect(lambda: self.open_page("index.html"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addWidget(self.contents)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        fit_to_screen(self, 760, 560)
        self.open_page(page)

    def open_page(self, page: str) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(resource("guide", page))))

    def page(self) -> str:
        return self.browser.source().fileName()


def show_guide(window, page: str = "index.html") -> GuideDialog:
    return _keep(window, "guide_dialog", GuideDialog(window, page))


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(menu, command, keys) of every menu command that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {text}")
            elif not action.isSeparator():
                keys = ", ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                )
                if keys:
                    rows.append((path, text.rstrip("…").rstrip("."), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return rows


def record_shortcuts() -> list[tuple[str, str]]:
    """The record page's own keys (not menu commands), from the constants that set them."""
    from .screens.contacts.section import NEW_CONTACT_KEY
    from .screens.outcomes.view import NEW_ASSESSMENT_KEY

    native = QKeySequence.SequenceFormat.NativeText
    return [
        (_t("New contact"), QKeySequence(NEW_CONTACT_KEY).toString(native)),
        (_t("New assessment"), QKeySequence(NEW_ASSESSMENT_KEY).toString(native)),
    ]


def shortcuts_html(window) -> str:
    body = "".join(
        f"<tr><td>{escape(menu)}</td><td>{escape(command)}</td><td><b>{escape(keys)}</b></td></tr>"
        for menu, command, keys in shortcut_rows(window)
    )
    record = "".join(
        f"<tr><td>{escape(command)}</td><td><b>{escape(keys)}</b></td></tr>"
        for command, keys in record_shortcuts()
    )
    return (
        f"<h2>{escape(_t('Keyboard shortcuts'))}</h2>"
        f"<table cellpadding='4'><tr><th align='left'>{escape(_t('Menu'))}</th>"
        f"<th align='left'>{escape(_t('Command'))}</th>"
        f"<th align='left'>{escape(_t('Keys'))}</th></tr>{body}</table>"
        f"<h3>{escape(_t('On the client record'))}</h3><table cellpadding='4'>{record}</table>"
        f"<p>{escape(_t('Tab moves between fields; Enter opens the chosen row.'))}</p>"
    )


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle(_t("Keyboard shortcuts"))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(_t("Keyboard shortcuts"))
        self.text.setHtml(shortcuts_html(window))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        fit_to_screen(self, 620, 480)


def show_shortcuts(window) -> ShortcutsDialog:
    return _keep(window, "shortcuts_dialog", ShortcutsDialog(window))
