"""Form errors, the same way in every form: each message beside its field, a summary at the
top that takes the cursor to each field, and a layout that never jumps.

Each field that can be refused gets a message line reserved under it from the start, so a
message appearing (or going) moves nothing and the next click lands where it was aimed. A
message goes as soon as its field is changed, or — when the form gives a ``check`` for the
field — as soon as the check passes. The summary appears after a refused save and keeps its
place until the form closes, saying when everything has been put right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR, OK_COLOUR = "#b00020", "#2e7d32"


@dataclass
class _Field:
    label: str
    widget: QWidget
    message: QLabel
    check: Callable[[], str] | None
    problem: str = ""


class FormErrors(QObject):
    def __init__(self, form: QWidget, fixed_words: str = ""):
        super().__init__(form)
        self.form = form
        self.fields: dict[str, _Field] = {}
        self.aliases: dict[str, str] = {}
        self.general = ""  # a problem that belongs to no one field
        self.fixed_words = fixed_words or self.tr("All put right: save again.")
        self.summary = QLabel(form)
        self.summary.setObjectName("formErrorSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            f"#formErrorSummary {{ border: 2px solid {ERROR_COLOUR}; padding: 6px; }}"
        )
        self.summary.setAccessibleName(self.tr("Problems to put right"))
        self.summary.linkActivated.connect(self.go_to)
        self.summary.hide()

    # --- building -----------------------------------------------------------------------

    def field(
        self,
        key: str,
        label: str,
        widget: QWidget,
        check: Callable[[], str] | None = None,
        also: tuple[str, ...] = (),
    ) -> QWidget:
        """Register ``widget`` as field ``key`` (``also``: other names errors use for it) and
        return the widget with its message line under it, to put in the layout."""
        message = QLabel(widget.parentWidget())
        message.setObjectName("fieldMessage")
        message.setWordWrap(False)
        message.setMinimumHeight(message.fontMetrics().lineSpacing() + 2)
        message.setAccessibleName(self.tr("Problem with %1").replace("%1", label))
        self.fields[key] = _Field(label.replace("&", "").rstrip(":"), widget, message, check)
        for name in also:
            self.aliases[name] = key
        self._watch(key, widget)
        holder = QWidget(widget.parentWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(widget)
        column.addWidget(message)
        return holder

    def _watch(self, key: str, widget: QWidget) -> None:
        changed = None
        if isinstance(widget, QLineEdit):
            changed = widget.textChanged
        elif isinstance(widget, QPlainTextEdit):
            changed = widget.textChanged
        elif isinstance(widget, QComboBox):
            changed = widget.currentIndexChanged
        elif isinstance(widget, QAbstractButton):
            changed = widget.toggled
        elif hasattr(widget, "problem_changed"):  # the date entry checks itself
            widget.problem_changed.connect(lambda words, k=key: self.set_problem(k, words))
            widget.message.hide()  # its words go in the form's message line instead
            changed = widget.textChanged
        if changed is not None:
            changed.connect(lambda *_, k=key: self.recheck(k))

    # --- showing ------------------------------------------------------------------------

    def key_for(self, name: str | None) -> str | None:
        if name is None:
            return None
        name = self.aliases.get(name, name)
        return name if name in self.fields else None

    def show(self, problems: list[tuple[str | None, str]]) -> None:
        """After a refused save: each problem beside its field, all in the summary, and the
        cursor in the first field at fault."""
        self.general = ""
        for f in self.fields.values():
            f.problem = ""
        for name, words in problems:
            key = self.key_for(name)
            if key is None:
                self.general = "; ".join(filter(None, (self.general, words)))
            elif not self.fields[key].problem:
                self.fields[key].problem = words
        for key, f in self.fields.items():
            self._paint(key, f.problem)
        self.summary.show()
        self._update_summary()
        first = next((k for k, f in self.fields.items() if f.problem), None)
        if first is not None:
            self.go_to(first)

    def set_problem(self, key: str, words: str) -> None:
        f = self.fields[key]
        f.problem = words
        self._paint(key, words)
        self._update_summary()

    def recheck(self, key: str) -> None:
        """The field changed: run its check, or (with none) take its message away."""
        f = self.fields[key]
        if f.check is not None:
            words = f.check()
        else:  # being changed: the old message no longer applies (a date entry says its own)
            words = getattr(f.widget, "problem", lambda: "")()
        if words != f.problem or f.check is not None:
            self.set_problem(key, words)

    def note(self, key: str, words: str) -> None:
        """A reassuring word beside a field (e.g. "✓ a valid NHS number"), not a problem."""
        f = self.fields[key]
        if not f.problem:
            f.message.setText(words)
            f.message.setStyleSheet(f"color: {OK_COLOUR};")

    def problems(self) -> dict[str, str]:
        return {k: f.problem for k, f in self.fields.items() if f.problem}

    def go_to(self, key: str) -> None:
        f = self.fields.get(key)
        if f is not None:
            f.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _paint(self, key: str, words: str) -> None:
        f = self.fields[key]
        f.message.setText(("⚠ " + words) if words else "")
        f.message.setToolTip(words)
        f.message.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;" if words else "")
        f.widget.setAccessibleDescription(words)

    def _update_summary(self) -> None:
        if self.summary.isHidden():
            return
        items = [
            f'<li><a href="{key}">{escape(f.label)}</a>: {escape(f.problem)}</li>'
            for key, f in self.fields.items()
            if f.problem
        ]
        if self.general:
            items.append(f"<li>{escape(self.general)}</li>")
        if items:
            self.summary.setText(
                f'<b style="color:{ERROR_COLOUR}">'
                + escape(self.tr("Please put these right before saving:"))
                + "</b><ul style='margin: 0'>"
                + "".join(items)
                + "</ul>"
            )
        else:
            self.summary.setText(f'<b style="color:{OK_COLOUR}">✓ {escape(self.fixed_words)}</b>')
        # Once shown, the summary keeps the most room it has needed: the fields below it
        # stay where they are while each problem is put right.
        needed = self.summary.heightForWidth(max(self.summary.width(), 200))
        if needed > self.summary.minimumHeight():
            self.summary.setMinimumHeight(needed)
