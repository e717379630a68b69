"""The desktop app started as a person starts it, in a process of its own: the sign-in screen,
a wrong password, the right one, the caseload's first paint. Prints, as JSON, what was
imported while the sign-in screen waited and when the first screen was painted, and what
the person was told about the wrong password.

Usage: python -m tests.security.first_screen_probe DATABASE NAME WRONG_PASSWORD PASSWORD
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

WINDOW = "painclinic_desktop.ui.main_window"
seen: dict = {}


class _AtFirstPaint(importlib.abc.MetaPathFinder):
    """Once the main window's module is imported (whenever the app does that), note the
    modules loaded at the moment its first paint is over: ``_after_first_paint`` is what
    the window runs straight after it."""

    def find_spec(self, name, path, target=None):
        if name != WINDOW:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run_module = spec.loader.exec_module

        def exec_module(module) -> None:
            run_module(module)
            after_paint = module.MainWindow._after_first_paint

            def noted(window) -> None:
                seen.setdefault("first_paint", sorted(sys.modules))
                after_paint(window)
                QTimer.singleShot(0, window.close)  # the app then signs out and ends

            module.MainWindow._after_first_paint = noted

        spec.loader.exec_module = exec_module
        return spec


def _sign_in_screen(name: str, wrong: str, right: str) -> None:
    """Answer the sign-in screen: once with the wrong password, then the right one."""
    from painclinic_desktop.ui.sign_in import SignInDialog

    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, SignInDialog):
        QTimer.singleShot(10, lambda: _sign_in_screen(name, wrong, right))
        return
    seen["sign_in_screen"] = sorted(sys.modules)
    dialog.name.setText(name)
    dialog.password.setText(wrong)
    dialog.sign_in_button.click()

    def refused() -> None:
        if not dialog.message.text() or dialog.message.text() == dialog.tr("Checking…"):
            QTimer.singleShot(10, refused)
            return
        seen["refused"] = dialog.message.text()
        seen["window_after_refusal"] = [
            type(w).__name__ for w in QApplication.topLevelWidgets() if w is not dialog
        ]
        dialog.password.setText(right)
        dialog.sign_in_button.click()

    refused()


def main(db: str, name: str, wrong: str, right: str) -> int:
    app = QApplication(sys.argv[:1])
    sys.meta_path.insert(0, _AtFirstPaint())
    QTimer.singleShot(0, lambda: _sign_in_screen(name, wrong, right))
    from painclinic_desktop import app as desktop

    code = desktop.main(["--db", db])
    print(json.dumps({**seen, "exit": code}))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
