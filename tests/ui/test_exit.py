"""Quitting after looking at a client's charts ends cleanly (no crash report on exit)."""

import subprocess
import sys
import textwrap

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from tests.factories import assessment, bundle, client, contact, referral, uid

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from painclinic_desktop.store.database import open_store
    from painclinic_desktop.ui.application import _dispose
    from painclinic_desktop.ui.main_window import MainWindow
    app = QApplication([])
    store = open_store(sys.argv[1])
    window = MainWindow(store)
    window.show()
    def visit():
        window.open_client(sys.argv[2])
        for i in range(window.record.tabs.count()):
            window.record.tabs.setCurrentIndex(i)
            app.processEvents()
        QTimer.singleShot(100, window.close)
    QTimer.singleShot(50, visit)
    app.exec()
    _dispose(app, window)
    store.close()
    print("closed")
""")


def test_quitting_after_opening_every_record_page_exits_cleanly(tmp_path):
    path = tmp_path / "c.db"
    store = open_store(path, create=True)
    import_bundle(
        store,
        bundle(
            clients=[client("a")],
            referrals=[referral("r", "a")],
            contacts=[contact("c", "a")],
            assessments=[
                assessment("b", "a"),
                assessment("e", "a", time_point="end", administered_on="2026-10-20"),
            ],
        ),
    )
    store.close()
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), uid("a")],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "PAINCLINIC_DATA_DIR": str(tmp_path / "data"),
            "HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "closed" in result.stdout
