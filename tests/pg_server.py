"""A real, throwaway PostgreSQL server for the tests (a pytest plugin, see conftest.py).

``pg_server`` starts one per session: ``initdb`` into a fresh folder with the installed
binaries (``/usr/lib/postgresql/*/bin``, or ``$PARALLAX_PG_BIN``), ``pg_ctl start`` on a free
loopback port, stopped and deleted at the end. As root (CI), the server runs as the
``postgres`` user, since initdb refuses root. ``pg_url`` gives each test its own new
database. Without PostgreSQL binaries (or psycopg) those tests are skipped, never faked.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl: $PARALLAX_PG_BIN if set, else the newest
    /usr/lib/postgresql/*/bin, else the PATH."""
    env = os.environ.get("PARALLAX_PG_BIN")
    candidates = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    if env:
        return None
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    _names: Iterator[int]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")
    binaries = _bin_dir()
    if binaries is None:
        where = os.environ.get("PARALLAX_PG_BIN") or "/usr/lib/postgresql/*/bin or the PATH"
        pytest.skip(
            f"no PostgreSQL binaries (initdb, pg_ctl) in {where}; install Debian's 'postgresql'"
        )
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the 'postgres' user
        if (
            shutil.which("runuser") is None
            or subprocess.run(["id", "-u", "postgres"], capture_output=True, check=False).returncode
        ):
            pytest.skip("running as root without a 'postgres' user to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="parallax-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, user="postgres")
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}\n{done.stderr}")

    try:
        run(
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "parallax",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except RuntimeError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start a throwaway PostgreSQL: {exc}")
    try:
        yield PgServer("127.0.0.1", port, "parallax", itertools.count(1))
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A new, empty database on the throwaway server."""
    return pg_server.new_database()
