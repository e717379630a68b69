"""Starting the desktop app: choose the database, sign in, open it, show the main window.

A service database (encrypted, with accounts) is opened only by signing in; a new one is set
up with its first admin. On close the app backs the database up (and daily while it is open),
then signs out.

What a step needs is imported when it comes. The sign-in screen waits for neither the
database machinery nor the main window: the first is imported once that screen is painted
(while the person types), the second after Sign in, while the key is derived on a worker
(Argon2id releases the GIL for its half second), so the caseload appears that much sooner.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..paths import data_dir, default_db_path, ensure_private_dir, keys_path
from ..resources_path import resource
from .collector import collect_on_gui_thread
from .errors import show_error
from .settings import app_settings

if TYPE_CHECKING:
    from ..services.database import Store
    from .main_window import MainWindow

DEMO_CLIENTS = 1000


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def create_demo(path: Path, clients: int = DEMO_CLIENTS) -> Store:
    """Create the demo caseload (used on a worker thread or before the window exists)."""
    from ..services.database import open_store
    from ..services.demo import load_demo

    store = open_store(path, create=True)
    load_demo(store, clients=clients)
    return store


def choose_database(args) -> tuple[Path | None, bool]:
    """(path, create_demo_if_missing) from the command line or the last session: a path that
    exists, or the demo path to create. (None, False) on a first start: the guide decides."""
    if args.db:
        return Path(args.db), False
    if args.demo:
        return demo_db_path(), True
    remembered = app_settings().value("database/last")
    if remembered and Path(remembered).exists():
        return Path(remembered), False
    if default_db_path().exists():
        return default_db_path(), False
    if args.smoke_test:
        return default_db_path(), False
    return None, False


def _use_remembered_text_size() -> None:
    from . import text_size

    text_size.apply_text_size(int(app_settings().value(text_size.SETTING, text_size.NORMAL)))


def run(args, started: float) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PainClinic Desktop")
    app.setOrganizationName("PainClinic")
    app.setWindowIcon(QIcon(str(resource("icons", "painclinic.svg"))))
    collect_on_gui_thread(app)  # never in a worker thread, never inside a Qt call
    _use_remembered_text_size()  # sign-in and set-up too, not only the main window
    ensure_private_dir(data_dir())
    try:
        path, make_demo = choose_database(args)
        if path is None:
            store, path = _first_start(args)
        else:
            store = _open_chosen(path, make_demo, args)
        if store is None:
            return 0  # the person chose Quit at sign-in or set-up
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 — shown plainly, then the app stops
        if args.smoke_test:
            print(f"smoke test failed: {exc}", file=sys.stderr)
            return 1
        show_error(None, exc)
        return 1
    opened(store, path)
    from .main_window import MainWindow  # imported while the key was derived, if signed in

    window = MainWindow(store)
    _keep_safe(app, window, store)
    smoke = _SmokeTest(app, window, started) if args.smoke_test else None
    window.start()
    window.show()
    _tell_what_opening_did(window, store)
    _watch_opening_check(window, store, smoke)
    code = app.exec()
    damaged = window.property("damaged") is True  # no backup of a damaged file
    _dispose(app, window)
    _close(store, backup=not (args.smoke_test or damaged))
    return code


def _tell_what_opening_did(window: MainWindow, store: Store) -> None:
    """A one-time step at sign-in (partners' accounts moved out of a database that holds
    clinical records) is told once the window is up."""
    notices, store.notices = list(store.notices), []
    if notices:
        from PySide6.QtWidgets import QMessageBox

        QTimer.singleShot(
            0,
            window,
            lambda: QMessageBox.information(
                window, window.tr("Partners' accounts moved"), "\n\n".join(notices)
            ),
        )


def opened(store: Store, path: Path) -> None:
    """Remember a service database for next time (the demo is opened on purpose, never by
    default); on the demo, work as its named made-up coach, never the computer's login."""
    if not store.is_demo:
        app_settings().setValue("database/last", str(path))
        return
    from ..services.demo import practise_as_demo_staff

    practise_as_demo_staff(store)


