"""Every input format is read, chosen by its content (not only its suffix), into clean articles.

All articles here are invented: the towns, outlets and people do not exist.
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.config import Settings
from parallax.errors import FetchError, InputError, MalformedInputError, TooLargeError
from parallax.models import Article
from parallax.pipeline import IngestReport, ingest
from parallax.store import SQLiteStore

# -- invented article text ----------------------------------------------------------------

OSTMARK = [
    "The ferry council of Ostmark Bay voted on Monday to extend the winter timetable until the "
    "end of April, after three storms closed the northern crossing for eleven days.",
    "Councillor Hedda Brunvik said the extra sailings would cost the harbour fund about 340,000 "
    "crowns, money she expects to recover from higher summer fares next year.",
    "Residents of the outer islands, who rely on the morning boat for school and clinic visits, "
    "welcomed the decision but asked for a covered waiting room at Skerrow pier.",
]
KELDA = [
    "Beekeepers in the Kelda valley reported their smallest honey harvest in nine seasons, "
    "blaming a wet spring that kept the colonies inside for most of May.",
    "Jonas Verhaag, who keeps forty hives above the village of Tarnholt, said several colonies "
    "had to be fed sugar syrup through the summer to survive at all.",
    "The valley cooperative will ask the regional office in Lindmoor for an emergency grant to "
    "replace the queens that were lost over the winter.",
]


def story(place: str, person: str, n: int = 4) -> list[str]:
    """Paragraphs of an invented local story, distinct for each place and person."""
    lines = [
        f"Officials in {place} confirmed on Thursday that the old tram depot will be turned into "
        f"a covered market, ending a dispute that had lasted almost six years.",
        f"{person}, who chairs the traders' association, said forty stalls would open by the "
        f"autumn and that rents would stay below those charged in the town square.",
        f"Engineers found the iron roof of the depot in better condition than expected, which "
        f"saved the {place} council roughly a quarter of the planned repair budget.",
        f"Neighbours asked for the night deliveries to be limited, and {person} promised that "
        f"lorries would not be allowed into the yard before six in the morning.",
        f"The first market day in {place} is planned for the second Saturday of September, with "
        f"a brass band from the fire brigade and free soup for the first hundred visitors.",
    ]
    return lines[:n]


NAV = ("Frontpage Zanzibarix", "Sportsdesk Quillmore", "Weatherwatch Plovdash")


def html_page(
    title: str, paras: list[str], *, outlet: str = "The Ostmark Tribune", extra: str = ""
) -> str:
    """A page with navigation, a cookie banner and a footer around the article."""
    nav = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAV))
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}'
        f'</title><meta property="og:site_name" content="{outlet}">{extra}</head><body>'
        f'<nav><ul>{nav}</ul></nav><div class="cookie-banner"><p>We use cookies to sweeten '
        f"your visit. Accept all cookies</p></div><main><article><h1>{title}</h1>\n{body}"
        f"</article></main><footer><p>Copyright 2026 {outlet} Holdings. Imprint.</p></footer>"
        "</body></html>"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


Go = Callable[..., IngestReport]


def only(report: IngestReport) -> Article:
    """The one article a report added, with nothing failed."""
    assert report.failed == (), [str(e) for e in report.failed]
    assert len(report.added) == 1, report.added
    return report.added[0]


@pytest.fixture
def go(store: SQLiteStore, settings: Settings) -> Go:
    """Ingest the inputs into ``store``; keyword arguments replace settings (or give format)."""

    def run(*inputs: Path | str, format: str | None = None, **changes: Any) -> IngestReport:
        changed = dataclasses.replace(settings, **changes)
        return ingest([str(i) for i in inputs], store, changed, format=format)

    return run


# -- plain text ---------------------------------------------------------------------------
def test_text_front_matter_and_spans(tmp_path: Path, store: SQLiteStore, go: Go) -> None:
    path = write(
        tmp_path / "ferry.txt",
        "---\noutlet: The Ostmark Tribune\nurl: https://tribune.example/ferry\n"
        "published: 2026-03-05T08:20:00+01:00\nauthors: Ines Falk; Tomas Reyes\n---\n"
        "Ferry Council Extends Winter Timetable\n\n" + "\n\n".join(OSTMARK) + "\n",
    )
    a = only(go(path))
    assert a.title == "Ferry Council Extends Winter Timetable"
    assert a.outlet == "The Ostmark Tribune"
    assert a.url == "https://tribune.example/ferry"
    assert a.authors == ("Ines Falk", "Tomas Reyes")
    assert a.published == datetime(2026, 3, 5, 7, 20, tzinfo=UTC)
    assert a.published.utcoffset() == timedelta(hours=1)
    assert a.format == "text" and a.source == str(path)
    assert "Ferry Council Extends" not in a.text and "outlet:" not in a.text
    assert a.paragraph_texts() == OSTMARK
    assert [s.of(a.text) for s in a.paragraphs] == OSTMARK
    assert a.paragraphs[1].start > a.paragraphs[0].end
    assert store.get(a.id).text == a.text


@pytest.mark.parametrize("sidecar", ["kelda.meta.json", "kelda.json"])
def test_text_json_sidecar_gives_metadata(tmp_path: Path, sidecar: str, go: Go) -> None:
    path = write(tmp_path / "kelda.txt", "Honey Harvest Fails\n\n" + "\n\n".join(KELDA))
    meta = {"outlet": "Kelda Valley Courier", "url": "https://courier.example/honey"}
    meta |= {"published": "2026-08-14T17:05:00-03:00", "authors": ["Rosa Quint", "Aldo Merk"]}
    write(tmp_path / sidecar, json.dumps(meta))
    a = only(go(path))
    assert (a.outlet, a.url) == ("Kelda Valley Courier", "https://courier.example/honey")
    assert a.authors == ("Rosa Quint", "Aldo Merk")
    assert a.published is not None and a.published.utcoffset() == timedelta(hours=-3)
    assert a.published.hour == 17
    assert a.title == "Honey Harvest Fails"
    assert a.paragraph_texts() == KELDA


def test_txt_that_holds_html_is_read_as_html(tmp_path: Path, go: Go) -> None:
    path = write(tmp_path / "saved-page.txt", html_page("Ferry Council Extends Timetable", OSTMARK))
    a = only(go(path))
    assert a.format == "html"
    assert a.outlet == "The Ostmark Tribune"
    assert a.paragraph_texts() == OSTMARK
    assert "<p>" not in a.text and "Copyright" not in a.text


# -- HTML ---------------------------------------------------------------------------------
def test_html_metadata_and_main_text_without_furniture(tmp_path: Path, go: Go) -> None:
    paragraphs = story("Brennick", "Maren Oduya", 4)
    meta = (
        '<meta name="author" content="Liv Andersson">'
        '<meta property="article:published_time" content="2026-02-10T14:45:00+02:00">'
    )
    title = "Tram Depot Becomes Covered Market"
    html = html_page(title, paragraphs, outlet="Brennick Evening Post", extra=meta)
    path = write(tmp_path / "depot.html", html)
    a = only(go(path))
    assert a.title is not None and a.title.startswith("Tram Depot Becomes Covered Market")
    assert a.outlet == "Brennick Evening Post"
    assert a.authors == ("Liv Andersson",)
    assert a.published is not None
    assert (a.published.hour, a.published.minute) == (14, 45)
    assert a.published.utcoffset() == timedelta(hours=2)
    assert a.paragraph_texts() == paragraphs
    for furniture in ("Zanzibarix", "Quillmore", "Plovdash", "cookies", "Copyright", "Imprint"):
        assert furniture not in a.text and furniture in html


# -- WARC ---------------------------------------------------------------------------------

WARC_PAGES = [
    ("https://canal.example/locks", "2026-02-10T06:30:00Z", "Lock Repairs Delayed", "Velmora"),
    ("https://canal.example/dredge", "2026-02-11T21:05:09Z", "Dredging Budget Cut", "Tarnholt"),
]


# the start of a real PNG file: signature, then an IHDR chunk (its length has NUL bytes)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06" * 8
CSS = ("text/css", b"body { color: #123; }")


def make_warc(gz: bool, *, extra: tuple[str, bytes] = CSS) -> bytes:
    """A request record, two HTML responses, and one more response of another type."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)

    def response(uri: str, ctype: str, body: bytes, date: str | None = None) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        meta = {"WARC-Date": date} if date else None
        kw = {"length": len(body), "http_headers": headers, "warc_headers_dict": meta}
        writer.write_record(writer.create_warc_record(uri, "response", io.BytesIO(body), **kw))

    req = StatusAndHeaders("GET /locks HTTP/1.1", [("Host", "canal.example")], is_http_request=True)
    empty = {"length": 0, "http_headers": req}
    writer.write_record(
        writer.create_warc_record(WARC_PAGES[0][0], "request", io.BytesIO(), **empty)
    )
    for i, (uri, date, title, place) in enumerate(WARC_PAGES):
        body = html_page(title, story(place, "Ivo Laskar"), outlet="Canal Gazette").encode()
        response(uri, "text/html; charset=utf-8", body, date)
        if i == 0:
            response("https://canal.example/extra", *extra)
    return buf.getvalue()


