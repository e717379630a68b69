"""Sit-to-stand protocols.

A sit-to-stand count is only comparable with another taken over the same time, so each
result records its protocol and pairing code (baseline with follow-up, reports) must
never pair results of different protocols: use `sts_protocols_match`. A result recorded
without a protocol is taken to use the default, 30 seconds (MEASURES.md).
"""

from __future__ import annotations

from painclinic_desktop.core.errors import InvalidInput

STS_PROTOCOLS = ("30s", "60s")
DEFAULT_STS_PROTOCOL = "30s"


def sts_protocol(value: str | None) -> str:
    """The protocol code of a result; None means the default; anything else is refused."""
    if value is None:
        return DEFAULT_STS_PROTOCOL
    if value not in STS_PROTOCOLS:
        raise InvalidInput(
            f"sit-to-stand protocol {value!r} is not one of " + ", ".join(STS_PROTOCOLS),
            field="protocol",
        )
    return value


def sts_protocols_match(baseline: str | None, followup: str | None) -> bool:
    """True when two sit-to-stand results may be paired."""
    return sts_protocol(baseline) == sts_protocol(followup)
