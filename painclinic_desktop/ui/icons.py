"""Flag icons painted in code: a coloured disc with a letter, so they read in greyscale too."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

# (letter, colour): letters keep the flags distinguishable without colour.
FLAG_STYLE = {
    "risk": ("!", "#b00020"),
    "safeguarding": ("S", "#8a4b00"),
    "mdt_discuss": ("M", "#1f5fa8"),
    "interpreter_needed": ("I", "#2e7d32"),
    "faith_barrier": ("F", "#6a1b9a"),
    "carer_involved": ("C", "#00695c"),
    # Derived from the current regimen (MEDICATION.md), never raised by hand.
    "high_dose_opioid": ("O", "#4e342e"),
}
FLAG_ORDER = tuple(FLAG_STYLE)


@cache
def flag_pixmap(kind: str, size: int = 18) -> QPixmap:
    letter, colour = FLAG_STYLE.get(kind, ("?", "#555555"))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return pixmap


@cache
def flags_pixmap(kinds: tuple[str, ...], size: int = 18) -> QPixmap:
    """Several flags side by side, in a fixed order so the eye learns where each sits."""
    ordered = [k for k in FLAG_ORDER if k in kinds]
    pixmap = QPixmap(max(1, len(ordered)) * (size + 2), size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    for i, kind in enumerate(ordered):
        painter.drawPixmap(i * (size + 2), 0, flag_pixmap(kind, size))
    painter.end()
    return pixmap