def _check_warc_articles(report: IngestReport) -> None:
    assert report.failed == (), [str(e) for e in report.failed]
    assert len(report.added) == 2
    for a, (uri, date, title, place) in zip(report.added, WARC_PAGES, strict=True):
        assert a.format == "warc"
        assert a.url == uri
        assert a.retrieved == datetime.fromisoformat(date)
        assert a.title is not None and a.title.startswith(title)
        assert place in a.text


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl-2026-02.dat"])
def test_warc_sniffed(tmp_path: Path, name: str, go: Go) -> None:
    path = tmp_path / name
    path.write_bytes(make_warc(name.endswith(".gz")))
    _check_warc_articles(go(path))


@pytest.mark.parametrize("extra", [CSS, ("image/png", PNG)], ids=["css", "png"])
def test_warc_forced(tmp_path: Path, extra: tuple[str, bytes], go: Go) -> None:
    """Isolates the reader from sniffing; a real PNG record holds NUL bytes."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(True, extra=extra))
    _check_warc_articles(go(path, format="warc"))


# -- feeds --------------------------------------------------------------------------------
def long_html(place: str, person: str) -> str:
    html = "".join(f"<p>{p}</p>" for p in story(place, person, 5))
    assert len(" ".join(story(place, person, 5)).split()) >= 80
    return html


def rss_feed() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Ledger of Quellin</title><link>https://harbour.example/</link>
<description>News from Quellin</description>
<item><title>Quellin Market Plan Approved</title><link>https://harbour.example/market</link>
<pubDate>Tue, 10 Feb 2026 09:15:00 +0100</pubDate><dc:creator>Nadia Oort</dc:creator>
<description>The depot becomes a market.</description>
<content:encoded><![CDATA[{long_html("Quellin", "Nadia Oort")}]]></content:encoded></item>
<item><title>Harbour Lights Switched Off</title><link>https://harbour.example/lights</link>
<pubDate>Wed, 11 Feb 2026 18:00:00 +0100</pubDate>
<description>The harbour lights went dark for an hour.</description></item>
</channel></rss>"""


