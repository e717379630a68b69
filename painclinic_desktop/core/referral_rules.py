"""Rules for referrals arriving as rows of a file or typed into the intake form.

Pure: values in, a bundle-shaped client and referral (or the problems with them) out. Dates
are read the way they are written in the UK (day first); a two-digit year is refused rather
than guessed, because a wrong century on a date of birth is not visible later.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from . import nhs_number
from .codes import EMPLOYMENT_STATUSES, ETHNICITIES, REFERRAL_SOURCES
from .dates import nhs_date

OLDEST_AGE = 120


@dataclass(frozen=True)
class Field:
    code: str  # the BUNDLE.md field the column fills
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()  # normalised header texts that mean this field


FIELDS: tuple[Field, ...] = (
    Field("nhs_number", "NHS number", False, ("nhsnumber", "nhsno", "nhs", "nhsnum")),
    Field(
        "given_name",
        "Given name",
        True,
        ("givenname", "forename", "forenames", "firstname", "first"),
    ),
    Field("family_name", "Family name", True, ("familyname", "surname", "lastname")),
    Field("date_of_birth", "Date of birth", True, ("dateofbirth", "dob", "birthdate")),
    Field("gender", "Gender", False, ("gender", "sex")),
    Field(
        "address",
        "Address",
        False,
        ("address", "addresslines", "streetaddress", "postaladdress", "homeaddress"),
    ),
    Field("postcode", "Postcode", False, ("postcode", "postalcode")),
    Field(
        "gp_practice_code", "GP practice code", False, ("practicecode", "gppracticecode", "odscode")
    ),
    Field(
        "gp_practice_name",
        "GP practice",
        False,
        ("practice", "gppractice", "practicename", "gppracticename", "registeredpractice"),
    ),
    Field("pcn", "PCN", False, ("pcn", "primarycarenetwork")),
    Field(
        "first_language",
        "First language",
        False,
        ("firstlanguage", "language", "mainlanguage", "preferredlanguage"),
    ),
    Field(
        "interpreter_needed",
        "Interpreter needed",
        False,
        ("interpreter", "interpreterneeded", "interpreterrequired"),
    ),
    Field(
        "ethnicity",
        "Ethnic category",
        False,
        ("ethnicity", "ethnicgroup", "ethniccategory", "ethnicorigin"),
    ),
    Field("imd_decile", "IMD decile", False, ("imddecile", "imd", "deprivationdecile")),
    Field(
        "employment_status",
        "Employment status",
        False,
        ("employmentstatus", "employment", "workstatus", "occupationstatus"),
    ),
    Field(
        "pain_duration_months",
        "Pain duration (months)",
        False,
        ("paindurationmonths", "painduration", "monthsofpain", "durationofpain"),
    ),
    Field(
        "received_on",
        "Date received",
        False,
        ("received", "datereceived", "receivedon", "referraldate", "dateofreferral", "referredon"),
    ),
    Field("source", "Referral source", False, ("source", "referralsource")),
    Field(
        "referrer_name",
        "Referrer",
        False,
        ("referrer", "referrername", "referredby", "referringclinician"),
    ),
    Field(
        "reason", "Reason for referral", False, ("reason", "reasonforreferral", "referralreason")
    ),
)
FIELD_CODES = tuple(f.code for f in FIELDS)
REQUIRED = tuple(f.code for f in FIELDS if f.required)
CLIENT_FIELDS = tuple(
    c for c in FIELD_CODES if c not in ("received_on", "source", "referrer_name", "reason")
)
LABELS = {f.code: f.label for f in FIELDS}


@dataclass(frozen=True)
class Issue:
    """One problem with one value. ``template`` is plain English with ``{name}`` holes, so the
    screens can translate the template and fill in ``params``. Reasons never repeat the
    value, so a list of reasons can leave the building without patient details."""

    field: str
    template: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    value: str = ""  # the value as written, shown beside the reason (never inside it)

    @property
    def reason(self) -> str:
        return self.template.format(**self.params)


@dataclass
class CheckedRow:
    client: dict[str, Any]
    referral: dict[str, Any]
    issues: list[Issue]


def header_key(text: Any) -> str:
    """A header as compared with the synonyms: lower case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").casefold())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{field: header} for each field whose usual column name appears in the headers."""
    by_key = {header_key(h): h for h in headers if header_key(h)}
    mapping: dict[str, str] = {}
    for f in FIELDS:
        found = next((by_key[s] for s in f.synonyms if s in by_key), None)
        if found is not None and found not in mapping.values():
            mapping[f.code] = found
    return mapping


def missing_required(mapping: dict[str, str], headers: list[str]) -> list[str]:
    """Required fields with no column in this file."""
    return [code for code in REQUIRED if mapping.get(code) not in headers]


