"""The pressing harness itself: it finds every button and action without being told, answers
each dialog they open, and reports each kind of fault with the presses that led to it. (A
harness that pressed nothing, or missed a fault, would let every GUI test pass.)"""

import logging

from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tests.ui.pressing import Presser

log = logging.getLogger("painclinic_desktop.test_pressing")


class _Inner(QDialog):
    def __init__(self, parent, seen):
        super().__init__(parent)
        self.setWindowTitle("Inner")
        broken = QPushButton("Broken inside", self)
        broken.clicked.connect(lambda: 1 / 0)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save, self)
        box.accepted.connect(lambda: seen.append("saved") or self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(broken)
        layout.addWidget(box)


class _Window(QMainWindow):
    def __init__(self):
        super().__init__()
        self.seen = []
        tabs = QTabWidget(self)
        first, second = QWidget(), QWidget()
        tabs.addTab(first, "&First")
        tabs.addTab(second, "&Second")
        self.setCentralWidget(tabs)
        for parent, text, slot in (
            (first, "Fine", lambda: self.seen.append("fine")),
            (first, "Ask", self.ask),
            (second, "Dialog…", lambda: _Inner(self, self.seen).exec()),
            (second, "Save as…", self.save_as),
            (second, "Logs an error", lambda: log.error("something went wrong")),
            (second, "Greyed", None),
        ):
            button = QPushButton(text, parent)
            QVBoxLayout(parent) if parent.layout() is None else None
            parent.layout().addWidget(button)
            if slot is None:
                button.setEnabled(False)
            else:
                button.clicked.connect(slot)
        menu = self.menuBar().addMenu("&Tools")
        menu.addAction("&Warns", lambda: qWarning("a warning from Qt"))
        menu.addAction("&Quiet", lambda: self.seen.append("quiet"))

    def ask(self):
        if QMessageBox.question(self, "Sure?", "Go on?") == QMessageBox.StandardButton.Yes:
            self.seen.append("yes")

    def save_as(self):
        name, _ = QFileDialog.getSaveFileName(self, "Save", "report.pdf", "PDF (*.pdf)")
        self.seen.append(name)


def test_every_button_and_action_is_pressed_and_every_fault_reported(qtbot, tmp_path):
    window = _Window()
    qtbot.addWidget(window)
    window.show()
    with Presser(tmp_path / "files") as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
        presser.press_page("Window", lambda: window)
    walk = presser.walk
    assert "fine" in window.seen and "yes" in window.seen and "saved" in window.seen
    assert "quiet" in window.seen
    assert any(s.endswith("report.pdf") and str(tmp_path) in s for s in window.seen)
    assert "Window ▸ Second ▸ Greyed" in walk.greyed
    faults = {f.where: f.what for f in walk.faults}
    assert (
        "ZeroDivisionError" in faults["Window ▸ Second ▸ Dialog… ▸ _Inner “Inner” ▸ Broken inside"]
    )
    assert "something went wrong" in faults["Window ▸ Second ▸ Logs an error"]
    assert "a warning from Qt" in faults["Tools ▸ Warns"]
    assert len(faults) == 3
    assert "Window ▸ First ▸ Ask ▸ QMessageBox “Sure?”" in walk.dialogs


class _TwoFormsOnEnter(QDialog):
    """The fault triage had: a list's Enter and the dialog's default button both act."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("Lists")
        from PySide6.QtWidgets import QListWidget

        self.list = QListWidget(self)
        self.list.addItems(["one", "two"])
        self.list.setAccessibleName("Waiting")
        self.list.activated.connect(self.form)
        accept = QPushButton("Accept…", self)
        accept.clicked.connect(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(accept)
        layout.addWidget(self.list)

    def form(self):
        form = QDialog(self)
        form.setWindowTitle("Accept the referral")
        form.open()


def test_one_enter_that_opens_two_dialogs_is_a_fault(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.menuBar().addMenu("&Referrals").addAction(
        "&Triage…", lambda: _TwoFormsOnEnter(window).exec()
    )
    with Presser(tmp_path / "files") as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
    [fault] = presser.walk.faults
    assert fault.where == "Referrals ▸ Triage… ▸ _TwoFormsOnEnter “Lists” ▸ Enter on “Waiting”"
    assert "one Enter opened 2 dialogs" in fault.what


class _Form(QDialog):
    """A form whose OK is refused (an empty required field), so it stays open."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("Form")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(lambda: None)  # refused: the form stays as it is
        box.rejected.connect(self.reject)
        QVBoxLayout(self).addWidget(box)


class _List(QDialog):
    """The accounts list as a "who can" note opens it: the list, and a form over it."""

    def __init__(self, parent, pressed_under_form):
        super().__init__(parent)
        self.setWindowTitle("List")
        self.form: _Form | None = None
        other = QPushButton("Other", self)
        other.clicked.connect(
            lambda: pressed_under_form.append(self.form is not None and self.form.isVisible())
        )
        QVBoxLayout(self).addWidget(other)

    def open_with_form(self):
        self.open()
        self.form = _Form(self)
        self.form.open()


def test_a_window_under_an_open_form_waits_until_the_form_is_answered(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    pressed_under_form: list[bool] = []
    window.menuBar().addMenu("&Admin").addAction(
        "&Add a coach…", lambda: _List(window, pressed_under_form).open_with_form()
    )
    with Presser(tmp_path / "files") as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
    assert not presser.walk.faults
    # As a person would: the form on top first, and the list only once the form has gone
    # (its Cancel closed it), never inside the form's refused OK.
    assert presser.walk.dialogs == [
        "Admin ▸ Add a coach… ▸ _Form “Form”",
        "Admin ▸ Add a coach… ▸ _Form “Form” ▸ Cancel ▸ _List “List”",
    ]
    assert pressed_under_form == [False]


class _SlowList(QDialog):
    """A dialog whose answer takes longer than a press may wait with nothing happening,
    but is made of quick presses."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("Slow list")
        layout = QVBoxLayout(self)
        for n in range(4):
            button = QPushButton(f"Step {n}", self)
            button.clicked.connect(lambda _=False, n=n: _Step(self, n).open())
            layout.addWidget(button)


class _Step(QDialog):
    def __init__(self, parent, n):
        super().__init__(parent)
        self.setWindowTitle(f"Step {n}")
        import time

        time.sleep(0.3)  # each step is quick; all of them together outlast the settle time


def test_answering_a_long_dialog_is_progress_not_a_press_left_busy(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.menuBar().addMenu("&Admin").addAction("&Accounts…", lambda: _SlowList(window).open())
    with Presser(tmp_path / "files", settle_seconds=1.0) as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
    assert len([d for d in presser.walk.dialogs if "Step" in d]) == 4
    assert not presser.walk.faults


class _OneTimeKey(QDialog):
    """Like the new recovery key: it closes only once "stored safely" is ticked, and each
    showing starts unticked. The window keeps one and shows it again for each new key."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("New key")
        self.stored = QCheckBox("I have stored this safely", self)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = box.button(QDialogButtonBox.StandardButton.Close)
        self.stored.toggled.connect(self.close_button.setEnabled)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stored)
        layout.addWidget(box)

    def showEvent(self, event):
        self.stored.setChecked(False)
        self.close_button.setEnabled(False)
        super().showEvent(event)

    def reject(self):
        if self.stored.isChecked():
            super().reject()


def test_a_dialog_shown_again_is_answered_afresh_each_time(qtbot, tmp_path):
    """A dialog answered twice in earlier presses is pressed again when a later press shows
    it. Counts carried from press to press (and kept by id(), so a new dialog could inherit
    one) once left a key dialog the walk had stopped pressing open for good."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    key = _OneTimeKey(window)
    menu = window.menuBar().addMenu("&Admin")
    for n in range(1, 5):
        menu.addAction(f"New key {n}", key.exec)
    forced: list[str] = []

    def never_for_good():  # a walk that stopped pressing it would wait here for ever
        if key.isVisible():
            forced.append(key.windowTitle())
            QDialog.done(key, QDialog.DialogCode.Rejected)

    guard = QTimer()
    guard.timeout.connect(never_for_good)
    guard.start(5_000)
    with Presser(tmp_path / "files", settle_seconds=2.0) as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
    guard.stop()
    assert not forced and not presser.walk.faults
    assert len([d for d in presser.walk.dialogs if "New key" in d]) == 4
    assert not key.isVisible()


class _AlwaysRefused(QDialog):
    """A form whose OK is always refused: the window shows it again until Cancel (as the
    signposting form does while no service is chosen)."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("Refused")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        QVBoxLayout(self).addWidget(box)


def test_a_form_shown_again_after_each_refusal_is_let_go(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    shown: list[int] = []

    def ask_until_cancelled():
        form = _AlwaysRefused(window)
        while form.exec() == QDialog.DialogCode.Accepted and len(shown) < 50:
            shown.append(1)  # refused: asked again

    window.menuBar().addMenu("&Referrals").addAction("&Signpost…", ask_until_cancelled)
    with Presser(tmp_path / "files", settle_seconds=2.0) as presser:
        presser.keep_window(window)
        presser.press_menus(window, restore=lambda: None)
    assert len(shown) <= 2  # pressed twice at most, then let go (Cancel)
