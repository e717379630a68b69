"""The demo's words fit the client they are given to.

A trainer showing the demo to new staff must not meet a man who wants to be "a good mum", a
24-year-old playing with grandchildren or a retired 90-year-old off work on sick leave. The
checks here read only what a user sees in the record (gender, date of birth, employment, first
language, ethnicity) and what the words themselves say, so they catch a mismatch however the
generator came to make it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from painclinic_desktop.core.demo import generate_bundle
from painclinic_desktop.core.demo.base import word_lists
from painclinic_desktop.core.demo.fitting import Circumstances, Phrases, Words

TODAY = dt.date(2026, 11, 1)
WORKING = {"employed", "self_employed"}


def _age(client: dict) -> int:
    born = dt.date.fromisoformat(client["date_of_birth"])
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


# (words, what must be true of the client they are said of, what the rule means)
RULES = [
    (
        r"good mum|\bwomen|female coach|sisters'|mehndi|\bhusband",
        lambda c: c["gender"] == "female",
        "said of a woman",
    ),
    (r"good dad|men's shed|brothers'|\bwife\b", lambda c: c["gender"] == "male", "said of a man"),
    (r"grandchild|grandparent", lambda c: _age(c) >= 45, "a grandparent is 45 or over"),
    (
        r"school run|school times|the kids|young carers|keep up with the children",
        lambda c: _age(c) <= 56,
        "children at home: 56 or under",
    ),
    (r"\bmy mum\b|for a parent", lambda c: _age(c) <= 76, "a living parent: 76 or under"),
    (r"over-50s|walking football", lambda c: _age(c) >= 50, "over 50"),
    (r"elders", lambda c: _age(c) >= 60, "an elder"),
    (
        r"keep working|off work|back at work|losing their job",
        lambda c: c["employment_status"] in WORKING,
        "in work",
    ),
    (
        r"back to work|to work\b",
        lambda c: c["employment_status"] not in {"retired", "student"} and _age(c) <= 71,
        "of working age and not retired",
    ),
    (
        r"interpret|english conversation",
        lambda c: c["first_language"] != "English",
        "first language not English",
    ),
    (
        r"pakistan",
        lambda c: c.get("ethnicity") in {"J", "L", "S", "Z", None},
        "Pakistani heritage",
    ),
    (
        r"polish",
        lambda c: c["first_language"] == "Polish" or c.get("ethnicity") in {"C", "Z"},
        "Polish",
    ),
    (r"arabic", lambda c: c["first_language"] == "Arabic", "speaks Arabic"),
    (r"bangla", lambda c: c["first_language"] in {"Bengali", "Sylheti"}, "speaks Bengali"),
    (
        r"\broma\b",
        lambda c: c["first_language"] in {"Romani", "Slovak", "Czech", "Romanian"},
        "from the Roma communities",
    ),
    (r"chinese", lambda c: c.get("ethnicity") in {"R", "Z", None}, "Chinese heritage"),
    (r"family abroad", lambda c: c.get("ethnicity") != "A", "family abroad"),
]
RULES = [(re.compile(words, re.IGNORECASE), test, meaning) for words, test, meaning in RULES]

# Each faith's own words: one client's words never mix two faiths.
FAITHS = {
    "muslim": re.compile(r"mosque|masjid|ramadan|imam|pray standing|sisters'|brothers'", re.I),
    "christian": re.compile(r"church", re.I),
    "sikh": re.compile(r"gurdwara|langar", re.I),
    "hindu": re.compile(r"mandir", re.I),
}
PARTNERS = re.compile(r"\b(husband|wife|partner)\b", re.IGNORECASE)


def words_by_client(bundle: dict) -> dict[str, list[str]]:
    """Every piece of demo wording said of each client (a referrer's name is not)."""
    said: dict[str, list[str]] = defaultdict(list)
    services = {s["id"]: s["name"] for s in bundle["community_services"]}
    for referral in bundle["referrals"]:
        said[referral["client_id"]] += [referral["reason"], referral["decline_reason"] or ""]
    for contact in bundle["contacts"]:
        said[contact["client_id"]].append(contact["note"] or "")
    for plan in bundle["plans"]:
        said[plan["client_id"]] += [plan["what_matters"], plan["best_hopes"]]
        said[plan["client_id"]] += list(plan["setback_plan"].values())
    for goal in bundle["goals"]:
        said[goal["client_id"]].append(goal["text"])
        said[goal["client_id"]] += [review["note"] for review in goal["reviews"]]
    for star in bundle["igro_stars"]:
        said[star["client_id"]] += star["arms"]
    for flag in bundle["flags"]:
        said[flag["client_id"]].append(flag["note"])
    for suggestion in bundle["signposting"]:
        said[suggestion["client_id"]].append(services[suggestion["service_id"]])
    return said


def mismatches(bundle: dict) -> list[str]:
    """Each phrase that does not fit its client, as ``phrase: why``."""
    clients = {client["id"]: client for client in bundle["clients"]}
    found = []
    for client_id, texts in words_by_client(bundle).items():
        client = clients[client_id]
        faiths, partners = set(), set()
        for text in texts:
            if "{" in text or "}" in text:
                found.append(f"{text!r}: a placeholder left in the words")
            for words, test, meaning in RULES:
                if words.search(text) and not test(client):
                    found.append(
                        f"{text!r}: should be {meaning}; said of a {client['gender']} client "
                        f"aged {_age(client)}, {client['employment_status']}, "
                        f"{client['first_language']}, ethnicity {client.get('ethnicity')}"
                    )
            faiths |= {faith for faith, words in FAITHS.items() if words.search(text)}
            partners |= {match.lower() for match in PARTNERS.findall(text)}
        if len(faiths) > 1:
            found.append(f"one client's words mix faiths: {sorted(faiths)}")
        if len(partners) > 1:
            found.append(f"one client's partner is called {sorted(partners)}")
    return found


@pytest.fixture(scope="module")
def caseload() -> dict:
    return generate_bundle(2000, seed=3, today=TODAY)


def test_every_phrase_of_a_2000_client_demo_fits_its_client(caseload):
    found = mismatches(caseload)
    assert not found, f"{len(found)} mismatches, first ones:\n" + "\n".join(found[:20])


def test_the_demo_still_uses_the_words_that_need_the_right_client(caseload):
    """Fitting words must not mean dropping them: mums, grandchildren and faith still appear."""
    everything = "\n".join(text for texts in words_by_client(caseload).values() for text in texts)
    for words in (
        "being a good mum",
        "being a good dad",
        "grandchildren",
        "mosque",
        "church",
        "gurdwara",
        "my husband",
        "my wife",
        "back at work",
        "Men's Shed",
    ):
        assert words in everything, words


def test_the_check_finds_the_mismatches_it_is_for(caseload):
    """The check itself works: the faults once seen in the demo are reported."""
    bundle = {
        name: list(value) if isinstance(value, list) else value for name, value in caseload.items()
    }
    man = next(c for c in bundle["clients"] if c["gender"] == "male" and _age(c) < 40)
    woman = next(c for c in bundle["clients"] if c["gender"] == "female")
    retired = next(c for c in bundle["clients"] if c["employment_status"] == "retired")
    star = {
        "client_id": man["id"],
        "ratings": [],
        "id": "x",
        "arms": ["being a good mum", "playing with my grandchildren"],
    }
    bundle["igro_stars"] = [star]
    bundle["flags"] = [
        {"client_id": retired["id"], "note": "off work on sick leave"},
        {"client_id": woman["id"], "note": "My husband and my coach; going to church"},
        {"client_id": woman["id"], "note": "Goes to the mosque; my wife helps"},
    ]
    found = "\n".join(mismatches(bundle))
    assert "'being a good mum': should be said of a woman" in found
    assert "'playing with my grandchildren': should be a grandparent" in found
    assert "'off work on sick leave': should be in work" in found
    assert "mix faiths: ['christian', 'muslim']" in found
    assert "partner is called ['husband', 'wife']" in found


SPARE = Circumstances(
    gender="not_stated", age=20, community="white_british", language="English", employment="student"
)
FULL = Circumstances(
    gender="female",
    age=70,
    community="pakistani",
    language="Urdu",
    employment="retired",
    religion="muslim",
    partner="husband",
    children=("daughter", "son"),
    grandchildren=True,
    parent=False,
)


@pytest.mark.parametrize("who", [SPARE, FULL], ids=["no family or faith", "family and faith"])
def test_every_list_has_enough_words_for_any_client(who):
    """A client with nobody to mention still gets words for every part of the record."""
    phrases = word_lists("phrases")
    words = Words(Phrases(phrases, word_lists("places")["services"]), who)
    # Only a client with a faith is flagged with a faith barrier.
    paths = [p for p in _paths(phrases) if who.religion or p != ("flag_notes", "faith_barrier")]
    for path in paths:
        assert words(*path), path
    assert len(words("arms")) >= 5  # a star has five arms, all different
    texts = [text.replace("{language}", "") for path in paths for text in words(*path)]
    assert not [text for text in texts if "{" in text]


def _paths(tree, prefix=()):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _paths(value, (*prefix, key))
        elif isinstance(value, list):
            yield (*prefix, key)
