"""A private PostgreSQL cluster for the hub tests: a real server, never a mock.

``initdb`` refuses to run as root, so under root (CI) the server runs as the ``postgres``
user in a temporary folder it owns. TLS is on with a CA and server certificate made here
(``cryptography``); the server listens on 127.0.0.1 on a free port and keeps its socket in
the same folder. Logins reach it only over TLS with SCRAM passwords; the test's own admin
connection uses the socket.
"""

from __future__ import annotations

import datetime
import glob
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

OWNER = "hub_owner"
OWNER_PASSWORD = "owner-secret-1"  # noqa: S105 - a throwaway test cluster


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parents[1].name)
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PainClinic test hub CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    # The server presents its CA after its own certificate, as docs/SYNC.md asks of IT, so
    # that a laptop can join by the CA's fingerprint alone.
    cert_path.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, cert_path, key_path


@dataclass
class Cluster:
    bindir: Path
    base: Path
    port: int
    ca: Path
    run_as: str | None  # the postgres user when the tests run as root
    superuser: str
    _next: int = 0

    @property
    def data(self) -> Path:
        return self.base / "data"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        return subprocess.run(
            command, user=self.run_as, check=check, capture_output=True, text=True, cwd=self.base
        )

    def start(self) -> None:
        self.run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.base / "log"))

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data), check=False)

    def admin(self, dbname: str = "postgres"):
        """A superuser connection over the socket (autocommit)."""
        import psycopg

        return psycopg.connect(
            host=str(self.base), port=self.port, user=self.superuser, dbname=dbname, autocommit=True
        )

    def url(self, dbname: str, user: str) -> str:
        """A hub URL as a laptop would be given it: TLS verify-full against the pinned CA."""
        return (
            f"postgresql://{quote(user)}@127.0.0.1:{self.port}/{dbname}"
            f"?sslmode=verify-full&sslrootcert={quote(str(self.ca))}"
        )

    def new_database(self) -> str:
        """A fresh database owned by the hub owner, copied from the template."""
        self._next += 1
        name = f"svc{os.getpid()}_{self._next}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE hub_template OWNER {OWNER}')
        return name


def start_cluster() -> Cluster:
    bindir = bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server programs are not installed")
    run_as = "postgres" if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="painclinic-hub-"))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    os.chmod(base, 0o755)  # the tests (and the CA file) are read from outside the server
    superuser = run_as or pwd.getpwuid(os.geteuid()).pw_name
    cluster = Cluster(bindir, base, _free_port(), base / "ca.crt", run_as, superuser)
    cluster.run(
        "initdb", "-D", str(cluster.data), "-U", superuser, "-A", "trust", "--no-sync",
        "-E", "UTF8", "--locale=C",
    )  # fmt: skip
    ca, cert, key = _certificates(base)
    for path in (ca, cert, key):
        os.chmod(path, 0o600 if path == key else 0o644)
        if run_as:
            shutil.chown(path, run_as, run_as)
    conf = cluster.data / "postgresql.conf"
    with conf.open("a") as handle:
        handle.write(
            f"listen_addresses = '127.0.0.1'\nport = {cluster.port}\n"
            f"unix_socket_directories = '{base}'\nssl = on\n"
            f"ssl_cert_file = '{cert}'\nssl_key_file = '{key}'\n"
            "password_encryption = 'scram-sha-256'\n"
            # A test cluster: durability against power loss is not tested here, so no fsync.
            # But a commit is written out before it is acknowledged (synchronous_commit on):
            # the kill test stops the server with -m immediate, which loses commits that
            # were acknowledged but still only in the server's memory.
            "fsync = off\nsynchronous_commit = on\nfull_page_writes = off\n"
            "shared_buffers = 32MB\nmax_connections = 60\n"
        )
    (cluster.data / "pg_hba.conf").write_text(
        "local all all trust\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "host all all 127.0.0.1/32 reject\n"
    )
    cluster.start()
    with cluster.admin() as conn:
        conn.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        conn.execute("CREATE DATABASE hub_template")
    return cluster


def remove(cluster: Cluster) -> None:
    cluster.stop("fast")
    shutil.rmtree(cluster.base, ignore_errors=True)
