"""Crash safety (issue 18): ``parallax ingest`` and ``parallax analyze`` killed with SIGKILL in
the middle of a run leave a sound database; the rerun finishes, and nothing is lost or doubled.

The articles are invented, a few sentences each.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from parallax.store import SQLiteStore

PLACES = ["Vellby", "Ostrand", "Harl", "Lunmoor", "Sallow", "Pellam", "Quarrow", "Brennick"]


def invented(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"Council Report {n} From {place}\n\n"
        f"The council of {place} met on evening {n} to discuss the repair of bridge number {n}, "
        f"which has been closed to lorries since the spring.\n\n"
        f"Councillor Mara Venn said the work would cost {n * 1000 + 500} crowns and take "
        f"{n % 9 + 2} weeks, and that the ferry would run every hour until it was done.\n"
    )


def write_batch(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"report-{n:04d}.txt").write_text(invented(n), encoding="utf-8")


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "parallax", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )


def count_rows(db: Path, table: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def kill_when(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float = 60
) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` holds; False if it finished first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if ready():
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                return True
        except sqlite3.Error:
            pass  # the database is being created or locked for a moment
        time.sleep(0.02)
    process.kill()
    process.wait(timeout=30)
    pytest.fail("the run neither reached the kill point nor finished")


def integrity_ok(db: Path) -> None:
    with sqlite3.connect(db, timeout=30) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_ingest_killed_mid_run_then_rerun(tmp_path: Path) -> None:
    count = 300
    batch = tmp_path / "batch"
    write_batch(batch, count)
    db = tmp_path / "parallax.db"
    first = start("ingest", str(batch), "--db", str(db))
    killed = kill_when(first, lambda: db.exists() and 0 < count_rows(db, "articles") < count)
    integrity_ok(db)
    partial = count_rows(db, "articles")
    assert killed and 0 < partial < count
    rerun = subprocess.run(
        [sys.executable, "-m", "parallax", "ingest", str(batch), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{count - partial} added, {partial} already known, 0 failed" in rerun.stdout
    integrity_ok(db)
    with SQLiteStore(db) as store:
        assert store.count() == count
    with sqlite3.connect(db) as conn:
        distinct = conn.execute("SELECT count(DISTINCT text) FROM articles").fetchone()[0]
        titles = conn.execute("SELECT count(DISTINCT title) FROM articles").fetchone()[0]
    assert distinct == titles == count


def test_analyze_killed_mid_run_then_rerun(tmp_path: Path) -> None:
    count = 48  # three batches of 16: the kill lands after the first is saved
    batch = tmp_path / "batch"
    write_batch(batch, count)
    db = tmp_path / "parallax.db"
    done = subprocess.run(
        [sys.executable, "-m", "parallax", "ingest", str(batch), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    first = start("analyze", "--db", str(db), "--workers", "1")
    assert kill_when(first, lambda: 0 < count_rows(db, "analyses") < count, limit=240)
    integrity_ok(db)
    partial = count_rows(db, "analyses")
    assert partial < count
    rerun = subprocess.run(
        [sys.executable, "-m", "parallax", "analyze", "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert rerun.returncode == 0, rerun.stderr
    integrity_ok(db)
    assert count_rows(db, "analyses") == count
    with sqlite3.connect(db) as conn:
        ids = conn.execute("SELECT count(DISTINCT article_id) FROM analyses").fetchone()[0]
    assert ids == count
    with SQLiteStore(db) as store:
        assert store.count() == count
