"""The title at the top of a page and the grey hint under it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def page_title(parent: QWidget, text: str) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


def hint(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #44546a;")
    return label
