"""The one place errors become dialogs.

Expected errors (typed in core/errors.py) are shown in plain words. Anything else is logged
(never with patient details) and shown as an apology with where the log is.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.errors import InvalidBundle, PainClinicError
from ..paths import log_dir

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, message) for an error, in plain words."""
    if isinstance(exc, InvalidBundle):
        lines = [str(p) for p in exc.problems[:20]]
        more = len(exc.problems) - len(lines)
        if more > 0:
            lines.append(_t("… and %1 more.").replace("%1", str(more)))
        body = _t("Nothing was imported. Please correct these problems and try again:")
        return _t("The file could not be imported"), body + "\n\n" + "\n".join(lines)
    if isinstance(exc, PainClinicError):
        return _t("PainClinic Desktop"), str(exc)
    from ..services.database import OperationalError  # the sign-in screen does without it

    if isinstance(exc, OperationalError) and "full" in str(exc).lower():
        return _t("The disk is full"), _t(
            "There is no space left on this computer's disk. Nothing already saved has been "
            "lost. Free some space (for example empty the recycle bin) and try again."
        )
    log.exception("unexpected error", exc_info=exc)
    return _t("Something went wrong"), _t(
        "Sorry — something unexpected went wrong. Nothing already saved has been lost.\n"
        "Details were written to the log in %1 for your IT support."
    ).replace("%1", str(log_dir()))


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    title, message = describe(exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setAccessibleName(title)
    box.exec()
