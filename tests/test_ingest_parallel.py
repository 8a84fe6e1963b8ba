"""Many files are read by worker processes (issue 18): the same articles, errors and order as
one process, errors that cross the process boundary whole, the per-file error policy kept, and
no worker left behind when ``parallax ingest`` is killed. All article text is invented.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parallax.config import Settings
from parallax.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    NoArticleError,
    ParallaxError,
    UnknownNameError,
)
from parallax.ingest import read_articles
from parallax.ingest.feed import SkippedEntry
from parallax.ingest.parallel import MIN_SOURCES, pool_size
from parallax.pipeline import ingest
from parallax.store import SQLiteStore

TOWNS = ["Vellby", "Ostrand", "Harl", "Lunmoor", "Sallow", "Pellam", "Quarrow", "Brennick"]


def page(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    return f"""<!DOCTYPE html><html lang="en"><head><title>Ferry Timetable Changes In {town}</title>
<meta property="og:site_name" content="The {town} Courier">
<meta property="article:published_time" content="2026-03-0{n % 9 + 1}T08:1{n % 10}:00+01:00">
<meta name="author" content="Ilse Marrow"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry Timetable Changes In {town}</h1>
<p>The ferry between {town} and the island of Skerrow will run every {n + 20} minutes from
Monday, the harbour board said on Tuesday, after a winter in which two of its three boats were
laid up for repairs to their engines.</p>
<p>Harbourmaster Tobin Fale said the board had hired {n + 3} extra crew and that the first boat
would leave the quay at six in the morning, an hour earlier than in the summer timetable.</p>
<p>Passengers who bought season tickets before the change will be refunded the difference in
full, the board said, and the cafe on the quay will open at half past five.</p>
</article><footer>Copyright The {town} Courier</footer></body></html>"""


def text(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    return (
        f"Library Reopens In {town}\n\n"
        f"The public library of {town} reopened on Saturday after {n + 2} months of repairs to "
        f"its roof, which had leaked onto the reading room since the storms of the autumn.\n\n"
        f"Librarian Aud Keller said {n * 10 + 40} people came through the doors in the first "
        f"hour, and that the children's corner had new shelves built by the town's carpenters.\n"
    )


def batch(folder: Path, count: int = 40) -> Path:
    """Pages (some gzip), text files, and a few bad files among them."""
    folder.mkdir()
    for n in range(count):
        if n % 13 == 5:
            (folder / f"{n:03d}-broken.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        elif n % 13 == 9:
            (folder / f"{n:03d}-empty.txt").write_bytes(b"")
        elif n % 5 == 0:
            (folder / f"{n:03d}-page.html.gz").write_bytes(gzip.compress(page(n).encode()))
        elif n % 2:
            (folder / f"{n:03d}-page.html").write_text(page(n), encoding="utf-8")
        else:
            (folder / f"{n:03d}-report.txt").write_text(text(n), encoding="utf-8")
    (folder / "zz-login.html").write_text(
        "<html><body><form><input name=email><button>Log in</button></form></body></html>",
        encoding="utf-8",
    )
    return folder


def described(folder: Path, settings: Settings, workers: int) -> list[tuple[object, ...]]:
    progress: list[tuple[int, int, str]] = []
    outcomes = read_articles(
        [str(folder)],
        settings,
        workers=workers,
        on_source=lambda done, total, label: progress.append((done, total, label)),
    )
    rows: list[tuple[object, ...]] = []
    for o in outcomes:
        error = o.error
        rows.append((o.source, o.article, type(error), str(error), getattr(error, "fix", None)))
    rows.append(("progress", *progress))
    return rows


def test_workers_give_what_one_process_gives(tmp_path: Path, settings: Settings) -> None:
    folder = batch(tmp_path / "in")
    assert pool_size(41, 2) == 2  # the batch is large enough for the pool
    one = described(folder, settings, workers=1)
    two = described(folder, settings, workers=2)
    assert two == one
    kinds = [row[2] for row in one[:-1]]
    assert kinds.count(type(None)) == 41 - 3 - 3 - 1
    assert kinds.count(BinaryInputError) == 3
    assert kinds.count(EmptyInputError) == 3
    assert kinds.count(NoArticleError) == 1
    articles = [row[1] for row in one[:-1] if row[1] is not None]
    page_articles = [a for a in articles if a.format == "html"]  # type: ignore[attr-defined]
    assert page_articles and all(
        a.published is not None and a.published.hour == 8  # type: ignore[attr-defined]
        for a in page_articles
    )


def test_ingest_with_workers_reports_each_bad_file_and_stores_the_rest(
    tmp_path: Path, settings: Settings
) -> None:
    folder = batch(tmp_path / "in")
    with SQLiteStore(settings.db) as store:
        report = ingest([str(folder)], store, settings, workers=2)
        assert not report.ok
        assert len(report.added) == 34 and len(report.failed) == 7
        assert store.count() == 34
        again = ingest([str(folder)], store, settings, workers=2)
        assert len(again.added) == 0 and len(again.known) == 34


def test_a_few_files_or_one_core_are_read_here() -> None:
    assert pool_size(MIN_SOURCES - 1, 8) == 0
    assert pool_size(1000, 1) == 0
    assert pool_size(MIN_SOURCES, 2) == 2


@pytest.mark.parametrize(
    "error",
    [
        InputError("a.html", "cannot be read", fix="check it"),
        NoArticleError("b.html", "no article text found"),
        SkippedEntry("feed.xml#3", "entry carries a summary", fix="add --fetch-links"),
        UnknownNameError("format", "pdf", ["html", "text"]),
    ],
)
def test_errors_cross_processes_whole(error: ParallaxError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.problem == error.problem and back.fix == error.fix
    assert getattr(back, "source", None) == getattr(error, "source", None)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_ingest_leaves_no_worker(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:04d}.html").write_text(page(n), encoding="utf-8")
    db = str(tmp_path / "p.db")
    process = subprocess.Popen(
        [sys.executable, "-m", "parallax", "ingest", str(folder), "--db", db, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the ingest started its worker processes"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        for w in workers:  # reap them if they were re-parented to this test process
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w, os.WNOHANG)
        time.sleep(0.1)
    alive = []
    for w in workers:
        try:
            state = Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(w)
    assert alive == []
