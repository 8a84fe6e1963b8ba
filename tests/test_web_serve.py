"""``parallax serve`` as a real process on a free 127.0.0.1 port: it answers while it warms
up (a 503 with Retry-After, a "starting" page) and stops on the first SIGTERM or Ctrl+C
(SIGINT), also in the middle of its warm-up.

No timings are asserted beyond generous deadlines (the issue's bound is 10 s to the first
answer; the measured time is in BENCHMARKS.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from parallax.config import load_settings
from parallax.pipeline import ingest
from parallax.store import SQLiteStore
from parallax.web.launch import free_port

FIRST_ANSWER_DEADLINE = 60.0  # generous: a busy 2-core machine; the measured time is ~3 s
EXIT_DEADLINE = 15.0


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    return {**env, "XDG_CONFIG_HOME": str(folder / "config"), "HF_HUB_OFFLINE": "1"}


class Serve:
    """A ``parallax serve`` child process and its output."""

    def __init__(self, db: Path, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"serve-{self.port}.log"
        port = str(self.port)
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--port", port],
                stdout=sink,
                stderr=subprocess.STDOUT,
                env=_env(folder),
            )

    def first_answer(self, path: str = "/api/stories") -> httpx.Response:
        """Poll until the server answers at all (any status)."""
        deadline = time.monotonic() + FIRST_ANSWER_DEADLINE
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                return httpx.get(self.url + path, timeout=10)
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"no answer in {FIRST_ANSWER_DEADLINE} s:\n{self.log.read_text()}")

    def stop(self, sig: signal.Signals) -> int:
        """Send one signal; the exit code (negative: killed by that signal)."""
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=EXIT_DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"still running {EXIT_DEADLINE} s after {sig.name}:\n{self.log.read_text()}"
            ) from None


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[[Path], Serve]]:
    started: list[Serve] = []

    def start(db: Path) -> Serve:
        serve = Serve(db, tmp_path)
        started.append(serve)
        return serve

    yield start
    for serve in started:  # a failed test leaves no server behind
        if serve.process.poll() is None:
            serve.process.kill()
            serve.process.wait()


@pytest.fixture
def unprepared_db(tmp_path: Path) -> Path:
    """The demo corpus ingested but neither analysed nor grouped: the warm-up analyses all
    15 articles, which takes tens of seconds, so a signal surely lands in it."""
    from parallax.demo import corpus_dir

    path = tmp_path / "unprepared.db"
    with SQLiteStore(path) as store:
        report = ingest([str(corpus_dir())], store, load_settings({"db": path}, environ={}))
    assert report.ok and len(report.added) == 15
    return path


def _assert_starting(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["retry-after"]) > 0
    body = answer.json()
    assert body["data"] is None and body["error"]["code"] == "unavailable"
    assert "starting" in body["error"]["message"] and "retry" in body["error"]["fix"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_while_warming_and_stops_on_one_signal(
    spawn: Callable[[Path], Serve], unprepared_db: Path, sig: signal.Signals
) -> None:
    serve = spawn(unprepared_db)
    _assert_starting(serve.first_answer())
    page = httpx.get(serve.url + "/", timeout=10)
    assert page.status_code == 503 and page.headers["retry-after"]
    assert page.headers["content-type"].startswith("text/html")
    assert "Starting" in page.text and 'http-equiv="refresh"' in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # no script allowed
    schema = httpx.get(serve.url + "/openapi.json", timeout=10)  # needs no store, no model
    assert schema.status_code == 200 and "/api/search" in schema.json()["paths"]
    code = serve.stop(sig)  # in the middle of the warm-up: 15 analyses take far longer
    assert code in {0, -sig, 128 + sig}, (code, serve.log.read_text())
    assert "Traceback" not in serve.log.read_text()


def test_serve_answers_at_once_then_serves_the_stories(
    spawn: Callable[[Path], Serve], _web_demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(_web_demo_db.read_bytes())
    serve = spawn(db)
    first = serve.first_answer()
    if first.status_code != 200:  # answered before the models were loaded
        _assert_starting(first)
    deadline = time.monotonic() + 180
    while (answer := httpx.get(serve.url + "/api/stories", timeout=30)).status_code == 503:
        assert time.monotonic() < deadline, serve.log.read_text()
        time.sleep(0.5)
    assert answer.status_code == 200 and len(answer.json()["data"]) == 4
    assert httpx.get(serve.url + "/", timeout=30).status_code == 200
    code = serve.stop(signal.SIGTERM)
    assert code in {0, -signal.SIGTERM, 128 + signal.SIGTERM}, (code, serve.log.read_text())


def test_a_failed_warm_up_is_logged_and_lets_the_requests_through(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A store that cannot be opened: the warm-up fails, says so in the log, and the gate
    opens, so that each request reports the problem itself (a 500 naming no server path)."""
    from fastapi.testclient import TestClient

    from parallax.web import create_app
    from parallax.web.service import WebService
    from parallax.web.startup import Warming

    not_a_store = tmp_path / "folder.db"
    not_a_store.mkdir()
    warming = Warming(
        WebService(not_a_store, settings=load_settings({"db": not_a_store}, environ={}))
    )
    with caplog.at_level("ERROR", logger="parallax.web"):
        warming.start()
        assert warming.ready.wait(60)
    assert warming.problem is not None and "StoreError" in warming.problem
    assert "warm-up failed" in caplog.text

    settings = load_settings({"db": not_a_store}, environ={})
    app = create_app(not_a_store, settings=settings, warm_in_background=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        deadline = time.monotonic() + 60
        while (answer := client.get("/api/stories")).status_code == 503:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert answer.status_code == 500 and str(tmp_path) not in answer.text
        assert answer.json()["error"]["fix"] == "the server log has the details"
