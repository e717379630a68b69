"""Press every menu action and every button a person can reach, and answer every dialog.

The walk is generic: it finds menu actions in the menu bar and buttons in the widget tree,
so an action or button added later is pressed without changing any test. Each dialog that
opens (modal with ``exec()``, window-modal with ``open()``, or a plain ``show()``) is met by
a watcher that records it, presses the buttons inside it (its own dialogs in turn), then
closes it. Message boxes are answered with their affirmative button. File dialogs return
paths in the test's folder; opening folders and web pages is recorded, never done.

A fault is anything a person would meet as a broken button: an exception raised in a slot
(recorded by an excepthook, as pytest-qt does), an error logged by the app (an unexpected
error is logged and shown as an apology), or a Qt warning. Each fault carries the path of
presses that led to it, e.g. ``Reports ▸ Monthly return… → MonthlyReturnDialog ▸ Write``.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QWidget,
    QWizard,
)

from painclinic_desktop.ui import ops

ARROW = " ▸ "
BEFORE_THE_WALK = "openBeforeThePressingWalk"
# Qt messages that say nothing about the app (the offscreen platform's own limits).
HARMLESS_QT_MESSAGES = ("This plugin does not support",)
# Buttons that close a dialog: pressed after every other button in it.
CLOSING_ROLES = {
    QDialogButtonBox.ButtonRole.AcceptRole,
    QDialogButtonBox.ButtonRole.RejectRole,
    QDialogButtonBox.ButtonRole.DestructiveRole,
    QDialogButtonBox.ButtonRole.YesRole,
    QDialogButtonBox.ButtonRole.NoRole,
}
AFFIRMATIVE = (
    QMessageBox.ButtonRole.YesRole,
    QMessageBox.ButtonRole.AcceptRole,
    QMessageBox.ButtonRole.ApplyRole,
)
# Parts of Qt's own widgets that are buttons but not the app's.
INNER_PARTS = (QTabBar, QCalendarWidget, QAbstractSpinBox, QLineEdit, QComboBox, QScrollBar)


@dataclass
class Fault:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}\n    {self.what}"


@dataclass
class Walk:
    """What a walk did: every press, every dialog met, every fault."""

    pressed: list[str] = field(default_factory=list)
    greyed: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # not shown where they are (by design)
    dialogs: list[str] = field(default_factory=list)
    files_asked: list[str] = field(default_factory=list)
    urls_opened: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.pressed)} pressed, {len(self.greyed)} greyed out, "
            f"{len(self.dialogs)} dialogs, {len(self.faults)} faults",
            "Dialogs:",
            *sorted(set(d.rsplit(ARROW, 1)[-1] for d in self.dialogs)),
            "Files asked:",
            *self.files_asked,
            "Greyed out:",
            *self.greyed,
            "Hidden:",
            *self.hidden,
            "Pressed:",
            *self.pressed,
        ]
        return "\n".join(parts)

    def dialog_classes(self) -> set[str]:
        return {d.rsplit(ARROW, 1)[-1].split(" ", 1)[0] for d in self.dialogs}


def label_of(thing: QAbstractButton | QAction) -> str:
    text = thing.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text and isinstance(thing, QWidget):
        text = thing.accessibleName() or thing.toolTip() or thing.objectName()
    return text or type(thing).__name__


def _alive(obj) -> bool:
    return obj is not None and shiboken6.isValid(obj)


def _inner_part(button: QAbstractButton) -> bool:
    if button.objectName().startswith("qt_"):
        return True
    parent = button.parentWidget()
    if isinstance(parent, QAbstractItemView):  # a table's corner button
        return True
    while parent is not None:
        if isinstance(parent, INNER_PARTS):
            return True
        parent = parent.parentWidget()
    return False


def buttons_in(root: QWidget) -> list[QAbstractButton]:
    """The app's buttons under ``root`` (on every tab), in the order a person reads them."""
    found = [b for b in root.findChildren(QAbstractButton) if not _inner_part(b)]
    # A button inside another window (a dialog parented here) belongs to that window.
    return [b for b in found if b.window() is root.window()]