def text_of(value: Any) -> str:
    """A cell as text: numbers stored by a spreadsheet lose their '.0', dates read as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_UK_DATE = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})")
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d %B %Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)


def parse_date(value: Any, code: str) -> tuple[str | None, Issue | None]:
    """(ISO date, None) or (None, the problem). Blank gives (None, None)."""
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    text = text_of(value)
    if not text:
        return None, None
    quick = _ISO_DATE.fullmatch(text) or _UK_DATE.fullmatch(text)
    if quick:  # the usual forms, read without trying every pattern
        year, month, day = (quick["y"], quick["m"], quick["d"])
        try:
            return date(int(year), int(month), int(day)).isoformat(), None
        except ValueError:
            return None, Issue(code, "is not a date (write it as DD/MM/YYYY)", {}, text)
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text):
        return None, Issue(code, "has a two-digit year: write the year in full", {}, text)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat(), None
        except ValueError:
            continue
    return None, Issue(code, "is not a date (write it as DD/MM/YYYY)", {}, text)


_GENDERS = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "nonbinary": "non_binary",
    "other": "other",
    "notstated": "not_stated",
    "notknown": "not_stated",
    "unknown": "not_stated",
    "prefernottosay": "not_stated",
}
_SOURCES = {
    **{header_key(code): code for code in REFERRAL_SOURCES},
    "generalpractice": "gp",
    "gpsurgery": "gp",
    "msk": "msk_practitioner",
    "mskphysiotherapist": "msk_practitioner",
    "physiotherapist": "msk_practitioner",
    "pcn": "pcn_other",
    "selfreferral": "self",
    "communitypartner": "community_partner",
    "hospital": "secondary_care",
    "secondarycare": "secondary_care",
}
_EMPLOYMENT = {
    **{header_key(code): code for code in EMPLOYMENT_STATUSES},
    "employee": "employed",
    "inwork": "employed",
    "working": "employed",
    "fulltime": "employed",
    "parttime": "employed",
    "selfemployed": "self_employed",
    "jobseeker": "unemployed",
    "notworking": "unemployed",
    "unabletowork": "unable_to_work_sick_disabled",
    "sickordisabled": "unable_to_work_sick_disabled",
    "longtermsick": "unable_to_work_sick_disabled",
    "unabletoworksickordisabled": "unable_to_work_sick_disabled",
    "fulltimecarer": "carer",
    "notknown": "not_stated",
    "prefernottosay": "not_stated",
}
LONGEST_PAIN_MONTHS = 1200  # 100 years: a longer duration is a typing slip
_YES = {"y", "yes", "true", "1", "required", "needed"}
_NO = {"n", "no", "false", "0", "notrequired", "notneeded"}
_ETHNIC_NAMES = {header_key(name): letter for letter, name in ETHNICITIES.items()}
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _coded(value: Any, code: str, table: dict[str, str], what: str) -> tuple[Any, Issue | None]:
    text = text_of(value)
    if not text:
        return None, None
    found = table.get(header_key(text))
    if found is None:
        return None, Issue(code, "is not a {what} this service knows", {"what": what}, text)
    return found, None


def _ethnicity(value: Any) -> tuple[str | None, Issue | None]:
    text = text_of(value)
    if not text:
        return None, None
    if text.upper() in ETHNICITIES:
        return text.upper(), None
    return _coded(text, "ethnicity", _ETHNIC_NAMES, "NHS ethnic category")


def _yes_no(value: Any) -> tuple[bool | None, Issue | None]:
    text = header_key(text_of(value))
    if not text:
        return None, None
    if text in _YES:
        return True, None
    if text in _NO:
        return False, None
    return None, Issue("interpreter_needed", "should be yes or no", {}, text_of(value))


def _nhs(value: Any) -> tuple[str | None, Issue | None]:
    text = text_of(value)
    if not text:
        return None, None
    why = nhs_number.problem(text)
    if why:
        return None, Issue("nhs_number", "{why}", {"why": why}, text)
    return nhs_number.normalise(text), None


def _postcode(value: Any) -> tuple[str | None, Issue | None]:
    text = " ".join(text_of(value).upper().split())
    if not text:
        return None, None
    if not _POSTCODE.match(text):
        return None, Issue("postcode", "is not a UK postcode", {}, text)
    if " " not in text:
        text = f"{text[:-3]} {text[-3:]}"
    return text, None


def _whole_number(value: Any, code: str, low: int, high: int) -> tuple[int | None, Issue | None]:
    text = text_of(value)
    if not text:
        return None, None
    if not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
        return None, Issue(
            code, "should be a whole number from {low} to {high}", {"low": low, "high": high}, text
        )
    return int(text), None


def _address(value: Any) -> tuple[str | None, Issue | None]:
    """Lines as written (commas in a file's single cell become lines), without blank ones."""
    text = text_of(value).replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace(",", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joined = "\n".join(line for line in lines if line)
    if len(joined) > 300:
        return None, Issue("address", "is longer than 300 characters", {}, joined[:20] + "…")
    return joined or None, None


def _name(value: Any, code: str) -> tuple[str | None, Issue | None]:
    text = " ".join(text_of(value).split())
    if len(text) > 100:
        return None, Issue(code, "is longer than 100 characters", {}, text[:20] + "…")
    return text or None, None


def _plain(value: Any) -> tuple[str | None, None]:
    return text_of(value) or None, None


_PARSERS = {
    "nhs_number": _nhs,
    "given_name": lambda v: _name(v, "given_name"),
    "family_name": lambda v: _name(v, "family_name"),
    "date_of_birth": lambda v: parse_date(v, "date_of_birth"),
    "gender": lambda v: _coded(v, "gender", _GENDERS, "gender"),
    "address": _address,
    "postcode": _postcode,
    "gp_practice_code": lambda v: (text_of(v).upper() or None, None),
    "gp_practice_name": _plain,
    "pcn": _plain,
    "first_language": _plain,
    "interpreter_needed": _yes_no,
    "ethnicity": _ethnicity,
    "imd_decile": lambda v: _whole_number(v, "imd_decile", 1, 10),
    "employment_status": lambda v: _coded(v, "employment_status", _EMPLOYMENT, "employment status"),
    "pain_duration_months": lambda v: _whole_number(
        v, "pain_duration_months", 0, LONGEST_PAIN_MONTHS
    ),
    "received_on": lambda v: parse_date(v, "received_on"),
    "source": lambda v: _coded(v, "source", _SOURCES, "referral source"),
    "referrer_name": _plain,
    "reason": _plain,
}


def parse_field(code: str, value: Any) -> tuple[Any, Issue | None]:
    """One field's value as the record holds it (a code, an ISO date), or the problem."""
    return _PARSERS[code](value)


def check_values(values: dict[str, Any], defaults: dict[str, Any], today: date) -> CheckedRow:
    """Turn one row's values ({field: cell}) into a client and a pending referral.

    ``defaults`` fill fields the row leaves blank (the source and date a file came with).
    """
    issues: list[Issue] = []
    parsed: dict[str, Any] = {}
    for code in FIELD_CODES:
        raw = values.get(code)
        value, issue = (None, None) if raw is None or raw == "" else parse_field(code, raw)
        if issue is not None:
            issues.append(issue)
        elif value is None:
            value = defaults.get(code)
        parsed[code] = value
    client = {code: parsed[code] for code in CLIENT_FIELDS}
    referral = {code: parsed[code] for code in FIELD_CODES if code not in CLIENT_FIELDS}
    referral["outcome"] = "pending"
    issues += _missing(client, referral, issues)
    issues += _dates_make_sense(client, referral, today)
    return CheckedRow(client, referral, issues)


def _missing(client: dict, referral: dict, found: list[Issue]) -> list[Issue]:
    already = {i.field for i in found}
    merged = {**client, **referral}
    return [
        Issue(code, "is required but empty")
        for code in (*REQUIRED, "received_on", "source")
        if merged.get(code) in (None, "") and code not in already
    ]


def _dates_make_sense(client: dict, referral: dict, today: date) -> list[Issue]:
    issues = []
    born, received = client["date_of_birth"], referral["received_on"]
    if born and born > today.isoformat():
        issues.append(Issue("date_of_birth", "is in the future", {}, uk_date(born)))
    elif born and born < date(today.year - OLDEST_AGE, 1, 1).isoformat():
        issues.append(
            Issue(
                "date_of_birth",
                "would make the client over {age}",
                {"age": OLDEST_AGE},
                uk_date(born),
            )
        )
    if received and received > today.isoformat():
        issues.append(Issue("received_on", "is in the future", {}, uk_date(received)))
    elif received and born and received < born:
        issues.append(Issue("received_on", "is before the date of birth", {}, uk_date(received)))
    return issues


def uk_date(iso: str) -> str:
    return nhs_date(iso)


def person_key(given_name: str | None, family_name: str | None, born: str | None) -> tuple:
    """Names compared without case, spaces, hyphens or apostrophes; with the date of birth."""

    def squash(name: str | None) -> str:
        return re.sub(r"[\W_]", "", (name or "").casefold())

    return (squash(family_name), squash(given_name), born or "")
