"""The audit trail's hash chain: each row's hash covers its fields and the previous hash.

Pure, so the same rule serves the store (Python appends, and the SQL trigger that audits
every logged export through the ``painclinic_audit_hash`` function) and the verifier.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64
FIELDS = ("seq", "at", "actor", "action", "collection", "record_id", "client_id", "detail")


def row_hash(prev_hash: str, values: dict[str, Any]) -> str:
    canonical = json.dumps([values[f] for f in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def sql_row_hash(prev_hash: str, *fields: Any) -> str:
    """``painclinic_audit_hash(prev, seq, at, actor, action, collection, record_id,
    client_id, detail)`` for SQL triggers."""
    return row_hash(prev_hash, dict(zip(FIELDS, fields, strict=True)))


def head_statement(seq: int, head_hash: str) -> str:
    """What the service signing key signs: the trail up to row ``seq``, ending in ``head_hash``."""
    return f"painclinic-audit-head:{seq}:{head_hash}"


def signature_detail(seq: int, head_hash: str, signature: str) -> str:
    return f"head {seq} {head_hash} {signature}"


def parse_signature_detail(detail: str | None) -> tuple[int, str, str] | None:
    parts = (detail or "").split(" ")
    if len(parts) != 4 or parts[0] != "head" or not parts[1].isdigit():
        return None
    return int(parts[1]), parts[2], parts[3]
