"""``parallax watch``: feeds and article pages served on loopback by the test itself (an
http.server on a thread, never the internet), a real SQLite store, the real analysis and
story grouping; the CLI and ``parallax serve --watch`` as real processes.

The site: an RSS feed (ETag) and an Atom feed (Last-Modified) of invented outlets, their
article pages, a robots.txt that forbids /private/, and feeds that fail (HTTP 500, too slow,
not a feed). Every request is logged with its headers, so the tests see what was fetched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from parallax.config import Settings, load_settings
from parallax.errors import ConfigError, DisallowedError, InputError, MalformedInputError
from parallax.store import open_store
from parallax.watch import FeedStatus, RoundReport, WatchThread, feed_urls, watch
from parallax.watch.poll import Placed, backoff
from tests.conftest import REPO

# -- invented articles ------------------------------------------------------------------------

CRANE_HERALD = (
    "A container crane collapsed at the Port of Brennick on Tuesday morning, injuring two "
    "dock workers and halting all cargo traffic at the eastern terminal, harbour officials "
    "said.",
    "The 60-metre crane toppled onto the quay shortly after 7 a.m. while it was unloading "
    "the freighter Marisol Star. Harbour master Ilona Vetch said the two injured workers "
    "were taken to Brennick General Hospital and were in a stable condition.",
    "Vetch said the eastern terminal would stay closed until inspectors from the Maritime "
    'Safety Board had examined the remaining four cranes. "Nobody goes back under a crane '
    'until we know why this one fell," she told reporters at the harbour gate.',
    "The dockworkers' union said it had warned the port authority about worn cables on the "
    "terminal's cranes twice last year.",
)
CRANE_WIRE = (
    "Two workers were hurt when a container crane fell at the Port of Brennick on Tuesday, "
    "closing the port's eastern terminal, according to the harbour authority.",
    "The crane came down on the quay at about 7 a.m. as it unloaded the cargo ship Marisol "
    "Star, harbour master Ilona Vetch said. Both injured dock workers were treated at "
    "Brennick General Hospital.",
    "Inspectors from the Maritime Safety Board will examine the terminal's four other "
    "cranes before work resumes, Vetch said. The dockworkers' union said it had raised "
    "concerns about the cranes' cables with the port authority last year.",
)
CRANE_LATER = (
    "Cargo traffic at the Port of Brennick's eastern terminal will stay suspended for at "
    "least a week after Tuesday's crane collapse, the harbour authority said on Wednesday.",
    "Harbour master Ilona Vetch said inspectors from the Maritime Safety Board had found "
    "frayed hoisting cables on two of the terminal's remaining cranes. The two dock workers "
    "injured when the crane fell onto the quay have left Brennick General Hospital.",
    "Shipping lines have diverted the freighter Marisol Star's sister ships to the western "
    "terminal, Vetch said.",
)
LIBRARY = (
    "The Tollbridge public library reopened on Saturday after an eighteen-month renovation "
    "that added a children's wing, a rooftop reading garden and a repair café.",
    "Head librarian Osric Penhallow said more than two thousand residents visited on the "
    "first day, and that the library's lending of board games had been its most popular "
    "new service.",
    "The renovation cost 4.2 million crowns, paid for by the town council and a bequest "
    "from the late novelist Agathe Rimmel, whose name the new children's wing carries.",
)
# A timeout short enough for a test, long enough that a loaded machine answers a quick page
# within it; and a page slower than it.
TIMEOUT, SLOW = 2.0, 5.0
SECRET = ("This page is behind robots.txt and must never be fetched by Parallax.",) * 3


def page(title: str, site: str, paragraphs: tuple[str, ...], published: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{published}'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>© {site}</footer></body></html>"
    ).encode()


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS feed with teaser items: (title, path, date)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{{base}}{p}</link><guid>{{base}}{p}</guid>"
        f"<pubDate>{d}</pubDate><description>A short teaser.</description></item>"
        for t, p, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>The Harbour Herald</title><link>{base}/</link><language>en</language>"
        f"{entries}</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>{t}</title><link href='{{base}}{p}'/><id>{{base}}{p}</id>"
        f"<updated>{d}</updated><summary>Teaser.</summary></entry>"
        for t, p, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Coastline Wire</title><id>{base}/atom.xml</id>"
        f"<updated>2026-03-03T12:00:00Z</updated>{entries}</feed>"
    ).encode()


# -- the loopback site ------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    sleep: float = 0.0


@dataclass
class Site:
    """Routes served on 127.0.0.1, and the log of every request (path, headers)."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.log]

    def requests_to(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.log if p == path]

    def set(self, path: str, route: Route) -> None:
        route.body = route.body.replace(b"{base}", self.base.encode())
        self.routes[path] = route


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                self._answer(404, b"not here", "text/plain")
                return
            if route.sleep:
                time.sleep(route.sleep)
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                self._answer(304, b"", None, route)
                return
            self._answer(route.status, route.body, route.content_type, route)

        def _answer(
            self, status: int, body: bytes, content_type: str | None, route: Route | None = None
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if route is not None and route.etag:
                self.send_header("ETag", route.etag)
            if route is not None and route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    found = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    server.daemon_threads = True
    found.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.set(
        "/robots.txt",
        Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
    )
    found.set(
        "/news/crane.html",
        Route(
            page(
                "Crane collapse injures two at Brennick port",
                "The Harbour Herald",
                CRANE_HERALD,
                "2026-03-03T09:00:00+00:00",
            )
        ),
    )
    found.set(
        "/news/library.html",
        Route(
            page(
                "Tollbridge library reopens with children's wing",
                "The Harbour Herald",
                LIBRARY,
                "2026-03-01T10:00:00+00:00",
            )
        ),
    )
    found.set("/private/secret.html", Route(page("Secret", "The Harbour Herald", SECRET, "")))
    found.set(
        "/wire/crane.html",
        Route(
            page(
                "Two hurt as crane falls at Port of Brennick",
                "Coastline Wire",
                CRANE_WIRE,
                "2026-03-03T10:30:00+00:00",
            )
        ),
    )
    found.set(
        "/news/crane-week.html",
        Route(
            page(
                "Brennick terminal to stay shut for a week after crane collapse",
                "The Harbour Herald",
                CRANE_LATER,
                "2026-03-04T08:00:00+00:00",
            )
        ),
    )
    found.set("/rss.xml", rss_route(found, later=False))
    found.set(
        "/atom.xml",
        Route(
            atom([("Two hurt as crane falls", "/wire/crane.html", "2026-03-03T10:30:00Z")]),
            content_type="application/atom+xml",
            last_modified=format_datetime(datetime(2026, 3, 3, 10, 30, tzinfo=UTC), usegmt=True),
        ),
    )
    yield found
    server.shutdown()
    server.server_close()


def rss_route(site: Site, *, later: bool) -> Route:
    items = [
        ("Crane collapse injures two", "/news/crane.html", "Tue, 03 Mar 2026 09:00:00 GMT"),
        ("Library reopens", "/news/library.html", "Sun, 01 Mar 2026 10:00:00 GMT"),
        ("Members only", "/private/secret.html", "Sun, 01 Mar 2026 11:00:00 GMT"),
    ]
    if later:
        items.insert(
            0, ("Terminal shut for a week", "/news/crane-week.html", "Wed, 04 Mar 2026 08:00 GMT")
        )
    return Route(rss(items), content_type="application/rss+xml", etag='"v2"' if later else '"v1"')


def _settings(db: Path, **overrides: Any) -> Settings:
    return load_settings({"db": db, **overrides}, environ={})


def _watch_once(site: Site, db: Path, feeds: list[str], **options: Any) -> RoundReport:
    report = watch(
        [site.base + f if f.startswith("/") else f for f in feeds],
        options.pop("settings", None) or _settings(db),
        once=True,
        delay=0,
        **options,
    )
    assert report is not None
    return report


def _pages(site: Site) -> list[str]:
    return [p for p in site.paths() if not p.endswith((".xml", "robots.txt"))]


# -- the list of feeds ------------------------------------------------------------------------


def test_feeds_come_from_urls_opml_files_and_sources_files(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        '<outline text="News"><outline text="Herald" type="rss" '
        'xmlUrl="http://127.0.0.1:9/rss.xml"/>'
        '<outline text="Wire" xmlUrl="http://127.0.0.1:9/atom.xml"/></outline>'
        '<outline text="a folder without feeds"/></body></opml>',
        encoding="utf-8",
    )
    listed = tmp_path / "feeds.txt"
    listed.write_text(
        "# my feeds\n\nhttp://127.0.0.1:9/atom.xml\n  https://127.0.0.1:9/other.xml  \n",
        encoding="utf-8",
    )
    assert feed_urls(["http://127.0.0.1:9/first.xml", str(opml), str(listed)]) == [
        "http://127.0.0.1:9/first.xml",
        "http://127.0.0.1:9/rss.xml",
        "http://127.0.0.1:9/atom.xml",  # once, though listed twice
        "https://127.0.0.1:9/other.xml",
    ]
    listed.write_text("http://127.0.0.1:9/a.xml\nnews.example/feed\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match="is not a feed URL") as info:
        feed_urls([str(listed)])
    assert info.value.source.endswith("feeds.txt:2")
    with pytest.raises(InputError, match="no such feed URL, OPML file or sources file"):
        feed_urls([str(tmp_path / "missing.opml")])
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no feed to watch"):
        feed_urls([str(empty)])
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml><body><outline xmlUrl="http://127.0.0.1:9/&b;.xml"/></body></opml>',
        encoding="utf-8",
    )
    with pytest.raises(MalformedInputError, match="never expands"):
        feed_urls([str(bomb)])


# -- one round, the next round, a restart -----------------------------------------------------


def test_a_round_stores_analyses_and_groups_the_new_articles(site: Site, db_path: Path) -> None:
    report = _watch_once(site, db_path, ["/rss.xml", "/atom.xml"])
    by_feed = {f.url: f for f in report.feeds}
    herald, wire = by_feed[site.base + "/rss.xml"], by_feed[site.base + "/atom.xml"]
    assert herald.status is FeedStatus.NEW and wire.status is FeedStatus.NEW
    assert (len(herald.new), len(wire.new), herald.entries) == (2, 1, 3)
    # robots.txt forbids /private/: reported, never requested
    assert [type(e) for e in herald.errors] == [DisallowedError]
    assert "/private/secret.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1  # read once for the host
    assert sorted(_pages(site)) == ["/news/crane.html", "/news/library.html", "/wire/crane.html"]
    for _, headers in site.log:
        assert headers["user-agent"].lower().startswith("parallax/")
    with closing(open_store(db_path)) as store:
        articles = {a.url: a for a in store.articles()}
        assert set(articles) == {
            site.base + "/news/crane.html",
            site.base + "/news/library.html",
            site.base + "/wire/crane.html",
        }
        crane = articles[site.base + "/news/crane.html"]
        assert crane.outlet == "The Harbour Herald"
        assert crane.title == "Crane collapse injures two at Brennick port"
        assert "Nav" not in crane.text and "Home" not in crane.text  # the page's main text
        assert all(store.analysis(a.id) is not None for a in articles.values())
        story_of = store.story_ids([a.id for a in articles.values()])
    same = story_of[crane.id]
    assert story_of[articles[site.base + "/wire/crane.html"].id] == same
    assert story_of[articles[site.base + "/news/library.html"].id] != same
    assert report.story_of == story_of


def test_the_next_round_asks_conditionally_and_a_restart_fetches_nothing_again(
    site: Site, db_path: Path
) -> None:
    rounds: list[RoundReport] = []

    def two_rounds(report: RoundReport) -> None:
        rounds.append(report)
        if len(rounds) == 2:
            runner.stop_event.set()

    runner = WatchThread(
        [site.base + "/rss.xml", site.base + "/atom.xml"],
        _settings(db_path),
        interval=0.1,
        delay=0,
        on_round=two_rounds,
    )
    runner.start()
    assert runner.join(timeout=120) and runner.error is None
    assert [f.status for f in rounds[1].feeds] == [FeedStatus.UNCHANGED, FeedStatus.UNCHANGED]
    rss_asks, atom_asks = site.requests_to("/rss.xml"), site.requests_to("/atom.xml")
    assert rss_asks[1]["if-none-match"] == '"v1"'
    assert atom_asks[1]["if-modified-since"] == "Tue, 03 Mar 2026 10:30:00 GMT"
    fetched = len(site.log)

    # A restart (a new process would do the same: the state is in the store) asks again
    # conditionally and fetches no page; with the feed changed, only the new entry's page.
    report = _watch_once(site, db_path, ["/rss.xml", "/atom.xml"])
    assert [f.status for f in report.feeds] == [FeedStatus.UNCHANGED, FeedStatus.UNCHANGED]
    assert sorted(p for p, _ in site.log[fetched:]) == ["/atom.xml", "/robots.txt", "/rss.xml"]
    with closing(open_store(db_path)) as store:
        before = {a.id for a in store.articles()}
    assert len(before) == 3

    site.set("/rss.xml", rss_route(site, later=True))
    fetched = len(site.log)
    report = _watch_once(site, db_path, ["/rss.xml", "/atom.xml"])
    assert [p for p, _ in site.log[fetched:] if p.endswith(".html")] == ["/news/crane-week.html"]
    herald = report.feeds[0]
    assert herald.status is FeedStatus.NEW and len(herald.new) == 1
    assert herald.errors == ()  # the forbidden entry was handled before: not reported again
    with closing(open_store(db_path)) as store:
        new_id = herald.new[0]
        crane = next(a for a in store.articles() if a.url == site.base + "/news/crane.html")
        story_of = store.story_ids([new_id, crane.id])
    assert story_of[new_id] == story_of[crane.id]  # the new article joined its story


def _storing_sink(store: Any, articles: Any) -> Placed:
    """A sink that only stores (no analysis, no stories): for tests of the loop itself."""
    flags = store.add_many(articles)
    return Placed(frozenset(a.id for a, new in zip(articles, flags, strict=True) if new))


def test_a_postgresql_store_keeps_the_state_too(site: Site, pg_url: str) -> None:
    settings = load_settings({"db": pg_url}, environ={})
    feeds = [site.base + "/rss.xml", site.base + "/atom.xml"]
    first = watch(feeds, settings, once=True, delay=0, sink=_storing_sink)
    assert first is not None and first.new == 3
    fetched = len(site.log)
    again = watch(feeds, settings, once=True, delay=0, sink=_storing_sink)  # a restart
    assert again is not None
    assert [f.status for f in again.feeds] == [FeedStatus.UNCHANGED, FeedStatus.UNCHANGED]
    assert sorted(p for p, _ in site.log[fetched:]) == ["/atom.xml", "/robots.txt", "/rss.xml"]
    with closing(open_store(pg_url)) as store:
        assert store.count() == 3
        assert store.seen([site.base + "/private/secret.html"])  # refused, and remembered


# -- failures ---------------------------------------------------------------------------------


def test_a_failing_feed_backs_off_alone_while_the_others_go_on(site: Site, db_path: Path) -> None:
    site.set("/broken.xml", Route(b"oops", status=500, content_type="text/plain"))
    site.set("/garbage.xml", Route(b"\x00\x01 this is not a feed", content_type="text/xml"))
    site.set("/slow.xml", Route(b"", sleep=SLOW, content_type="application/rss+xml"))
    feeds = ["/broken.xml", "/rss.xml", "/garbage.xml", "/slow.xml"]
    settings = _settings(db_path, fetch_timeout=TIMEOUT)
    report = _watch_once(site, db_path, feeds, settings=settings, interval=600)
    status = {f.url.removeprefix(site.base): f for f in report.feeds}
    assert status["/rss.xml"].status is FeedStatus.NEW and len(status["/rss.xml"].new) == 2
    assert status["/broken.xml"].status is FeedStatus.FAILED
    assert "HTTP 500" in (status["/broken.xml"].error or "")
    assert "not an RSS or Atom feed" in (status["/garbage.xml"].error or "")
    assert "timed out" in (status["/slow.xml"].error or "")
    for path in ("/broken.xml", "/garbage.xml", "/slow.xml"):
        assert status[path].failures == 1
        assert status[path].retry_at == report.started + backoff(1, 600)

    # The next round leaves the failing feeds alone until their time comes; the good one
    # is polled as usual.
    asked = {p: len(site.requests_to(p)) for p in feeds}
    report = _watch_once(site, db_path, feeds, settings=settings, interval=600)
    status = {f.url.removeprefix(site.base): f for f in report.feeds}
    assert status["/rss.xml"].status is FeedStatus.UNCHANGED
    assert len(site.requests_to("/rss.xml")) == asked["/rss.xml"] + 1
    for path in ("/broken.xml", "/garbage.xml", "/slow.xml"):
        assert status[path].status is FeedStatus.WAITING
        assert len(site.requests_to(path)) == asked[path]
    with closing(open_store(db_path)) as store:
        states = store.feed_states([site.base + p for p in feeds])
    assert states[site.base + "/broken.xml"].failures == 1
    assert states[site.base + "/rss.xml"].failures == 0
    assert states[site.base + "/rss.xml"].etag == '"v1"'


def test_an_unreadable_robots_txt_fetches_nothing_from_the_site(site: Site, db_path: Path) -> None:
    site.set("/robots.txt", Route(b"busy", status=503, content_type="text/plain"))
    report = _watch_once(site, db_path, ["/rss.xml"])
    assert report.feeds[0].status is FeedStatus.FAILED
    assert "robots.txt could not be read (server answered HTTP 503)" in (
        report.feeds[0].error or ""
    )
    assert site.paths() == ["/robots.txt"]


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30, 900).total_seconds() == 6 * 3600


