"""The Pathway section of the client record: where the client is now, the actions that move
them on (tier, discharge, new referral, flags), the pathway's history and the flags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ....core import permissions
from ....core.pathway_rules import episode_of
from ....core.timeline import build_timeline
from ....services import session
from ... import client_words as more_words
from ... import words
from ...timeline_words import details, what
from ...widgets.button_row import button_row
from ...widgets.quick_form import open_dialog
from ...widgets.rows_model import RowsModel
from ...widgets.table import current_key, make_table
from . import dialogs

PATHWAY_KINDS = ("referral", "triage", "tier_change", "discharge")


def _t(text: str) -> str:
    return QCoreApplication.translate("PathwaySection", text)


def _recorded_by(entry) -> str:
    # A triage decision changes the referral, whose author stays whoever recorded it: the
    # decision's own author is in the audit trail, so none is claimed here.
    return "" if entry.kind == "triage" else entry.record.get("author") or ""


class PathwaySection(QWidget):
    @staticmethod
    def title() -> str:
        return _t("P&athway")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.record = None
        self.where = QLabel(self)
        self.where.setObjectName("pathwayWhere")
        self.where.setWordWrap(True)
        self.where.setAccessibleName(_t("Where the client is on the pathway"))
        font = self.where.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.where.setFont(font)
        actions, self.buttons = button_row(
            self,
            (
                ("tier", _t("Change tier…"), self.change_tier),
                ("discharge", _t("Discharge…"), self.discharge),
                ("referral", _t("New referral…"), self.new_referral),
                ("raise", _t("Raise flag…"), self.raise_flag),
                ("clear", _t("Clear flag…"), self.clear_flag),
            ),
        )
        self.history = RowsModel(
            [_t("Date"), _t("What"), _t("Details"), _t("Recorded by")],
            self,
            cell_tips=True,
            bold_warn=False,
        )
        self.history_table = make_table(self, self.history, _t("Pathway history"), stretch=2)
        self.flags = RowsModel(
            [_t("Flag"), _t("Raised"), _t("By"), _t("Why"), _t("Cleared"), _t("By")],
            self,
            cell_tips=True,
            bold_warn=False,
        )
        self.flags_table = make_table(self, self.flags, _t("Flags"), stretch=3)
        self.flags_table.doubleClicked.connect(lambda _: self.clear_flag())
        for table, widths in (
            (self.history_table, {0: 100, 1: 200, 3: 150}),
            (self.flags_table, {0: 220, 1: 100, 2: 140, 4: 100, 5: 140}),
        ):
            for column, width in widths.items():
                table.setColumnWidth(column, width)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self._titled(_t("Pathway history"), self.history_table))
        split.addWidget(self._titled(_t("Flags (open first)"), self.flags_table))
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addLayout(actions)
        layout.addWidget(split, 1)

    def _titled(self, title: str, table) -> QWidget:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 6, 0, 0)
        caption = QLabel(f"<b>{title}</b>", holder)
        caption.setBuddy(table)
        box.addWidget(caption)
        box.addWidget(table, 1)
        return holder

    # --- showing ------------------------------------------------------------------------

    def show_record(self, record) -> None:
        self.record = record
        episode = episode_of(record.records)
        self.where.setText(self._where_words(episode, record))
        entries = [e for e in build_timeline(record.records) if e.kind in PATHWAY_KINDS]
        self.history.set_rows(
            [(more_words.uk_date(e.on), what(e), details(e), _recorded_by(e)) for e in entries]
        )
        self._show_flags(record.records["flags"])
        self._enable(episode)

    def _where_words(self, episode, record) -> str:
        staff = record.client.get("assigned_staff")
        parts = [words.status(episode.status)]
        if episode.is_open:
            since = (episode.tier_change or {}).get("changed_on") or episode.accepted_on
            parts.append(
                _t("%1 since %2")
                .replace("%1", words.tier(episode.tier))
                .replace("%2", more_words.uk_date(since))
            )
        elif episode.status == "discharged" and episode.discharged_on:
            reason = next(
                (
                    d["reason"]
                    for d in record.records["discharges"]
                    if d["discharged_on"] == episode.discharged_on
                ),
                "",
            )
            on = _t("on %1").replace("%1", more_words.uk_date(episode.discharged_on))
            # The reason is clinical: blank (None) for a role that may not read it.
            parts.append(f"{on} ({words.discharge_reason(reason)})" if reason else on)
        if staff:
            parts.append(_t("assigned to %1").replace("%1", staff))
        return " · ".join(parts)

    def _show_flags(self, found: list[dict]) -> None:
        open_now = sorted(
            (f for f in found if not f.get("cleared_on")),
            key=lambda f: f["raised_on"],
            reverse=True,
        )
        cleared = sorted(
            (f for f in found if f.get("cleared_on")), key=lambda f: f["cleared_on"], reverse=True
        )
        ordered = open_now + cleared
        rows = [
            (
                more_words.flag_short(f["kind"]),
                more_words.uk_date(f["raised_on"]),
                f.get("raised_by") or "",
                (f.get("note") or "").replace("\n", " · "),
                more_words.uk_date(f.get("cleared_on")),
                f.get("cleared_by") or "",
            )
            for f in ordered
        ]
        alert = {
            i
            for i, f in enumerate(ordered)
            if not f.get("cleared_on") and f["kind"] in ("risk", "safeguarding")
        }
        self.flags.set_rows(rows, [f["id"] for f in ordered], alert)

    def _enable(self, episode) -> None:
        clinical = session.can(permissions.EDIT_CLINICAL)
        intake = session.can(permissions.EDIT_INTAKE)
        has_open_flag = any(not f.get("cleared_on") for f in self.record.records["flags"])
        self.buttons["tier"].setEnabled(clinical and episode.is_open)
        self.buttons["discharge"].setEnabled(clinical and episode.is_open)
        self.buttons["referral"].setEnabled(intake)
        self.buttons["raise"].setEnabled(clinical)
        self.buttons["clear"].setEnabled(clinical and has_open_flag)
        if not episode.is_open:
            tip = _t("Only an open client's tier can change, or be discharged.")
            self.buttons["tier"].setToolTip(tip)
            self.buttons["discharge"].setToolTip(tip)

    # --- actions ------------------------------------------------------------------------

    def _run(self, make, **kw) -> None:
        if self.record is None:
            return
        client_id = self.record.client["id"]
        form = make(self.context, client_id, self, **kw)
        form.keep_drafts(self.context.store, client_id, f"pathway_{make.__name__}")
        open_dialog(self, form, self.context.reload)

    def change_tier(self) -> None:
        self._run(dialogs.change_tier)

    def discharge(self) -> None:
        self._run(dialogs.discharge)

    def new_referral(self) -> None:
        self._run(dialogs.new_referral)

    def raise_flag(self) -> None:
        self._run(dialogs.raise_flag)

    def clear_flag(self) -> None:
        if self.buttons["clear"].isEnabled():
            self._run(dialogs.clear_flag, flag_id=current_key(self.flags_table))
