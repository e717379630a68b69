"""Signing in to the caseload's first screen: the window's modules are imported while the
password is checked (its key derivation takes half a second on purpose), the sign-in screen
does not wait for them, the first screen waits for no report, chart or hub module, and a
wrong password is told exactly as before with nothing of the window made."""

from __future__ import annotations

import json
import threading

from painclinic_desktop.core.demo.bundle import generate_bundle
from painclinic_desktop.core.security_errors import WrongPassword
from painclinic_desktop.services import accounts, bundles, session
from painclinic_desktop.store import connection
from painclinic_desktop.ui.sign_in import SignInDialog
from tests.factories import in_a_process

from .conftest import ADMIN, PASSWORDS

WRONG = "The name or password is not right."

# Loaded when a report, chart, export or the hub is first used, never for the first screen.
LATER = (
    "painclinic_desktop.reports",
    "painclinic_desktop.services.returns",
    "painclinic_desktop.services.bundles",
    "painclinic_desktop.core.stats",
    "painclinic_desktop.ui.screens.reports",
    "painclinic_desktop.ui.screens.record",
    "pyqtgraph",
    "psycopg",
    "scipy",
    "numpy",
    "openpyxl",
    "reportlab",
    "jsonschema",
    "sqlite_utils",
)


# What signing in and opening the database use: loaded once the sign-in screen is painted.
OPENING = (
    "painclinic_desktop.store",
    "painclinic_desktop.services.accounts",
    "painclinic_desktop.services.database",
    "sqlcipher3",
    "cryptography",
    "argon2",
)


def _later(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in LATER)]


def test_the_sign_in_screen_and_the_first_screen_load_only_what_they_show(service):
    store = service.sign_in()
    doc = generate_bundle(30, seed=3)
    doc["demo"] = False
    bundles.import_bundle(store, doc)
    store.close()
    session.sign_out()
    connection._unlocked.clear()
    run = in_a_process(
        "-m", "tests.security.first_screen_probe", service.path, ADMIN, "not the password",
        PASSWORDS["admin"],
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["exit"] == 0
    # The sign-in screen came up without the main window's modules (or anything later), and
    # without the database machinery (loaded once it is painted, while the person types).
    assert "painclinic_desktop.ui.main_window" not in seen["sign_in_screen"]
    assert _later(seen["sign_in_screen"]) == []
    assert [m for m in seen["sign_in_screen"] if m.startswith(OPENING)] == []
    # A wrong password: the same plain words as ever, and no window made behind the screen.
    assert seen["refused"] == WRONG
    assert "MainWindow" not in seen["window_after_refusal"]
    # The first screen was painted without any report, chart, export or hub module.
    assert "painclinic_desktop.ui.main_window" in seen["first_paint"]
    assert _later(seen["first_paint"]) == []


def test_the_window_s_modules_are_imported_while_the_password_is_checked(service, qtbot):
    """``meanwhile`` runs on the GUI thread while the attempt is still running on its worker
    (the attempt waits for it, so it would time out if ``meanwhile`` ran after), and only for
    the first attempt: a second try after a wrong password does not run it again."""
    imported = threading.Event()
    calls = []

    def attempt(name, password):
        if not imported.wait(timeout=20):
            raise AssertionError("meanwhile did not run while the password was checked")
        return accounts.sign_in(service.path, name, password)

    def meanwhile():
        calls.append(threading.current_thread() is threading.main_thread())
        imported.set()

    dialog = SignInDialog(attempt, "Sign in", meanwhile=meanwhile)
    qtbot.addWidget(dialog)
    dialog.name.setText(ADMIN)
    dialog.password.setText("not the password")
    dialog.try_sign_in()
    qtbot.waitUntil(lambda: dialog.message.text() == WRONG, timeout=30_000)
    assert calls == [True] and dialog.password.text() == ""
    dialog.password.setText(PASSWORDS["admin"])
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.try_sign_in()
    assert calls == [True]
    dialog.result_value.close()


def test_what_signing_in_needs_is_loaded_once_the_screen_is_painted_or_at_sign_in(qtbot):
    """``prepare`` (the app: the sign-in's modules, the damage check held) runs once, just
    after the screen's first paint, or at the first Sign in if that comes first; always
    before the attempt."""
    prepared = []

    def attempt(name, password):
        assert prepared == [True], "the attempt ran before prepare"
        raise WrongPassword(WRONG)

    painted = SignInDialog(attempt, "Sign in", prepare=lambda: prepared.append(True))
    qtbot.addWidget(painted)
    painted.show()
    qtbot.waitUntil(lambda: prepared == [True])
    painted.repaint()
    qtbot.wait(50)
    assert prepared == [True]
    painted.name.setText(ADMIN)
    painted.password.setText("not the password")
    painted.try_sign_in()
    qtbot.waitUntil(lambda: painted.message.text() == WRONG)
    assert prepared == [True]

    prepared.clear()
    unseen = SignInDialog(attempt, "Sign in", prepare=lambda: prepared.append(True))
    qtbot.addWidget(unseen)
    unseen.name.setText(ADMIN)
    unseen.password.setText("not the password")
    unseen.try_sign_in()  # never painted: prepared at once, before the attempt starts
    assert prepared == [True]
    qtbot.waitUntil(lambda: unseen.message.text() == WRONG)
