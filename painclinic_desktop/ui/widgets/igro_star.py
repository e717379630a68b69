"""The iGro star, drawn with QPainter: five arms in the client's words, rings and 0-10 ticks,
one polygon per rating and the rating being entered, with a legend underneath.

Each rating has its own colour, line pattern and vertex marker (the colours and markers of
the printed star), so the chart still reads when printed or seen in black and white. The
rating being entered is drawn with large round handles: drag a handle along its arm, or use
the keyboard (Left/Right choose the arm, digits 0-9 or Up/Down set it, Home 0, End 10).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.igro import ARM_COUNT, MAX_SCORE, RatingSummary
from ...reports.star_drawing import short_date, styles_for
from .igro_star_state import StarState

SIN54, COS18 = math.sin(math.radians(54)), math.cos(math.radians(18))
HIGHLIGHT = QColor("#1f5fa8")


@dataclass(frozen=True)
class ScreenStyle:
    colour: QColor
    dashes: tuple[float, ...] | None  # in units of the pen width; None is a solid line
    width: float
    marker: str
    round_cap: bool = False


# Patterns for the screen, in date order as on the printed star: dotted, dashed, dash-dot,
# short dash; the latest rating is always solid black with a light fill.
_PATTERNS = (
    ((0.01, 2.2), True),
    ((4.0, 2.0), False),
    ((6.0, 1.6, 1.0, 1.6), False),
    ((2.0, 2.0), False),
)
DRAFT = ScreenStyle(QColor("#ad1457"), (3.0, 1.2), 3.0, "handle")


def screen_styles(count: int) -> list[ScreenStyle]:
    """A style per drawn rating (oldest first), matching the printed star's colour and marker."""
    styles = []
    for n, printed in enumerate(styles_for(count)):
        colour = QColor.fromRgbF(printed.colour.red, printed.colour.green, printed.colour.blue)
        if n == count - 1:
            styles.append(ScreenStyle(colour, None, 3.0, printed.marker))
        else:
            dashes, round_cap = _PATTERNS[n % len(_PATTERNS)]
            styles.append(ScreenStyle(colour, dashes, 2.4, printed.marker, round_cap))
    return styles