def _closing(button: QAbstractButton) -> bool:
    box = button.parentWidget()
    if isinstance(box, QDialogButtonBox) and box.buttonRole(button) in CLOSING_ROLES:
        return True
    wizard = button.window()
    if isinstance(wizard, QWizard):
        return button in (
            wizard.button(QWizard.WizardButton.CancelButton),
            wizard.button(QWizard.WizardButton.FinishButton),
        )
    return False


def keyed(buttons: list[QAbstractButton]) -> list[tuple[str, int]]:
    """A key for each button that finds it again after its page is rebuilt."""
    seen: Counter = Counter()
    keys = []
    for button in buttons:
        name = f"{type(button).__name__}:{label_of(button)}"
        keys.append((name, seen[name]))
        seen[name] += 1
    return keys


def find_keyed(root: QWidget, key: tuple[str, int]) -> QAbstractButton | None:
    for button, its_key in zip(buttons_in(root), keyed(buttons_in(root)), strict=True):
        if its_key == key:
            return button
    return None


def bring_into_view(widget: QWidget) -> list[str]:
    """Choose the tab that holds ``widget`` (and the tabs around that tab); the names of
    those tabs, outermost first."""
    names = []
    page = widget
    while page is not None:
        stack = page.parentWidget()
        tabs = stack.parentWidget() if stack is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(page) >= 0:
            if tabs.currentWidget() is not page:
                tabs.setCurrentWidget(page)
            names.insert(0, tabs.tabText(tabs.indexOf(page)).replace("&", ""))
        page = stack
    return names


def choose_first_rows(root: QWidget) -> None:
    """Buttons that act on "the selected row" get one, as a person would choose first."""
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None or model.rowCount() == 0:
            continue
        if not view.currentIndex().isValid():
            view.setCurrentIndex(model.index(0, 0))


def _blocked(window: QWidget) -> bool:
    """A modal window opened over ``window`` keeps a person's hands off it until it closes.
    (A form opened over the accounts list, refused and left open, once had the list under it
    answered inside the form's own OK, so that OK outlasted its time on a slow machine.)"""
    return any(
        other is not window
        and other.isVisible()
        and other.isModal()
        and _opened_over(other, window)
        for other in QApplication.topLevelWidgets()
    )


def _opened_over(upper: QWidget, lower: QWidget) -> bool:
    """Whether ``upper`` was opened over ``lower`` (directly or through other windows)."""
    parent = upper.parentWidget()
    while parent is not None:
        if parent.window() is lower:
            return True
        parent = parent.window().parentWidget()
    return False


def _what_is_busy(dialog: QWidget | None) -> str:
    """What a press is still waiting for: the dialog left open, and where each other thread
    stands (a worker stuck on a lock shows here), so an intermittent timeout can be traced
    from one failed run."""
    lines = []
    if dialog is not None:
        lines.append(f"open dialog: {type(dialog).__name__} “{dialog.windowTitle()}”")
    lines.append(f"background jobs waiting: {sorted(ops._waiting)}")
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue
        stack = "".join(traceback.format_stack(frame, limit=12))
        lines.append(f"thread {names.get(ident, ident)}:\n{stack}")
    return "\n" + "\n".join(lines)


