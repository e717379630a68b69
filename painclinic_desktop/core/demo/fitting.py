"""Demo words that fit the client they are given to.

A phrase in the demo word lists (resources/demo/phrases.json, the services in places.json) is
either plain text that could be said of anyone, or ``{"text": ..., "for": {...}}`` naming who
it fits: ``gender``; ``min_age`` and ``max_age``; ``faith`` (a list of religions, or "any");
``has`` (``partner``, ``children``, ``daughter``, ``son``, ``grandchildren``,
``children_at_home``, ``parent``); ``employment`` (statuses); ``languages``,
``not_languages``, ``communities`` and ``not_communities``. ``{partner}`` in a text becomes the
client's own word for their partner (and requires one), so a male client is never "a good
mum" and nobody's wife turns into a husband from one note to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Who, besides themselves, a client may mention.
RELATIONS = (
    "partner",
    "children",
    "daughter",
    "son",
    "grandchildren",
    "children_at_home",
    "parent",
)
# The age up to which a client's children are taken to live at home (school runs, "the kids").
CHILDREN_AT_HOME_UNTIL = 55


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What the demo knows about a client's life, beyond the fields of the client record."""

    gender: str
    age: int
    community: str
    language: str
    employment: str
    religion: str | None = None  # "muslim", "christian", "sikh", "hindu" or None
    partner: str | None = None  # the client's word: "husband", "wife" or "partner"
    children: tuple[str, ...] = ()  # "daughter" / "son"
    grandchildren: bool = False
    parent: bool = False  # a parent still living

    def has(self, relation: str) -> bool:
        if relation == "partner":
            return self.partner is not None
        if relation == "children":
            return bool(self.children)
        if relation in ("daughter", "son"):
            return relation in self.children
        if relation == "grandchildren":
            return self.grandchildren
        if relation == "children_at_home":
            return bool(self.children) and self.age <= CHILDREN_AT_HOME_UNTIL
        if relation == "parent":
            return self.parent
        raise ValueError(f"unknown relation in a demo phrase: {relation}")


Fits = Callable[[Circumstances], bool]


def fits(rule: dict | None, who: Circumstances) -> bool:
    """Whether a phrase's ``for`` rule fits this client (no rule fits everyone)."""
    return compile_rule(rule)(who)


def compile_rule(rule: dict | None) -> Fits:
    """The rule as one test of a client, worked out once (the demo's hot loop calls it)."""
    rule = rule or {}
    unknown = set(rule) - _RULE_KEYS
    if unknown:
        raise ValueError(f"unknown keys in a demo phrase rule: {sorted(unknown)}")
    if not rule:
        return _anyone
    relations = tuple(rule.get("has", ()))
    for relation in relations:
        if relation not in RELATIONS:
            raise ValueError(f"unknown relation in a demo phrase rule: {relation}")
    gender: str | None = rule.get("gender")
    low: int = rule.get("min_age", 0)
    high: int = rule.get("max_age", 200)
    faith = rule.get("faith")
    any_faith = faith == "any"
    faiths = None if faith is None or any_faith else frozenset(faith)
    employment = _optional_set(rule, "employment")
    languages = _optional_set(rule, "languages")
    not_languages = _optional_set(rule, "not_languages") or frozenset()
    communities = _optional_set(rule, "communities")
    not_communities = _optional_set(rule, "not_communities") or frozenset()

    def fits_who(who: Circumstances) -> bool:
        return (
            (gender is None or who.gender == gender)
            and low <= who.age <= high
            and (not any_faith or who.religion is not None)
            and (faiths is None or who.religion in faiths)
            and all(who.has(relation) for relation in relations)
            and (employment is None or who.employment in employment)
            and (languages is None or who.language in languages)
            and who.language not in not_languages
            and (communities is None or who.community in communities)
            and who.community not in not_communities
        )

    return fits_who


def _optional_set(rule: dict, key: str) -> frozenset[str] | None:
    return frozenset(rule[key]) if key in rule else None


_RULE_KEYS = {
    "gender",
    "min_age",
    "max_age",
    "faith",
    "has",
    "employment",
    "languages",
    "not_languages",
    "communities",
    "not_communities",
}


def phrase_text(entry) -> str:
    return entry if isinstance(entry, str) else entry["text"]


def phrase_rule(entry) -> dict | None:
    """The entry's rule, with ``{partner}`` in the text counting as needing a partner."""
    if isinstance(entry, str):
        return {"has": ["partner"]} if "{partner}" in entry else None
    rule = dict(entry.get("for") or {})
    if "{partner}" in entry["text"] and "partner" not in rule.get("has", ()):
        rule["has"] = [*rule.get("has", ()), "partner"]
    return rule


def fill(text: str, who: Circumstances) -> str:
    if "{partner}" in text:
        return text.replace("{partner}", who.partner or "partner")
    return text


class Phrases:
    """A word list tree split once into the phrases that fit anyone and those with a rule."""

    def __init__(self, tree: dict, services: Sequence[dict] = ()):
        self._tree = tree
        self._services = {s["name"]: compile_rule(s.get("for")) for s in services}
        self._split: dict[tuple[str, ...], tuple[list[str], list[tuple[str, Fits]]]] = {}

    def split(self, path: tuple[str, ...]) -> tuple[list[str], list[tuple[str, Fits]]]:
        found = self._split.get(path)
        if found is None:
            entries = self._tree
            for part in path:
                entries = entries[part]
            anyone, ruled = [], []
            for entry in entries:
                rule = phrase_rule(entry)
                if rule:
                    ruled.append((phrase_text(entry), compile_rule(rule)))
                else:
                    anyone.append(phrase_text(entry))
            found = self._split[path] = (anyone, ruled)
        return found

    def service_fits(self, name: str) -> Fits:
        """Whom a community service in the demo directory is for (by default, anyone)."""
        return self._services.get(name, _anyone)


def _anyone(who: Circumstances) -> bool:
    return True


class Words:
    """The demo's phrases that fit one client, each list worked out once when first asked."""

    __slots__ = ("_cache", "_phrases", "who")

    def __init__(self, phrases: Phrases, who: Circumstances):
        self._phrases = phrases
        self.who = who
        self._cache: dict[tuple[str, ...], list[str]] = {}

    def __call__(self, *path: str) -> list[str]:
        found = self._cache.get(path)
        if found is None:
            anyone, ruled = self._phrases.split(path)
            who = self.who
            found = anyone
            if ruled:
                found = anyone + [fill(text, who) for text, fits_who in ruled if fits_who(who)]
            if not found:
                raise ValueError(f"no demo phrase in {'/'.join(path)} fits {who}")
            self._cache[path] = found
        return found
