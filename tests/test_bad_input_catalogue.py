"""A catalogue of bad input, reader by reader (issue 18): each case is one clear line naming
the input, the problem and the fix; the rest of the batch goes on (a good article in the same
run is stored); nothing of the bad input is stored; the CLI exits with 1 and no traceback.

URLs are served on loopback by the test itself. All article text is invented.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import http.server
import io
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.warcwriter import WARCWriter

from parallax.config import Settings
from parallax.errors import (
    DecodeError,
    FetchError,
    InputError,
    MalformedInputError,
    NoArticleError,
    TooLargeError,
)
from parallax.ingest import Source, read_source
from parallax.pipeline import IngestReport, ingest
from parallax.store import SQLiteStore

from .test_bad_input import good_text, html_response, page, paragraphs

# -- inputs --------------------------------------------------------------------------------


def warc_records(*places: str, gz: bool = False) -> tuple[bytes, list[int]]:
    """A WARC of one HTML response per place, and the offset where each record ends."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    ends = []
    for place in places:
        html_response(writer, f"https://{place.lower()}.example/gates", page("Gates", place))
        ends.append(buf.tell())
    return buf.getvalue(), ends


def warc_wrong_length() -> bytes:
    """Two records; the first declares a Content-Length 40 bytes short of its block."""
    data, _ = warc_records("Vellby", "Ostrand")
    length = re.search(rb"Content-Length: (\d+)", data)
    assert length is not None
    short = str(int(length.group(1)) - 40).encode()
    return data[: length.start(1)] + short + data[length.end(1) :]


def warc_gz_corrupt() -> bytes:
    """Three gzip members (records); the second one's deflate data is scrambled."""
    data, ends = warc_records("Vellby", "Ostrand", "Harl", gz=True)
    cut = ends[0] + 60
    return data[:cut] + bytes(b ^ 0x5A for b in data[cut : cut + 40]) + data[cut + 40 :]


def html_page(inner: str, *, title: str = "Weir Rebuilt") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{inner}</body></html>".encode()


ARTICLE_HTML = "<article><h1>Weir Rebuilt</h1>" + "".join(
    f"<p>{p}</p>" for p in paragraphs("Lunmoor", "Tove Arn")
)


def deep_html(depth: int) -> bytes:
    return html_page("<div>" * depth + ARTICLE_HTML + "</div>" * depth)


def feed_items(body: str, *, prolog: str = "", items: int = 1) -> bytes:
    entries = "".join(
        f"<item><title>Flood Gates Open In Sallow ({n})</title>"
        f"<link>https://sallow.example/gates/{n}</link>"
        f"<description>Report {n}. {body}</description></item>"
        for n in range(1, items + 1)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>Sallow Weekly</title>{entries}</channel></rss>"
    ).encode()


