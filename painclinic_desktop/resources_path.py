"""Find bundled resources both in a checkout and in an installed wheel.

The wheel maps the top-level `resources/` folder to `painclinic_desktop/resources/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. resource("instruments", "phq9.json")."""
    installed = _PACKAGE.joinpath("resources", *parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.joinpath("resources", *parts)
