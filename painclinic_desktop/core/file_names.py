"""Names for files made about one client: recognisable by staff, or anonymous, and always
safe to create on Windows and Linux.

The service chooses (service settings) between the recognisable form
``<family name> <initial> <NHS number> <date> <document>`` — so admin staff can tell whose
summary is whose in a folder of them — and the anonymous ``<document>-<client id>``, which
shows nothing in a folder listing or in the computer's recent-files list.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

RECOGNISABLE = "recognisable"
ANONYMOUS = "anonymous"
FILE_NAME_STYLES = (RECOGNISABLE, ANONYMOUS)

# document code -> (words in a recognisable name, the anonymous name's prefix)
DOCUMENTS = {
    "gp_summary": ("GP summary", "gp-summary"),
    "plan": ("plan", "plan"),
    "plan_large_print": ("plan large print", "plan-large-print"),
}

# Characters Windows refuses in a file name (Linux refuses "/" and NUL), and control codes.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Names Windows keeps for devices, whatever the extension ("CON.pdf" cannot be created).
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(10)}
    | {f"LPT{n}" for n in range(10)}
    | {"COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
)
# Short enough to leave room for the folder under Windows' 260-character path limit, and
# under the 255-byte limit of Linux file systems whatever the alphabet.
MAX_STEM_CHARACTERS = 100
_MAX_NAME_BYTES = 255


def safe_file_name(stem: str, suffix: str = "") -> str:
    """``stem`` + ``suffix`` as a name every common file system accepts.

    Forbidden characters become spaces, runs of spaces one space; trailing dots and spaces
    go (Windows drops them silently); a device name gets a leading underscore; the stem is
    cut to MAX_STEM_CHARACTERS and to 255 bytes with the suffix.
    """
    text = unicodedata.normalize("NFC", stem)
    text = " ".join(_FORBIDDEN.sub(" ", text).split()).strip(" .")
    if not text:
        text = "file"
    text = _fit(text, suffix)
    if text.split(".")[0].strip().upper() in _DEVICE_NAMES:
        text = _fit("_" + text, suffix)
    return text + suffix


def _fit(text: str, suffix: str) -> str:
    text = text[:MAX_STEM_CHARACTERS]
    while len((text + suffix).encode("utf-8")) > _MAX_NAME_BYTES:
        text = text[:-1]
    return text.rstrip(" .") or "file"


def client_file_name(
    client: dict[str, Any], document: str, day: date, style: str, suffix: str = ".pdf"
) -> str:
    """The file name for ``document`` about ``client`` made on ``day``, in ``style``."""
    words, prefix = DOCUMENTS[document]
    client_id = str(client.get("id") or "")
    if style != RECOGNISABLE:
        return safe_file_name(f"{prefix}-{client_id}" if client_id else prefix, suffix)
    family = " ".join(str(client.get("family_name") or "").split())
    given = str(client.get("given_name") or "").strip()
    nhs = re.sub(r"\D", "", str(client.get("nhs_number") or ""))
    who = [family or "Client", given[:1].upper()]
    if not family and not nhs and client_id:
        who.append(client_id[:8])  # nothing else tells two unnamed clients apart
    parts = [*who, nhs, day.isoformat(), words]
    return safe_file_name(" ".join(p for p in parts if p), suffix)


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… so that no two files of one batch collide.

    Windows and macOS compare names without case, so ``taken`` holds lower-case names;
    the chosen name is added to it.
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    else:
        suffix = "." + suffix
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        base = stem
        candidate = safe_file_name(f"{base} ({number})", suffix)
        while not candidate.endswith(f"({number}){suffix}") and base:
            base = base[:-1]  # a name at the length limit: shorten it, never cut the number
            candidate = safe_file_name(f"{base} ({number})", suffix)
    taken.add(candidate.lower())
    return candidate
