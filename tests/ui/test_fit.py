"""Every window fits the laptop and netbook screens services use, at 100 %, 125 % and 150 %
scaling: each control is on the screen or inside a scroll area that can scroll to it.

Each screen is a separate Qt process (offscreen, with the screen size given to the platform
and QT_SCALE_FACTOR set), because a screen and its scaling are fixed when Qt starts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication, QWidget

from painclinic_desktop.services.demo import load_demo
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui import text_size
from painclinic_desktop.ui.fit import available_area, fit_to_screen
from painclinic_desktop.ui.main_window import MainWindow, app_settings
from tests.factories import ROOT, in_a_process

SCREENS = {
    "netbook 1024x600": (1024, 600, "1"),
    "laptop 1366x768 at 125%": (1366, 768, "1.25"),
    "laptop 1366x768 at 150%": (1366, 768, "1.5"),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "demo.db"
    store = open_store(path, create=True)
    load_demo(store, clients=12)
    store.close()
    return path


@pytest.mark.parametrize("screen", SCREENS)
def test_every_control_of_every_window_can_be_reached(screen, demo_db, tmp_path):
    width, height, scale = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": True,
                "windowFrameMargins": True,
                "screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}],
            }
        )
    )
    run = in_a_process(
        "-m", "tests.ui.fit_probe", demo_db, timeout=240,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert len(found) > 30, "the probe opened fewer windows than expected"
    unreachable = {name: problems for name, problems in found.items() if problems}
    assert not unreachable, json.dumps(unreachable, indent=1, ensure_ascii=False)


def test_a_window_asking_for_more_than_the_screen_gets_the_screen(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    area = available_area(widget)
    fit_to_screen(widget, area.width() + 500, area.height() + 500)
    assert widget.width() <= area.width() and widget.height() <= area.height()
    fit_to_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)  # smaller wishes are kept


def _remember_a_huge_window(qtbot) -> None:
    big = QWidget()
    qtbot.addWidget(big)
    big.setGeometry(0, 0, 3000, 2000)
    settings = app_settings()
    settings.setValue("window/geometry", QByteArray(big.saveGeometry()))
    settings.sync()


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "w.db", create=True)
    yield s
    s.close()


def test_geometry_remembered_from_a_bigger_screen_is_shrunk_to_this_one(qtbot, store):
    _remember_a_huge_window(qtbot)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    area = available_area(window)
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)


def test_text_size_scales_the_whole_app_and_is_remembered(qtbot, store):
    app = QApplication.instance()
    normal = app.font().pointSizeF()
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    title = window.caseload.findChild(QWidget, "pageTitle")
    heading = title.font().pointSizeF()
    larger = next(
        a
        for a in window.findChildren(type(window.menuBar().actions()[0]))
        if a.text() == window.tr("&Larger text")
    )
    assert "Ctrl+=" in [k.toString() for k in larger.shortcuts()]
    larger.trigger()
    larger.trigger()
    try:
        assert app.font().pointSizeF() == pytest.approx(normal * 1.25)
        assert title.font().pointSizeF() == pytest.approx(heading * 1.25)  # headings keep step
        assert int(app_settings().value(text_size.SETTING)) == 125
        text_size.apply_text_size(text_size.NORMAL)  # as a fresh start would be
        again = MainWindow(store)  # the next start opens at the size chosen
        qtbot.addWidget(again)
        assert app.font().pointSizeF() == pytest.approx(normal * 1.25)
    finally:
        text_size.apply_text_size(text_size.NORMAL)
    assert app.font().pointSizeF() == pytest.approx(normal)


def test_the_caseload_shows_every_column_in_a_netbook_window(qtbot, tmp_path):
    """At 1024x600 the window is 1008 pixels wide: the Flags column is on screen, not behind
    a horizontal scroll bar."""
    demo = open_store(tmp_path / "netbook.db", create=True)
    load_demo(demo, clients=12)
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1008, 560)  # what a 1024x600 screen gives it (offscreen's own is smaller)
    qtbot.waitUntil(lambda: window.width() == 1008)
    with qtbot.waitSignal(window.caseload_shown, timeout=20_000):
        window.reload()
    table = window.caseload.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    header = table.horizontalHeader()
    last = table.model().columnCount() - 1
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert table.model().headerData(last, Qt.Orientation.Horizontal) == "Flags"
    assert right <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    demo.close()


def test_asking_a_windows_screen_leaves_the_screen_alone(qapp):
    """Sizing a window asks which screen it is on; when the window's Python object is then
    freed, the screen's must stay valid and the same (it used to be left owning the screen,
    which was later deleted behind Qt's back and crashed the next window)."""
    import gc

    import shiboken6
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialog

    screen = QGuiApplication.primaryScreen()
    parent = QWidget()
    for window in (QDialog(), QDialog(parent)):
        assert available_area(window) == screen.availableGeometry()
    del window
    del parent
    gc.collect()
    assert shiboken6.isValid(screen)
    assert QGuiApplication.primaryScreen() is screen


def test_no_module_asks_a_widget_or_window_for_its_screen():
    """``QWidget.screen()`` and ``QWindow.screen()`` give the screen a Python parent (see
    ``screen_of`` in ui/fit.py): the app asks the application by position instead."""
    package = ROOT / "painclinic_desktop"
    callers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in package.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        # a call, not a comment or a mention in a docstring (``QWidget.screen()``)
        if ".screen()" in line and "``" not in line and not line.lstrip().startswith("#")
    ]
    assert callers == []


def _remember_caseload_columns(qtbot, store, widths) -> None:
    wide = MainWindow(store)
    qtbot.addWidget(wide)
    for column, width in enumerate(widths):
        wide.caseload.table.setColumnWidth(column, width)
    wide.close()  # as the app remembers them


def test_columns_widened_on_a_bigger_screen_give_way_so_flags_stay_in_view(qtbot, store):
    """A coach widened the columns on a docked monitor; on the laptop's own screen every
    column comes back into view, Flags included, with no sideways scroll."""
    from painclinic_desktop.ui.screens.caseload.view import COLUMN_WIDTHS

    _remember_caseload_columns(qtbot, store, [w * 2 for w in COLUMN_WIDTHS])
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.resize(1024, 600)  # the netbook's screen
    table = window.caseload.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    assert all(header.sectionSize(c) >= COLUMN_WIDTHS[c] for c in range(len(COLUMN_WIDTHS)))


def test_columns_the_person_narrowed_stay_as_they_chose(qtbot, store):
    from painclinic_desktop.ui.screens.caseload.view import COLUMN_WIDTHS

    chosen = [w - 20 if w > 60 else w for w in COLUMN_WIDTHS]
    _remember_caseload_columns(qtbot, store, chosen)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.resize(window.width() - 50, window.height())
    qtbot.wait(50)
    header = window.caseload.table.horizontalHeader()
    narrowed = [c for c in range(len(chosen) - 1) if chosen[c] < COLUMN_WIDTHS[c]]
    assert [header.sectionSize(c) for c in narrowed] == [chosen[c] for c in narrowed]
