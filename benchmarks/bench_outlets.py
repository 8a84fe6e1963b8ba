"""Outlet matching, article pages and blindspots/timelines: how fast, on this machine.

    .venv/bin/python benchmarks/bench_outlets.py [--data ../shared/data] [--articles 20000]

1. Registry matching (what ingest does for every article): every AllSides roundup item
   (outlet name and URL) and every BASIL row, matched by name, then by domain, then a file
   stem; items per second.
2. A page of ``/api/articles`` from the store: ``Store.articles(limit=51, offset=N)`` on a
   SQLite file of ``--articles`` invented articles, at the first, middle and last page.
3. The outlets part of a report (every fact's spread, blindspots, timelines, the HTML section
   with its SVG chart) on an invented comparison of 20 articles and 400 facts.
Each figure is the best of 3 rounds (median in brackets).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from parallax.comparison.records import Comparison, Coverage, Evidence, Fact
from parallax.models import Article, Span
from parallax.outlets import bundled_registry
from parallax.render.outlets_report import outlets_section
from parallax.store import SQLiteStore

ROUNDS = 3


def _best(run: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def bench_matching(data: Path) -> None:
    registry = bundled_registry()
    items: list[dict[str, str | None]] = []
    for line in (data / "stories" / "allsides_roundups.dev.jsonl").read_text("utf-8").splitlines():
        for item in json.loads(line)["news"].values():
            items.append({"outlet": item["newsSource"], "url": item.get("newsLink")})
    for line in (data / "stories" / "basil.dev.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        items.append({"outlet": row["outlet"], "url": row.get("url")})
    stems = [str(i["outlet"]).replace(" ", "_") for i in items]

    def by_field() -> None:
        for item in items:
            registry.match(outlet=item["outlet"], url=item["url"])

    def by_stem() -> None:
        for stem in stems:
            registry.match(stem=stem)

    matched = sum(registry.match(outlet=i["outlet"], url=i["url"]) is not None for i in items)
    for label, run in (("name, then domain", by_field), ("file stem", by_stem)):
        best, median = _best(run)
        print(
            f"matching by {label}: {len(items)} items, {len(items) / best:,.0f} items/s "
            f"({len(items) / median:,.0f}); {matched} of {len(items)} known by name or domain"
        )


def bench_pages(count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pages.db"
        with SQLiteStore(path) as store:
            batch = [
                Article.create(
                    f"Invented article number {i} about the harbour of Velmora.",
                    outlet=f"Outlet {i % 40}",
                    published=start + timedelta(minutes=i),
                )
                for i in range(count)
            ]
            store.add_many(batch)
            for offset in (0, count // 2, count - 50):
                best, median = _best(lambda o=offset: store.articles(limit=51, offset=o))  # type: ignore[misc]
                print(
                    f"page of 50 at offset {offset:>6} of {count}: {best * 1000:.1f} ms "
                    f"({median * 1000:.1f})"
                )
            best, median = _best(lambda: store.articles(outlet="outlet 7", limit=51, offset=200))
            print(
                f"page of 50 of one outlet, offset 200: {best * 1000:.1f} ms ({median * 1000:.1f})"
            )


def bench_report() -> None:
    outlets = ["Fox News", "New York Times", "HuffPost", "Reuters", "Breitbart News"]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    articles = [
        Article.create(
            "A sentence about the strike. " * 30 + str(i),
            outlet=outlets[i % len(outlets)] if i % 7 else f"Local Paper {i}",
            published=start + timedelta(hours=i),
        )
        for i in range(20)
    ]
    facts = []
    for n in range(400):
        carriers = [a for j, a in enumerate(articles) if (n + j) % (2 + n % 5) == 0] or articles[:1]
        facts.append(
            Fact(
                f"f{n}",
                tuple(Evidence(a.id, Span(0, 28)) for a in carriers),
                tuple(sorted({a.outlet or "" for a in carriers})),
                salience=(n % 10) / 10,
            )
        )
    comparison = Comparison(tuple(articles), tuple(facts), (), (), (), Coverage((), None, ()))
    registry = bundled_registry()
    best, median = _best(lambda: outlets_section(comparison, registry))
    print(
        f"outlets section (spreads, blindspots, timelines, SVG) for 20 articles, 400 facts: "
        f"{best * 1000:.0f} ms ({median * 1000:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args()
    bench_matching(args.data)
    bench_pages(args.articles)
    bench_report()


if __name__ == "__main__":
    main()
