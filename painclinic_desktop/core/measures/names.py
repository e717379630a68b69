"""Short names of the instruments as reports print them (the data files hold full titles)."""

SHORT_NAMES = {
    "pseq": "PSEQ",
    "wemwbs": "WEMWBS",
    "swemwbs": "SWEMWBS",
    "bpi": "BPI",
    "ons4": "ONS4",
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "peg": "PEG",
    "sts": "Sit-to-stand",
}
