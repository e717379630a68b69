"""Cancel on File > Import a bundle and File > Export a bundle, pressed as a person would:
a cancelled import leaves the database exactly as it was (its one transaction rolled back
after records were already written in it); a cancelled export leaves no file."""

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from painclinic_desktop.services import bundles
from painclinic_desktop.services.bundles import write_bundle_file
from painclinic_desktop.store.database import reopen
from painclinic_desktop.ui import main_window, ops, save_places
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import bundle, client, contact, new_store, referral

TABLES = ("clients", "referrals", "contacts", "audit_log", "exports")


def _counts(path) -> dict:
    with reopen(path) as own:
        return {t: own.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    store = new_store(tmp_path / "c.db", clients=[client("ayesha")], referrals=[referral("r1")])
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.reload()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    win.told = told
    yield win
    store.close()


def _hold(monkeypatch, module, name, after=lambda *args: True):
    """Stop the worker inside ``module.name`` (after it ran) until released."""
    real, held, release = getattr(module, name), threading.Event(), threading.Event()

    def holding(*args, **kwargs):
        result = real(*args, **kwargs)
        if after(*args):
            held.set()
            release.wait(10)
        return result

    monkeypatch.setattr(module, name, holding)
    return held, release


def _press_cancel(qtbot, win) -> None:
    dialog = win.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in dialog.findChildren(QPushButton)), timeout=5000
    )
    [button] = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert button.text() == "Cancel"
    button.click()


def test_cancel_during_an_import_leaves_the_database_unchanged(
    window, qtbot, tmp_path, monkeypatch
):
    names = [f"new{i}" for i in range(5)]
    doc = bundle(
        clients=[client(n, nhs_number=None, family_name=f"Newby{i}") for i, n in enumerate(names)],
        referrals=[referral(f"rn{i}", n) for i, n in enumerate(names)],
        contacts=[contact(f"cn{i}", n) for i, n in enumerate(names)],
    )
    file = tmp_path / "more.json"
    write_bundle_file(doc, file)
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *args, **kw: (str(file), "")
    )
    # Held once the new clients and referrals are written inside the import's transaction.
    held, release = _hold(
        monkeypatch, bundles, "_apply_collection", lambda store, name, *rest: name == "referrals"
    )
    before = _counts(window.store.path)
    window.import_bundle()
    assert held.wait(10)
    _press_cancel(qtbot, window)
    release.set()
    qtbot.waitUntil(lambda: not ops._waiting, timeout=10_000)
    assert _counts(window.store.path) == before
    assert window.told == []  # no "Import finished"
    assert window.caseload.model.rowCount() == 1
    # The same file imported without Cancel goes in whole.
    monkeypatch.undo()
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *args, **kw: (str(file), "")
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *args: window.told.append(args[2]))
    with qtbot.waitSignal(window.caseload_shown, timeout=10_000):  # refreshed by announcement
        window.import_bundle()
    assert _counts(window.store.path)["clients"] == 6
    assert window.caseload.model.rowCount() == 6
    assert window.told and window.told[0].startswith("Imported: ")


def test_cancel_during_an_export_leaves_no_file(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "exports" / "export.json"
    out.parent.mkdir()
    monkeypatch.setattr(save_places, "ask_save_path", lambda *args, **kw: str(out))
    monkeypatch.setattr(bundles, "WRITE_BATCH", 1)  # a tiny file is asked about too
    held, release = _hold(monkeypatch, bundles, "export_bundle")
    before = _counts(window.store.path)
    window.export_bundle()
    assert held.wait(10)
    _press_cancel(qtbot, window)
    release.set()
    qtbot.waitUntil(lambda: not ops._waiting, timeout=10_000)
    assert list(out.parent.iterdir()) == []  # no file, no part of one
    assert _counts(window.store.path) == before  # no export recorded
    assert "Exported" not in window.status_text.text()
