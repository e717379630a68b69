"""Key slots: each person's password unlocks the one random data key that encrypts the database.

A slot holds the data key wrapped (AES-256-GCM) under a key derived from the password with
Argon2id. The slot's own parameters travel with it, so slots made with older or test settings
still open. The slot is bound to its owner's name (GCM associated data), so a slot cannot be
relabelled as someone else's. Changing a password only re-wraps the same data key.

A switched-off account keeps a *retired* slot: no data key, only a check of the password
(``retire``), so its owner can be told the account is switched off once they have typed the
right password, and a guesser learns nothing new.

No files and no SQL here: ``store/keys.py`` keeps the slots beside the database.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import asdict, dataclass, replace

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .security_errors import AccountDisabled, WrongPassword

DATA_KEY_BYTES = 32  # a raw 256-bit SQLCipher key
PASSWORD = "password"
RECOVERY = "recovery"
ACTIVE = "active"
SWITCHED_OFF = "switched_off"
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Argon2Settings:
    """Argon2id cost. Production: about half a second on a modest two-core laptop
    (0.46 s measured on a two-core Debian 12 machine)."""

    time_cost: int = 5
    memory_kib: int = 131072  # 128 MiB
    parallelism: int = 4


def argon2_settings() -> Argon2Settings:
    """The cost for new slots. ``PAINCLINIC_ARGON2_TIME_COST`` / ``PAINCLINIC_ARGON2_MEMORY_KIB``
    lower it for the test suite only; a slot keeps the settings it was made with."""
    default = Argon2Settings()
    time_cost = int(os.environ.get("PAINCLINIC_ARGON2_TIME_COST", default.time_cost))
    memory = int(os.environ.get("PAINCLINIC_ARGON2_MEMORY_KIB", default.memory_kib))
    parallelism = default.parallelism if memory >= 8 * default.parallelism else 1
    return Argon2Settings(max(1, time_cost), max(8, memory), parallelism)


@dataclass(frozen=True)
class Slot:
    user: str | None  # the account name (casefolded); None for the recovery slot
    kind: str  # PASSWORD or RECOVERY
    salt: str  # base64
    nonce: str  # base64
    wrapped: str  # base64: the data key under AES-256-GCM
    time_cost: int
    memory_kib: int
    parallelism: int
    state: str = ACTIVE
    verifier: str | None = None  # a retired slot's password check (base64)
    # Signed slots (``core/signed_slots.py``): None on a slot made before signing.
    role: str | None = None
    public: str | None = None  # the account's X25519 public key; ``wrapped`` is its private key
    sealed: str | None = None  # the data key (and an admin's signing key) sealed to ``public``
    signature: str | None = None  # by the service signing key
    legacy: str | None = None  # digest of a slot made before signing, signed as it stands

    @property
    def cost(self) -> Argon2Settings:
        return Argon2Settings(self.time_cost, self.memory_kib, self.parallelism)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Slot:
        fields = cls.__dataclass_fields__
        return cls(**{name: data[name] for name in fields if name in data})


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def account_key(name: str) -> str:
    """Names are matched without regard to case or surrounding spaces."""
    return " ".join(name.split()).casefold()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _derive(secret: str, salt: bytes, cost: Argon2Settings) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        cost.time_cost,
        cost.memory_kib,
        cost.parallelism,
        DATA_KEY_BYTES,
        Type.ID,
    )


def _binding(kind: str, user: str | None) -> bytes:
    return f"painclinic-slot:{kind}:{user or ''}".encode()


def make_slot(
    data_key: bytes, secret: str, kind: str, user: str | None, cost: Argon2Settings | None = None
) -> Slot:
    cost = cost or argon2_settings()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    user = account_key(user) if user is not None else None
    wrapped = AESGCM(_derive(secret, salt, cost)).encrypt(nonce, data_key, _binding(kind, user))
    return Slot(
        user,
        kind,
        _b64(salt),
        _b64(nonce),
        _b64(wrapped),
        cost.time_cost,
        cost.memory_kib,
        cost.parallelism,
    )


def open_slot(slot: Slot, secret: str) -> bytes:
    """The data key, or WrongPassword (AccountDisabled for a retired slot and the right
    password). Takes the slot's full Argon2 time either way."""
    if slot.state == SWITCHED_OFF and slot.verifier:
        kek = _derive(secret, _unb64(slot.salt), slot.cost)
        if secrets.compare_digest(_verifier(slot, _keystream(kek, slot)), _unb64(slot.verifier)):
            raise AccountDisabled("This account has been switched off. Please ask the admin.")
        raise WrongPassword("The name or password is not right.")
    return unwrap(slot, secret)


def unwrap(slot: Slot, secret: str) -> bytes:
    """What the slot wraps under ``secret`` (the data key, or for a signed slot the account's
    private key), or WrongPassword."""
    kek = _derive(secret, _unb64(slot.salt), slot.cost)
    try:
        return AESGCM(kek).decrypt(
            _unb64(slot.nonce), _unb64(slot.wrapped), _binding(slot.kind, slot.user)
        )
    except (InvalidTag, ValueError):
        raise WrongPassword("The name or password is not right.") from None


# AES-GCM with a 96-bit nonce encrypts with AES-CTR from counter block nonce || 2, so the
# first 32 bytes of the wrapped key are the data key XOR that keystream. Whoever holds the data
# key learns the keystream, which opens nothing: it serves only as a check of the password.
def _keystream(kek: bytes, slot: Slot) -> bytes:
    counter = _unb64(slot.nonce) + (2).to_bytes(4, "big")
    return Cipher(algorithms.AES(kek), modes.CTR(counter)).encryptor().update(bytes(DATA_KEY_BYTES))


def _verifier(slot: Slot, keystream: bytes) -> bytes:
    return hashlib.sha256(_binding(slot.kind, slot.user) + keystream).digest()


def retire(slot: Slot, data_key: bytes) -> Slot:
    """The slot of a switched-off account: it no longer holds the data key, but still knows
    its owner's password (made by an admin, who does not know that password)."""
    wrapped = _unb64(slot.wrapped)[:DATA_KEY_BYTES]
    keystream = bytes(a ^ b for a, b in zip(wrapped, data_key, strict=True))
    return replace(slot, wrapped="", state=SWITCHED_OFF, verifier=_b64(_verifier(slot, keystream)))


def decoy(cost: Argon2Settings) -> Slot:
    """A slot nobody can open, costing what ``cost`` costs: unknown names take as long as
    known ones. Made without running Argon2."""
    return Slot(
        "(decoy)",
        PASSWORD,
        _b64(secrets.token_bytes(16)),
        _b64(secrets.token_bytes(12)),
        _b64(secrets.token_bytes(DATA_KEY_BYTES + 16)),
        cost.time_cost,
        cost.memory_kib,
        cost.parallelism,
    )


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None. Long passphrases beat complex rules."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters (a short phrase works)."
    if password.strip() != password or len(set(password)) < 4:
        return "Please choose a password that is not just repeated or padded characters."
    return None


# Base32 without padding: no 0/1/8/9, so fewer misread characters on a printed sheet.
def new_recovery_key() -> str:
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(typed: str) -> str:
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    text = text.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


# Failed sign-ins: three tries free, then a wait that doubles, up to 15 minutes.
FREE_TRIES = 3
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 900


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords in a row for one name."""
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES), LONGEST_WAIT_SECONDS)
