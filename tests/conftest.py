"""Shared fixtures: a real SQLite file per test, the real CLI in a subprocess, shared data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from parallax.comparison.records import Comparison
from parallax.config import Settings, load_settings
from parallax.store import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"

pytest_plugins = ["tests.pg_server"]  # pg_server, pg_url: a throwaway PostgreSQL


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the user's real config or data directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("PARALLAX_DB", raising=False)
    monkeypatch.delenv("PARALLAX_CONFIG", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "parallax.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(db_path)
    yield s
    s.close()


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return load_settings({"db": db_path}, environ={})


def run_cli(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``parallax`` entry point (``python -m parallax``) in a subprocess."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "parallax", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


@pytest.fixture(scope="session")
def _web_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested, analysed and grouped into stories, once per session."""
    from parallax.demo import corpus_dir
    from parallax.pipeline import ingest
    from parallax.web.service import WebService

    path = tmp_path_factory.mktemp("web") / "demo.db"
    settings = load_settings({"db": path}, environ={})
    with SQLiteStore(path) as store:
        report = ingest([str(corpus_dir())], store, settings)
    assert report.ok and len(report.added) == 15, report.failed
    WebService(path, settings=settings).prepare()
    return path


@pytest.fixture
def web_db(_web_demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the prepared demo store that a test may change (post articles to)."""
    import shutil

    path = tmp_path / "web.db"
    shutil.copyfile(_web_demo_db, path)
    return path


def conflict_values(comparison: Comparison, kind: str) -> list[list[str]]:
    """What each side says, per conflict of ``kind`` the comparison claims."""
    return [sorted(s.value for s in k.sides) for k in comparison.conflicts if k.kind == kind]