def _first_start(args) -> tuple[Store | None, Path]:
    """The set-up guide, then the store it leads to (None if the person cancelled)."""
    from ..services import accounts
    from .first_run import run_first_run_guide

    outcome = run_first_run_guide(data_dir())
    if outcome is None:
        return None, default_db_path()
    if outcome.path is not None:
        app_settings().setValue("database/last", str(outcome.path))
    if outcome.practise:
        if outcome.store is not None:
            accounts.sign_out(outcome.store)  # the new service database waits, closed
        return _open_chosen(demo_db_path(), True, args), demo_db_path()
    if outcome.store is not None:
        return outcome.store, outcome.path
    return _open_chosen(outcome.path, False, args), outcome.path


def _open_chosen(path: Path, make_demo: bool, args) -> Store | None:
    if make_demo and not path.exists():
        return _create_demo_with_progress(path)
    if keys_path(path).exists() and not args.smoke_test:  # a service database: sign in
        from .sign_in import sign_in_to

        return sign_in_to(
            path, prepare=lambda: _prepare_opening(path), meanwhile=import_main_window
        )
    _prepare_opening(path)
    if keys_path(path).exists():
        return _sign_in_from_environment(path)
    if not path.exists() and not args.smoke_test:
        from .set_up import set_up_service_database

        return set_up_service_database(path)
    from ..services.database import open_store

    return open_store(path, create=args.smoke_test, check_beside=True)


def _prepare_opening(path: Path) -> None:
    """Before ``path`` is opened: its damage check held (begun once the caseload is shown:
    see _watch_opening_check), and the modules signing in and opening use, imported here on
    the GUI thread (never first on the sign-in's worker, beside the window's imports)."""
    from ..services import accounts  # noqa: F401
    from ..services.integrity import hold_opening_check

    hold_opening_check(path)


def import_main_window() -> None:
    """What the first screen needs that no key opens, done on the GUI thread while the key
    is derived: the main window's modules and those its first page of clients reads with
    (about a fifth of a second). Nothing is built and no record is read before the sign-in
    has succeeded."""
    from ..services import medication  # noqa: F401  (the first page's high-dose flags)
    from . import main_window  # noqa: F401


