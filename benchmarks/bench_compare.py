"""Time to compare a 20-article story that is already analysed.

    .venv/bin/python benchmarks/bench_compare.py [--articles 20] [--rounds 5]

The story: the five demo-corpus articles about the port strike, plus articles by other
invented outlets built from their paragraphs in another order (so that facts are shared,
unique and conflicting as in a real story). All are stored in a temporary SQLite file and
analysed first (not timed). Timed:

* ``vectors cached``: ``compare(articles, store=store)`` when the store already holds the
  analyses and the sentence vectors (a story compared again, or compared after an earlier
  run embedded it) — the target case;
* ``vectors computed``: the same when only the analyses are stored and every clause is
  embedded (the model already loaded);
* ``model load``: loading the embedding model once per process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from parallax.analysis.pipeline import analyze_many
from parallax.comparison.build import compare
from parallax.config import Settings
from parallax.demo import corpus_dir
from parallax.embed import embed
from parallax.ingest import read_articles
from parallax.models import Article
from parallax.store import SQLiteStore


def story(count: int) -> list[Article]:
    base = [
        o.article
        for o in read_articles(
            [str(p) for p in sorted(corpus_dir().glob("port-strike-*"))], Settings()
        )
        if o.article is not None
    ]
    rng = random.Random(11)
    articles = list(base)
    while len(articles) < count:
        source = rng.choice(base)
        paragraphs = source.paragraph_texts()
        lede, rest = paragraphs[:1], paragraphs[1:]
        rng.shuffle(rest)
        keep = rest[: max(3, int(len(rest) * 0.8))]
        articles.append(
            Article.create(
                "\n\n".join(lede + keep),
                outlet=f"Invented Outlet {len(articles)}",
                title=source.title,
                published=source.published,
                language="en",
            )
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    articles = story(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        store.add_many(articles)
        store.save_analyses(
            analyze_many([(a.id, a.text, a.published, a.language) for a in articles])
        )
        start = time.perf_counter()
        embed(["warm the model up"])
        load = time.perf_counter() - start

        analyses = [store.analysis(a.id) for a in articles]
        computed = []
        for r in range(args.rounds):
            fresh = SQLiteStore(Path(tmp) / f"fresh{r}.db")
            fresh.add_many(articles)
            fresh.save_analyses([a for a in analyses if a is not None])
            start = time.perf_counter()
            compare(articles, store=fresh)
            computed.append(time.perf_counter() - start)
            fresh.close()

        cached = []
        compare(articles, store=store)  # fills the vector cache
        for _ in range(args.rounds):
            start = time.perf_counter()
            result = compare(articles, store=store)
            cached.append(time.perf_counter() - start)
        store.close()
    print(
        f"story: {len(articles)} articles, {words} words, {len(result.facts)} facts, "
        f"{len(result.shared)} shared, {len(result.conflicts)} conflicts"
    )
    print(f"model load: {load:.2f} s")
    for name, times in (("vectors cached", cached), ("vectors computed", computed)):
        print(
            f"{name}: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
            f"({args.rounds} rounds)"
        )


if __name__ == "__main__":
    main()
