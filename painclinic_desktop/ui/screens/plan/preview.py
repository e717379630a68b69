"""The plan as the client will read it, on screen, in their materials language.

The same words as the printed plan (the translation pack, English where it has none) and
the client's star with its legend in that language; Urdu, Arabic and Shahmukhi read right
to left (Qt's right-to-left layout). The dialog's own buttons stay in the staff member's
language.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from ....core.material_words import ENGLISH
from ....core.translations import Pack
from ....reports.client_plan import ClientPlanData, build_client_plan_data
from ....reports.client_plan_layout import (
    STATUS_KEYS,
    plan_date,
    translated_resources,
    translated_statements,
)
from ....reports.script_text import has_rtl
from ...materials import choose, direction, ensure_fonts, language_combo
from ...widgets.igro_star import IgroStarWidget
from ...widgets.igro_star_state import StarState

SETBACK_KEY_OF = {
    ENGLISH[f"setback.{k}"]: f"setback.{k}"
    for k in ("warning_signs", "what_helps", "who_to_contact", "avoid")
}


def plan_html(data: ClientPlanData) -> str:
    """The plan's words as simple HTML, in the pack's language and direction."""
    pack = data.pack

    def w(key: str, **values) -> str:
        return escape(pack.words(key, ENGLISH[key], **values))

    side = "right" if pack.rtl else "left"
    parts = [f'<div dir="{"rtl" if pack.rtl else "ltr"}" align="{side}">']
    parts.append(f"<h2>{w('plan.title', name=data.client_name)}</h2>")
    parts.append(
        f"<p>{w('plan.made_with', service=data.service_name, date=plan_date(pack, data.today))}</p>"
    )
    if not pack.reviewed and pack.language != "en":
        parts.append(f"<p><small>{w('not_reviewed')}</small></p>")
    for key, words in (
        ("plan.what_matters", data.what_matters),
        ("plan.best_hopes", data.best_hopes),
    ):
        if words:
            parts.append(f"<h3>{w(key)}</h3>{_own_words(words, side)}")
    if data.focus_footsteps:
        parts.append(f"<h3>{w('plan.footsteps')}</h3>")
        for step in data.focus_footsteps:
            title = pack.words(f"footstep.{step.number}.title", step.title)
            description = pack.words(f"footstep.{step.number}.description", step.description)
            parts.append(f"<p><b>{w('plan.footstep', number=step.number, title=title)}</b><br>")
            parts.append(f"{escape(description)}</p>")
            statements = translated_statements(pack, step)
            if statements:
                parts.append(_bullets(statements))
    parts.append(f"<h3>{w('plan.goals')}</h3>")
    if not data.goals:
        parts.append(f"<p>{w('plan.no_goals')}</p>")
    for goal in data.goals:
        parts.append(_own_words(goal.text, side, bold=True))
        lines = []
        if goal.target_on:
            lines.append(w("plan.aim_by", date=plan_date(pack, goal.target_on)))
        if goal.confidence is not None:
            lines.append(w("plan.how_sure", score=goal.confidence))
        if goal.status in STATUS_KEYS:
            status = pack.words(f"status.{goal.status}", ENGLISH[f"status.{goal.status}"])
            lines.append(w("plan.where_now", status=status))
        if lines:
            parts.append("<p>" + "<br>".join(lines) + "</p>")
    if data.setback_plan:
        parts.append(f"<h3>{w('plan.setback')}</h3><table border='1' cellpadding='4'>")
        for heading, words in data.setback_plan:
            key = SETBACK_KEY_OF.get(heading)
            prompt = w(key) if key else escape(heading)
            answer = _own_words(words, side, quoted=False)
            parts.append(f"<tr><td><b>{prompt}</b></td><td>{answer}</td></tr>")
        parts.append("</table>")
    if data.resources:
        parts.append(f"<h3>{w('plan.may_help')}</h3>{_bullets(translated_resources(data))}")
    parts.append("</div>")
    return "".join(parts)


def _own_words(words: str, side: str, bold: bool = False, quoted: bool = True) -> str:
    """The client's own words in their own direction (an English goal on an Urdu page keeps
    its quotation marks round it), aligned with the page."""
    direction = "rtl" if has_rtl(words) else "ltr"
    shown = f"“{escape(words)}”" if quoted else escape(words)
    shown = f"<b>{shown}</b>" if bold else shown
    return f'<p dir="{direction}" align="{side}">{shown}</p>'


def _bullets(items: list[str]) -> str:
    # "• " as text rather than <ul>: Qt's rich text puts list bullets on the left even in a
    # right-to-left block.
    return "<p>" + "<br>".join(f"• {escape(item)}" for item in items) + "</p>"


class PlanPreviewDialog(QDialog):
    """The client's plan in a chosen language; the star underneath follows it."""

    def __init__(self, records: dict, service: dict, today, pack_for, language, parent=None):
        super().__init__(parent)
        ensure_fonts()
        self.records, self.service, self.today = records, service, today
        self.pack_for = pack_for  # language -> Pack (the service's packs and sign-offs)
        self.setWindowTitle(self.tr("Plan for the client: preview"))
        self.language = language_combo(self)
        choose(self.language, language)
        self.language.setAccessibleName(self.tr("Language of the client's materials"))
        self.language.currentIndexChanged.connect(self.show_language)
        caption = QLabel(self.tr("&Language:"), self)
        caption.setBuddy(self.language)
        self.words = QTextBrowser(self)
        self.words.setAccessibleName(self.tr("The plan as the client will read it"))
        self.star_model = StarState()
        self.star = IgroStarWidget(self.star_model, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.words)
        splitter.addWidget(self.star)
        splitter.setStretchFactor(0, 3)  # the words read first; the star below them
        splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.language, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.show_language()

    def chosen(self) -> str:
        return self.language.currentData()

    def show_language(self) -> None:
        pack: Pack = self.pack_for(self.chosen())
        data = build_client_plan_data(self.records, self.service, self.today, pack=pack)
        self.words.setLayoutDirection(direction(pack))
        self.words.setHtml(plan_html(data))
        self.star.setLayoutDirection(direction(pack))
        self.star.set_client_words(pack)
        self.star_model.set_star(data.star, read_only=True)
        self.star.update()