class IgroStarWidget(QWidget):
    """Shows ``model`` (a StarState) and edits its rating being entered."""

    def __init__(self, model: StarState | None = None, parent=None):
        super().__init__(parent)
        self.model = model or StarState()
        self.model.subscribe(self._model_changed)
        self.active_arm = 0
        self._drag_arm: int | None = None
        self._last_digit: tuple[int, str, float] | None = None  # (arm, digit, when)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(380, 360)
        self.setAccessibleName(self.tr("iGro star"))
        self.client_words = None  # a translation pack: the legend in the client's language
        self._model_changed()

    def sizeHint(self) -> QSize:
        return QSize(560, 400)

    def _model_changed(self) -> None:
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if self.model.can_rate else Qt.CursorShape.ArrowCursor
        )
        self.setAccessibleDescription(self._described())
        self.update()

    def _described(self) -> str:
        parts = []
        for summary in self.model.summaries():
            parts.append(
                self.tr("%1 %2: scores %3; average %5 of 10, area %4% of the full star")
                .replace("%1", label_word(summary.label))
                .replace("%2", summary.rated_on)
                .replace("%3", ", ".join(str(s) for s in summary.scores))
                .replace("%4", f"{summary.percent:.0f}")
                .replace("%5", f"{summary.mean:.1f}")
            )
        return "; ".join(parts) or self.tr("Not rated yet")

    # --- geometry -------------------------------------------------------------------------

    def layout_now(self) -> _Layout:
        return _Layout(self.rect(), self.font(), self._legend_rows(), self.model.arms)

    def arm_point(self, arm: int, value: float) -> QPointF:
        """Where a score sits on an arm, in widget coordinates (also for tests that drag)."""
        return self.layout_now().point(arm, value)

    def _legend_rows(self) -> int:
        return sum(len(lines) for _, lines in self._legend_entries())

    def _legend_width(self) -> float:
        rect = QRectF(self.rect())
        margin = max(12.0, rect.width() * 0.06)
        return rect.width() - 2 * margin - 56

    def _legend_entries(self) -> list[tuple[ScreenStyle | None, list[str]]]:
        """Each legend row's line style and its words, wrapped to two lines at most: a
        legend in Urdu or Bengali is longer than the English one."""
        drawn = self.model.drawn()
        rows: list[tuple[ScreenStyle | None, str]] = [
            (style, self._legend_line(summary))
            for (_, summary), style in zip(drawn, screen_styles(len(drawn)), strict=True)
        ]
        if self._draft_shown():
            rows.append((DRAFT, self._draft_line()))
        if not rows:
            rows.append((None, self._not_rated()))
        metrics = QFontMetricsF(self.font())
        return [(style, wrap(metrics, text, self._legend_width(), 2)) for style, text in rows]

    def _draft_shown(self) -> bool:
        return self.model.can_rate and any(v is not None for v in self.model.draft)

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 — Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.model.star is None:
            self._paint_empty(painter)
            return
        layout = self.layout_now()
        self._paint_grid(painter, layout)
        self._paint_labels(painter, layout)
        drawn = self.model.drawn()
        for (_, summary), style in zip(drawn, screen_styles(len(drawn)), strict=True):
            filled = summary is drawn[-1][1]
            self._paint_polygon(painter, layout, [float(s) for s in summary.scores], style, filled)
        if self._draft_shown():
            self._paint_draft(painter, layout)
        self._paint_legend(painter, layout, drawn)
        if self.hasFocus():
            painter.setPen(QPen(HIGHLIGHT, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor("#44546a"))
        painter.drawText(
            QRectF(self.rect()).adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.tr(
                "No iGro star yet.\nWrite the five arms in the client's words, then start the star."
            ),
        )

    def _paint_grid(self, painter: QPainter, g: _Layout) -> None:
        for value in range(2, MAX_SCORE + 1, 2):
            outer = value == MAX_SCORE
            pen = QPen(QColor("#6b6b6b") if outer else QColor("#d0d0d0"), 1.4 if outer else 1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([g.point(arm, value) for arm in range(ARM_COUNT)]))
        for arm in range(ARM_COUNT):
            active = self.hasFocus() and self.model.can_rate and arm == self.active_arm
            painter.setPen(QPen(HIGHLIGHT if active else QColor("#8a8a8a"), 3 if active else 1.2))
            painter.drawLine(g.point(arm, 0), g.point(arm, MAX_SCORE))
            painter.setPen(QPen(QColor("#8a8a8a"), 1))
            for value in range(1, MAX_SCORE + 1):
                painter.drawLine(*g.tick(arm, value, 5 if value % 2 == 0 else 3))
        painter.setFont(g.small_font)
        painter.setPen(QColor("#555555"))
        for value in range(0, MAX_SCORE + 1, 2):
            p = g.point(0, value)
            painter.drawText(
                QRectF(p.x() - 34, p.y() - 9, 26, 18),
                Qt.AlignmentFlag.AlignRight
                | Qt.AlignmentFlag.AlignAbsolute
                | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )

    def _paint_labels(self, painter: QPainter, g: _Layout) -> None:
        painter.setFont(g.label_font)
        for arm in range(ARM_COUNT):
            active = self.hasFocus() and self.model.can_rate and arm == self.active_arm
            painter.setPen(HIGHLIGHT if active else QColor("black"))
            rect, align = g.label_rect(arm)
            # Beside its arm's tip whatever the widget's direction.
            align |= Qt.AlignmentFlag.AlignAbsolute
            painter.drawText(rect, align, "\n".join(g.labels[arm]))

    def _paint_polygon(
        self, painter: QPainter, g: _Layout, scores: list[float], style: ScreenStyle, filled: bool
    ) -> None:
        painter.setPen(pen_for(style))
        painter.setBrush(QColor(0, 0, 0, 26) if filled else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(QPolygonF([g.point(arm, scores[arm]) for arm in range(ARM_COUNT)]))
        for arm in range(ARM_COUNT):
            draw_marker(painter, g.point(arm, scores[arm]), style)

    def _paint_draft(self, painter: QPainter, g: _Layout) -> None:
        draft = self.model.draft
        if self.model.draft_complete:
            painter.setPen(pen_for(DRAFT))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([g.point(a, float(v or 0)) for a, v in enumerate(draft)]))
        for arm, value in enumerate(draft):
            if value is not None:
                draw_marker(painter, g.point(arm, value), DRAFT, arm == self._drag_arm)

    def _paint_legend(
        self, painter: QPainter, g: _Layout, drawn: list[tuple[int, RatingSummary]]
    ) -> None:
        painter.setFont(self.font())
        # Right to left (a client reading Urdu or Arabic): each line's sample at the right,
        # its words reading leftwards from it. Places are given absolutely: the painter of
        # a right-to-left widget would otherwise swap left and right alignment.
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = g.legend_left, g.rect.right() - (g.legend_left - g.rect.left())
        width = self._legend_width()
        row = 0
        for style, lines in self._legend_entries():
            y = g.legend_top + row * g.row_height + g.row_height / 2
            start = right - 44 if rtl else left
            if style is not None:
                painter.setPen(pen_for(style))
                painter.drawLine(QPointF(start, y), QPointF(start + 44, y))
                draw_marker(painter, QPointF(start + 22, y), style)
            painter.setPen(QColor("black"))
            x = right - 56 - width if rtl else left + 56
            side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
            # The line itself reads right to left, "5%" and all (the painter does not take
            # the widget's direction by itself).
            painter.setLayoutDirection(self.layoutDirection())
            for n, text in enumerate(lines):
                painter.drawText(
                    QRectF(x, y - g.row_height / 2 + n * g.row_height, width, g.row_height),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute | side,
                    text,
                )
            row += len(lines)

    def set_client_words(self, pack) -> None:
        """Word the legend from a translation pack (the client's materials language; None:
        the staff member's words) and lay it out in the pack's direction."""
        self.client_words = pack
        rtl = pack is not None and pack.rtl
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        self.update()

    def _legend_line(self, summary: RatingSummary) -> str:
        if self.client_words is None:
            return legend_text(self, summary)
        from ...core.material_words import ENGLISH
        from ...reports.client_plan_layout import plan_date

        pack = self.client_words
        key = f"star.{summary.label}"
        label = pack.words(key, ENGLISH[key]) if key in ENGLISH else summary.label
        return pack.words(
            "star.legend",
            ENGLISH["star.legend"],
            label=label,
            date=plan_date(pack, summary.rated_on),
            mean=f"{summary.mean:.1f}",
            percent=f"{summary.percent:.0f}",
        )

    def _draft_line(self) -> str:
        summary = self.model.draft_summary()
        if self.client_words is None:
            return draft_legend_text(self, summary)
        from ...core.material_words import ENGLISH

        if summary is None:
            return self.client_words.words(
                "star.draft_incomplete", ENGLISH["star.draft_incomplete"]
            )
        return self.client_words.words(
            "star.draft",
            ENGLISH["star.draft"],
            mean=f"{summary[0]:.1f}",
            percent=f"{summary[1]:.0f}",
        )

    def _not_rated(self) -> str:
        if self.client_words is None:
            return self.tr("Not rated yet")
        from ...core.material_words import ENGLISH

        return self.client_words.words("star.not_rated", ENGLISH["star.not_rated"])

    # --- entering a rating ----------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802
        arm = self._arm_under(event.position()) if self.model.can_rate else None
        if arm is None:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.active_arm, self._drag_arm = arm, arm
        self._drag_to(event.position())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        # Track by our own state: synthetic test moves do not carry the pressed button.
        if self._drag_arm is not None:
            self._drag_to(event.position())

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag_arm is not None:
            self._drag_to(event.position())
            self._drag_arm = None
            self.update()

    def _drag_to(self, position: QPointF) -> None:
        g = self.layout_now()
        self.model.set_score(self._drag_arm, round(g.value_at(self._drag_arm, position)))

    def _arm_under(self, position: QPointF) -> int | None:
        """The arm nearest a press inside the star (within 30 degrees of it)."""
        g = self.layout_now()
        dx, dy = position.x() - g.cx, g.cy - position.y()
        if math.hypot(dx, dy) > g.radius * 1.15:
            return None
        if math.hypot(dx, dy) < 4:
            return self.active_arm
        angle = math.degrees(math.atan2(dy, dx))
        arm = min(range(ARM_COUNT), key=lambda a: _angle_gap(angle, 90 - 72 * a))
        return arm if _angle_gap(angle, 90 - 72 * arm) <= 30 else None

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if not self.model.can_rate or not self._rating_key(event.key(), event.text()):
            super().keyPressEvent(event)

    def _rating_key(self, key: int, text: str) -> bool:
        arm = self.active_arm
        moves = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Plus: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_Minus: -1}
        if key in moves:
            self.active_arm = (arm + moves[key]) % ARM_COUNT
            self.update()
        elif key in steps:
            self.model.step_score(arm, steps[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.model.set_score(arm, 0 if key == Qt.Key.Key_Home else MAX_SCORE)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.model.set_score(arm, None)
        elif text.isdigit() and len(text) == 1:
            self.model.set_score(arm, self._digit_value(arm, text))
        else:
            return False
        return True

    def _digit_value(self, arm: int, digit: str) -> int:
        # "1" then "0" typed quickly on the same arm means 10.
        now, last = time.monotonic(), self._last_digit
        self._last_digit = (arm, digit, now)
        if digit == "0" and last and last[:2] == (arm, "1") and now - last[2] < 1.5:
            return MAX_SCORE
        return int(digit)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


class _Layout:
    """Where everything goes for a widget rectangle: labels around, legend underneath."""

    def __init__(self, rect, font: QFont, legend_rows: int, arms: list[str]):
        self.rect = QRectF(rect)
        self.label_font = QFont(font)
        self.label_font.setBold(True)
        self.small_font = QFont(font)
        self.small_font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        metrics = QFontMetricsF(self.label_font)
        self.line = line = metrics.lineSpacing()
        self.row_height = max(20.0, QFontMetricsF(font).lineSpacing() + 6)
        legend_height = legend_rows * self.row_height + 8
        self.side_width = max(90.0, min(self.rect.width() * 0.22, 180.0))
        self.bottom_width = max(120.0, self.rect.width() * 0.34)
        texts = [f"{n + 1}. {arm}" for n, arm in enumerate(arms)]
        self.labels = {0: wrap(metrics, texts[0], self.rect.width() * 0.6, 3)}
        for arm in (2, 3):
            self.labels[arm] = wrap(metrics, texts[arm], self.bottom_width, 3)
        top = len(self.labels[0]) * line + 16
        bottom = max(len(self.labels[2]), len(self.labels[3])) * line + 16
        usable = self.rect.height() - legend_height - top - bottom
        across = (self.rect.width() - 2 * self.side_width - 24) / (2 * COS18)
        self.radius = max(40.0, min(usable / (1 + SIN54), across))
        # The star, its labels and the legend as one block, centred top to bottom.
        block = top + self.radius * (1 + SIN54) + bottom + legend_height
        offset = max(0.0, (self.rect.height() - block) / 2)
        self.cx = self.rect.center().x()
        self.cy = self.rect.top() + offset + top + self.radius
        self.legend_top = self.cy + self.radius * SIN54 + bottom
        self.legend_left = self.rect.left() + max(12.0, self.rect.width() * 0.06)
        for arm in (1, 4):
            self.labels[arm] = wrap(metrics, texts[arm], self.label_rect(arm)[0].width(), 3)

    def angle(self, arm: int) -> float:
        # Arm 1 points straight up; the others follow clockwise, 72 degrees apart.
        return math.radians(90 - 72 * arm)

    def point(self, arm: int, value: float) -> QPointF:
        r = self.radius * value / MAX_SCORE
        return QPointF(
            self.cx + r * math.cos(self.angle(arm)), self.cy - r * math.sin(self.angle(arm))
        )

    def tick(self, arm: int, value: int, half: float) -> tuple[QPointF, QPointF]:
        p, a = self.point(arm, value), self.angle(arm)
        dx, dy = half * math.sin(a), half * math.cos(a)  # at right angles to the arm
        return QPointF(p.x() - dx, p.y() - dy), QPointF(p.x() + dx, p.y() + dy)

    def value_at(self, arm: int, position: QPointF) -> float:
        """The score under a point, measured along the arm (clamped to 0-10)."""
        a = self.angle(arm)
        along = (position.x() - self.cx) * math.cos(a) - (position.y() - self.cy) * math.sin(a)
        return max(0.0, min(float(MAX_SCORE), along / self.radius * MAX_SCORE))

    def label_rect(self, arm: int) -> tuple[QRectF, Qt.AlignmentFlag]:
        tip = self.point(arm, MAX_SCORE)
        top_flag, centre = Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignHCenter
        if arm == 0:
            width, height = self.rect.width() * 0.6, 3 * self.line + 4
            return (
                QRectF(self.cx - width / 2, tip.y() - 10 - height, width, height),
                Qt.AlignmentFlag.AlignBottom | centre,
            )
        if arm in (1, 4):
            height = 3 * self.line + 4
            y = tip.y() - height / 2
            if arm == 1:
                rect = QRectF(tip.x() + 10, y, self.rect.right() - tip.x() - 14, height)
                return rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            rect = QRectF(self.rect.left() + 4, y, tip.x() - self.rect.left() - 14, height)
            return rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
        # The two lower arms: below their tips, pushed outwards so the labels never meet.
        half = self.bottom_width / 2
        x = self.cx + max(abs(tip.x() - self.cx), half + 6) * (1 if arm == 2 else -1)
        return QRectF(
            x - half, tip.y() + 8, self.bottom_width, 3 * self.line + 4
        ), top_flag | centre


def _angle_gap(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def pen_for(style: ScreenStyle) -> QPen:
    pen = QPen(style.colour, style.width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if style.round_cap else Qt.PenCapStyle.FlatCap)
    if style.dashes:
        pen.setDashPattern(list(style.dashes))
    return pen


def draw_marker(painter: QPainter, at: QPointF, style: ScreenStyle, big: bool = False) -> None:
    painter.setPen(QPen(style.colour, 1.5))
    painter.setBrush(style.colour)
    size = 4.0
    x, y = at.x(), at.y()
    if style.marker == "handle":  # the rating being entered: a large ring to grab
        painter.setPen(QPen(style.colour, 2.5))
        painter.setBrush(QColor("white") if not big else QColor("#f8bbd0"))
        painter.drawEllipse(at, 7.5 if big else 6.5, 7.5 if big else 6.5)
    elif style.marker == "circle":
        painter.drawEllipse(at, size, size)
    elif style.marker == "square":
        painter.drawRect(QRectF(x - size, y - size, 2 * size, 2 * size))
    else:
        path = QPainterPath()
        shape = (
            ((0, -1.3), (1.1, 0.8), (-1.1, 0.8))
            if style.marker == "triangle"
            else ((0, -1.4), (1.1, 0), (0, 1.4), (-1.1, 0))
        )
        path.addPolygon(QPolygonF([QPointF(x + dx * size, y + dy * size) for dx, dy in shape]))
        path.closeSubpath()
        painter.drawPath(path)


def wrap(metrics: QFontMetricsF, text: str, width: float, max_lines: int) -> list[str]:
    """Word-wrapped lines that fit ``width``; the last one ends in … when text is left over."""
    lines: list[str] = []
    words = text.split()
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + " …"
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def label_word(code: str) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {"start": "Start", "mid": "Mid-point", "end": "End", "review": "Review"}
    return QCoreApplication.translate("igro", words.get(code, code))


def legend_text(widget: QWidget, s: RatingSummary) -> str:
    text = (
        widget.tr("%1, %2: average %3 of 10, area %4% of the full star")
        .replace("%1", label_word(s.label))
        .replace("%2", short_date(s.rated_on))
        .replace("%3", f"{s.mean:.1f}")
        .replace("%4", f"{s.percent:.0f}")
    )
    return text


def draft_legend_text(widget: QWidget, summary: tuple[float, float] | None) -> str:
    if summary is None:
        return widget.tr("New rating, not saved yet (give every arm a score)")
    return (
        widget.tr("New rating, not saved yet: average %1 of 10, area %2% of the full star")
        .replace("%1", f"{summary[0]:.1f}")
        .replace("%2", f"{summary[1]:.0f}")
    )