LONG_BODY = " ".join(paragraphs("Sallow", "Greta Mund") + paragraphs("Sallow End", "Ivo Rask"))
BILLION_LAUGHS = (
    '<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def feed_broken_off() -> bytes:
    """Two complete entries, then the third breaks off in the middle of its text."""
    whole = feed_items(LONG_BODY, items=3).decode()
    return whole[: whole.rindex("<description>") + 300].encode()


def jsonl_wrong_types() -> bytes:
    body = " ".join(paragraphs("Vellby", "Odile Brask"))
    return (
        "\n".join(
            [
                '{"title": "Gates", "text": 42}',
                '{"title": ["Gates"], "text": "' + body + '"}',
                '{"authors": {"name": "Odile Brask"}, "text": "' + body + '"}',
                '{"published": 20260304, "text": "' + body + '"}',
                '{"html": false}',
                '["a list", "not an object"]',
            ]
        )
        + "\n"
    ).encode()


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes
    error: type[InputError]
    words: tuple[str, ...]  # each must be in every error message of the case
    failures: int = 1  # error lines the case gives (a JSONL file gives one per line)
    stored: int = 0  # articles of the input that are still stored (records before a break)


CASES = [
    # WARC: the issue's own file first
    Case(
        "warc_header_cut",
        "cut-header.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\n",
        MalformedInputError,
        ("WARC", "record 1", "header"),
    ),
    Case(
        "warc_no_length",
        "no-length.warc",
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://vellby.example/\r\n\r\n",
        MalformedInputError,
        ("WARC", "Content-Length"),
    ),
    Case(
        "warc_wrong_length",
        "wrong-length.warc",
        warc_wrong_length(),
        MalformedInputError,
        ("WARC", "Content-Length is wrong"),
    ),
    Case(
        "warc_gz_corrupt",
        "scrambled.warc.gz",
        warc_gz_corrupt(),
        MalformedInputError,
        ("WARC", "gzip", "corrupt", "records before"),
        stored=1,
    ),
    Case(
        "gzip_truncated",
        "cut.txt.gz",
        gzip.compress(good_text("Harl").encode())[:-30],
        MalformedInputError,
        ("gzip", "truncated"),
    ),
    Case(
        "gzip_corrupt",
        "scrambled.txt.gz",
        gzip.compress(good_text("Harl").encode())[:20] + b"\xff" * 40 + b"\x00" * 8,
        MalformedInputError,
        ("gzip", "corrupt"),
    ),
    # HTML
    Case(
        "html_no_body",
        "head-only.html",
        b"<!DOCTYPE html><html><head><title>Weir Rebuilt</title></head></html>",
        NoArticleError,
        ("no article",),
    ),
    Case(
        "html_only_scripts",
        "scripts.html",
        html_page("<script>var story = 'The weir in Lunmoor was rebuilt.';</script>" * 200),
        NoArticleError,
        ("no article",),
    ),
    Case(
        "html_deep",
        "deep.html",
        deep_html(100_000),
        MalformedInputError,
        ("nests elements", "256"),
    ),
    # RSS/Atom
    Case(
        "feed_broken_off",
        "cut.rss",
        feed_broken_off(),
        MalformedInputError,
        ("cut short", "entry-3"),
        stored=2,
    ),
    Case(
        "feed_not_xml",
        "broken.atom",
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><<<>>&&&',
        MalformedInputError,
        ("feed", "malformed"),
    ),
    Case(
        "feed_billion_laughs",
        "laughs.rss",
        feed_items(LONG_BODY + " &lol9;", prolog=BILLION_LAUGHS),
        MalformedInputError,
        ("ENTITY", "never expands", "DOCTYPE"),
    ),
    Case(
        "feed_external_entity",
        "xxe.rss",
        feed_items(
            LONG_BODY + " &secret;",
            prolog='<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n',
        ),
        MalformedInputError,
        ("ENTITY", "never expands"),
    ),
    Case(
        "feed_wrong_encoding",
        "latin.rss",
        feed_items("Caf\xe9 " + LONG_BODY)
        .decode()
        .replace('encoding="utf-8"', 'encoding="utf-8\xe9"')
        .encode("latin-1"),
        DecodeError,
        ("encoding",),
    ),
    # JSONL
    Case(
        "jsonl_wrong_types",
        "types.jsonl",
        jsonl_wrong_types(),
        MalformedInputError,
        ("must be",),
        failures=6,
    ),
    # text
    Case(
        "nul_bytes",
        "nul.txt",
        good_text("Harl").encode().replace(b"spring", b"spr\x00ing"),
        DecodeError,
        ("NUL", "tr -d"),
    ),
]


# -- helpers -------------------------------------------------------------------------------


def run(inputs: list[Path | str], store: SQLiteStore, settings: Settings) -> IngestReport:
    return ingest([str(i) for i in inputs], store, settings)


def check_line(error: InputError, source_prefix: str) -> str:
    line = str(error)
    assert error.source.startswith(source_prefix), (error.source, source_prefix)
    assert line.startswith(f"{error.source}: ") and "\n" not in line, line
    assert "Traceback" not in line and "Error -" not in line.split(":")[0]
    return error.message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue_case(tmp_path: Path, store: SQLiteStore, settings: Settings, case: Case) -> None:
    bad = tmp_path / case.filename
    bad.write_bytes(case.data)
    good = tmp_path / "good.txt"
    good.write_text(good_text("Vellby"), encoding="utf-8")
    report = run([bad, good], store, settings)
    assert len(report.failed) == case.failures, [str(e) for e in report.failed]
    for error in report.failed:
        assert type(error) is case.error, f"{type(error).__name__}: {error}"
        message = check_line(error, str(bad))
        for word in case.words:
            assert word in message or word in error.source, (word, str(error))
        assert error.fix, f"no fix named: {error}"
    sources = [a.source or "" for a in report.added]
    assert sources[-1] == str(good)  # the batch went on past the bad input
    from_bad = [s for s in sources if s.startswith(str(bad))]
    assert len(from_bad) == case.stored, sources
    assert store.count() == 1 + case.stored


def test_issue_18_truncated_warc_header_does_not_stop_the_batch(
    tmp_path: Path, db_path: Path, cli: Callable[..., Any]
) -> None:
    bad = tmp_path / "cut.warc"
    bad.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n")
    good = tmp_path / "good.txt"
    good.write_text(good_text("Vellby"), encoding="utf-8")
    done = cli("ingest", str(bad), str(good), "--db", str(db_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "AttributeError" not in done.stderr
    assert "1 added, 0 already known, 1 failed" in done.stdout
    (line,) = [line for line in done.stderr.splitlines() if line.strip()]
    assert line.startswith(f"failed {bad}: WARC is malformed or truncated at record 1")
    with SQLiteStore(db_path) as store:
        assert store.count() == 1


def test_a_wrong_content_length_is_reported_not_stored_shortened(
    tmp_path: Path, store: SQLiteStore, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wrong-length.warc"
    path.write_bytes(warc_wrong_length())
    report = run([path], store, settings)
    assert report.added == () and store.count() == 0
    (error,) = report.failed
    assert "record 1 is not followed by a blank line" in error.message
    assert capfd.readouterr().err == ""  # warcio's own warning is not printed


# -- encodings: decoded right where possible -------------------------------------------------

ACCENTED = (
    "Caf\xe9 owners in Brennick said on Friday that the new parking rules had cut their trade "
    "by a third, and the owner of the Cr\xe8me Rouge bistro, Ana\xefs Dubrec, said regulars "
    "now drive to the retail park on the ring road instead."
)
ENCODED = {
    "utf16_bom": ("utf-16", b""),
    "utf16_le_no_bom": ("utf-16-le", b""),
    "utf16_be_no_bom": ("utf-16-be", b""),
    "latin1": ("latin-1", b""),
}


@pytest.mark.parametrize("codec", list(ENCODED), ids=list(ENCODED))
def test_text_in_other_encodings_is_decoded(
    tmp_path: Path, store: SQLiteStore, settings: Settings, codec: str
) -> None:
    text = "Parking Rules Anger Caf\xe9 Owners\n\n" + ACCENTED + "\n"
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(ENCODED[codec][0]))
    report = run([path], store, settings)
    assert report.failed == () and len(report.added) == 1
    article = report.added[0]
    assert article.title == "Parking Rules Anger Caf\xe9 Owners"
    assert article.text == ACCENTED


def test_lines_in_mixed_encodings_are_each_decoded(
    tmp_path: Path, store: SQLiteStore, settings: Settings
) -> None:
    """A file pasted together from a UTF-8 and a Latin-1 file."""
    first = "Caf\xe9 owners in Brennick said the new parking rules had cut their trade by a third."
    second = "The owner of the Cr\xe8me Rouge bistro, Ana\xefs Dubrec, said regulars drive away."
    data = (
        b"Parking Rules Anger Owners\n\n"
        + first.encode("utf-8")
        + b"\n\n"
        + second.encode("latin-1")
        + b"\n"
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    report = run([path], store, settings)
    assert report.failed == () and len(report.added) == 1
    assert report.added[0].text == f"{first}\n\n{second}"


# -- size: refused by the cap without reading the input ------------------------------------


def test_a_100_mb_file_is_refused_without_being_read(
    tmp_path: Path, store: SQLiteStore, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: no 100 MB written to disk
        handle.truncate(100 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text(good_text("Vellby"), encoding="utf-8")
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    report = run([big, good], store, settings)
    assert big not in opened
    (error,) = report.failed
    assert isinstance(error, TooLargeError) and error.source == str(big)
    assert "104.9 MB, above the 21.0 MB cap" in error.message and "--max-bytes" in error.message
    assert store.count() == 1


class EndlessStream(io.RawIOBase):
    """Standard input that never ends."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        view[:] = b"a" * len(view)
        self.given += len(view)
        return len(view)


def test_endless_stdin_is_cut_at_the_cap(settings: Settings) -> None:
    small = dataclasses.replace(settings, max_bytes=100_000)
    stream = EndlessStream()
    (outcome,) = read_source(Source(label="<stdin>"), small, stdin=io.BufferedReader(stream))
    assert isinstance(outcome.error, TooLargeError)
    assert stream.given < 1_000_000


def test_a_huge_feed_is_refused_by_the_cap(
    tmp_path: Path, store: SQLiteStore, settings: Settings
) -> None:
    path = tmp_path / "huge.rss"
    path.write_bytes(feed_items(LONG_BODY, items=2000))
    small = dataclasses.replace(settings, max_bytes=500_000)
    (error,) = run([path], store, small).failed
    assert isinstance(error, TooLargeError) and "cap" in error.message
    assert store.count() == 0


# -- hostile feeds: nothing expanded, nothing fetched --------------------------------------


class Server:
    """A loopback HTTP server with a few hostile paths, counting every request."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hits.append(self.path)
                if self.path.startswith("/loop"):
                    self.send_response(302)
                    self.send_header("Location", f"/loop{len(hits)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/slow":
                    time.sleep(3)
                    self._page(html_page(ARTICLE_HTML))
                elif self.path == "/trickle":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    try:
                        for _ in range(60):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.1)
                    except OSError:
                        pass
                elif self.path == "/endless":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"<p>" + b"The weir in Lunmoor was rebuilt. " * 500 + b"</p>"
                    try:
                        for _ in range(10_000):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    except OSError:
                        pass
                elif self.path == "/good":
                    self._page(html_page(ARTICLE_HTML))
                else:
                    self._page(b"secret", status=200)

            def _page(self, body: bytes, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as running:
        yield running


def test_feed_entities_are_neither_expanded_nor_fetched(
    tmp_path: Path, store: SQLiteStore, settings: Settings, server: Server
) -> None:
    prolog = f'<!DOCTYPE rss [<!ENTITY remote SYSTEM "{server.url}/secret">]>\n'
    path = tmp_path / "remote.rss"
    path.write_bytes(feed_items(LONG_BODY + " &remote;", prolog=prolog))
    fetching = dataclasses.replace(settings, fetch_links=True)
    (error,) = run([path], store, fetching).failed
    assert isinstance(error, MalformedInputError) and "ENTITY" in error.message
    assert server.hits == [] and store.count() == 0


# -- URLs ----------------------------------------------------------------------------------


def test_hostile_urls(
    tmp_path: Path, store: SQLiteStore, settings: Settings, server: Server
) -> None:
    quick = dataclasses.replace(settings, fetch_timeout=1.0, max_redirects=4, max_bytes=300_000)
    urls = [f"{server.url}/{p}" for p in ("loop", "slow", "trickle", "endless")]
    report = run([*urls, f"{server.url}/good"], store, quick)
    assert [a.source for a in report.added] == [f"{server.url}/good"]
    loop, slow, trickle, endless = report.failed
    assert [e.source for e in report.failed] == urls
    for error in report.failed:
        check_line(error, server.url)
        assert error.fix
    assert isinstance(loop, FetchError) and "more than 4 redirects" in loop.message
    assert isinstance(slow, FetchError) and "timed out after 1 s" in slow.message
    assert isinstance(trickle, FetchError) and "timed out after 1 s" in trickle.message
    assert isinstance(endless, TooLargeError) and "cap" in endless.message
    assert store.count() == 1


# -- the whole catalogue through the CLI ---------------------------------------------------


def test_catalogue_through_the_cli(
    tmp_path: Path, db_path: Path, cli: Callable[..., Any], server: Server
) -> None:
    batch = tmp_path / "in"
    batch.mkdir()
    for case in CASES:
        (batch / case.filename).write_bytes(case.data)
    (batch / "gates.txt").write_text(good_text("Vellby"), encoding="utf-8")
    (batch / "utf16.txt").write_bytes(good_text("Ostrand").encode("utf-16-le"))
    with (batch / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    urls = [f"{server.url}/loop", f"{server.url}/endless"]
    done = cli(
        "ingest",
        str(batch),
        *urls,
        "--db",
        str(db_path),
        "--max-bytes",
        "2000000",
        env={"PARALLAX_FETCH_TIMEOUT": "2"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    failures = sum(c.failures for c in CASES) + 1 + len(urls)  # + huge.txt
    stored = 2 + sum(c.stored for c in CASES)
    assert f"{stored} added, 0 already known, {failures} failed" in done.stdout, done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == failures, done.stderr
    for case in CASES:
        named = [line for line in lines if f"{case.filename}" in line]
        assert len(named) == case.failures, (case.name, named)
        assert all(line.startswith("failed ") for line in named)
    assert sum("huge.txt" in line and "cap" in line for line in lines) == 1
    with SQLiteStore(db_path) as store:
        assert store.count() == stored
