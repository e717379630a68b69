"""Where save dialogs start: the person's Documents folder, then wherever they last saved that
kind of file (monthly returns in one folder, plans in another), remembered between sessions.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

# The kinds of file remembered apart.
MONTHLY_RETURN = "monthly_return"
EVALUATION = "evaluation"
GP_SUMMARY = "gp_summary"
GP_SUMMARY_BATCH = "gp_summary_batch"
PLAN = "plan"
BUNDLE = "bundle"
KINDS = (MONTHLY_RETURN, EVALUATION, GP_SUMMARY, GP_SUMMARY_BATCH, PLAN, BUNDLE)


def _settings() -> QSettings:
    return QSettings("PainClinic", "PainClinic Desktop")


def documents_folder() -> Path:
    """The person's Documents folder (as the system names it), else their home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder(kind: str) -> Path:
    """The folder last used for ``kind`` if it is still there, else Documents."""
    remembered = _settings().value(f"save_folders/{kind}")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return documents_folder()


def start_path(kind: str, suggested_name: str) -> str:
    return str(start_folder(kind) / suggested_name)


def remember(kind: str, chosen: str | Path, *, is_folder: bool = False) -> None:
    """Remember the folder of a file saved (or the folder chosen) for next time."""
    folder = Path(chosen) if is_folder else Path(chosen).parent
    if folder.is_dir():
        _settings().setValue(f"save_folders/{kind}", str(folder))


def ask_save_path(
    parent: QWidget, kind: str, title: str, suggested_name: str, filters: str, suffix: str
) -> str:
    """Ask where to save; "" when cancelled. The name always ends in ``suffix``."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start_path(kind, suggested_name), filters)
    if not name:
        return ""
    if not name.lower().endswith(suffix):
        name += suffix
    remember(kind, name)
    return name


def ask_folder(parent: QWidget, kind: str, title: str, current: str = "") -> str:
    """Ask for a folder; "" when cancelled."""
    start = current if current and Path(current).is_dir() else str(start_folder(kind))
    name = QFileDialog.getExistingDirectory(parent, title, start)
    if name:
        remember(kind, name, is_folder=True)
    return name


def offer_to_open(parent: QWidget, path: Path, what: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        parent.tr("Saved"),
        parent.tr("%1 saved as\n%2").replace("%1", what).replace("%2", str(path)),
        QMessageBox.StandardButton.Close,
        parent,
    )
    open_folder = box.addButton(parent.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.exec()
    # Closing the window that owns the box also deletes the box while it is open.
    if shiboken6.isValid(box) and box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
