"""The app's remembered settings (last database, window layout, text size): one place, so
starting up can read them before the main window's modules are imported."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def app_settings() -> QSettings:
    return QSettings("PainClinic", "PainClinic Desktop")