def atom_feed() -> str:
    escaped = long_html("Marrowby", "Pell Ashgrove").replace("<", "&lt;").replace(">", "&gt;")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Marrowby Dispatch</title>
<id>urn:uuid:marrowby-dispatch</id><updated>2026-03-02T12:00:00Z</updated>
<entry><title>Marrowby Depot Turns Into Market</title><id>urn:uuid:e1</id>
<link href="https://dispatch.example/depot"/><published>2026-03-02T11:30:00+01:00</published>
<updated>2026-03-02T11:30:00+01:00</updated><author><name>Pell Ashgrove</name></author>
<content type="html">{escaped}</content></entry>
<entry><title>Short Note On Parking</title><id>urn:uuid:e2</id>
<link href="https://dispatch.example/parking"/><updated>2026-03-02T11:00:00Z</updated>
<summary>Parking on Quay Road is free this weekend.</summary></entry>
</feed>"""


def test_rss_feed(tmp_path: Path, store: SQLiteStore, go: Go) -> None:
    path = write(tmp_path / "quellin.rss", rss_feed())
    a = only(report := go(path))
    assert a.format == "feed"
    assert a.title == "Quellin Market Plan Approved"
    assert a.url == "https://harbour.example/market"
    assert a.outlet == "Harbour Ledger of Quellin"
    assert a.published == datetime(2026, 2, 10, 8, 15, tzinfo=UTC)
    assert a.paragraph_texts() == story("Quellin", "Nadia Oort", 5)
    assert len(report.skipped) == 1 and report.skipped[0].source.endswith("#entry-2")
    assert store.count() == 1


def test_atom_feed(tmp_path: Path, go: Go) -> None:
    path = write(tmp_path / "marrowby-feed.xml", atom_feed())
    a = only(report := go(path))
    assert (a.title, a.outlet) == ("Marrowby Depot Turns Into Market", "Marrowby Dispatch")
    assert a.url == "https://dispatch.example/depot"
    assert a.published == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert a.authors == ("Pell Ashgrove",)
    assert "Marrowby" in a.text and "&lt;" not in a.text and "<p>" not in a.text
    assert [e.source.endswith("#entry-2") for e in report.skipped] == [True]


# -- JSONL --------------------------------------------------------------------------------
def test_jsonl_text_html_and_bad_lines(tmp_path: Path, go: Go) -> None:
    first_row = {"text": "\n\n".join(OSTMARK), "title": "Ferry Timetable Extended"}
    first_row |= {"outlet": "The Ostmark Tribune", "url": "https://tribune.example/ferry"}
    first_row |= {"published": "2026-03-05T08:20:00+01:00", "authors": ["Ines Falk", "T Reyes"]}
    page_html = html_page("Depot Market For Sorrel Bay", story("Sorrel Bay", "Ada Kim"))
    rows: list[Any] = [
        first_row,
        {"html": page_html, "url": "https://tribune.example/depot"},
        '{"text": "a line cut short',
        {"title": "Headline without a body", "outlet": "The Ostmark Tribune"},
        {"text": "\n\n".join(KELDA), "outlet": "Kelda Courier", "authors": "A Bo; C Di"},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path = write(tmp_path / "export.jsonl", "\n".join(lines) + "\n")
    report = go(path)
    assert len(report.added) == 3, [str(e) for e in report.failed]
    first, page, last = report.added
    assert first.title == "Ferry Timetable Extended" and first.outlet == "The Ostmark Tribune"
    assert first.authors == ("Ines Falk", "T Reyes")
    assert first.published == datetime(2026, 3, 5, 7, 20, tzinfo=UTC)
    assert first.paragraph_texts() == OSTMARK and first.format == "jsonl"
    assert page.url == "https://tribune.example/depot" and page.outlet == "The Ostmark Tribune"
    assert page.paragraph_texts() == story("Sorrel Bay", "Ada Kim") and "<p>" not in page.text
    assert last.authors == ("A Bo", "C Di") and last.paragraph_texts() == KELDA
    assert sorted(e.source.rsplit(":", 1)[-1] for e in report.failed) == ["3", "4"]
    assert all(isinstance(e, MalformedInputError) for e in report.failed)
    assert all(e.source.startswith(str(path)) for e in report.failed)
    assert "JSON" in next(e for e in report.failed if e.source.endswith(":3")).message


def test_jsonl_is_sniffed_without_its_suffix(tmp_path: Path, go: Go) -> None:
    rows = [{"text": "\n\n".join(story(p, "Ola Brandt")), "outlet": "Wire"} for p in "ABC"]
    path = write(tmp_path / "dump.dat", "\n".join(json.dumps(r) for r in rows))
    report = go(path)
    assert report.failed == () and len(report.added) == 3
    assert {a.format for a in report.added} == {"jsonl"}


def test_jsonl_line_holding_unicode_line_separators_is_one_record(tmp_path: Path, go: Go) -> None:
    # json.dumps(ensure_ascii=False) leaves U+2028, U+2029 and U+0085 raw inside strings;
    # they end a line for str.splitlines(), never for JSONL. CRLF line ends still work.
    rows = [
        {"text": "\n\n".join(OSTMARK) + "\u2028Said the\u2029council\x85today.", "outlet": "A"},
        {"text": "\n\n".join(KELDA), "outlet": "B"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    assert "\u2028" in lines[0] and len("\n".join(lines).splitlines()) > 2
    path = write(tmp_path / "export.jsonl", "\r\n".join(lines) + "\r\n")
    report = go(path)
    assert report.failed == (), [str(e) for e in report.failed]
    assert [a.outlet for a in report.added] == ["A", "B"]
    first = report.added[0]
    assert "Said the" in first.text and "council" in first.text and "today." in first.text


# -- directories, globs, stdin ------------------------------------------------------------
def make_tree(root: Path) -> Path:
    news = root / "news"
    write(news / "a.txt", "---\noutlet: Tribune\n---\nFerry Timetable\n\n" + "\n\n".join(OSTMARK))
    write(news / "b.txt", "Honey Harvest Fails\n\n" + "\n\n".join(KELDA))
    write(news / "b.meta.json", json.dumps({"outlet": "Kelda Courier"}))
    write(news / "deeper" / "c.html", html_page("Depot Market", story("Farrow", "Esa Lind")))
    write(news / ".drafts" / "d.txt", "Draft\n\n" + "\n\n".join(story("Yonder", "Ulla Voss")))
    write(news / ".e.txt", "Hidden\n\n" + "\n\n".join(story("Quorn", "Per Ek")))
    return news


def test_dir_and_glob_skip_hidden_and_sidecars(tmp_path: Path, store: SQLiteStore, go: Go) -> None:
    news = make_tree(tmp_path)
    report = go(news)
    assert report.failed == () and report.skipped == ()
    assert sorted(Path(a.source or "").name for a in report.added) == ["a.txt", "b.txt", "c.html"]
    assert {a.outlet for a in report.added} == {"Tribune", "Kelda Courier", "The Ostmark Tribune"}
    assert store.count() == 3
    # a glob: files only, sidecars left out, hidden files not matched
    by_glob = go(str(news / "*"), str(news / "**" / "*.html"))
    assert by_glob.failed == () and by_glob.added == ()
    assert sorted(Path(a.source or "").name for a in by_glob.known) == ["a.txt", "b.txt", "c.html"]


def test_stdin_through_the_cli(tmp_path: Path, cli: Callable[..., Any]) -> None:
    db = tmp_path / "stdin.db"
    text = "---\noutlet: Kelda Courier\n---\nHoney Harvest Fails\n\n" + "\n\n".join(KELDA)
    done = cli("ingest", "-", "--db", str(db), "--json", stdin=text.encode())
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(a["outlet"], a["title"]) for a in report["added"]] == [
        ("Kelda Courier", "Honey Harvest Fails")
    ]
    with SQLiteStore(db) as s:
        (only,) = s.articles()
        assert only.source == "<stdin>" and only.paragraph_texts() == KELDA


# -- URLs ---------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes = b"", **kw: Any) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if kw.get("length", True):
                self.send_header("Content-Length", str(len(body)))
            if "location" in kw:
                self.send_header("Location", kw["location"])
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:
        page = html_page("Depot Market In Harrowgate", story("Harrowgate", "Tove Hale")).encode()
        routes: dict[str, tuple[Any, ...]] = {
            "/article": (200, "text/html; charset=utf-8", page),
            "/old": (302, "text/html", b"", {"location": "/older"}),
            "/older": (302, "text/html", b"", {"location": "/final-story"}),
            "/final-story": (200, "text/html", page),
            "/paper.pdf": (200, "application/pdf", b"%PDF-1.4\n" + b"x" * 100),
            "/logo.png": (200, "image/png", PNG),
            "/huge": (200, "text/html", page * 20),
            "/huge-streamed": (200, "text/html", page * 20, {"length": False}),
            "/slow": (200, "text/html", page),
        }
        if self.path == "/slow":
            self.server.stop.wait(2.0)
        if self.path.startswith("/loop/"):
            self._send(302, "text/html", location=f"/loop/{int(self.path[6:]) + 1}")
            return
        status, ctype, body, *kw = routes.get(self.path, (404, "text/html", b"not here"))
        self._send(status, ctype, body, **(kw[0] if kw else {}))


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    stop = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.stop = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_url_article_and_redirect_chain(server: _Server, go: Go) -> None:
    report = go(server.url("/article"), server.url("/old"))
    assert report.failed == (), [str(e) for e in report.failed]
    direct = report.added[0]
    assert direct.url == server.url("/article") and direct.format == "html"
    assert direct.paragraph_texts() == story("Harrowgate", "Tove Hale")
    # the same page again, through two redirects: same text and outlet, so already known
    assert len(report.known) == 1 and report.known[0].url == server.url("/final-story")


def _failure(go: Go, server: _Server, path: str, **changes: Any) -> InputError:
    report = go(server.url(path), **changes)
    assert report.added == () and len(report.failed) == 1
    error: InputError = report.failed[0]
    assert error.source == server.url(path) and "\n" not in str(error)
    return error


def test_url_failures_name_the_problem(server: _Server, go: Go, store: SQLiteStore) -> None:
    for path, words in {
        "/loop/0": "redirects",
        "/paper.pdf": "application/pdf",
        "/logo.png": "image/png",
        "/gone": "404",
    }.items():
        error = _failure(go, server, path)
        assert isinstance(error, FetchError) and words in error.message
    for path in ("/huge", "/huge-streamed"):
        error = _failure(go, server, path, max_bytes=5000)
        assert isinstance(error, TooLargeError) and "cap" in error.message
    error = _failure(go, server, "/slow", fetch_timeout=0.5)
    assert isinstance(error, FetchError) and "timed out" in error.message
    assert store.count() == 0


def test_feed_fetch_links(tmp_path: Path, server: _Server, store: SQLiteStore, go: Go) -> None:
    path = write(
        tmp_path / "links.atom",
        atom_feed().replace("https://dispatch.example/parking", server.url("/article")),
    )
    plain = go(path)
    assert len(plain.added) == 1 and len(plain.skipped) == 1
    report = go(path, fetch_links=True)
    assert report.failed == () and report.skipped == ()
    assert len(report.known) == 1 and len(report.added) == 1
    fetched = report.added[0]
    assert fetched.url == server.url("/article") and fetched.format == "feed"
    assert fetched.paragraph_texts() == story("Harrowgate", "Tove Hale")
    assert store.count() == 2


# -- idempotency --------------------------------------------------------------------------
def test_idempotent_across_runs_and_formats(tmp_path: Path, store: SQLiteStore, go: Go) -> None:
    txt = write(
        tmp_path / "a.txt",
        "---\noutlet: Kelda Courier\n---\nHoney Harvest Fails\n\n" + "\n\n".join(KELDA),
    )
    first = go(txt)
    assert len(first.added) == 1 and store.count() == 1
    again = go(txt)
    assert again.added == () and [a.id for a in again.known] == [first.added[0].id]
    assert store.count() == 1
    row = {"text": "\n\n".join(KELDA), "outlet": "Kelda Courier", "title": "Honey Harvest Fails"}
    jsonl = write(tmp_path / "a.jsonl", json.dumps(row) + "\n")
    other = go(jsonl)
    assert other.added == () and [a.id for a in other.known] == [first.added[0].id]
    row["outlet"] = "Another Courier"
    write(jsonl, json.dumps(row) + "\n")
    assert len(go(jsonl).added) == 1 and store.count() == 2


# -- CLI ----------------------------------------------------------------------------------
def test_cli_ingest_articles_show_search(tmp_path: Path, cli: Callable[..., Any]) -> None:
    db = str(tmp_path / "cli.db")
    news = make_tree(tmp_path)
    done = cli("ingest", str(news), "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"added", "already_known", "failed"} <= set(report)
    assert len(report["added"]) == 3 and report["failed"] == [] and report["already_known"] == []
    listed = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert sorted(a["id"] for a in listed) == sorted(a["id"] for a in report["added"])
    kelda = next(a for a in listed if a["outlet"] == "Kelda Courier")
    shown = json.loads(cli("show", kelda["id"][:10], "--db", db, "--json").stdout)
    assert shown["id"] == kelda["id"] and shown["title"] == "Honey Harvest Fails"
    assert shown["text"] == "\n\n".join(KELDA)
    assert [shown["text"][p["start"] : p["end"]] for p in shown["paragraphs"]] == KELDA
    assert shown["format"] == "text" and shown["source"].endswith("b.txt")
    hits = json.loads(cli("search", "beekeepers", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits] == [kelda["id"]]
    assert json.loads(cli("search", "zeppelinwort", "--db", db, "--json").stdout) == []
    again = json.loads(cli("ingest", str(news), "--db", db, "--json").stdout)
    assert again["added"] == [] and len(again["already_known"]) == 3


def test_html_date_found_quickly_in_markup_and_else_in_the_text(tmp_path: Path, go: Go) -> None:
    paragraphs = story("Brennick", "Maren Oduya", 4)
    # a day in the markup: found by the quick search of the one extraction pass
    dated = html_page("Quay Lights", paragraphs, extra='<meta name="date" content="2025-11-04">')
    a = only(go(write(tmp_path / "quay.html", dated)))
    assert a.published is not None and a.published.date().isoformat() == "2025-11-04"
    # no date in the markup, only in the page's text: found by the extensive search
    body = ["Posted on 17 September 2025 by the newsroom.", *story("Tarnholt", "Ilse Varga", 4)]
    undated = html_page("Canal Gates", body)
    b = only(go(write(tmp_path / "gates.html", undated)))
    assert b.published is not None and b.published.date().isoformat() == "2025-09-17"
