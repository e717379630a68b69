"""The client's plan laid out on the page, in the words of the client's materials language.

Every heading, prompt, status, star label and date comes from the translation pack
(`core/translations.py`), falling back to English string by string. A right-to-left pack
(Urdu, Arabic, Punjabi in Shahmukhi) lays the whole page out right to left: each line starts
at the right, the setback plan's prompts stand in the right-hand column, the star's legend
reads from the right and the footer's sides swap. A pack not yet reviewed by a qualified
translator says so, small, under the title, in English and in the language.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from painclinic_desktop.core.dates import MONTHS
from painclinic_desktop.core.material_words import ENGLISH
from painclinic_desktop.core.translations import Pack
from painclinic_desktop.reports.pdf_common import Styles, demo_banner, text
from painclinic_desktop.reports.script_text import has_rtl
from painclinic_desktop.reports.shaped_paragraph import para
from painclinic_desktop.reports.star_drawing import star_drawing

LARGE_PRINT_BODY = 16
STATUS_KEYS = ("not_started", "in_progress", "achieved", "partly_achieved", "not_achieved")
SETBACK_KEYS = ("warning_signs", "what_helps", "who_to_contact", "avoid")
_SETBACK_KEY_OF = {ENGLISH[f"setback.{k}"]: f"setback.{k}" for k in SETBACK_KEYS}


class PlanPage:
    """One plan's words and styles: `w` translates, `p` makes a paragraph in the page's
    direction."""

    def __init__(self, data, styles: Styles, width: float, large_print: bool):
        self.data = data
        self.pack: Pack = data.pack
        self.s = styles
        self.width = width
        self.large_print = large_print

    def w(self, key: str, **values) -> str:
        return self.pack.words(key, ENGLISH[key], **values)

    def p(self, markup: str, style: ParagraphStyle) -> Flowable:
        if self.pack.rtl:
            # Every line starts at the right; a line with right-to-left words reads right
            # to left, while an English one (a string the pack lacks, a goal in English)
            # keeps its own order.
            style = ParagraphStyle(style.name + "_rtl", parent=style, alignment=TA_RIGHT)
            return para(markup, style, rtl=True if has_rtl(markup) else None)
        return para(markup, style)

    def date(self, iso) -> str:
        return plan_date(self.pack, iso)

    # --- the page, top to bottom -------------------------------------------------------------

    def story(self) -> list:
        data, s, w = self.data, self.s, self.w
        parts: list = []
        if data.demo:
            parts += [demo_banner(s.body, self.width), Spacer(1, 6)]
        parts += [
            self.p(text(w("plan.title", name=data.client_name)), s.title),
            self.p(
                text(w("plan.made_with", service=data.service_name, date=self.date(data.today))),
                s.body,
            ),
        ]
        if not self.pack.reviewed and self.pack.language != "en":
            notice = ENGLISH["not_reviewed"]
            translated = w("not_reviewed")
            words = notice if translated == notice else f"{translated} · {notice}"
            parts.append(self.p(text(words), s.small))
        if data.what_matters:
            parts += self.section(w("plan.what_matters"), [self.quote(data.what_matters)])
        if data.best_hopes:
            parts += self.section(w("plan.best_hopes"), [self.quote(data.best_hopes)])
        if data.focus_footsteps:
            parts += self.section(w("plan.footsteps"), self.footsteps())
        parts += self.section(w("plan.goals"), self.goals())
        if data.setback_plan:
            parts += self.section(w("plan.setback"), [self.setback()])
        if data.star:
            parts += self.section(w("plan.star"), self.star(), whole=True)
        if data.resources:
            parts += self.section(w("plan.may_help"), [self.bullets(self.resources())])
        if data.service_phone:
            words = w("plan.call_us", service="\0", phone="\1")
            markup = text(words).replace("\0", text(data.service_name))
            markup = markup.replace("\1", f"<b>{text(data.service_phone)}</b>")
            parts += [Spacer(1, 8), self.p(markup, s.body)]
        return parts

    def section(self, title: str, content: list, whole: bool = False) -> list:
        """Heading kept with its first item (or with all of it). Never nest KeepTogether:
        reportlab then breaks the page even when everything would fit."""
        kept = len(content) if whole else 1
        heading = self.p(text(title), self.s.heading)
        return [KeepTogether([heading, *content[:kept]]), *content[kept:]]

    def quote(self, value: str) -> Flowable:
        return self.p(f"“{text(value)}”", self.s.body)

    def bullets(self, items) -> Flowable:
        return self.p("<br/>".join(f"• {text(item)}" for item in items), self.s.body)

    def resources(self) -> list[str]:
        """The things that may help, in the pack's words (each title in English where the
        pack lacks it)."""
        return translated_resources(self.data)

    def footstep_title(self, number: int, english: str) -> str:
        title = self.pack.words(f"footstep.{number}.title", english)
        return self.w("plan.footstep", number=number, title=title)

    def footsteps(self) -> list:
        s = self.s
        step_title = ParagraphStyle("step", parent=s.body, spaceBefore=s.body.fontSize * 0.5)
        parts = []
        for step in self.data.focus_footsteps:
            title = self.footstep_title(step.number, step.title)
            parts.append(self.p(f"<b>{text(title)}</b>", step_title))
            description = self.pack.words(f"footstep.{step.number}.description", step.description)
            parts.append(self.p(text(description), s.body))
            if step.statements:
                parts.append(self.bullets(translated_statements(self.pack, step)))
        return parts

    def goals(self) -> list:
        if not self.data.goals:
            return [self.p(text(self.w("plan.no_goals")), self.s.body)]
        # A one-cell table never splits, so each goal stays whole on its page.
        parts = []
        for goal in self.data.goals:
            parts += [self.goal_box(goal), Spacer(1, 5)]
        return parts

    def goal_box(self, goal) -> Table:
        body, w = self.s.body, self.w
        lines = [self.p(f"<b>“{text(goal.text)}”</b>", body)]
        if goal.footstep_title:
            lines.append(
                self.p(text(self.footstep_title(goal.footstep, goal.footstep_title)), body)
            )
        if goal.target_on:
            lines.append(
                self.p(_bold_value(w("plan.aim_by", date="\0"), self.date(goal.target_on)), body)
            )
        if goal.confidence is not None:
            lines.append(
                self.p(_bold_value(w("plan.how_sure", score="\0"), str(goal.confidence)), body)
            )
        if goal.status in STATUS_KEYS:
            status = w(f"status.{goal.status}")
            lines.append(self.p(text(w("plan.where_now", status=status)), body))
        box = Table([[lines]], colWidths=[self.width])
        side = "RIGHTPADDING" if self.pack.rtl else "LEFTPADDING"
        box.setStyle(
            TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black), (side, (0, 0), (-1, -1), 6)])
        )
        return box

    def setback(self) -> Table:
        body = self.s.body
        rows = []
        for heading, words in self.data.setback_plan:
            key = _SETBACK_KEY_OF.get(heading)
            prompt_words = self.w(key) if key else heading
            prompt = self.p(f"<b>{text(prompt_words)}</b>", body)
            answer = self.p(text(words), body)
            rows.append([answer, prompt] if self.pack.rtl else [prompt, answer])
        widths = [self.width * 0.32, self.width * 0.68]
        prompts = -1 if self.pack.rtl else 0  # the prompts' column: the reader's first
        table = Table(rows, colWidths=widths[::-1] if self.pack.rtl else widths)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.Color(0.4, 0.4, 0.4)),
                    ("BACKGROUND", (prompts, 0), (prompts, -1), colors.Color(0.9, 0.9, 0.9)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def star(self) -> list:
        intro = self.p(text(self.w("plan.star_intro")), self.s.body)
        star_words = {"legend": self.legend_words, "not_rated": self.w("star.not_rated")}
        if self.large_print:
            drawing = star_drawing(
                self.data.star,
                width=self.width,
                font_size=LARGE_PRINT_BODY,
                radius=self.width * 0.22,
                max_label_lines=7,
                words=star_words,
                rtl=self.pack.rtl,
            )
        else:
            drawing = star_drawing(
                self.data.star,
                width=min(self.width, 400),
                font_size=9,
                words=star_words,
                rtl=self.pack.rtl,
            )
        drawing.hAlign = "CENTER"
        return [intro, drawing]

    def legend_words(self, summary) -> str:
        key = f"star.{summary.label}"
        label = self.w(key) if key in ENGLISH else summary.label
        return self.w(
            "star.legend",
            label=label,
            date=self.date(summary.rated_on),
            mean=f"{summary.mean:.1f}",
            percent=f"{summary.percent:.0f}",
        )


def translated_resources(data) -> list[str]:
    keys = data.resource_keys or ("",) * len(data.resources)
    return [data.pack.words(key, title) for key, title in zip(keys, data.resources, strict=True)]


def translated_statements(pack: Pack, step) -> list[str]:
    return [
        pack.words(f"footstep.{step.number}.statement.{i}", english)
        for i, english in enumerate(step.statements, start=1)
    ]


def _bold_value(words: str, value: str) -> str:
    """`words` with its one placeholder (\\0) filled by `value` in bold."""
    return text(words).replace("\0", f"<b>{text(value)}</b>")


def plan_date(pack: Pack, iso) -> str:
    """A date in the pack's words: 20-Sep-2026 in English, "20 ستمبر 2026" in Urdu."""
    from painclinic_desktop.core.dates import nhs_date

    shown = nhs_date(iso) if iso else ""
    parts = shown.split("-")
    if len(parts) != 3 or parts[1] not in MONTHS:
        return shown
    day, month, year = parts
    number = MONTHS.index(month) + 1
    name = pack.words(f"month.{number}", ENGLISH[f"month.{number}"])
    return pack.words("date", ENGLISH["date"], day=day, month=name, year=year)
