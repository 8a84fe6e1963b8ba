"""The watcher's rounds on loopback: fetching and extracting new pages, the 304 round, and
what politeness costs.

    .venv/bin/python benchmarks/bench_watch.py [--hosts 4] [--feeds 4] [--entries 25]

``--hosts`` HTTP servers on 127.0.0.1 (each port a host of its own, so one request at a time
each), each with ``--feeds`` RSS feeds of ``--entries`` teaser entries whose links lead to
article pages built from the demo corpus' paragraphs (invented outlets; each page distinct).
The sink stores the articles (SQLite, WAL) without analysing them: analysis and grouping are
measured by bench_analyze.py and bench_stories.py. Three runs:

1. the first round, ``--delay 0``: every page fetched, extracted by trafilatura, cleaned,
   stored; pages a second;
2. the next round: every feed answers 304, nothing else is fetched; seconds for the round;
3. the first round again into a new store with ``--delay`` (0.05 s by default) between the
   requests to a host: the time grows with the pages of the busiest host, not their sum.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from parallax.config import load_settings
from parallax.demo import corpus_dir
from parallax.models import Article
from parallax.store.base import Store
from parallax.watch import Placed, watch


def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(corpus_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [p.strip() for p in text.split("\n\n") if len(p.split()) > 25]
    return found


def serve(routes: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = routes.get(self.path, (b"", ""))
            if not kind:
                self.send_response(404)
                self.end_headers()
                return
            etag = '"1"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_site(hosts: int, feeds: int, entries: int) -> tuple[list[str], list[Any]]:
    texts = paragraphs()
    servers, urls, n = [], [], 0
    for _ in range(hosts):
        routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\n", "text/plain")}
        server = serve(routes)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for f in range(feeds):
            items = ""
            for e in range(entries):
                n += 1
                body = "".join(f"<p>{texts[(n * 3 + k) % len(texts)]}</p>" for k in range(4))
                page = (
                    f"<html><head><title>Report {n}</title></head><body><nav>Home</nav>"
                    f"<article><h1>Report {n}</h1><p>Report number {n}.</p>{body}</article>"
                    "</body></html>"
                )
                routes[f"/p/{f}/{e}.html"] = (page.encode(), "text/html; charset=utf-8")
                items += f"<item><title>Report {n}</title><link>{base}/p/{f}/{e}.html</link></item>"
            feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {f}</title>'
            routes[f"/feed{f}.xml"] = (
                (feed + items + "</channel></rss>").encode(),
                "application/rss+xml",
            )
            urls.append(f"{base}/feed{f}.xml")
        servers.append(server)
    return urls, servers


def storing_sink(store: Store, articles: Sequence[Article]) -> Placed:
    flags = store.add_many(articles)
    return Placed(frozenset(a.id for a, new in zip(articles, flags, strict=True) if new))


def timed_round(urls: list[str], db: Path, delay: float) -> tuple[float, int]:
    settings = load_settings({"db": db}, environ={})
    started = time.perf_counter()
    report = watch(urls, settings, once=True, delay=delay, sink=storing_sink)
    assert report is not None
    return time.perf_counter() - started, report.new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--entries", type=int, default=25)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    urls, _servers = build_site(args.hosts, args.feeds, args.entries)
    pages = args.hosts * args.feeds * args.entries
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "watch.db"
        seconds, new = timed_round(urls, db, 0)
        print(
            f"first round, delay 0: {new}/{pages} pages in {seconds:.2f} s "
            f"= {new / seconds:.1f} pages/s"
        )
        seconds, new = timed_round(urls, db, 0)
        print(f"next round (every feed 304): {len(urls)} feeds in {seconds:.3f} s, {new} new")
        seconds, new = timed_round(urls, Path(folder) / "polite.db", args.delay)
        per_host = pages // args.hosts + args.feeds + 1  # pages, feeds and robots.txt
        print(
            f"first round, delay {args.delay:g} s: {new} pages in {seconds:.2f} s "
            f"(busiest host: {per_host} requests, at least {per_host * args.delay:.2f} s apart)"
        )


if __name__ == "__main__":
    main()
