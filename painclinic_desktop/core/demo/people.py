"""Demo clients: names, dates of birth, NHS numbers and the rest of their details.

Names, ethnic categories and first languages come together from one of Bradford District's
communities (resources/demo/people.json), so a record reads as a plausible person; GP
practices, postcodes and deprivation deciles come together from one primary care network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painclinic_desktop.core.demo.base import Demo, Weighted
from painclinic_desktop.core.demo.fitting import Circumstances, Words
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.nhs_number import with_check_digit

# Nine-digit prefixes 999000000..999999999; about 1 in 11 has no valid check digit.
_TEST_RANGE = 1_000_000
MAX_CLIENTS = 500_000
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a UK inward code may use


@dataclass(slots=True)
class Person:
    """A client record plus what the rest of the generator needs to know about them."""

    record: dict
    community: str
    language: str
    interpreter: bool
    coach: str
    age: int
    carer: bool
    faith: bool
    housebound: bool
    words: Words  # the demo's phrases that fit this client
    episodes: list = field(default_factory=list)
    measures: tuple[str, ...] = ()  # the outcome measures this client is asked to complete

    @property
    def id(self) -> str:
        return self.record["id"]


class People:
    """Makes clients one at a time, with the weighted lists prepared once per run."""

    def __init__(self, demo: Demo, count: int):
        if not 0 <= count <= MAX_CLIENTS:
            raise InvalidInput(f"the demo caseload holds 0 to {MAX_CLIENTS} clients", "clients")
        self.demo = demo
        people, places = demo.people, demo.places
        self.communities = Weighted([(c, c["weight"]) for c in people["communities"]])
        self.genders = Weighted(people["genders"])
        self.ethnicities = {
            c["key"]: Weighted(list(c["ethnicity"].items())) for c in people["communities"]
        }
        self.first_languages = {
            c["key"]: Weighted([(tuple(x), x[1]) for x in c["languages"]])
            for c in people["communities"]
        }
        self.home_pcns = {
            c["key"]: Weighted(list(c["pcn_weights"].items())) for c in people["communities"]
        }
        self.pcns = {p["name"]: p for p in places["pcns"]}
        self.practices = {
            p["name"]: Weighted([(tuple(x[:2]), x[2]) for x in p["practices"]])
            for p in places["pcns"]
        }
        self.deciles = {
            p["name"]: Weighted(list(zip(range(1, 11), p["imd_weights"], strict=True)))
            for p in places["pcns"]
        }
        self.religions = {
            c["key"]: Weighted(list(c["religions"].items())) for c in people["communities"]
        }
        self.employment = [
            (band["under"], Weighted(list(band["weights"].items())))
            for band in people["employment_by_age"]
        ]
        self.nhs_numbers = nhs_numbers(demo.rng, count)

    def make(self, index: int, registered_on: int) -> Person:
        demo, rng = self.demo, self.demo.rng
        community = self.communities(rng)
        gender = self.genders(rng)
        age = int(rng.triangular(20, 93, 56))
        language, interpreter = self._language(community, age)
        record = {
            "nhs_number": None if rng.random() < 0.01 else self.nhs_numbers[index],
            **self._names(community, gender),
            "date_of_birth": demo.day(demo.today - int(age * 365.25) - rng.randrange(365)),
            "gender": gender,
        }
        if rng.random() >= 0.01:  # a few records never had ethnicity recorded
            record["ethnicity"] = self.ethnicities[community["key"]](rng)
        record |= {"first_language": language, "interpreter_needed": interpreter}
        record |= self._address(community)
        record["employment_status"] = self._employment(age)
        record["pain_duration_months"] = min(240, 3 + int(rng.expovariate(1 / 50)))
        coach = self._coach(language)
        record["assigned_staff"] = coach
        record = demo.add("clients", record, registered_on, demo.pick("admin_officer"))
        who = self._circumstances(community["key"], gender, age, language, record)
        faith_weight = 0.03 if language == "English" else 0.08
        return Person(
            record,
            community["key"],
            language,
            interpreter,
            coach,
            age,
            carer=rng.random() < 0.12,
            faith=who.religion is not None and rng.random() < faith_weight,
            housebound=age >= 75 and rng.random() < 0.4,
            words=Words(demo.fitting, who),
        )

    def _circumstances(
        self, community: str, gender: str, age: int, language: str, record: dict
    ) -> Circumstances:
        """Faith and family, so that what the demo says of a client fits their life."""
        rng = self.demo.rng
        religion = self.religions[community](rng)
        partner = None
        if rng.random() < (0.35 if age < 30 else 0.6):
            partner = {"female": "husband", "male": "wife"}.get(gender, "partner")
        children: tuple[str, ...] = ()
        if rng.random() < (0.35 if age < 30 else 0.8):
            children = tuple(rng.choice(("daughter", "son")) for _ in range(rng.randint(1, 4)))
        grandchildren = bool(children) and age >= 45 and rng.random() < (0.8 if age >= 60 else 0.3)
        parent = rng.random() < (0.9 if age < 50 else 0.6 if age < 65 else 0.25 if age < 75 else 0)
        return Circumstances(
            gender=gender,
            age=age,
            community=community,
            language=language,
            employment=record["employment_status"],
            religion=None if religion == "none" else religion,
            partner=partner,
            children=tuple(sorted(set(children))),
            grandchildren=grandchildren,
            parent=parent,
        )

    def _names(self, community: dict, gender: str) -> dict:
        rng = self.demo.rng
        feminine = gender == "female" or (gender != "male" and rng.random() < 0.5)
        given = rng.choice(community["female" if feminine else "male"])
        family = rng.choice(community["family"])
        if "|" in family:  # languages with a masculine and a feminine form of the surname
            masculine_form, feminine_form = family.split("|")
            family = feminine_form if feminine else masculine_form
        return {"given_name": given, "family_name": family}

    def _language(self, community: dict, age: int) -> tuple[str, bool]:
        rng = self.demo.rng
        language, _, need = self.first_languages[community["key"]](rng)
        # Older people who arrived as adults are likelier to want an interpreter.
        need *= 1.3 if age >= 60 else 0.7
        return language, language != "English" and rng.random() < need

    def _address(self, community: dict) -> dict:
        rng = self.demo.rng
        pcn = self.home_pcns[community["key"]](rng)
        code, practice = self.practices[pcn](rng)
        district = rng.choice(self.pcns[pcn]["districts"])
        letters = _POSTCODE_LETTERS
        postcode = f"{district} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"
        return {
            "postcode": None if rng.random() < 0.01 else postcode,
            "imd_decile": None if rng.random() < 0.02 else self.deciles[pcn](rng),
            "gp_practice_code": code,
            "gp_practice_name": practice,
            "pcn": pcn,
        }

    def _employment(self, age: int) -> str:
        for under, weighted in self.employment:
            if age < under:
                return weighted(self.demo.rng)
        return "not_stated"

    def _coach(self, language: str) -> str:
        """Most clients with another first language get a coach who speaks it, if there is one."""
        demo = self.demo
        coaches = demo.staff["health_coach"]
        speakers = [c for c in coaches if language in demo.languages_of[c]]
        if language != "English" and speakers and demo.rng.random() < 0.6:
            return demo.rng.choice(speakers)
        return demo.rng.choice(coaches)


def nhs_numbers(rng, count: int) -> list[str]:
    """``count`` different valid NHS numbers from the 999 test range, in random order."""
    wanted = min(_TEST_RANGE, count + count // 5 + 50)
    numbers = []
    for n in rng.sample(range(_TEST_RANGE), wanted):
        number = with_check_digit(f"999{n:06d}")
        if number is not None:
            numbers.append(number)
            if len(numbers) == count:
                return numbers
    if count == 0:
        return []
    raise InvalidInput("not enough NHS test numbers for this many demo clients", "clients")
