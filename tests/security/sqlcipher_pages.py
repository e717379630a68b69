"""Every page of a SQLCipher 4 file (database, write-ahead log or backup) in the clear.

Reading a file through SQL shows only what the schema still points to; a page freed by a
delete, an old copy in the write-ahead log or a leftover in a backup would not show. This
decrypts every page with the raw data key (SQLCipher 4 defaults, as the app uses them: 4096
byte pages, AES-256-CBC, each page ending in its 16-byte IV and a 64-byte HMAC), so a test can
search the bytes themselves. A test always checks a known value *is* found (a client's name),
so a decryption that silently failed could not pass for a clean file.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
SALT = 16
IV = 16
RESERVE = 80  # IV + HMAC-SHA512
WAL_HEADER = 32
FRAME_HEADER = 24


def _page(key: bytes, page: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    body = page[start : PAGE - RESERVE]
    iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def database_text(path: Path, key: bytes) -> bytes:
    data = Path(path).read_bytes()
    return b"".join(
        _page(key, data[at : at + PAGE], at == 0) for at in range(0, len(data) - PAGE + 1, PAGE)
    )


def wal_text(path: Path, key: bytes) -> bytes:
    """The pages of every frame in a write-ahead log (page 1's frames keep the salt area)."""
    data = Path(path).read_bytes() if Path(path).exists() else b""
    pages, at = [], WAL_HEADER
    while at + FRAME_HEADER + PAGE <= len(data):
        number = int.from_bytes(data[at : at + 4], "big")
        pages.append(_page(key, data[at + FRAME_HEADER : at + FRAME_HEADER + PAGE], number == 1))
        at += FRAME_HEADER + PAGE
    return b"".join(pages)


def every_byte(db: Path, key: bytes) -> bytes:
    """The database, its write-ahead log and every backup beside it, decrypted."""
    db = Path(db)
    found = [database_text(db, key), wal_text(db.with_name(db.name + "-wal"), key)]
    backups = db.parent / "backups"
    if backups.is_dir():
        for copy in sorted(backups.glob("*.db")):
            found.append(database_text(copy, key))
    return b"".join(found)
