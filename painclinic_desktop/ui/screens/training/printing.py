"""Writing the training and costing files from the GUI: ask where, write off the GUI thread
on a connection of the worker's own (``store_op``), then say where the file went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ....core.file_names import safe_file_name
from ....services.database import Store
from ... import save_places
from ...ops import store_op

TRAINING = "training"


def _t(text: str) -> str:
    return QCoreApplication.translate("TrainingPrinting", text)


def write_file(
    parent: QWidget,
    store: Store,
    *,
    title: str,
    name: str,
    filters: str,
    suffix: str,
    write: Callable[[Store, Path], object],
    what: str,
    done: Callable[[], None] | None = None,
) -> None:
    """Ask for a file name, then ``write(store, path)`` in a worker."""
    from ...save_places import offer_to_open

    demo = "DEMO " if store.is_demo else ""
    chosen = save_places.ask_save_path(
        parent, TRAINING, title, safe_file_name(demo + name, suffix), filters, suffix
    )
    if not chosen:
        return
    path = Path(chosen)

    def work(worker_store: Store, progress) -> Path:
        write(worker_store, path)
        return path

    def finished(written: Path) -> None:
        if done is not None:
            done()
        offer_to_open(parent, written, what)

    store_op(parent, store.path, work, finished, label=_t("Writing %1…").replace("%1", what))
