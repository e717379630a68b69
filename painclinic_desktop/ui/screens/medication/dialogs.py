"""Forms for a client's medicines: add one (common UK products offered by name), change a
dose (the old dose stops, the new one starts: both kept), stop one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit

from ....core.codes import MEDICATION_SOURCES
from ....core.medication import FREE_TEXT_ROUTES, products, regimen_on
from ....services import medication
from ...client_words import who
from ...widgets.quick_form import CHOICE, DATE, EDITABLE_CHOICE, NOTE, TEXT, FormField, QuickForm
from . import words


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


NOT_IN_TABLE = ""


def _intro(context, client_id: str, text: str) -> str:
    return who(context, client_id) + (f"<br>{escape(text)}" if text else "")


def _item_words(item: dict) -> str:
    return " — ".join(filter(None, (item["name"], words.dose(item))))


def add_medicine(context, client_id: str, parent=None) -> QuickForm:
    table = medication.service_table(context.store)
    listed = products()
    drugs = [(_t("Not an opioid in the table (listed, not converted)"), NOT_IN_TABLE)]
    drugs += [(code, code) for code in table.drugs()]
    fields = [
        FormField(
            "name",
            _t("&Medicine:"),
            EDITABLE_CHOICE,
            [("", None)] + [(p.name, p.name) for p in listed],
            hint=_t("Choose a common product, or type the medicine"),
            errors_for=("name",),
        ),
        FormField("drug", _t("&Drug (OME table):"), CHOICE, drugs, errors_for=("drug",)),
        FormField(
            "route",
            _t("&Route:"),
            CHOICE,
            [(words.route(r), r) for r in FREE_TEXT_ROUTES],
            errors_for=("route",),
        ),
        FormField(
            "dose",
            _t("D&ose each time:"),
            TEXT,
            hint=_t("mg each time; a patch: its strength in micrograms/hour"),
            errors_for=("dose",),
        ),
        FormField(
            "times_per_day",
            _t("&Times a day:"),
            TEXT,
            hint=_t("e.g. 4; leave empty for a patch"),
            errors_for=("times_per_day",),
        ),
        FormField("started_on", _t("Start&ed (or first recorded):"), DATE),
        FormField(
            "source",
            _t("&Source:"),
            CHOICE,
            [(words.source(s), s) for s in MEDICATION_SOURCES],
            errors_for=("source",),
        ),
        FormField("note", _t("&Note:"), NOTE, hint=_t("Optional: how it is really taken")),
    ]

    def save(v):
        item = dict(v)
        item["drug"] = v["drug"] or None
        item["name"] = v["name"] or ""
        return medication.add_item(context.store, client_id, item, context.staff())

    form = QuickForm(
        _t("Add a medicine"),
        _intro(
            context,
            client_id,
            _t("Record what is taken now; the app calculates, it never prescribes. %1").replace(
                "%1", words.table_used(table.label)
            ),
        ),
        fields,
        save,
        parent,
        _t("Save medicine"),
    )
    _offer_products(form, {p.name: p for p in listed})
    return form


def _offer_products(form: QuickForm, listed: dict) -> None:
    """Choosing a listed product fills its drug, route and the strength of one unit."""
    name: QComboBox = form.widgets["name"]
    drug: QComboBox = form.widgets["drug"]
    route: QComboBox = form.widgets["route"]
    dose: QLineEdit = form.widgets["dose"]
    times: QLineEdit = form.widgets["times_per_day"]

    def chosen(_index: int) -> None:
        product = listed.get(name.currentData())
        if product is None:
            return
        drug.setCurrentIndex(max(0, drug.findData(product.drug or NOT_IN_TABLE)))
        route.setCurrentIndex(max(0, route.findData(product.route)))
        dose.setText(words.number(product.strength))
        if product.route == "patch":
            times.clear()

    name.currentIndexChanged.connect(chosen)


def change_dose(context, client_id: str, parent=None, item_id: str | None = None) -> QuickForm:
    current = regimen_on(medication.items(context.store, client_id), _today())
    fields = [
        FormField(
            "item",
            _t("&Medicine:"),
            CHOICE,
            [(_item_words(i), i["id"]) for i in current],
            default=item_id,
        ),
        FormField(
            "dose",
            _t("New d&ose each time:"),
            TEXT,
            hint=_t("mg each time; a patch: its strength in micrograms/hour"),
            errors_for=("dose",),
        ),
        FormField(
            "times_per_day",
            _t("New &times a day:"),
            TEXT,
            hint=_t("leave empty for a patch"),
            errors_for=("times_per_day",),
        ),
        FormField("on", _t("&From:"), DATE, errors_for=("started_on", "stopped_on")),
    ]

    def save(v):
        new = {"dose": v["dose"], "times_per_day": v["times_per_day"]}
        return medication.change_dose(context.store, v["item"], new, context.staff(), on=v["on"])

    return QuickForm(
        _t("Change a dose"),
        _intro(
            context, client_id, _t("The old dose is kept in the history, stopped on this date.")
        ),
        fields,
        save,
        parent,
        _t("Save new dose"),
    )


def stop_medicine(context, client_id: str, parent=None, item_id: str | None = None) -> QuickForm:
    current = regimen_on(medication.items(context.store, client_id), _today())
    fields = [
        FormField(
            "item",
            _t("&Medicine:"),
            CHOICE,
            [(_item_words(i), i["id"]) for i in current],
            default=item_id,
        ),
        FormField("why", _t("&Why:"), TEXT, hint=_t("Optional: e.g. stopped by the GP")),
        FormField("on", _t("&Stopped on:"), DATE, errors_for=("stopped_on",)),
    ]

    def save(v):
        return medication.stop_item(
            context.store, v["item"], context.staff(), on=v["on"], why=v["why"]
        )

    return QuickForm(
        _t("Stop a medicine"), _intro(context, client_id, ""), fields, save, parent, _t("Stop")
    )


def _today():
    from datetime import date

    return date.today()
