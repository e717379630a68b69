"""Every action and button of a laptop joined to the hub, with clashes waiting, pressed as
in tests/ui/test_every_action.py: the record's clash badge, the hub page and its tabs, the
status bar's sync button, File ▸ Service hub… and Sync now. None may raise, log an error or
make Qt warn."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from painclinic_desktop.services import session
from painclinic_desktop.ui.main_window import MainWindow
from tests import factories as f
from tests.ui.pressing import ARROW, Presser, menu_actions

from .laptops import LOCAL_PASSWORD


def _wait(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        QApplication.processEvents()
        time.sleep(0.005)


def _sign_in_again(dialog, presser: Presser) -> None:
    """File ▸ Lock is pressed too: the laptop's own password opens it again."""
    dialog.password.setText(LOCAL_PASSWORD)
    presser.click("Sign in", dialog.sign_in_button)


def test_every_hub_action_and_button_works(qapp, team, tmp_path):
    ann, bea = team("ann"), team("bea")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    bea.sync()
    # Three fields changed differently on the two laptops: three clashes, enough for each
    # "Keep…" button to be pressed with a clash still open.
    ann.change("clients", f.uid("ayesha"), first_language="Polish", pcn="Airedale",
               employment_status="employed")  # fmt: skip
    bea.change("clients", f.uid("ayesha"), first_language="Punjabi", pcn="Keighley",
               employment_status="unemployed")  # fmt: skip
    ann.sync()
    bea.sync()
    assert len(bea.conflicts()) == 3
    session.sign_in_as(bea.login, "coach")
    window = MainWindow(bea.store)
    try:
        window.resize(1366, 768)
        window.show()
        loaded = []
        window.caseload_shown.connect(loaded.append)
        window.start()
        _wait(lambda: bool(loaded) and not window.hub_sync.running)
        assert window.hub_sync.button.text().endswith("· 3 clashes")
        presser = Presser(
            tmp_path / "files", answers={"SignInDialog": _sign_in_again}, skip=("Quit",)
        )
        with presser:
            presser.keep_window(window)

            def reopen():
                window.open_client(f.uid("ayesha"))
                return window.record

            presser.press_page("Client record", reopen)  # first: while its badge shows
            presser.press_menus(
                window, restore=window.show_caseload, page=window.pages.currentWidget
            )
            # The status bar's sync button (the walk presses menus and pages).
            presser.press("Status bar" + ARROW + "sync status", window.hub_sync.button.click)
            quit_action = next(
                a for path, a, _ in menu_actions(window.menuBar()) if path[-1] == "Quit"
            )
            presser.press("File" + ARROW + "Quit", quit_action.trigger)
        walk = presser.walk
        print(walk.summary())
        assert not walk.faults, "\n".join(map(str, walk.faults))
        pressed = "\n".join(walk.pressed)
        for label in (
            "clashes — settle them", "Keep the value now", "Keep the other value",
            "File ▸ Service hub…", "File ▸ Sync now", "Sync now (F9)", "Status bar ▸ sync status",
        ):  # fmt: skip
            assert label in pressed, f"{label} was not pressed"
        assert "HubDialog" in walk.dialog_classes()
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
