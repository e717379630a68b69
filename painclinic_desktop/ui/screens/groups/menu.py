"""The Groups menu of the main window: education sessions and registers, walk-ins to match,
programmes (courses of those sessions), the community directory, MDT meetings and MDT
actions.

Each page is built the first time it is asked for and refreshed whenever it is shown. What a
role may not use is greyed out, so a community partner on a shared laptop has registers and
the directory, and nothing clinical.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ....core import permissions
from ....services import session
from ....services.session import current_staff

SESSIONS_KEY, DIRECTORY_KEY, MDT_KEY, ACTIONS_KEY = "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"
TRAINING_KEY = "Ctrl+6"
PROGRAMMES_KEY = "Ctrl+7"


def _t(text: str) -> str:
    return QCoreApplication.translate("GroupsMenu", text)


def _sessions_page(window) -> QWidget:
    from .view import GroupsPage

    page = GroupsPage(window.store, current_staff, window)
    page.walk_ins_requested.connect(lambda: _walk_ins(window))
    return page


def _programmes_page(window) -> QWidget:
    from ..programmes.view import ProgrammesPage

    return ProgrammesPage(window.store, current_staff, window)


def _directory_page(window) -> QWidget:
    from ..directory.view import DirectoryPage

    return DirectoryPage(window.store, current_staff, window)


def _mdt_page(window) -> QWidget:
    from ..mdt.view import MdtPage

    return MdtPage(window.store, current_staff, window)


def _actions_page(window) -> QWidget:
    from ..mdt.actions_view import MyActionsPage

    return MyActionsPage(window.store, current_staff, window)


def _training_page(window) -> QWidget:
    from ..training.view import TrainingPage

    return TrainingPage(window.store, current_staff, window)


def show_page(window, name: str, build: Callable[[object], QWidget]) -> QWidget:
    """Show one of these pages in the main window, building it the first time."""
    pages = window.__dict__.setdefault("_group_pages", {})
    page = pages.get(name)
    if page is None:
        page = build(window)
        if hasattr(page, "client_opened"):
            page.client_opened.connect(window.open_client)
        window.pages.addWidget(page)
        pages[name] = page
    page.refresh()
    if hasattr(page, "index"):
        _load_index(window, page)
    window.pages.setCurrentWidget(page)
    return page


def _load_index(window, page) -> None:
    """Names and dates of birth of the caseload for searching, read off the GUI thread."""
    from ....services.groups import client_index
    from ...ops import store_op

    def loaded(index) -> None:
        if not shiboken6.isValid(page):  # the window closed while the names were loading
            return
        page.index = index
        if hasattr(page, "register"):
            page.register.set_index(index)

    path = window.store.path
    store_op(window, path, lambda store, _progress: client_index(store), loaded)


def _walk_ins(window) -> None:
    """Open the walk-ins to match once the caseload's names are read, off the GUI thread
    (seconds on a large caseload); asking again while they load does nothing."""
    from ....services.groups import client_index
    from ...errors import show_error
    from ...ops import store_op

    if window.__dict__.get("_walk_ins_loading"):
        return
    _walk_ins_busy(window, True)

    def loaded(index) -> None:
        _walk_ins_busy(window, False)
        _open_walk_ins(window, index)

    def failed(exc: BaseException) -> None:
        _walk_ins_busy(window, False)
        show_error(window, exc)

    path = window.store.path
    store_op(window, path, lambda store, _progress: client_index(store), loaded, on_error=failed)


def _walk_ins_busy(window, busy: bool) -> None:
    window._walk_ins_loading = busy
    page = window.__dict__.get("_group_pages", {}).get("sessions")
    if page is not None and shiboken6.isValid(page):
        page.walk_ins.setEnabled(not busy)
    status = getattr(window, "status_text", None)
    if status is not None:
        status.setText(_t("Reading the caseload to match walk-ins…") if busy else "")


def _open_walk_ins(window, index) -> None:
    from .walk_ins import WalkInsDialog

    WalkInsDialog(window.store, current_staff, index, window).exec()
    pages = window.__dict__.get("_group_pages", {})
    if "sessions" in pages and window.pages.currentWidget() is pages["sessions"]:
        pages["sessions"].refresh()


def install_group_menus(window) -> None:
    """Add the menu to ``window`` (a main window with ``store``, ``pages`` and
    ``open_client``)."""
    menu = window.menuBar().addMenu(_t("Gro&ups"))
    entries = (
        (
            _t("&Education sessions and registers"),
            SESSIONS_KEY,
            permissions.TAKE_REGISTERS,
            lambda: show_page(window, "sessions", _sessions_page),
        ),
        (_t("&Walk-ins to match…"), None, permissions.EDIT_CLINICAL, lambda: _walk_ins(window)),
        (
            _t("&Programmes"),
            PROGRAMMES_KEY,
            permissions.TAKE_REGISTERS,
            lambda: show_page(window, "programmes", _programmes_page),
        ),
        (
            _t("Community &directory"),
            DIRECTORY_KEY,
            None,
            lambda: show_page(window, "directory", _directory_page),
        ),
        (
            _t("&MDT meetings"),
            MDT_KEY,
            permissions.VIEW_CLINICAL,
            lambda: show_page(window, "mdt", _mdt_page),
        ),
        (
            _t("M&y MDT actions"),
            ACTIONS_KEY,
            permissions.VIEW_CLINICAL,
            lambda: show_page(window, "actions", _actions_page),
        ),
        (
            _t("Staff &training in the 10 Footsteps"),
            TRAINING_KEY,
            permissions.RUN_TRAINING,
            lambda: show_page(window, "training", _training_page),
        ),
    )
    needs: dict[QAction, str | None] = {}
    for text, key, permission, slot in entries:
        action = QAction(text, window)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, s=slot, p=permission: _if_allowed(p, s))
        menu.addAction(action)
        needs[action] = permission
    menu.aboutToShow.connect(
        lambda: [a.setEnabled(p is None or session.can(p)) for a, p in needs.items()]
    )


def _if_allowed(permission: str | None, slot: Callable[[], object]) -> None:
    # Shortcuts work without opening the menu, so the role is checked here too.
    if permission is None or session.can(permission):
        slot()
