"""Signed key slots: a slot counts only if the service signing key vouches for it.

Each account has its own X25519 key pair. The password (through Argon2id, as before) wraps only
the account's private key; the data key is *sealed* to the account's public key, so an admin
can hand a new data key to everyone without knowing their passwords (a key change after a
leaver). Admin slots and the recovery slot also carry the **service signing key** (Ed25519)
in their sealed part. The signing key signs what matters in every slot — whose it is, its
kind, its role, its public key and whether it is switched off — so a slot made by someone who
holds only the data key (any account's slot gives that) does not verify, and a role cannot be
raised by editing the key file or the accounts table.

Slots made before signing (a "legacy" slot wraps the data key itself) are signed as they
stand at the first admin sign-in: the signature covers a digest of the slot, so it cannot be
swapped for another one.

No files and no SQL here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import keyslots
from .keyslots import DATA_KEY_BYTES, SWITCHED_OFF, Argon2Settings, Slot
from .security_errors import AccountDisabled, WrongPassword

RESET_NEEDED = "reset_needed"  # a legacy slot after a key change: it holds the old key only
_RAW = serialization.Encoding.Raw
_SIGNED = ("user", "kind", "role", "public", "state", "legacy")


@dataclass(frozen=True)
class Opened:
    """What a password opens: the data key, and for admins the service signing key."""

    data_key: bytes
    signing_key: bytes | None
    private_key: bytes | None  # the account's own X25519 key (None for a legacy slot)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def new_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes_raw()


def public_of(signing_key: bytes) -> str:
    """The service signing key's public half, as kept in the key file and the database."""
    return _b64(Ed25519PrivateKey.from_private_bytes(signing_key).public_key().public_bytes_raw())


def sign_text(signing_key: bytes, text: str) -> str:
    return _b64(Ed25519PrivateKey.from_private_bytes(signing_key).sign(text.encode("utf-8")))


def verify_text(public: str, text: str, signature: str | None) -> bool:
    if not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public)).verify(
            _unb64(signature), text.encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def predecessor_text(old_public: str) -> str:
    """What a new signing key signs about the key it replaces, so signatures of the audit
    trail made before a change of keys still count (and no key of anyone's making does)."""
    return f"painclinic-previous-key:{old_public}"


def _statement(slot: Slot) -> str:
    return "painclinic-slot-v2:" + json.dumps(
        [getattr(slot, name) for name in _SIGNED], separators=(",", ":")
    )


def sign(slot: Slot, signing_key: bytes) -> Slot:
    return replace(slot, signature=sign_text(signing_key, _statement(slot)))


def verifies(slot: Slot, service_key: str | None) -> bool:
    """True when the service signing key vouches for ``slot`` exactly as it is."""
    if service_key is None or not verify_text(service_key, _statement(slot), slot.signature):
        return False
    return slot.public is not None or slot.legacy == legacy_digest(slot)


def legacy_digest(slot: Slot) -> str:
    parts = [slot.salt, slot.nonce, slot.wrapped, slot.verifier or "", str(slot.time_cost)]
    parts += [str(slot.memory_kib), str(slot.parallelism)]
    return hashlib.sha256("|".join(parts).encode("ascii")).hexdigest()


def sign_legacy(slot: Slot, role: str | None, state: str, signing_key: bytes) -> Slot:
    """Vouch for a slot made before signing, as it stands (it cannot be swapped)."""
    slot = replace(slot, role=role, state=state)
    return sign(replace(slot, legacy=legacy_digest(slot)), signing_key)


def _binding(slot_kind: str, user: str | None) -> bytes:
    return f"painclinic-slot-v2:{slot_kind}:{user or ''}".encode()


def _seal_key(shared: bytes, ephemeral: bytes, binding: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral, info=binding).derive(shared)


def seal(public: str, payload: bytes, binding: bytes) -> str:
    """``payload`` readable only with the private key of ``public`` (X25519, HKDF, AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(public)))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_seal_key(shared, eph_public, binding)).encrypt(nonce, payload, binding)
    return _b64(eph_public + nonce + sealed)


def unseal(private_key: bytes, sealed: str, binding: bytes) -> bytes:
    raw = _unb64(sealed)
    eph_public, nonce, body = raw[:32], raw[32:44], raw[44:]
    shared = X25519PrivateKey.from_private_bytes(private_key).exchange(
        X25519PublicKey.from_public_bytes(eph_public)
    )
    return AESGCM(_seal_key(shared, eph_public, binding)).decrypt(nonce, body, binding)


def _payload(data_key: bytes, signing_key: bytes | None) -> bytes:
    return data_key + (signing_key or b"")


def make(
    secret: str,
    kind: str,
    user: str | None,
    role: str | None,
    data_key: bytes,
    signing_key: bytes,
    holds_signing_key: bool,
    cost: Argon2Settings | None = None,
) -> Slot:
    """A new signed slot: a fresh key pair, its private half wrapped under ``secret``."""
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes_raw()
    public = _b64(private.public_key().public_bytes_raw())
    base = keyslots.make_slot(private_raw, secret, kind, user, cost)
    slot = replace(base, role=role, public=public, legacy=None)
    return seal_for(slot, data_key, signing_key if holds_signing_key else None, signing_key)


def seal_for(
    slot: Slot,
    data_key: bytes,
    carried_signing_key: bytes | None,
    signing_key: bytes,
    state: str | None = None,
    role: str | None = None,
) -> Slot:
    """The slot with ``data_key`` (and the signing key, for admins) sealed to its public key,
    its state and role as given, signed afresh. No password needed."""
    slot = replace(slot, state=state or slot.state, role=role if role is not None else slot.role)
    if slot.state == SWITCHED_OFF:
        slot = replace(slot, sealed=None)
    else:
        sealed = seal(
            slot.public or "",
            _payload(data_key, carried_signing_key),
            _binding(slot.kind, slot.user),
        )
        slot = replace(slot, sealed=sealed)
    return sign(slot, signing_key)


def open_signed(slot: Slot, secret: str) -> Opened:
    """Open a signed (new-style) slot with its password. WrongPassword, or AccountDisabled
    for a switched-off account whose password was right."""
    private_raw = keyslots.unwrap(slot, secret)  # the slot's full Argon2 time either way
    if X25519PrivateKey.from_private_bytes(private_raw).public_key().public_bytes_raw() != (
        _unb64(slot.public or "")
    ):
        raise WrongPassword("The name or password is not right.")
    if slot.state == SWITCHED_OFF or not slot.sealed:
        raise AccountDisabled("This account has been switched off. Please ask the admin.")
    payload = unseal_payload(slot, private_raw)
    signing = payload[DATA_KEY_BYTES:] or None
    return Opened(payload[:DATA_KEY_BYTES], signing, private_raw)


def unseal_payload(slot: Slot, private_key: bytes) -> bytes:
    try:
        return unseal(private_key, slot.sealed or "", _binding(slot.kind, slot.user))
    except (InvalidTag, ValueError):
        raise WrongPassword("The name or password is not right.") from None


def rewrap(slot: Slot, private_key: bytes, new_secret: str) -> Slot:
    """The same account key under a new password: the signature still holds, so anyone may
    change their own password without an admin."""
    fresh = keyslots.make_slot(private_key, new_secret, slot.kind, slot.user)
    return replace(
        slot,
        salt=fresh.salt,
        nonce=fresh.nonce,
        wrapped=fresh.wrapped,
        time_cost=fresh.time_cost,
        memory_kib=fresh.memory_kib,
        parallelism=fresh.parallelism,
    )
