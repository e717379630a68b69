"""NHS numbers copied to the clipboard are cleared after 30 seconds if they are still ours.

Every copy goes through the system clipboard, so rather than wrap each copy action this
watches the clipboard: when it starts holding a valid NHS number, a timer starts; when it
fires, the clipboard is cleared if it still holds the same text (and, where the platform can
say, this app still owns it). Locking the app clears it at once.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from ..core import nhs_number

CLEAR_AFTER_MS = 30_000
_CANDIDATE = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


def holds_nhs_number(text: str) -> bool:
    return any(nhs_number.is_valid(m) for m in _CANDIDATE.findall(text or ""))


class ClipboardGuard(QObject):
    def __init__(self, parent=None, clear_after_ms: int = CLEAR_AFTER_MS):
        super().__init__(parent)
        self.clipboard = QGuiApplication.clipboard()
        self.watched: str | None = None
        self.owned = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(clear_after_ms)
        self.timer.timeout.connect(self.clear_if_still_ours)
        self.clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        text = self.clipboard.text()
        if holds_nhs_number(text):
            self.watched, self.owned = text, self.clipboard.ownsClipboard()
            self.timer.start()
        elif text != self.watched:
            self.watched = None
            self.timer.stop()

    def clear_if_still_ours(self) -> None:
        still_ours = not self.owned or self.clipboard.ownsClipboard()
        if self.watched is not None and self.clipboard.text() == self.watched and still_ours:
            self.clipboard.clear()
        self.watched = None
