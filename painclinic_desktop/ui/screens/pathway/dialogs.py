"""The pathway forms on a client's record: change tier, discharge, a new referral (re-open),
raise and clear a flag. Each is a QuickForm: its fields, and the service call that saves it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ....core.codes import DISCHARGE_REASONS, FLAG_KINDS, TIERS
from ....services import flags, pathway, referrals
from ... import client_words as more_words
from ... import words
from ...client_words import source_choices, who
from ...widgets.quick_form import CHECK, CHOICE, DATE, NOTE, TEXT, FormField, QuickForm


def _t(text: str) -> str:
    return QCoreApplication.translate("pathway_dialogs", text)


def _intro(context, client_id: str, text: str) -> str:
    return who(context, client_id) + (f"<br>{escape(text)}" if text else "")


def _discussion_words(d: pathway.Discussion) -> str:
    note = (d.note or "").strip().splitlines()[0][:60] if (d.note or "").strip() else ""
    return _t("MDT of %1").replace("%1", more_words.uk_date(d.held_on)) + (
        f" — {note}" if note else ""
    )


def change_tier(context, client_id: str, parent=None) -> QuickForm:
    store = context.store
    current = pathway.episode(store, client_id)
    agreed = pathway.tier3_discussions(store, client_id)
    tiers = [
        (words.tier(t) + (_t(" (agreed at an MDT)") if t == 3 else ""), t)
        for t in TIERS
        if t != current.tier
    ]
    mdt = [(_t("— no MDT discussion —"), None)] + [(_discussion_words(d), d.id) for d in agreed]
    intro = _t("Now at %1. Tier 3 needs the MDT discussion that agreed it.").replace(
        "%1", words.tier(current.tier)
    )
    if not agreed:
        intro += " " + _t(
            "There is no MDT decision to move this client to Tier 3 yet: raise "
            "the flag 'Discuss at MDT' to put them on the next agenda."
        )
    fields = [
        FormField("tier", _t("&Move to:"), CHOICE, tiers, errors_for=("tier",)),
        FormField("on", _t("&Date:"), DATE, errors_for=("changed_on",)),
        FormField(
            "reason",
            _t("&Reason:"),
            NOTE,
            hint=_t("Why the tier is changing"),
            errors_for=("reason",),
        ),
        FormField(
            "mdt",
            _t("&MDT discussion:"),
            CHOICE,
            mdt,
            default=agreed[0].id if agreed else None,
            errors_for=("mdt_discussion_id",),
        ),
    ]

    def save(v):
        return pathway.change_tier(
            store,
            client_id,
            v["tier"],
            v["reason"],
            context.staff(),
            on=v["on"],
            mdt_discussion_id=v["mdt"] if v["tier"] == 3 else None,
        )

    return QuickForm(
        _t("Change tier"),
        _intro(context, client_id, intro),
        fields,
        save,
        parent,
        _t("Change tier"),
    )


def discharge(context, client_id: str, parent=None) -> QuickForm:
    reasons = [(words.discharge_reason(r).capitalize(), r) for r in DISCHARGE_REASONS]
    fields = [
        FormField("reason", _t("&Reason:"), CHOICE, reasons, errors_for=("reason",)),
        FormField("on", _t("&Date:"), DATE, errors_for=("discharged_on",)),
    ]
    intro = _t(
        "Discharging closes this episode of care. A new referral, once accepted, "
        "re-opens the record; nothing recorded is lost."
    )

    def save(v):
        return pathway.discharge(context.store, client_id, v["reason"], context.staff(), on=v["on"])

    return QuickForm(
        _t("Discharge"), _intro(context, client_id, intro), fields, save, parent, _t("Discharge")
    )


def new_referral(context, client_id: str, parent=None) -> QuickForm:
    """A referral for a client already known: a re-referral after discharge re-opens them."""
    current = pathway.episode(context.store, client_id)
    fields = [
        FormField("received_on", _t("&Received:"), DATE, errors_for=("received_on",)),
        FormField("source", _t("&Source:"), CHOICE, source_choices()),
        FormField("referrer_name", _t("Re&ferrer:"), TEXT, hint=_t("e.g. Dr A. Shah")),
        FormField("reason", _t("Reas&on:"), NOTE, hint=_t("Reason for referral")),
        FormField("accept", _t("&Accept it now"), CHECK, default=False),
    ]
    intro = _t("A new referral for this client. It waits for triage unless you accept it now.")
    if current.status == "discharged":
        intro += " " + _t("Accepting it re-opens the record at Tier 1.")

    def save(v):
        store, staff = context.store, context.staff()
        values = {k: v[k] for k in ("received_on", "source", "referrer_name", "reason")}
        with store.atomic():  # the referral and its acceptance commit together, or neither
            saved = referrals.add_referral(store, values, staff, client_id=client_id)
            if v["accept"]:
                referrals.triage(store, saved["id"], "accepted", staff)
        return saved

    return QuickForm(
        _t("New referral"),
        _intro(context, client_id, intro),
        fields,
        save,
        parent,
        _t("Save referral"),
    )


def raise_flag(context, client_id: str, parent=None) -> QuickForm:
    raised = {f["kind"] for f in flags.open_flags(context.store, client_id)}
    kinds = [(more_words.flag_short(k), k) for k in FLAG_KINDS if k not in raised]
    fields = [
        FormField("kind", _t("&Flag:"), CHOICE, kinds, errors_for=("kind",)),
        FormField(
            "why",
            _t("&Why:"),
            NOTE,
            hint=_t("What prompted it; for an interpreter, the language"),
            errors_for=("note",),
        ),
        FormField("on", _t("&Date:"), DATE, errors_for=("raised_on",)),
    ]

    def save(v):
        return flags.raise_flag(
            context.store, client_id, v["kind"], v["why"], context.staff(), on=v["on"]
        )

    return QuickForm(
        _t("Raise a flag"), _intro(context, client_id, ""), fields, save, parent, _t("Raise flag")
    )


def clear_flag(context, client_id: str, parent=None, flag_id: str | None = None) -> QuickForm:
    open_now = flags.open_flags(context.store, client_id)
    choices = [
        (f"{more_words.flag_short(f['kind'])} ({more_words.uk_date(f['raised_on'])})", f["id"])
        for f in open_now
    ]
    fields = [
        FormField("flag", _t("&Flag:"), CHOICE, choices, default=flag_id),
        FormField("why", _t("&Why:"), TEXT, hint=_t("Optional: why it no longer applies")),
        FormField("on", _t("&Date:"), DATE, errors_for=("cleared_on",)),
    ]

    def save(v):
        return flags.clear_flag(context.store, v["flag"], context.staff(), why=v["why"], on=v["on"])

    return QuickForm(
        _t("Clear a flag"), _intro(context, client_id, ""), fields, save, parent, _t("Clear flag")
    )
