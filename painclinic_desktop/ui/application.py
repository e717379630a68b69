"""Starting the desktop app: choose the database, open it, show the main window."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..paths import data_dir, default_db_path, ensure_private_dir
from ..store.database import Store, open_store
from .errors import show_error
from .main_window import MainWindow, app_settings

DEMO_CLIENTS = 1000


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def create_demo(path: Path, clients: int = DEMO_CLIENTS) -> Store:
    """Create the demo caseload (used on a worker thread or before the window exists)."""
    from ..services.demo import load_demo

    store = open_store(path, create=True)
    load_demo(store, clients=clients)
    return store


def choose_database(args) -> tuple[Path, bool]:
    """(path, create_demo_if_missing) from the command line, the last session or a first-run
    question. Returns a path that exists, or the demo path to create."""
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
    from .first_run import DEMO, FirstRunDialog

    dialog = FirstRunDialog()
    if not dialog.exec():
        raise SystemExit(0)
    if dialog.choice == DEMO:
        return demo_db_path(), True
    return default_db_path(), False


def run(args, started: float) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PainClinic Desktop")
    app.setOrganizationName("PainClinic")
    ensure_private_dir(data_dir())
    try:
        path, make_demo = choose_database(args)
        if make_demo and not path.exists():
            store = _create_demo_with_progress(path)
        else:
            store = open_store(path, create=args.smoke_test or not path.exists())
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 — shown plainly, then the app stops
        if args.smoke_test:
            print(f"smoke test failed: {exc}", file=sys.stderr)
            return 1
        show_error(None, exc)
        return 1
    app_settings().setValue("database/last", str(path))
    window = MainWindow(store)
    if args.smoke_test:
        window.caseload_shown.connect(lambda _: _finish_smoke_test(app, window, started))
        QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang a build
    window.show()
    window.reload()
    code = app.exec()
    store.close()
    return code


def _finish_smoke_test(app: QApplication, window: MainWindow, started: float) -> None:
    count = len(window.caseload.state.rows)
    elapsed = time.perf_counter() - started
    print(f"smoke test: caseload of {count} clients shown {elapsed * 1000:.0f} ms after start")
    window.close()
    app.exit(0)


def _create_demo_with_progress(path: Path) -> Store:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QProgressDialog

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
