"""The client's timeline as a table: date, what happened, details."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ....core.measures.safety import flags_in
from ....core.timeline import TimelineEntry
from ... import words


def _t(text: str) -> str:
    return QCoreApplication.translate("timeline", text)


def when(entry: TimelineEntry) -> str:
    iso = entry.on
    text = f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
    return text + (f" {iso[11:16]}" if len(iso) > 10 else "")


def what(entry: TimelineEntry) -> str:
    r = entry.record
    return {
        "referral": lambda: _t("Referral received"),
        "triage": lambda: _t("Referral %1").replace("%1", words.referral_outcome(r["outcome"])),
        "tier_change": lambda: _t("Moved to %1").replace("%1", words.tier(r["tier"])),
        "discharge": lambda: _t("Discharged"),
        "contact": lambda: words.contact_type(r["type"]),
        "assessment": lambda: words.instrument(r["instrument"]),
        "goal_set": lambda: _t("Goal set (footstep %1)").replace("%1", str(r["footstep"])),
        "goal_review": lambda: _t("Goal reviewed"),
        "flag_raised": lambda: _t("Flag raised: %1").replace("%1", words.flag(r["kind"])),
        "flag_cleared": lambda: _t("Flag cleared: %1").replace("%1", words.flag(r["kind"])),
        "module": lambda: _t("Attended %1").replace("%1", words.module(r["module"])),
        "igro_rating": lambda: _t("iGro star rated"),
    }.get(entry.kind, lambda: entry.kind)()


def details(entry: TimelineEntry) -> str:
    r, d = entry.record, entry.detail
    if entry.kind == "referral":
        parts = [_t("from %1").replace("%1", words.referral_source(r["source"]))]
        return "; ".join(parts + ([r["reason"]] if r.get("reason") else []))
    if entry.kind == "triage" and r.get("decline_reason"):
        return r["decline_reason"]
    if entry.kind == "tier_change":
        return r.get("reason") or ""
    if entry.kind == "discharge":
        return words.discharge_reason(r["reason"])
    if entry.kind == "contact":
        parts = [words.contact_outcome(r["outcome"]), words.venue(r.get("venue"))]
        if r.get("duration_minutes"):
            parts.append(_t("%1 min").replace("%1", str(r["duration_minutes"])))
        if r.get("staff"):
            parts.append(r["staff"])
        return " · ".join(p for p in parts if p)
    if entry.kind == "assessment":
        return _assessment_details(r, d)
    if entry.kind == "goal_set":
        return r["text"]
    if entry.kind == "goal_review":
        return f"{words.goal_status(d['status'])}: {r['text']}"
    if entry.kind in ("flag_raised", "flag_cleared"):
        who = r.get("raised_by") if entry.kind == "flag_raised" else r.get("cleared_by")
        return who or ""
    if entry.kind == "module":
        return r.get("venue") or ""
    if entry.kind == "igro_rating":
        return " · ".join(f"{arm}: {s}" for arm, s in zip(r["arms"], d["scores"], strict=False))
    return ""


def _assessment_details(r: dict, d: dict) -> str:
    parts = [words.time_point(r["time_point"])]
    for name, value in (d.get("scores") or {}).items():
        if value is None:
            continue
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        band = (d.get("bands") or {}).get(name)
        parts.append(
            f"{name.replace('_', ' ')} {shown}" + (f" ({band.replace('_', ' ')})" if band else "")
        )
    for flag in flags_in(d.get("flags")):
        parts.append(
            _t("RISK: item %1 answered above %2")
            .replace("%1", str(flag.item))
            .replace("%2", str(flag.above))
        )
    return " · ".join(parts)


class TimelineModel(QAbstractTableModel):
    HEADERS = ("When", "What", "Details")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []
        # On a laptop joined to a hub: record id → (who, when) of changes others made since
        # it joined, pulled from the hub; those entries say who and when.
        self.changed: dict[str, tuple[str, str]] = {}

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("What"), self.tr("Details"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (when, what, details)[index.column()](entry)
            if index.column() == 2 and self.changed:
                news = changed_by(entry, self.changed)
                text = " · ".join(p for p in (text, news) if p)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and _is_risk(entry):
            return QBrush(QColor("#b00020"))
        return None


def changed_by(entry: TimelineEntry, changed: dict[str, tuple[str, str]]) -> str:
    """The words "changed by Rukhsana Begum at 10:41" for a record someone else changed, as
    the hub told this laptop when it fetched the change."""
    from ..hub.controller import local_time

    found = changed.get(entry.record.get("id"))
    if found is None:
        return ""
    login, at = found
    return _t("changed by %1 at %2").replace("%1", login).replace("%2", local_time(at))


def _is_risk(entry: TimelineEntry) -> bool:
    if entry.kind == "assessment":
        return bool(flags_in(entry.detail.get("flags")))
    return entry.kind == "flag_raised" and entry.record.get("kind") == "risk"
