"""A row of a section's action buttons, named by key so the section can enable them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def button_row(
    parent: QWidget, entries: Iterable[tuple[str, str, Callable[[], None]]]
) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """``entries`` are (key, text, slot); the row ends in a stretch, so buttons sit left."""
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for key, text, slot in entries:
        button = QPushButton(text, parent)
        button.clicked.connect(slot)
        row.addWidget(button)
        buttons[key] = button
    row.addStretch(1)
    return row, buttons
