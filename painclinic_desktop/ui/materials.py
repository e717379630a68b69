"""Client materials on screen: the shipped fonts for their scripts, and the language choice.

The app's own menus and forms stay in the staff member's language; only what is read with
or given to the client (the plan preview, the star's words, instructions read aloud) follows
the client's materials language, laid out right to left for Urdu, Arabic and Shahmukhi.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QWidget

from ..core.translations import ENGLISH, LANGUAGES, Pack, language_name
from ..reports.script_text import FONT_FILES
from ..resources_path import resource

_registered = False


def ensure_fonts() -> None:
    """Make the shipped Noto fonts known to Qt once, so Urdu, Bengali and Gurmukhi show on a
    computer that has no such fonts of its own."""
    global _registered
    if _registered:
        return
    for regular, bold in FONT_FILES.values():
        for name in (regular, bold):
            QFontDatabase.addApplicationFont(str(resource("fonts", name)))
    _registered = True


def direction(pack: Pack) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if pack.rtl else Qt.LayoutDirection.LeftToRight


def language_combo(parent: QWidget) -> QComboBox:
    """English and each language with a translation pack, named in English and in itself."""
    ensure_fonts()
    box = QComboBox(parent)
    for code in LANGUAGES:
        box.addItem(language_name(code), code)
    return box


def choose(box: QComboBox, language: str | None) -> None:
    index = box.findData(language or ENGLISH)
    box.setCurrentIndex(max(index, 0))