def _sign_in_from_environment(path: Path) -> Store:
    """Only for --smoke-test of a service database (a build check has no keyboard). As after
    Sign in on the screen: the sign-in runs on a worker while the window's modules are
    imported; a wrong password is raised here as it would be by ``sign_in`` itself."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from ..services.accounts import sign_in

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sign-in") as worker:
        signing_in = worker.submit(
            sign_in,
            path,
            os.environ.get("PAINCLINIC_USER", ""),
            os.environ.get("PAINCLINIC_PASSWORD", ""),
            check_beside=True,
        )
        import_main_window()
        return signing_in.result()


def _keep_safe(app: QApplication, window: MainWindow, store: Store) -> None:
    """Clipboard clearing for NHS numbers, and the daily backup while the app is open."""
    from .clipboard import ClipboardGuard

    guard = ClipboardGuard(window)
    lock = getattr(window, "lock_controller", None)
    if lock is not None:
        lock.about_to_lock.connect(guard.clear_if_still_ours)
    if not store.is_demo:
        timer = QTimer(window)
        timer.setInterval(60 * 60 * 1000)  # look hourly; a backup is made once a day
        timer.timeout.connect(lambda: _daily_backup(window, store))
        timer.start()
        QTimer.singleShot(60_000, lambda: _daily_backup(window, store))


def _daily_backup(window: MainWindow, store: Store) -> None:
    from ..services.backup import automatic_backup, backup_due
    from .ops import store_op

    if store.is_locked or not backup_due(store.path, _now()):
        return
    # On the worker's own connection: the screens keep theirs.
    store_op(window, store.path, lambda own, _progress: automatic_backup(own, "daily"))


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _close(store: Store, backup: bool) -> None:
    """Back up (unless locked: the key is gone), record the sign-out, drop the key."""
    from ..services import accounts
    from ..services.backup import automatic_backup

    if store.is_locked:
        return
    try:
        if backup and not store.is_demo:
            automatic_backup(store, "on close")
    except Exception as exc:  # noqa: BLE001 — say so; the database itself is untouched
        show_error(None, exc)
    finally:
        if store.is_encrypted:
            accounts.sign_out(store)
        else:
            store.close()


def _dispose(app: QApplication, window: MainWindow) -> None:
    """Delete the window while Qt is still fully alive: chart widgets destroyed later, during
    interpreter shutdown, abort the process (and a crash report on every exit alarms people)."""
    import gc

    window.deleteLater()
    app.processEvents()
    del window
    gc.collect()


def _watch_opening_check(window: MainWindow, store: Store, smoke: _SmokeTest | None) -> None:
    """The damage check runs beside the first screen; if it fails, say so and close (no
    write has reached the file: writes wait for the check). Held when the file was opened,
    it begins once the whole caseload is shown (or when a write needs it, or after a few
    seconds whatever happens): reading every page of a large encrypted file would take a
    core from the caseload's load."""
    from ..services.integrity import (
        begin_opening_check,
        opening_check_finished,
        wait_for_opening_check,
    )

    window.caseload_shown.connect(lambda _seconds: begin_opening_check(store.path))

    def damaged(exc: BaseException) -> None:
        window.setProperty("damaged", True)
        if smoke is not None:
            print(f"smoke test failed: {exc}", file=sys.stderr)
            QApplication.instance().exit(1)
            return
        show_error(window, exc)
        window.close()

    # Asked a few times a second on the GUI thread, not waited for on a worker: the
    # background-work pool has two workers on most laptops, and one of them held for the
    # whole check made a person's first record wait behind the rest of the caseload.
    timer = QTimer(window)
    timer.setInterval(100)

    def look() -> None:
        if not opening_check_finished(store):
            return
        timer.stop()
        try:
            wait_for_opening_check(store)  # the verdict is in: this does not wait
        except Exception as exc:  # noqa: BLE001 — DatabaseDamaged, or the first write failed
            damaged(exc)
            return
        if smoke is not None:
            smoke.checked()

    timer.timeout.connect(look)
    timer.start()


class _SmokeTest:
    """--smoke-test: report when the first screen and the whole caseload were shown, then
    quit once the caseload is loaded and the opening check has passed."""

    def __init__(self, app: QApplication, window: MainWindow, started: float):
        self.app, self.window, self.started = app, window, started
        self.first: float | None = None  # ms after start
        self.loaded_at: float | None = None
        self.passed = False
        window.first_screen_shown.connect(self._first_screen)
        window.caseload_shown.connect(self._loaded)
        QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang a build

    def _since_start(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def _first_screen(self, _seconds: float) -> None:
        # Measured once the event loop has painted the window with those rows.
        QTimer.singleShot(0, lambda: setattr(self, "first", self._since_start()))

    def _loaded(self, _seconds: float) -> None:
        self.loaded_at = self._since_start()
        self._finish()

    def checked(self) -> None:
        self.passed = True
        self._finish()

    def _finish(self) -> None:
        if self.loaded_at is None or not self.passed:
            return
        count = len(self.window.caseload.state.rows)
        first = self.first if self.first is not None else self.loaded_at
        print(
            f"smoke test: first screen of the caseload shown {first:.0f} ms after start; "
            f"caseload of {count} clients shown {self.loaded_at:.0f} ms after start"
        )
        self.window.close()
        self.app.exit(0)


def _create_demo_with_progress(path: Path) -> Store:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QProgressDialog

    from ..services.database import open_store
    from .ops import run_op

    dialog = QProgressDialog("Preparing the demo caseload…", "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    dialog.show()
    loop = QEventLoop()
    outcome: dict = {}

    def done(store):
        outcome["store"] = store
        loop.quit()

    def failed(exc):
        outcome["error"] = exc
        loop.quit()

    def work(progress):
        store = create_demo(path)
        store.close()  # reopened on the GUI thread
        return path

    run_op(None, work, done, on_error=failed)
    loop.exec()
    dialog.reset()
    if "error" in outcome:
        path.unlink(missing_ok=True)
        raise outcome["error"]
    return open_store(path)
