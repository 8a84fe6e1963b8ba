"""Run ``parallax serve`` as a child process on a free 127.0.0.1 port (browser tests,
benchmarks, scripts): :func:`serving` starts it, waits until it answers and stops it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from parallax.errors import ParallaxError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(
    db: Path, log: Path, *, env: Mapping[str, str] | None = None, timeout: float = 120.0
) -> Iterator[str]:
    """``parallax serve --db DB`` on a free port, its output in ``log``; yields its base URL
    once ``/api/stories`` answers, and stops the server on leaving. Raises ParallaxError (with
    the server's output) when it exits or does not answer within ``timeout`` seconds."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
        )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if process.poll() is not None:
                raise ParallaxError(
                    f"parallax serve exited with {process.returncode}:\n{log.read_text()}",
                    fix="read the server's output above",
                )
            if time.monotonic() > deadline:
                raise ParallaxError(
                    f"parallax serve did not answer within {timeout:g} s:\n{log.read_text()}",
                    fix="read the server's output above, or allow more time",
                )
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/stories", timeout=5).status_code == 200
    except httpx.TransportError:
        return False