def test_a_page_that_times_out_is_retried_next_round(site: Site, db_path: Path) -> None:
    slow = site.routes["/news/library.html"]
    site.set("/news/library.html", Route(slow.body, sleep=SLOW))
    settings = _settings(db_path, fetch_timeout=TIMEOUT)
    report = _watch_once(site, db_path, ["/rss.xml"], settings=settings)
    herald = report.feeds[0]
    assert len(herald.new) == 1 and any("timed out" in str(e) for e in herald.errors)
    site.set("/news/library.html", Route(slow.body))
    report = _watch_once(site, db_path, ["/rss.xml"], settings=settings)
    # the feed's ETag was not kept, so it is read whole again and the page retried
    assert site.requests_to("/rss.xml")[1].get("if-none-match") is None
    assert len(report.feeds[0].new) == 1, report.feeds[0]
    assert site.paths().count("/news/crane.html") == 1


# -- stopping ---------------------------------------------------------------------------------


def test_the_stop_event_ends_the_loop_between_rounds_and_mid_round(
    site: Site, db_path: Path
) -> None:
    placed: list[int] = []

    def counting_sink(store: Any, articles: Any) -> Placed:
        placed.append(len(articles))
        return _storing_sink(store, articles)

    done = threading.Event()
    runner = WatchThread(
        [site.base + "/atom.xml"],
        _settings(db_path),
        interval=3600,
        delay=0,
        sink=counting_sink,
        on_round=lambda report: done.set(),
    )
    runner.start()
    assert done.wait(60)
    assert runner.stop(timeout=5)  # waiting an hour for the next round: ends at once

    # Mid-round: a page is under way, the next waits for its turn at the host; stopping
    # abandons both (the first as its answer comes), and a later round fetches them.
    for path in ("/news/crane.html", "/news/library.html"):
        site.set(path, Route(site.routes[path].body, sleep=1.5))
    started = threading.Event()
    runner = WatchThread(
        [site.base + "/rss.xml"],
        _settings(db_path),
        interval=3600,
        delay=0,
        sink=counting_sink,
        on_activity=lambda text: started.set() if "fetching" in text else None,
    )
    runner.start()
    assert started.wait(30)
    time.sleep(0.3)
    assert runner.stop(timeout=10)
    assert runner.error is None and runner.last is not None
    assert runner.last.feeds[0].status is FeedStatus.STOPPED
    fetched = [p for p in _pages(site) if p.startswith("/news/")]
    assert len(fetched) == 1 and placed == [1]  # the wire's article, in the first round
    with closing(open_store(db_path)) as store:
        states = store.feed_states([site.base + "/rss.xml"])
        assert store.count() == 1
    assert states[site.base + "/rss.xml"].etag is None  # the feed is read whole next time
    report = _watch_once(site, db_path, ["/rss.xml"], sink=counting_sink)
    assert report.feeds[0].status is FeedStatus.NEW and len(report.feeds[0].new) == 2
    assert "/news/library.html" in _pages(site) and "/news/crane.html" in _pages(site)


