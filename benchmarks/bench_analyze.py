"""Analysis throughput and peak memory for ~600-word articles, on both cores.

    .venv/bin/python benchmarks/bench_analyze.py [--articles 200] [--workers 2]

Articles are built from the demo corpus' paragraphs (about 600 words each, every one
distinct), stored in a temporary SQLite file and analysed with ``analyze_store`` (sentences,
entities, quotes and speakers, dates, quantities; results written to the store).
Peak memory is the largest resident set of the parent and of any worker process.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from parallax.analysis.run import analyze_store
from parallax.config import Settings
from parallax.demo import corpus_dir
from parallax.ingest import read_articles
from parallax.models import Article
from parallax.store import SQLiteStore


def paragraphs() -> list[str]:
    found = []
    for outcome in read_articles([str(corpus_dir())], Settings()):
        if outcome.article is not None:
            found += outcome.article.paragraph_texts()
    return found


def make_articles(count: int, words: int = 600) -> list[Article]:
    pool = paragraphs()
    rng = random.Random(7)
    articles = []
    for i in range(count):
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < words:
            chosen.append(rng.choice(pool))
        articles.append(
            Article.create(
                "\n\n".join(chosen) + f"\n\nThis is report number {i}.",
                outlet=f"Outlet {i % 7}",
                published=datetime(2026, 3, 4, 9, tzinfo=UTC),
                language="en",
            )
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    articles = make_articles(args.articles)
    mean_words = sum(len(a.text.split()) for a in articles) / len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        store.add_many(articles)
        start = time.perf_counter()
        report = analyze_store(store, workers=args.workers)
        elapsed = time.perf_counter() - start
        store.close()
    assert report.analysed == len(articles), report
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{len(articles)} articles of {mean_words:.0f} words, {args.workers} worker(s): "
        f"{len(articles) / elapsed:.1f} articles/s ({elapsed:.1f} s, including model loading)"
    )
    print(
        f"peak resident memory: parent {parent:.0f} MB, largest worker {child:.0f} MB, "
        f"total at most {parent + child * max(1, args.workers):.0f} MB"
    )


if __name__ == "__main__":
    main()
