"""The GP summary button on the client record: pressed, saved where the person chose, readable."""

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.main_window import MainWindow
from tests.factories import bundle, client, contact, referral, uid


def test_pressing_gp_summary_writes_the_pdf_the_person_chose(qtbot, tmp_path, monkeypatch):
    store = open_store(tmp_path / "c.db", create=True)
    import_bundle(
        store,
        bundle(
            clients=[client("ayesha")],
            referrals=[referral("r1", "ayesha")],
            contacts=[contact("c1", "ayesha")],
        ),
    )
    out = tmp_path / "chosen" / "summary.pdf"
    out.parent.mkdir()
    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (asked.append(a) or str(out), "PDF (*.pdf)")),
    )
    told = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.open_client(uid("ayesha"))
    qtbot.mouseClick(win.record.gp_summary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert asked, "the save dialog was not asked"
    assert str(out) in told[0]
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Khan" in text and "943 476 5919" in text
    store.close()
