"""Ingest-and-clean throughput for plain text and HTML, in articles per second.

    .venv/bin/python benchmarks/bench_ingest.py [--data ../shared/data/extraction] [--rounds 3]

Plain text: the demo corpus' .txt articles, copied N times with a distinct line each (so every
copy is a new article), read, sniffed, decoded, cleaned and language-tagged; then the same
into a SQLite store. HTML: the extraction benchmark's real pages, through trafilatura plus
Parallax's cleaning, beside trafilatura alone on the same pages (the anchor).

The HTML side by side: trafilatura alone (`extract`, one process, pages already in memory)
against Parallax's full ingest as `parallax ingest DIR` runs it (`pipeline.ingest` on the
folder of .html.gz pages: read, gunzip, sniff, extraction with metadata, published time,
cleaning, language id, writing to SQLite; worker processes on every core), and the same in
one process. Each round runs each side in a fresh process (cold caches, models loaded inside
the timing), the sides taking turns.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from parallax.clean import clean_text
from parallax.config import Settings
from parallax.demo import corpus_dir
from parallax.ingest import read_articles
from parallax.ingest.build import build_article
from parallax.ingest.html import html_document
from parallax.ingest.registry import Source
from parallax.pipeline import ingest
from parallax.store import SQLiteStore


def best_rate(count: int, run: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(best, median) items per second over ``rounds`` runs."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        rates.append(count / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def text_corpus(folder: Path, copies: int) -> list[Path]:
    sources = sorted(corpus_dir().glob("*.txt"))
    paths = []
    for i in range(copies):
        for src in sources:
            path = folder / f"{i:04d}-{src.name}"
            path.write_text(
                src.read_text(encoding="utf-8") + f"\n\nCopy {i} of this article.\n",
                encoding="utf-8",
            )
            paths.append(path)
    return paths


SIDES = {
    "trafilatura": "trafilatura alone, extract(), 1 process",
    "parallax": "Parallax full ingest, every core",
    "parallax-1": "Parallax full ingest, 1 process",
}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the ingest workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def one_side(side: str, data: Path) -> tuple[float, float]:
    """(wall, CPU) seconds that ``side`` takes on the benchmark pages, in this fresh process."""
    files = sorted((data / "html").glob("*.html.gz"))
    if side == "trafilatura":
        pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in files]
        start, cpu = time.perf_counter(), cpu_seconds()
        for html in pages:
            trafilatura.extract(html, include_comments=False)
        return time.perf_counter() - start, cpu_seconds() - cpu
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=Path(tmp) / "bench.db")
        start, cpu = time.perf_counter(), cpu_seconds()
        store = SQLiteStore(settings.db)
        try:
            report = ingest(
                [str(data / "html")], store, settings, workers=1 if side == "parallax-1" else None
            )
        finally:
            store.close()
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        assert len(report.added) + len(report.failed) == len(files)
        return seconds, cpu


def html_side_by_side(data: Path, rounds: int) -> None:
    count = len(list((data / "html").glob("*.html.gz")))
    if not count:
        raise SystemExit(f"no pages under {data / 'html'}")
    rates: dict[str, list[float]] = {side: [] for side in SIDES}
    cpus: dict[str, list[float]] = {side: [] for side in SIDES}
    for _ in range(rounds):
        for side in SIDES:
            out = subprocess.run(
                [sys.executable, __file__, "--data", str(data), "--side", side],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            timing = json.loads(out)
            rates[side].append(count / timing["seconds"])
            cpus[side].append(timing["cpu"] / count * 1000)
    for side, label in SIDES.items():
        best, median = max(rates[side]), statistics.median(rates[side])
        cpu = statistics.median(cpus[side])
        print(
            f"HTML, {label + ':':42} {best:6.1f} pages/s (median {median:.1f}), "
            f"{cpu:.0f} ms CPU a page, {count} pages"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/extraction"))
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--side", choices=list(SIDES), help=argparse.SUPPRESS)
    parser.add_argument("--html-only", action="store_true", help="only the HTML side by side")
    args = parser.parse_args()
    if args.side:
        seconds, cpu = one_side(args.side, args.data)
        print(json.dumps({"seconds": seconds, "cpu": cpu}))
        return
    html_side_by_side(args.data, args.rounds)
    if args.html_only:
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "text"
        folder.mkdir()
        paths = text_corpus(folder, args.copies)
        settings = Settings(db=Path(tmp) / "bench.db")

        def clean_only() -> None:
            outcomes = list(read_articles([str(folder)], settings))
            assert all(o.article for o in outcomes), "every copy is an article"

        best, median = best_rate(len(paths), clean_only, args.rounds)
        print(
            f"plain text, read+clean:          {best:7.1f} articles/s (median {median:.1f}), "
            f"{len(paths)} articles"
        )

        def into_store() -> None:
            db = Path(tmp) / f"bench-{time.monotonic_ns()}.db"
            store = SQLiteStore(db)
            try:
                report = ingest([str(folder)], store, settings)
                assert len(report.added) == len(paths)
            finally:
                store.close()

        best, median = best_rate(len(paths), into_store, args.rounds)
        print(f"plain text, read+clean+store:    {best:7.1f} articles/s (median {median:.1f})")

    pages = [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted((args.data / "html").glob("*.html.gz"))
    ]
    if not pages:
        raise SystemExit(f"no pages under {args.data / 'html'}")

    def parallax_html() -> None:
        for html in pages:
            build_article(html_document(Source(label="page"), html))

    best, median = best_rate(len(pages), parallax_html, args.rounds)
    print(f"HTML, extract+clean in memory, 1 process: {best:7.1f} pages/s (median {median:.1f})")

    extracted = [trafilatura.extract(html, include_comments=False) or "" for html in pages]

    def cleaning_alone() -> None:
        for text in extracted:
            clean_text(text, find_title=False)

    best, median = best_rate(len(pages), cleaning_alone, args.rounds)
    print(f"HTML, parallax cleaning alone:   {best:7.1f} pages/s (median {median:.1f})")


if __name__ == "__main__":
    main()
