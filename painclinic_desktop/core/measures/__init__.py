"""Outcome measures: definitions, scoring, bands, missing-data rules, flags and MIDs.

Exactly the rules of MEASURES.md. Definitions are read from resources/instruments/ once, at
import; `score()` then does no file I/O, so reports can call it hundreds of thousands of times.
"""

from painclinic_desktop.core.measures.definitions import Instrument, instrument, instruments
from painclinic_desktop.core.measures.mid import MeasureSettings, reaches_mid
from painclinic_desktop.core.measures.scoring import ScoreResult, check_items, score
from painclinic_desktop.core.measures.sts import (
    DEFAULT_STS_PROTOCOL,
    STS_PROTOCOLS,
    sts_protocol,
    sts_protocols_match,
)

__all__ = [
    "DEFAULT_STS_PROTOCOL",
    "STS_PROTOCOLS",
    "Instrument",
    "MeasureSettings",
    "ScoreResult",
    "check_items",
    "instrument",
    "instruments",
    "reaches_mid",
    "score",
    "sts_protocol",
    "sts_protocols_match",
]
