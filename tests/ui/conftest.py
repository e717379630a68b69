"""What the GUI tests share: the main window shown as a person sees it, and message boxes
answered at once."""

from __future__ import annotations

import pytest


@pytest.fixture
def show_main_window(qtbot):
    """``show_main_window(store, client_id=None, active=False)``: the main window on
    ``store``, shown and on screen; ``active`` gives it the keyboard focus (for key presses),
    and a ``client_id`` opens that client's record."""
    from painclinic_desktop.ui.main_window import MainWindow

    def show(store, client_id: str | None = None, *, active: bool = False) -> MainWindow:
        win = MainWindow(store)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        # Every menu: the last ones are built just after the first paint.
        qtbot.waitUntil(lambda: any(a.text() == "&Help" for a in win.menuBar().actions()))
        if active:
            win.activateWindow()
        if client_id is not None:
            win.open_client(client_id)
        return win

    return show


@pytest.fixture
def told(monkeypatch):
    """Messages shown (and answered) instead of waiting for a person: their texts, in order."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def shown(box):
        seen.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown)
    return seen


@pytest.fixture
def show_record_section(qtbot):
    """``show_record_section(Section, store, client_id, today=None, size=None)``: one tab of a
    client's record on its own, shown and filled from the store, and filled again after each
    save as the record page does (a save calls the context's reload)."""
    from painclinic_desktop.services.caseload import load_client_record
    from painclinic_desktop.ui.record_context import RecordContext

    def show(section_class, store, client_id: str, today=None, size=None):
        holder = {}

        def reload():
            holder["section"].show_record(load_client_record(store, client_id, today))

        section = section_class(RecordContext(store, lambda: "Coach One", reload))
        holder["section"] = section
        qtbot.addWidget(section)
        if size is not None:
            section.resize(*size)
        section.show()
        reload()
        return section

    return show