# -- the CLI and the web app, as real processes -----------------------------------------------


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "HF_HUB_OFFLINE": "1",
        "COLUMNS": "200",
    }


def test_cli_watch_once_then_ctrl_c_stops_it(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    sources = tmp_path / "feeds.txt"
    sources.write_text(f"{site.base}/rss.xml\n{site.base}/atom.xml\n", encoding="utf-8")
    command = [sys.executable, "-m", "parallax", "watch", str(sources), "--db", str(db)]
    done = subprocess.run(
        [*command, "--once", "--delay", "0"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 round, 3 new articles in 2 stories" in done.stdout, done.stdout
    assert "robots.txt" in done.stdout  # the forbidden entry is reported

    proc = subprocess.Popen(
        [*command, "--interval", "3600", "--delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 120
        asked = len(site.requests_to("/rss.xml"))
        while len(site.requests_to("/rss.xml")) == asked and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(site.requests_to("/rss.xml")) == asked + 1  # it polled (and got a 304)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in (out + err).lower()
    assert "Traceback" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    import httpx

    return httpx.get(url, timeout=10).text


def test_serve_watch_shows_new_stories_without_a_restart(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parallax",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--watch",
            f"{site.base}/atom.xml",
            "--interval",
            "0.5",
            "--delay",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    home = f"http://127.0.0.1:{port}/"

    def wait_for(check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(proc.communicate()[1])
            try:
                if check():
                    return
            except OSError:
                pass
            except Exception as exc:  # httpx's connection errors while the server starts
                if "connect" not in type(exc).__name__.lower():
                    raise
            time.sleep(0.3)
        raise AssertionError("timed out")

    try:
        wait_for(lambda: "Two hurt as crane falls at Port of Brennick" in _get(home))
        assert "Tollbridge library" not in _get(home)
        # The wire publishes a new story: it appears on the page, the server never restarted.
        site.set(
            "/atom.xml",
            Route(
                atom(
                    [
                        ("Library reopens", "/news/library.html", "2026-03-04T10:00:00Z"),
                        ("Two hurt as crane falls", "/wire/crane.html", "2026-03-03T10:30:00Z"),
                    ]
                ),
                content_type="application/atom+xml",
                etag='"a2"',
            ),
        )
        wait_for(lambda: "Tollbridge library reopens" in _get(home))
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert site.requests_to("/news/library.html")
