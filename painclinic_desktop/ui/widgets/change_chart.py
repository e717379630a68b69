"""One measure's mean change per group, each with its 95 % interval, beside the whole
service's: a grey band (the service's interval) and a dashed line (its mean change), with the
zero line solid. Groups whose figures are hidden (small numbers) are named with "not shown".

Painted directly so it prints and reads in black and white; text follows the widget's font.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class ChangeChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []  # core.equity.change_points rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        names = [
            f"{r['label']}: "
            + (
                self.tr("not shown (small numbers)")
                if r["mean_change"] is None
                else self.tr("mean change %1").replace("%1", f"{r['mean_change']:.2f}")
            )
            for r in rows
        ]
        self.setAccessibleDescription("; ".join(names))
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().lineSpacing() + 6

    def sizeHint(self) -> QSize:
        return QSize(560, self._line() * (len(self.rows) + 1) + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.sizeHint().height())

    def _range(self) -> tuple[float, float]:
        ends = [0.0]
        for r in self.rows:
            for key in ("mean_change", "change_ci_low", "change_ci_high"):
                if r.get(key) is not None:
                    ends.append(r[key])
        low, high = min(ends), max(ends)
        pad = (high - low) * 0.08 or 1.0
        return low - pad, high + pad

    def paintEvent(self, event) -> None:  # noqa: N802 — Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        line = self._line()
        label_width = min(self.width() * 0.42, 260)
        left, right = label_width + 8, self.width() - 12
        bottom = line * len(self.rows) + 4
        low, high = self._range()

        def x(value: float) -> float:
            return left + (value - low) / (high - low) * (right - left)

        whole = next((r for r in self.rows if r["group"] == "all"), None)
        if whole and whole.get("change_ci_low") is not None:
            band = QRectF(
                x(whole["change_ci_low"]),
                0,
                x(whole["change_ci_high"]) - x(whole["change_ci_low"]),
                bottom,
            )
            painter.fillRect(band, QColor(0, 0, 0, 28))
        if whole and whole.get("mean_change") is not None:
            painter.setPen(QPen(ink, 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(x(whole["mean_change"]), 0), QPointF(x(whole["mean_change"]), bottom)
            )
        painter.setPen(QPen(ink, 1))
        painter.drawLine(QPointF(x(0), 0), QPointF(x(0), bottom))
        for i, r in enumerate(self.rows):
            y = line * i + line / 2
            font = painter.font()
            font.setBold(r["group"] == "all")
            painter.setFont(font)
            text_box = QRectF(0, line * i, label_width, line)
            elided = self.fontMetrics().elidedText(
                r["label"], Qt.TextElideMode.ElideRight, int(label_width)
            )
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, elided)
            if r["mean_change"] is None:
                words = self.tr("not shown (small numbers)")
                box = QRectF(
                    left + 4,
                    line * i + 2,
                    self.fontMetrics().horizontalAdvance(words) + 6,
                    line - 4,
                )
                painter.fillRect(box, self.palette().window())  # the zero line passes behind
                painter.drawText(box.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, words)
                continue
            if r.get("change_ci_low") is not None:
                painter.setPen(QPen(ink, 2))
                painter.drawLine(
                    QPointF(x(r["change_ci_low"]), y), QPointF(x(r["change_ci_high"]), y)
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            painter.drawRect(QRectF(x(r["mean_change"]) - 4, y - 4, 8, 8))
            painter.setPen(QPen(ink, 1))
        font = painter.font()
        font.setBold(False)
        painter.setFont(font)
        for value in _ticks(low, high):
            painter.drawLine(QPointF(x(value), bottom), QPointF(x(value), bottom + 4))
            painter.drawText(QPointF(x(value) - 8, bottom + line - 4), f"{value:g}")
        painter.end()


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next((s for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50) if span / s <= 8), 100)
    first = int(low / step) * step
    return [round(first + i * step, 6) for i in range(12) if low <= first + i * step <= high]