class Presser:
    def __init__(
        self,
        folder: Path,
        *,
        answers: dict[str, Callable[[QDialog, Presser], None]] | None = None,
        open_files: dict[str, Path] | None = None,
        skip: tuple[str, ...] = (),
        settle_seconds: float = 30.0,
        choose_rows: bool = True,
    ):
        self.folder = folder
        self.answers = answers or {}  # dialog class name -> how the test answers it
        self.open_files = open_files or {}  # file suffix -> a file to offer when asked
        self.skip = skip  # labels never pressed (the test presses them itself)
        self.settle_seconds = settle_seconds
        self.choose_rows = choose_rows  # False: press as if nothing had been chosen yet
        self.walk = Walk()
        self._where: list[str] = []
        self._handling: list[QWidget] = []
        # How often each dialog has been answered within one press made outside any dialog
        # (a form shown again after its refused OK is pressed twice, then let go). Counted
        # by the dialog itself, held here so no new dialog can take its id(): a count by
        # id() once passed to a new recovery key dialog, which was then never pressed and,
        # needing its tick to close, kept every later press waiting.
        self._visits: dict[QWidget, int] = {}
        self._timers: list[QTimer] = []
        self._saved: list = []
        self._files = 0

    # --- set-up -------------------------------------------------------------------------

    def __enter__(self) -> Presser:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._patch(QFileDialog, "getSaveFileName", staticmethod(self._save_name))
        self._patch(QFileDialog, "getOpenFileName", staticmethod(self._open_name))
        self._patch(QFileDialog, "getOpenFileNames", staticmethod(self._open_names))
        self._patch(QFileDialog, "getExistingDirectory", staticmethod(self._folder_name))
        self._patch(QDesktopServices, "openUrl", staticmethod(self._open_url))
        self._old_hook = sys.excepthook
        sys.excepthook = self._exception
        self._old_messages = qInstallMessageHandler(self._qt_message)
        self._log = _FaultLog(self)
        logging.getLogger("painclinic_desktop").addHandler(self._log)
        # Windows open before the walk are marked on the window itself, not remembered by id:
        # an id is reused once its object is freed, and a dialog that took the id of a freed
        # window (left open by an earlier test) was never answered.
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                window.setProperty(BEFORE_THE_WALK, True)
        self._watch()
        return self

    def __exit__(self, *exc) -> None:
        for timer in self._timers:
            timer.stop()
        self._timers.clear()
        logging.getLogger("painclinic_desktop").removeHandler(self._log)
        qInstallMessageHandler(self._old_messages)
        sys.excepthook = self._old_hook
        for owner, name, old in reversed(self._saved):
            setattr(owner, name, old)

    def _patch(self, owner, name: str, value) -> None:
        self._saved.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, value)

    def keep_window(self, window: QWidget) -> None:
        """A window that stays open through the walk (the main window)."""
        window.setProperty(BEFORE_THE_WALK, True)

    # --- answers to the standard dialogs ------------------------------------------------

    def _next_file(self, suggested: str, filter_text: str) -> Path:
        self._files += 1
        name = Path(suggested or "file").name or "file"
        if "." not in name:
            ext = (
                filter_text.split("*", 1)[1].split(")")[0].split()[0] if "*" in filter_text else ""
            )
            name += ext
        return self.folder / f"{self._files:03d}-{name}"

    def _save_name(self, parent=None, caption="", folder="", filter_text="", *a, **k):
        path = self._next_file(folder, filter_text)
        self.walk.files_asked.append(f"{self.where()}: save “{caption}” → {path.name}")
        return str(path), filter_text

    def _open_name(self, parent=None, caption="", folder="", filter_text="", *a, **k):
        offered = next(
            (str(p) for ext, p in self.open_files.items() if f"*{ext}" in filter_text), None
        )
        path = offered or str(self._next_file("missing", filter_text))  # not there: a message
        self.walk.files_asked.append(f"{self.where()}: open “{caption}” → {Path(path).name}")
        return path, filter_text

    def _open_names(self, parent=None, caption="", folder="", filter_text="", *a, **k):
        path, chosen = self._open_name(parent, caption, folder, filter_text)
        return [path], chosen

    def _folder_name(self, parent=None, caption="", *a, **k):
        self._files += 1
        path = self.folder / f"{self._files:03d}-folder"
        path.mkdir()
        self.walk.files_asked.append(f"{self.where()}: folder “{caption}” → {path.name}")
        return str(path)

    def _open_url(self, url) -> bool:
        self.walk.urls_opened.append(f"{self.where()}: {url.toString()}")
        return True

    # --- faults -------------------------------------------------------------------------

    def where(self) -> str:
        return ARROW.join(self._where) or "(outside any press)"

    def fault(self, what: str) -> None:
        self.walk.faults.append(Fault(self.where(), what))

    def _exception(self, kind, value, tb) -> None:
        lines = traceback.format_exception(kind, value, tb)
        self.fault("exception in a slot: " + "".join(lines[-3:]).strip())

    def _qt_message(self, kind, context, message: str) -> None:
        if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
            return
        if message.startswith(HARMLESS_QT_MESSAGES):
            return
        self.fault(f"Qt {kind.name}: {message}")

    # --- pressing -----------------------------------------------------------------------

    def press(self, label: str, act: Callable[[], object]) -> None:
        """Press one thing (``act``), then wait until its dialogs are answered and its
        background work has finished."""
        if not self._handling:
            self._visits.clear()  # a new press of the window: its dialogs are answered afresh
        self._where.append(label)
        self.walk.pressed.append(self.where())
        try:
            act()
            self.settle()
        except Exception as exc:  # noqa: BLE001 — a fault of the press, not of the walk
            self.fault(f"{type(exc).__name__}: {exc}")
        finally:
            self._where.pop()

    def settle(self) -> None:
        """Wait until the press's work is done and its dialogs are answered. "Still busy"
        means nothing new happened for ``settle_seconds``: answering a dialog the press
        opened (a whole accounts list, say) is progress, but the same dialog answered again
        and again (one that keeps coming back) is not."""
        deadline = time.monotonic() + self.settle_seconds
        seen = len(self.walk.dialogs)
        answered = set(self.walk.dialogs)
        while time.monotonic() < deadline:
            QApplication.processEvents()
            if not ops._waiting and self._next_dialog() is None:
                QApplication.processEvents()
                return
            new = set(self.walk.dialogs[seen:]) - answered
            if new:
                answered |= new
                deadline = time.monotonic() + self.settle_seconds
            seen = len(self.walk.dialogs)
            time.sleep(0.005)
        self.fault(
            f"still busy after {self.settle_seconds:.0f} s (work or a dialog left open)"
            + _what_is_busy(self._next_dialog())
            + "\nlast dialogs answered:\n"
            + "\n".join(self.walk.dialogs[-3:])
        )

    def trigger_action(self, label: str, action: QAction) -> bool:
        if label in self.skip:
            return False
        if not action.isEnabled():
            self.walk.greyed.append(ARROW.join([*self._where, label]))
            return False
        self.press(label, action.trigger)
        return True

    def click(self, label: str, button: QAbstractButton) -> bool:
        if label in self.skip or not _alive(button):
            return False
        bring_into_view(button)
        if not button.isVisible():
            self.walk.hidden.append(ARROW.join([*self._where, label]))
            return False
        if not button.isEnabled():
            self.walk.greyed.append(ARROW.join([*self._where, label]))
            return False
        self.press(label, button.click)
        return True

    def press_page(self, label: str, restore: Callable[[], QWidget]) -> None:
        """Press every button on a page. Before each press ``restore()`` brings the page
        back as it was (the record reopened, the tab chosen), so one press cannot hide the
        next button; the first row of each list is chosen as a person would."""
        self._where.append(label)
        try:
            root = self._restored(restore)
            for key in keyed(buttons_in(root)) if root is not None else []:
                root = self._restored(restore)
                if root is None:
                    return
                button = find_keyed(root, key)
                if button is None:
                    continue
                tabs = bring_into_view(button)
                if self.choose_rows:
                    choose_first_rows(root)
                if not _closing(button):
                    name = key[0].split(":", 1)[1] + (f" #{key[1]}" if key[1] else "")
                    self.click(ARROW.join([*tabs, name]), button)
        finally:
            self._where.pop()

    def _restored(self, restore: Callable[[], QWidget]) -> QWidget | None:
        """The page brought back, or None (and a fault) if bringing it back failed."""
        try:
            root = restore()
            self.settle()
            return root
        except Exception as exc:  # noqa: BLE001 — e.g. the record failed to open
            self.fault(f"opening the page failed: {type(exc).__name__}: {exc}")
            return None

    def press_menus(
        self,
        window,
        restore: Callable[[], None],
        page: Callable[[], QWidget] | None = None,
    ) -> None:
        """Trigger every action in the menu bar. An action that brings up a page of the
        window not seen before has that page's buttons pressed too."""
        seen_pages: list[QWidget] = []  # kept, so a new page cannot take a seen one's id()
        for path, action, menus in menu_actions(window.menuBar()):
            restore()
            for menu in menus:  # menus set what the role may use as they open
                menu.aboutToShow.emit()
            before = page() if page else None
            self._where.extend(path[:-1])
            try:
                pressed = self.trigger_action(path[-1], action)
            finally:
                del self._where[len(self._where) - len(path) + 1 :]
            if not pressed or page is None:
                continue
            shown = page()
            if shown is before or any(shown is seen for seen in seen_pages):
                continue
            seen_pages.append(shown)

            def back_to(shown=shown, action=action, menus=menus):
                restore()
                for menu in menus:
                    menu.aboutToShow.emit()
                action.trigger()
                self.settle()
                return shown

            self.press_page(ARROW.join(path), back_to)

    # --- dialogs ------------------------------------------------------------------------

    def _watch(self) -> QTimer:
        # Qt does not re-enter a timer's slot, so each dialog being answered gets a new
        # watcher for the dialogs it opens in turn.
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(self._look)
        timer.start()
        self._timers.append(timer)
        return timer

    def _next_dialog(self) -> QWidget | None:
        modal = QApplication.activeModalWidget()
        if _alive(modal) and self._answerable(modal):
            return modal
        for widget in QApplication.topLevelWidgets():
            if self._answerable(widget) and isinstance(widget, QDialog):
                return widget
        return None

    def _answerable(self, widget: QWidget) -> bool:
        return (
            widget.isVisible()
            and widget.isWindow()
            and not isinstance(widget, (QProgressDialog, QMenu))
            and not widget.property(BEFORE_THE_WALK)
            and all(widget is not h for h in self._handling)
            and not _blocked(widget)
        )

    def _look(self) -> None:
        dialog = self._next_dialog()
        if dialog is None:
            return
        nested = self._watch()
        try:
            self.answer(dialog)
        finally:
            nested.stop()
            self._timers.remove(nested)

    def answer(self, dialog: QWidget) -> None:
        name = f"{type(dialog).__name__} “{dialog.windowTitle()}”"
        self._where.append(name)
        self.walk.dialogs.append(self.where())
        self._handling.append(dialog)
        self._visits[dialog] = self._visits.get(dialog, 0) + 1
        try:
            custom = self.answers.get(type(dialog).__name__)
            if custom is not None:
                custom(dialog, self)
            elif isinstance(dialog, QMessageBox):
                # Asked the same question again inside its own answer (a form that asks
                # before closing, whose Save was refused): let the form go this time, or
                # the walk would answer for ever.
                asked_again = self._where.count(name) > 1 or len(self._handling) > 5
                self._answer_message(dialog, let_go=asked_again)
            elif self._visits[dialog] > 2 or len(self._handling) > 5:
                pass  # asked again after a refusal, or too deep: closed below
            else:
                self.press_dialog(dialog)
        except Exception as exc:  # noqa: BLE001 — recorded; the walk goes on
            self.fault(f"{type(exc).__name__} while answering: {exc}")
        finally:
            self._handling.remove(dialog)
            if _alive(dialog) and dialog.isVisible():
                if isinstance(dialog, QDialog):
                    dialog.reject()
                else:
                    dialog.close()
            self._where.pop()

    def _answer_message(self, box: QMessageBox, let_go: bool = False) -> None:
        buttons = box.buttons()
        roles = (QMessageBox.ButtonRole.DestructiveRole,) if let_go else AFFIRMATIVE
        chosen = next((b for role in roles for b in buttons if box.buttonRole(b) == role), None)
        chosen = chosen or box.defaultButton() or box.escapeButton() or (buttons or [None])[0]
        if chosen is not None:
            self.click(label_of(chosen), chosen)

    def press_dialog(self, dialog: QWidget) -> None:
        """Every button in the dialog, those that close it last: Save or OK first (a
        refusal keeps it open), then Cancel or Close."""
        buttons = buttons_in(dialog)
        for button in [b for b in buttons if not _closing(b)]:
            if not _alive(dialog) or not dialog.isVisible():
                return
            if self.choose_rows:
                choose_first_rows(dialog)
            self.click(label_of(button), button)
        self.press_enter_on_lists(dialog)
        closing = [b for b in buttons if _alive(b) and _closing(b)]
        affirmative_first = sorted(
            closing,
            key=lambda b: (
                0
                if isinstance(b.parentWidget(), QDialogButtonBox)
                and b.parentWidget().buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
                else 1
            ),
        )
        for button in affirmative_first:
            if not _alive(dialog) or not dialog.isVisible():
                return
            self.click(label_of(button), button)

    def press_enter_on_lists(self, window: QWidget) -> None:
        """Enter on the first row of each list in ``window``: one key, at most one dialog.
        (In a dialog a list's own Enter and the default button both acted: two stacked
        forms for one key.)"""
        for view in window.findChildren(QAbstractItemView):
            if not _alive(window) or not window.isVisible():
                return
            if view.window() is not window or not view.isVisible():
                continue
            if isinstance(view, QHeaderView):
                continue
            model = view.model()
            if model is None or model.rowCount() == 0:
                continue
            view.setCurrentIndex(model.index(0, 0))
            view.setFocus()
            label = f"Enter on “{view.accessibleName() or type(view).__name__}”"
            before = len(self.walk.dialogs)
            at_once: list[int] = []

            def enter(view=view, at_once=at_once) -> None:
                shown = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
                QTest.keyClick(view, Qt.Key.Key_Return)
                at_once.append(  # forms opened with open() are all on screen by now
                    sum(
                        1
                        for w in QApplication.topLevelWidgets()
                        if isinstance(w, QDialog)
                        and not isinstance(w, QProgressDialog)
                        and w.isVisible()
                        and id(w) not in shown
                    )
                )

            self.press(label, enter)
            depth = len(self._where) + 2  # the press, then a dialog it opened in turn (exec)
            one_by_one = [d for d in self.walk.dialogs[before:] if len(d.split(ARROW)) == depth]
            opened = max(len(one_by_one), *at_once, 0)
            if opened > 1:
                self._where.append(label)
                self.fault(f"one Enter opened {opened} dialogs")
                self._where.pop()


def menu_actions(bar) -> list[tuple[list[str], QAction, list[QMenu]]]:
    """(path of labels, action, the menus it sits in) for every action in the menu bar."""
    found = []

    def walk(menu: QMenu, path: list[str], menus: list[QMenu]) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), [*path, label_of(action)], [*menus, action.menu()])
            else:
                found.append(([*path, label_of(action)], action, menus))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), [label_of(top)], [top.menu()])
    return found


class _FaultLog(logging.Handler):
    """An error the app logs is one a person met as "Something went wrong"."""

    def __init__(self, presser: Presser):
        super().__init__(logging.ERROR)
        self.presser = presser

    def emit(self, record: logging.LogRecord) -> None:
        detail = ""
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            tb = traceback.extract_tb(record.exc_info[2])
            at = f" at {tb[-1].filename.rsplit('/', 2)[-1]}:{tb[-1].lineno}" if tb else ""
            detail = f": {type(exc).__name__}: {exc}{at}"
        self.presser.fault(f"logged error ({record.name}) {record.getMessage()}{detail}")
