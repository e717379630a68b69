"""Test set-up: Qt runs offscreen and no test touches a real profile."""

from __future__ import annotations

import os

# Must be set before Qt is imported anywhere, or a run without a display aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "appdata"
    monkeypatch.setenv("PAINCLINIC_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return data


@pytest.fixture(scope="session")
def qapp(qapp):
    """The Qt application of the GUI tests collects garbage as the app does: on the GUI
    thread, between events (painclinic_desktop/ui/collector.py)."""
    from painclinic_desktop.ui.collector import collect_on_gui_thread

    collect_on_gui_thread(qapp)
    return qapp
