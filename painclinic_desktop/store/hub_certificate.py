"""The hub's CA certificate found by the fingerprint IT read out.

A person may be given only the hub's address and the SHA-256 fingerprint of its CA
certificate (read out over the phone) instead of the certificate file. This asks the hub
for the certificates it presents — PostgreSQL's own way in to TLS: an 8-byte SSLRequest,
the answer ``S``, then a TLS handshake, closed before any login or password is sent — and
keeps the one CA certificate whose fingerprint is the one typed. Nothing is trusted on the
way: the certificate is only pinned when its fingerprint matches, and the connection that
follows checks the server against it with ``verify-full`` as always.

The hub must present its CA certificate after its own (``ssl_cert_file`` holding the server
certificate followed by the CA's, as docs/SYNC.md tells IT); a self-signed root is not sent
otherwise.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
import struct
from typing import Any

from ..core.errors import InvalidInput
from .hub import CONNECT_TIMEOUT, HubUnavailable, check_url

SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # PostgreSQL's SSLRequest message
DEFAULT_PORT = 5432
HEX = "0123456789ABCDEF"


def plain_fingerprint(text: str) -> str:
    """The hexadecimal digits alone, upper case: colons, spaces and letter case as read out
    do not matter."""
    return "".join(ch for ch in text.upper() if ch in HEX)


def checked_fingerprint(text: str) -> str:
    plain = plain_fingerprint(text)
    leftover = "".join(ch for ch in text.upper() if ch not in HEX and ch not in ": -\t")
    if len(plain) != 64 or leftover:
        raise InvalidInput(
            "A SHA-256 fingerprint is 64 hexadecimal characters (0-9, A-F), usually read out "
            "in 32 pairs separated by colons. Please check what you typed.",
            "fingerprint",
        )
    return plain


def fingerprint(der: bytes) -> str:
    """SHA-256 of a certificate, in the colon-separated pairs IT reads out."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pem_fingerprint(pem: str) -> str:
    try:
        der = ssl.PEM_cert_to_DER_cert(pem.strip() + "\n")
    except ValueError:
        raise InvalidInput("That file is not a certificate (PEM).", "ca") from None
    return fingerprint(der)


def _server(url: str) -> tuple[str, int]:
    parts = check_url(url)
    host = parts.get("hostaddr") or parts["host"]
    if "," in host:
        raise InvalidInput("A hub address names one server.", "hub")
    if host.startswith("/"):
        raise InvalidInput("A hub is reached over the network (TLS), not a local socket.", "hub")
    try:
        port = int(parts.get("port") or DEFAULT_PORT)
    except ValueError:
        raise InvalidInput(
            f"The hub's port {parts.get('port')!r} is not a number.", "hub"
        ) from None
    return host, port


def presented_chain(url: str) -> list[bytes]:
    """The certificates (DER) the hub's server presents, its own first. Nothing is verified
    here and nothing of the person's is sent."""
    host, port = _server(url)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only to read what it presents; never to log in
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT) as raw:
            raw.sendall(SSL_REQUEST)
            answer = raw.recv(1)
            if answer != b"S":
                raise HubUnavailable(
                    f"The server at {host}:{port} does not offer TLS, so it cannot be a "
                    "team hub. Nothing was saved; check the address with IT."
                )
            with context.wrap_socket(raw, server_hostname=_sni(host)) as tls:
                return _chain(tls)
    except (OSError, ssl.SSLError) as exc:
        raise HubUnavailable(
            f"Could not fetch the hub's certificate from {host}:{port}: {exc}"
        ) from None


def _sni(host: str) -> str | None:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return host
    return None  # an IP address is not sent as a server name


def _chain(tls: ssl.SSLSocket) -> list[bytes]:
    # Python 3.13 has SSLSocket.get_unverified_chain(); 3.10-3.12 have it on the inner object.
    getter = getattr(tls, "get_unverified_chain", None) or getattr(
        getattr(tls, "_sslobj", None), "get_unverified_chain", None
    )
    if getter is None:
        own = tls.getpeercert(binary_form=True)
        return [own] if own else []
    return [_der(item) for item in getter() or []]


def _der(item: Any) -> bytes:
    if isinstance(item, bytes):
        return item
    return item.public_bytes(ssl._ssl.ENCODING_DER)  # type: ignore[attr-defined]


def _is_ca(der: bytes) -> bool:
    from cryptography import x509

    try:
        found = x509.load_der_x509_certificate(der)
        return found.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (ValueError, x509.ExtensionNotFound):
        return False


def ca_by_fingerprint(url: str, typed: str) -> str:
    """The hub's CA certificate (PEM) whose SHA-256 fingerprint is ``typed``; refuses, with
    what to do, when the hub presents none such."""
    wanted = checked_fingerprint(typed)
    chain = presented_chain(url)
    for der in chain:
        if plain_fingerprint(fingerprint(der)) != wanted:
            continue
        if not _is_ca(der):
            raise InvalidInput(
                "That fingerprint is the hub server's own certificate, not its CA's. Ask IT "
                "for the fingerprint of the CA certificate (ca.crt). Nothing was saved.",
                "fingerprint",
            )
        return ssl.DER_cert_to_PEM_cert(der)
    if len(chain) <= 1:
        hint = (
            " The hub presents only its own certificate: IT can add the CA certificate after "
            "it in the server's certificate file, or give you the CA file (ca.crt)."
        )
    else:
        hint = ""
    raise InvalidInput(
        "The hub's certificates do not match the fingerprint you typed. Do not connect: "
        "check the address and the fingerprint with IT. Nothing was saved." + hint,
        "fingerprint",
    )
