"""Per-article story assignment time and memory as the stream grows.

    .venv/bin/python benchmarks/bench_stories.py [--sizes 10000 100000 1000000]

A synthetic stream in publication order: 1,000 articles a day, each story 1 to 9 articles
published within two days, every article a unit vector near its story's centre (384
dimensions, like MiniLM) with three names from its story and one random name. At each size
the next 1,000 assignments are timed one by one (median and 99th percentile), and the
resident memory grown since the start is divided by the number of articles.

The vectors live outside the clusterer, as they do in Parallax (the store's vector cache):
here in one float32 array, with each article's story number and random name as integers,
which is what the clusterer's ``lookup`` reads back for a split or a revived story. That
array is allocated and touched before the memory baseline, so the growth measured is the
clusterer's own, beyond the vectors.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from parallax.stories.cluster import OnlineClusterer

DIM = 384


@dataclass(frozen=True, slots=True)
class Item:
    article_id: str
    vector: np.ndarray
    names: frozenset[str]
    published: datetime | None
    language: str | None = "en"


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


class Archive:
    """The stream's vectors and names as a store keeps them: float32 rows, integer names."""

    def __init__(self, capacity: int) -> None:
        self.vectors = np.zeros((capacity, DIM), dtype=np.float32)
        self.story = np.zeros(capacity, dtype=np.int32)
        self.other = np.zeros(capacity, dtype=np.int32)
        self.published = np.zeros(capacity, dtype=np.float64)

    def keep(self, n: int, item: Item, story: int, other: int) -> None:
        self.vectors[n] = item.vector
        self.story[n], self.other[n] = story, other
        self.published[n] = item.published.timestamp() if item.published else 0.0

    def lookup(self, ids: list[str]) -> list[Item]:
        out = []
        for article_id in ids:
            n = int(article_id[1:])
            names = frozenset(f"name{self.story[n]}-{k}" for k in range(3))
            when = datetime.fromtimestamp(float(self.published[n]), UTC)
            out.append(Item(article_id, self.vectors[n], names | {f"other{self.other[n]}"}, when))
        return out


def stream(archive: Archive, seed: int = 5):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    n = 0
    story = 0
    while True:
        size = int(rng.integers(1, 10))
        centre = rng.standard_normal(DIM).astype(np.float32)
        centre /= np.linalg.norm(centre)
        names = [f"name{story}-{k}" for k in range(4)]
        for _ in range(size):
            noise = rng.standard_normal(DIM).astype(np.float32) * 0.03
            v = centre + noise
            v /= np.linalg.norm(v)
            when = start + timedelta(days=n / 1000 + float(rng.uniform(0, 2)))
            other = int(rng.integers(0, 100000))
            item = Item(
                f"a{n:08d}", v.astype(np.float32), frozenset(names[:3]) | {f"other{other}"}, when
            )
            archive.keep(n, item, story, other)
            yield item
            n += 1
        story += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--probe", type=int, default=1000)
    args = parser.parse_args()
    archive = Archive(max(args.sizes) + (len(args.sizes) + 1) * args.probe + 10)
    archive.vectors[:] = 0.0  # touch the pages now: the vectors are not the clusterer's
    clusterer = OnlineClusterer(lookup=archive.lookup)
    items = stream(archive)
    base = rss_bytes()
    done = 0
    began = time.perf_counter()
    for size in sorted(args.sizes):
        while done < size:
            clusterer.add(next(items))
            done += 1
        grown = rss_bytes() - base
        times = []
        for _ in range(args.probe):
            item = next(items)
            t = time.perf_counter()
            clusterer.add(item)
            times.append((time.perf_counter() - t) * 1000)
            done += 1
        times.sort()
        p99 = times[int(len(times) * 0.99) - 1]
        print(
            f"{size:>9,} articles: median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms; "
            f"clusterer memory {grown / 2**20:,.0f} MB grown = {grown / size:,.0f} B/article "
            f"beyond the vectors; stories {len(clusterer.stories()):,} "
            f"({clusterer.live_stories:,} live); "
            f"{time.perf_counter() - began:,.0f} s so far",
            flush=True,
        )


if __name__ == "__main__":
    main()
