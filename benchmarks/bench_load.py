"""The web app under load: many concurrent clients mixing the main routes.

    .venv/bin/python benchmarks/bench_load.py [--db PATH] [--clients 50] [--duration 60]

A real ``parallax serve`` process on a free 127.0.0.1 port over the demo corpus (ingested
into a temporary store; the server analyses and groups it while it warms up) or over a copy
of ``--db``. Once it answers, every story is requested once (its comparison is made and
cached), then ``--warmup`` seconds of load are thrown away, then ``--clients`` asyncio
clients (httpx.AsyncClient, one connection each, kept alive) send requests back to back for
``--duration`` seconds, each picking a route at random with the weights of :data:`MIX`:
the story list, story pages, article pages and searches, each page and its JSON twin. The
client runs on the same machine and shares its cores with the server.

An error is any answer but 200, or a request that fails (timeout, reset). The script exits
non-zero when there is one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import parallax
from parallax.web.launch import serving

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import hardware, store_to_serve

# route name -> weight (out of 100)
MIX = {
    "/ (story list)": 12,
    "/api/stories": 12,
    "/stories/ID": 18,
    "/api/stories/ID": 14,
    "/articles/ID": 10,
    "/api/articles/ID": 10,
    "/search?q=": 12,
    "/api/search?q=": 12,
}
WORDS = ["rate", "strike", "inflation", "council", "port", "bank", "minister", "water", "vote"]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def pick(rng: random.Random, stories: list[str], articles: list[str]) -> tuple[str, str]:
    """A route name and the path to request, chosen with the weights of MIX."""
    name = rng.choices(list(MIX), weights=list(MIX.values()))[0]
    query = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2])))
    paths = {
        "/ (story list)": "/",
        "/api/stories": "/api/stories",
        "/stories/ID": f"/stories/{rng.choice(stories)}",
        "/api/stories/ID": f"/api/stories/{rng.choice(stories)}",
        "/articles/ID": f"/articles/{rng.choice(articles)}",
        "/api/articles/ID": f"/api/articles/{rng.choice(articles)}",
        "/search?q=": f"/search?q={query.replace(' ', '+')}",
        "/api/search?q=": f"/api/search?q={query.replace(' ', '+')}",
    }
    return name, paths[name]


async def client(
    base: str, seed: int, stop: float, stories: list[str], articles: list[str], tally: Tally
) -> None:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as session:
        while time.perf_counter() < stop:
            name, path = pick(rng, stories, articles)
            start = time.perf_counter()
            try:
                answer = await session.get(path)
                await answer.aread()
            except httpx.HTTPError as exc:
                tally.errors.append(f"{path}: {type(exc).__name__} {exc}")
                continue
            tally.latencies[name].append(time.perf_counter() - start)
            tally.statuses[str(answer.status_code)] += 1
            if answer.status_code != 200:
                tally.errors.append(f"{path}: {answer.status_code} {answer.text[:200]}")


async def load(
    base: str, *, clients: int, seconds: float, stories: list[str], articles: list[str]
) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    stop = start + seconds
    await asyncio.gather(
        *(client(base, seed, stop, stories, articles, tally) for seed in range(clients))
    )
    return tally, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def machine() -> str:
    return (
        f"{hardware()}, httpx {httpx.__version__}, parallax {parallax.__version__}; "
        f"load average before the run {os.getloadavg()[0]:.1f}"
    )


def report(tally: Tally, seconds: float, clients: int) -> None:
    every = [t for values in tally.latencies.values() for t in values]
    print(
        f"{clients} clients for {seconds:.1f} s: {len(every):,} requests, "
        f"{len(every) / seconds:,.1f} requests/s, errors {len(tally.errors)}, "
        f"statuses {dict(tally.statuses)}\n"
    )
    print("| route | share | requests | p50 | p99 | max |")
    print("|---|---|---|---|---|---|")
    rows = [("all", every), *((name, tally.latencies[name]) for name in MIX)]
    for name, values in rows:
        if not values:
            continue
        print(
            f"| {name} | {len(values) / len(every):.0%} | {len(values):,} | "
            f"{statistics.median(values) * 1000:.0f} ms | {percentile(values, 0.99) * 1000:.0f} ms"
            f" | {max(values) * 1000:.0f} ms |"
        )
    for problem in tally.errors[:10]:
        print("error:", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a store to serve (default: the demo corpus)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load not measured")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = store_to_serve(folder, args.db)
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        start = time.perf_counter()
        with serving(db, folder / "serve.log", env=env, timeout=600) as base:
            ready = time.perf_counter() - start
            found = httpx.get(f"{base}/api/stories", timeout=60).json()["data"]
            stories = [s["story_id"] for s in found]
            articles = [a for s in found for a in s["article_ids"]]
            start = time.perf_counter()
            for story in stories:  # compare each story once: then it is cached
                httpx.get(f"{base}/stories/{story}", timeout=600).raise_for_status()
            compared = time.perf_counter() - start
            print(
                f"store: {len(articles)} articles in {len(stories)} stories; server ready in "
                f"{ready:.1f} s; every story compared once in {compared:.1f} s"
            )
            asyncio.run(
                load(base, clients=args.clients, seconds=args.warmup, stories=stories,
                     articles=articles)
            )  # fmt: skip
            tally, seconds = asyncio.run(
                load(base, clients=args.clients, seconds=args.duration, stories=stories,
                     articles=articles)
            )  # fmt: skip
            log = (folder / "serve.log").read_text()
    report(tally, seconds, args.clients)
    if "Traceback" in log or "ERROR" in log:
        print(f"server log:\n{log}")
    if tally.errors:
        sys.exit(f"{len(tally.errors)} requests failed")


if __name__ == "__main__":
    main()
