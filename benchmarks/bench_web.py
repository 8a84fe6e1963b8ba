"""Requests per second and latency of the web app's story page and its JSON twin.

    .venv/bin/python benchmarks/bench_web.py [--db PATH] [--connections 8] [--duration 10]

A real ``parallax serve`` process on a free 127.0.0.1 port, over the demo corpus (ingested
into a temporary store the way the tests' ``_web_demo_db`` fixture does; the server analyses
and groups it at start-up), or over ``--db`` (e.g. ``.parallax/demo.db`` after ``make
demo``). The story benchmarked is the one with the most articles. After a warm-up (the first
request compares the story, which is then cached; it is timed and shown apart), the
load generator is wrk (``apt-get install -y wrk``) on the same machine: a fixed number of
connections kept busy for a fixed time, each measured URL in its own run. The server and
wrk share the machine's cores, as they would on a small host.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

import parallax
from parallax.config import load_settings
from parallax.demo import corpus_dir
from parallax.pipeline import ingest
from parallax.store import SQLiteStore
from parallax.web.launch import serving

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers plus socket errors


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"unexpected wrk latency {value!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> WrkResult:
    """The figures of ``wrk --latency`` output."""
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (done and rate and p50 and p99):
        raise ValueError(f"cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors[1]))
    return WrkResult(
        requests=int(done[1]),
        seconds=_ms(done[2] + done[3]) / 1000,
        per_second=float(rate[1]),
        p50_ms=_ms(p50[1]),
        p99_ms=_ms(p99[1]),
        errors=errors,
    )


def wrk(url: str, *, connections: int, threads: int, seconds: float) -> WrkResult:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds:g}s",
        "--timeout=30s",
        "--latency",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def demo_store(folder: Path) -> Path:
    path = folder / "demo.db"
    with SQLiteStore(path) as store:
        report = ingest([str(corpus_dir())], store, load_settings({"db": path}, environ={}))
    if not report.ok:
        sys.exit(f"the demo corpus did not ingest: {[str(e) for e in report.failed]}")
    return path


def store_to_serve(folder: Path, given: Path | None) -> Path:
    """The demo corpus' store, or a copy of ``given`` (serving groups stories into it)."""
    if given is None:
        return demo_store(folder)
    db = folder / "served.db"
    shutil.copyfile(given, db)
    return db


def hardware() -> str:
    """Cores, CPU model, memory, Python and platform of this machine."""
    model, memory = "unknown CPU", "unknown memory"
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found[1].strip() if found else model
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s+(\d+) kB", meminfo.read_text(), re.M)
        memory = f"{int(found[1]) / 1024**2:.0f} GB" if found else memory
    return (
        f"{os.cpu_count()} cores ({model}), {memory}, Python {platform.python_version()}, "
        f"{platform.platform(terse=True)}"
    )


def machine() -> str:
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return f"{hardware()}, {wrk_version.split(' [')[0].strip()}, parallax {parallax.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="a store to serve (default: the demo corpus)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per URL")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per URL")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = store_to_serve(folder, args.db)
        start = time.perf_counter()
        with serving(
            db, folder / "serve.log", env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300
        ) as base:
            ready = time.perf_counter() - start
            stories = httpx.get(f"{base}/api/stories", timeout=30).json()["data"]
            story = max(stories, key=lambda s: len(s["article_ids"]))
            urls = {
                "story page (HTML)": f"{base}/stories/{story['story_id']}",
                "its JSON twin": f"{base}/api/stories/{story['story_id']}",
            }
            start = time.perf_counter()
            first = httpx.get(urls["story page (HTML)"], timeout=300)
            first_seconds = time.perf_counter() - start
            first.raise_for_status()
            sizes = {name: len(httpx.get(url, timeout=60).content) for name, url in urls.items()}
            for url in urls.values():
                wrk(url, connections=args.connections, threads=args.threads, seconds=args.warmup)
            results = {
                name: wrk(
                    url, connections=args.connections, threads=args.threads, seconds=args.duration
                )
                for name, url in urls.items()
            }

    print(f"machine: {machine()}")
    print(
        f"store: {sum(len(s['article_ids']) for s in stories)} articles in {len(stories)} "
        f"stories; server ready (analysis, grouping, models loaded) in {ready:.1f} s"
    )
    print(
        f"story {story['story_id']}: {len(story['article_ids'])} articles; first page request "
        f"(the story compared, not cached yet) {first_seconds:.2f} s"
    )
    print(
        f"load: wrk, {args.connections} connections, {args.threads} thread(s), "
        f"{args.duration:g} s per URL after a {args.warmup:g} s warm-up, on 127.0.0.1\n"
    )
    print("| what | size | requests | requests/s | p50 | p99 | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {sizes[name] / 1024:.0f} KB | {result.requests:,} in "
            f"{result.seconds:.1f} s | {result.per_second:,.0f} | {result.p50_ms:.1f} ms | "
            f"{result.p99_ms:.1f} ms | {result.errors} |"
        )
    if any(r.errors for r in results.values()):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
