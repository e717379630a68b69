"""The directory's search and filters, without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ....core.register_matching import squash

SEARCHED = ("name", "venue", "schedule", "cost", "contact", "accessibility")


@dataclass
class DirectoryState:
    services: list[dict[str, Any]] = field(default_factory=list)
    search: str = ""
    category: str | None = None
    language: str | None = None

    @property
    def visible(self) -> list[dict[str, Any]]:
        words = [squash(w) for w in self.search.split()]
        words = [w for w in words if w]
        found = []
        for service in self.services:
            if self.category and service["category"] != self.category:
                continue
            if self.language and self.language.casefold() not in {
                lang.casefold() for lang in service["languages"]
            }:
                continue
            text = squash(" ".join(service.get(f) or "" for f in SEARCHED))
            if all(w in text for w in words):
                found.append(service)
        return found
