"""Words for the entries of a client's timeline (what happened, its details, who changed it),
shown on the record's timeline and the pathway history."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.measures.safety import flags_in
from ..core.timeline import TimelineEntry
from . import words
from .words import local_time


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


def changed_by(entry: TimelineEntry, changed: dict[str, tuple[str, str]]) -> str:
    """The words "changed by Rukhsana Begum at 10:41" for a record someone else changed, as
    the hub told this laptop when it fetched the change."""
    found = changed.get(entry.record.get("id"))
    if found is None:
        return ""
    login, at = found
    return _t("changed by %1 at %2").replace("%1", login).replace("%2", local_time(at))
