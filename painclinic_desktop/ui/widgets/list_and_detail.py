"""A page of two panes under its title: a list on the left with its buttons under it, and
what is chosen in it on the right (a line of words, a table, its buttons), the right pane
wider. The Programmes and Training pages are laid out this way."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .labels import page_title


def action_button(
    parent: QWidget, text: str, slot: Callable[[], None], tip: str = ""
) -> QPushButton:
    button = QPushButton(text, parent)
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


def button_grid(buttons: Sequence[QWidget], columns: int) -> QGridLayout:
    """The buttons in rows of ``columns``, in reading order."""
    grid = QGridLayout()
    for i, button in enumerate(buttons):
        grid.addWidget(button, i // columns, i % columns)
    return grid


def pane(
    parent: QWidget, table: QWidget, buttons: QGridLayout, above: QWidget | None = None
) -> QWidget:
    """A table taking the height, its buttons under it and (given) a line of words above."""
    widget = QWidget(parent)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    if above is not None:
        layout.addWidget(above)
    layout.addWidget(table, 1)
    layout.addLayout(buttons)
    return widget


def lay_out_page(
    page: QWidget, title: str, left: QWidget, right: QWidget, sizes: tuple[int, int]
) -> None:
    """The page's title above the two panes side by side; neither can be closed up."""
    split = QSplitter(Qt.Orientation.Horizontal, page)
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, 2)
    split.setStretchFactor(1, 3)
    split.setSizes(list(sizes))
    split.setChildrenCollapsible(False)
    layout = QVBoxLayout(page)
    layout.addWidget(page_title(page, title))
    layout.addWidget(split, 1)
