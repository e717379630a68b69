"""First start with no database: create an empty service database, or practise on a demo."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout

EMPTY, DEMO = "empty", "demo"


class FirstRunDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(self.tr("Welcome to PainClinic Desktop"))
        intro = QLabel(self.tr(
            "<h2>Welcome</h2><p>There is no caseload on this computer yet.</p>"
            "<p>You can start a new, empty service database, or open a demo caseload of "
            "made-up clients to practise on. The demo is clearly marked and never mixed "
            "with real records.</p>"), self)
        intro.setWordWrap(True)
        empty = QPushButton(self.tr("Create an &empty service database"), self)
        demo = QPushButton(self.tr("Open a &demo caseload to practise on"), self)
        empty.clicked.connect(lambda: self._choose(EMPTY))
        demo.clicked.connect(lambda: self._choose(DEMO))
        demo.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(empty)
        layout.addWidget(demo)
        self.resize(520, 280)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
