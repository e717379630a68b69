"""Exporting a partner bundle from the desktop: no clinical record or column in it.

Offered where a partner's account is refused in a database that holds clinical records (Admin
▸ Accounts), and from File ▸ Export a partner bundle… (a coach or admin filling a partner's
own database; a partner sending their registers back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..services.database import Store
from .words import counted

REFUSED_HERE = (
    "A community partner never gets an account in this database: it holds clinical records, "
    "and every account's password opens the whole file, so the partner's would open the "
    "notes too.\n\n"
    "Give the partner their own community database instead. Export a partner bundle (no "
    "clinical record or column is in it); on the partner's laptop, create their database "
    "(painclinic init --partner NAME) and import the bundle into it. Their registers come "
    "back to you the same way. With a team hub, the partner joins the hub instead.\n\n"
    "No account was added."
)


def _t(text: str) -> str:
    return QCoreApplication.translate("partner_bundle", text)


def export_partner_bundle(
    parent: QWidget, store: Store, done: Callable[[str], None] | None = None
) -> None:
    """Ask where, then export on a worker; ``done`` gets the words to show."""
    from .ops import store_op
    from .save_places import BUNDLE, ask_save_path

    name = ask_save_path(
        parent,
        BUNDLE,
        _t("Export a partner bundle"),
        f"PainClinic partner bundle {date.today().isoformat()}.json",
        _t("PainClinic bundle (*.json)"),
        ".json",
    )
    if not name:
        return
    path = store.path

    def work(own, _progress):
        from ..services.community import export_partner_bundle_to

        return export_partner_bundle_to(own, name)

    def finished(count: int) -> None:
        words = counted(
            count,
            _t("Exported 1 client to %2 as a partner bundle (no clinical records)."),
            _t("Exported %1 clients to %2 as a partner bundle (no clinical records)."),
        ).replace("%2", Path(name).name)
        if done is not None:
            done(words)

    store_op(parent, path, work, finished, label=_t("Exporting…"))


def explain_partner_refused(parent: QWidget, store: Store) -> None:
    """Why a partner gets no account here, with the partner bundle offered."""
    box = QMessageBox(QMessageBox.Icon.Information, _t("A partner needs their own database"), "")
    box.setText(_t(REFUSED_HERE))
    box.setAccessibleName(_t("A partner needs their own database"))
    export = box.addButton(_t("&Export a partner bundle…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is export:
        export_partner_bundle(
            parent,
            store,
            lambda words: QMessageBox.information(parent, _t("Partner bundle"), words),
        )
