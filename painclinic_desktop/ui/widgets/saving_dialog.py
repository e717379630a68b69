"""A form whose Save runs ``save()``: a refusal is shown and the form stays open, so nothing
typed is lost; what was saved is kept in ``saved`` for the page that opened it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from ..errors import show_error


class SavingDialog(QDialog):
    """A form whose Save runs ``save()``; a refusal is shown and the form stays open."""

    saved: Any = None

    def _buttons(self, layout: QVBoxLayout) -> None:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            self.saved = self.save()
        except Exception as exc:  # noqa: BLE001 — shown to the person; the form stays open
            show_error(self, exc)
            return
        self.accept()

    def save(self) -> Any:  # pragma: no cover - each form has its own
        raise NotImplementedError


def named_row(form: QFormLayout, label: str, field: QWidget) -> None:
    """A labelled row whose field a screen reader names by its label."""
    field.setAccessibleName(label.replace("&", "").rstrip(":"))
    form.addRow(label, field)
