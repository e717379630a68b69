"""The register being taken, without Qt: who is listed, who is here, what the search shows.

Kept Qt-free so what a search finds on a register (and what it offers from the caseload) is
tested quickly and directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ....core.register_matching import squash
from ....services.groups import ClientHit, Register, RegisterLine, search_index

# Caseload names offered under the register when a search finds someone not listed.
OTHERS_SHOWN = 8


def _hit(line: RegisterLine) -> ClientHit:
    return ClientHit(
        line.client_id, line.name, line.date_of_birth, tuple(squash(n) for n in line.name.split())
    )


@dataclass
class RegisterState:
    register: Register | None = None
    lines: list[RegisterLine] = field(default_factory=list)
    search: str = ""
    index: list[ClientHit] = field(default_factory=list)  # the whole caseload, for searching

    def load(self, register: Register) -> None:
        self.register = register
        self.lines = list(register.lines)

    @property
    def visible(self) -> list[RegisterLine]:
        if not self.search.strip():
            return self.lines
        found = {
            h.client_id
            for h in search_index(
                [_hit(line) for line in self.lines], self.search, limit=len(self.lines) or 1
            )
        }
        return [line for line in self.lines if line.client_id in found]

    @property
    def others(self) -> list[ClientHit]:
        """Clients on the caseload who match the search but are not on this register."""
        if not self.search.strip():
            return []
        listed = {line.client_id for line in self.lines}
        hits = search_index(self.index, self.search, limit=OTHERS_SHOWN + len(listed))
        return [h for h in hits if h.client_id not in listed][:OTHERS_SHOWN]

    def set_present(self, client_id: str, present: bool) -> None:
        self.lines = [
            replace(line, present=present) if line.client_id == client_id else line
            for line in self.lines
        ]

    @property
    def here(self) -> int:
        return sum(1 for line in self.lines if line.present)

    @property
    def held_walk_ins(self) -> list[dict]:
        if self.register is None:
            return []
        return [w for w in self.register.walk_ins if not w["resolved_on"]]
