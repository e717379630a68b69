"""Help → About: version, database and backup whereabouts, and every licence a service has to
be able to show (components, outcome measures, the shipped font)."""

from __future__ import annotations

import importlib.metadata
import os
from datetime import datetime

from PySide6.QtCore import qVersion

from painclinic_desktop import __version__
from painclinic_desktop.ui.about import AboutDialog, gather_facts


def _dialog_text(dialog: AboutDialog) -> str:
    from PySide6.QtWidgets import QLabel, QTextBrowser

    labels = [label.text() for label in dialog.findChildren(QLabel)]
    pages = [browser.toPlainText() for browser in dialog.findChildren(QTextBrowser)]
    return "\n".join(labels + pages)


def test_about_shows_version_database_and_that_no_backup_exists_yet(qtbot, tmp_path):
    database = tmp_path / "data" / "painclinic.db"
    facts = gather_facts(database, "Rethinking Pain", None)
    dialog = AboutDialog(facts)
    qtbot.addWidget(dialog)
    text = _dialog_text(dialog)
    assert f"PainClinic Desktop {__version__}" in text
    assert str(database) in text and str(tmp_path / "data" / "backups") in text
    assert "Rethinking Pain" in text
    assert "None yet" in text


def test_about_names_the_newest_automatic_backup(qtbot, tmp_path):
    database = tmp_path / "painclinic.db"
    backups = tmp_path / "backups"
    backups.mkdir()
    older = backups / "painclinic-20261101T090000000000Z.db"
    newer = backups / "painclinic-20261121T170000000000Z.db"
    for path, stamp in ((older, datetime(2026, 11, 1, 9)), (newer, datetime(2026, 11, 21, 17))):
        path.write_bytes(b"backup")
        os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    facts = gather_facts(database, None, None)
    assert facts.last_backup[1] == newer
    dialog = AboutDialog(facts)
    qtbot.addWidget(dialog)
    assert f"21-Nov-2026 17:00 ({newer.name})" in _dialog_text(dialog)


def test_about_lists_component_and_instrument_licences_and_the_font_licence(qtbot, tmp_path):
    dialog = AboutDialog(gather_facts(tmp_path / "painclinic.db", None, None))
    qtbot.addWidget(dialog)
    text = _dialog_text(dialog)
    lines = text.splitlines()  # a table row reads: component, version, licence
    for component, version, licence in (
        ("Qt 6", qVersion(), "LGPL-3.0-only"),
        ("SQLCipher", "4.", "BSD-3-Clause"),
        ("ReportLab", importlib.metadata.version("reportlab"), "BSD-3-Clause"),
        ("pyqtgraph", importlib.metadata.version("pyqtgraph"), "MIT"),
    ):
        (row,) = [i for i, line in enumerate(lines) if line.startswith(component)]
        assert lines[row + 1].startswith(version) and lines[row + 2] == licence, component
    # Outcome measures: shipped wording carries its attribution; licensed wording is not shipped.
    assert "Open Government Licence v3.0" in text  # ONS4
    assert "No permission required to reproduce" in text  # PHQ-9
    wemwbs = text.split("Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS-14 v1)")[1]
    assert wemwbs.lstrip().startswith("Wording licensed by its owners: not included.")
    assert "Bitstream" in text and "DejaVu changes are in public domain" in text
    # The fonts that print Urdu, Arabic, Bengali and Punjabi, with their own licence.
    fonts = "Noto Naskh Arabic, Noto Sans Bengali, Noto Sans Gurmukhi fonts"
    (row,) = [i for i, line in enumerate(lines) if line.startswith(fonts)]
    assert lines[row + 2] == "OFL-1.1 (SIL Open Font License)"
    assert "SIL OPEN FONT LICENSE Version 1.1" in text


def test_about_reports_a_content_pack_that_cannot_be_read(tmp_path):
    pack = tmp_path / "pack.json"
    pack.write_text("{not json", encoding="utf-8")
    facts = gather_facts(tmp_path / "painclinic.db", None, str(pack))
    assert facts.content_pack.startswith(f"The content pack {pack} cannot be read")
