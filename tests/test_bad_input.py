"""Bad input: one clear line naming the input and the problem; the batch goes on; exit 1;
the store stays intact. All article text is invented.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import random
import re
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.config import Settings
from parallax.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FetchError,
    InputError,
    MalformedInputError,
    NoArticleError,
    TooLargeError,
)
from parallax.pipeline import IngestReport, ingest
from parallax.store import SQLiteStore


def paragraphs(place: str, person: str) -> list[str]:
    return [
        f"The river authority in {place} opened the new flood gates on Wednesday, two years after "
        f"a spring flood left the lower town under a metre of water for most of a week.",
        f"{person}, the authority's chief engineer, said the gates could hold back a flood twice "
        f"as high as the one that had damaged the bakery, the school and the old mill.",
        f"Shopkeepers on Quay Lane in {place} said their insurers had already promised lower "
        f"premiums, and a small crowd clapped as the first gate swung shut at noon.",
    ]


def good_text(place: str, person: str = "Odile Brask") -> str:
    return f"Flood Gates Open In {place}\n\n" + "\n\n".join(paragraphs(place, person)) + "\n"


NAV_AND_LOGIN = b"""<!DOCTYPE html><html><head><title>Sign in | Vellby Courier</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<form action="/login" method="post"><label>Email</label><input name="email">
<label>Password</label><input name="password" type="password">
<button type="submit">Log in</button></form></body></html>"""

CP1252_TEXT = (
    "Caf\xe9 owners in Brennick said on Friday that the new parking rules had cut their trade by "
    "a third. The owner of the Cr\xe8me Rouge bistro, Ana\xefs Dubrec, said regulars now drive to "
    "the retail park instead. Councillors will review the scheme in the spring, after a survey of "
    "the fa\xe7ades on Market Street. "
) * 4


def undecodable() -> bytes:
    """High bytes with no NUL: not UTF-8, and no single-byte encoding makes text of them."""
    rnd = random.Random(7)
    return bytes(rnd.randrange(0x80, 0x100) for _ in range(3000))


def html_response(writer: WARCWriter, uri: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
    )


def page(title: str, place: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs(place, "Ruben Tall"))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    ).encode()


def truncated_warc(gz: bool) -> bytes:
    """Two HTML records (one gzip member each when gz); cut 80% into the second record."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    html_response(writer, "https://vellby.example/gates", page("Gates Open", "Vellby"))
    first_end = buf.tell()
    html_response(writer, "https://vellby.example/mill", page("Mill Reopens", "Ostrand"))
    data = buf.getvalue()
    if gz:
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        decomp.decompress(data)
        assert len(data) - len(decomp.unused_data) == first_end  # one member per record
    return data[: first_end + (len(data) - first_end) * 4 // 5]


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes
    error: type[InputError]
    words: tuple[str, ...]


CASES = [
    Case("empty", "empty.txt", b"", EmptyInputError, ("empty",)),
    Case("blank", "blank.txt", b" \n\n\t \r\n", EmptyInputError, ("empty",)),
    Case(
        "binary",
        "noise.dat",
        b"\x03\x00" + random.Random(3).randbytes(4000),
        BinaryInputError,
        ("binary",),
    ),
    Case(
        "pdf",
        "report.txt",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20,
        BinaryInputError,
        ("PDF",),
    ),
    Case("undecodable", "mojibake.txt", undecodable(), DecodeError, ("encoding", "UTF-8")),
    Case("no_article", "login.html", NAV_AND_LOGIN, NoArticleError, ("no article",)),
    Case(
        "malformed_warc",
        "broken.warc",
        b"WARC/1.0\r\n" + b"this is not a header %% ## line at all\r\nnor is this one\r\n" * 40,
        MalformedInputError,
        ("WARC",),
    ),
]


def report_for(inputs: list[Path | str], store: SQLiteStore, settings: Settings) -> IngestReport:
    return ingest([str(i) for i in inputs], store, settings)


def one_failure(report: IngestReport, source: str) -> InputError:
    assert len(report.failed) == 1, [str(e) for e in report.failed]
    error = report.failed[0]
    assert error.source == source
    line = str(error)
    assert line.startswith(f"{source}: ") and "\n" not in line
    return error


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_one_clear_failure_and_the_batch_goes_on(
    tmp_path: Path, store: SQLiteStore, settings: Settings, case: Case
) -> None:
    bad = tmp_path / case.filename
    bad.write_bytes(case.data)
    good = tmp_path / "good.txt"
    good.write_text(good_text("Vellby"), encoding="utf-8")
    report = report_for([bad, good], store, settings)
    error = one_failure(report, str(bad))
    for word in case.words:
        assert word in error.message
    assert [a.source for a in report.added] == [str(good)]
    assert store.count() == 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_class(tmp_path: Path, store: SQLiteStore, settings: Settings, case: Case) -> None:
    bad = tmp_path / case.filename
    bad.write_bytes(case.data)
    (error,) = report_for([bad], store, settings).failed
    assert type(error) is case.error, f"{type(error).__name__}: {error}"


def test_cp1252_text_is_decoded(tmp_path: Path, store: SQLiteStore, settings: Settings) -> None:
    path = tmp_path / "cafe.txt"
    data = CP1252_TEXT.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path.write_bytes(data)
    report = report_for([path], store, settings)
    assert report.failed == () and len(report.added) == 1
    text = report.added[0].text
    assert "Café owners in Brennick" in text and "\ufffd" not in text and "Ã" not in text
    # every Western European letter, not only the é, must come out right
    assert text == CP1252_TEXT.strip()


def test_html_declaring_windows_1252_is_decoded(
    tmp_path: Path, store: SQLiteStore, settings: Settings
) -> None:
    paras = [
        "The Brennick caf\xe9 owners\u2019 association said the new fee of \u20ac40 a month "
        "for a pavement table would drive small places out of the old square.",
        "Its chair, Jos\xe9 Varga, said the council had \u201cnever once asked\u201d the "
        "owners before it doubled the charge for the summer season.",
        "The council said the money would pay for new paving and for lamps along the river "
        "walk, and that the fee had not changed in eleven years.",
    ]
    html = (
        '<html><head><meta charset="windows-1252"><title>Fee Row In Brennick</title></head>'
        "<body><article><h1>Fee Row In Brennick</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + "</article></body></html>"
    )
    path = tmp_path / "fees.html"
    path.write_bytes(html.encode("cp1252"))
    report = report_for([path], store, settings)
    assert report.failed == () and len(report.added) == 1
    assert report.added[0].paragraph_texts() == paras


def test_file_above_the_size_cap(tmp_path: Path, store: SQLiteStore, settings: Settings) -> None:
    small = dataclasses.replace(settings, max_bytes=1500)
    big = tmp_path / "long.txt"
    big.write_text(good_text("Harl") * 5, encoding="utf-8")
    bomb = tmp_path / "packed.txt.gz"
    bomb.write_bytes(gzip.compress(good_text("Marsh").encode() * 5))
    assert bomb.stat().st_size < 1500 < len(gzip.decompress(bomb.read_bytes()))
    fits = tmp_path / "fits.txt"
    fits.write_text(good_text("Oss"), encoding="utf-8")
    report = report_for([big, bomb, fits], store, small)
    assert [a.source for a in report.added] == [str(fits)]
    assert [e.source for e in report.failed] == [str(big), str(bomb)]
    for error in report.failed:
        assert isinstance(error, TooLargeError) and "cap" in error.message


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_the_first_article_and_reports_the_cut(
    tmp_path: Path, store: SQLiteStore, settings: Settings, gz: bool
) -> None:
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(truncated_warc(gz))
    report = report_for([path], store, settings)
    # the cut second record is reported, not stored as a silently shortened article
    assert [a.url for a in report.added] == ["https://vellby.example/gates"]
    assert len(report.failed) == 1, [str(e) for e in report.failed]
    error = report.failed[0]
    assert isinstance(error, MalformedInputError) and "WARC" in error.message
    assert error.source.startswith(str(path))


def test_feed_with_a_broken_entry(tmp_path: Path, store: SQLiteStore, settings: Settings) -> None:
    body = "\n".join(paragraphs("Sallow", "Greta Mund") + paragraphs("Sallow End", "Ivo Rask"))
    assert len(body.split()) >= 80
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Sallow Weekly</title><link>https://sallow.example/</link>
<description>News</description>
<item><link>https://sallow.example/empty</link><guid>e1</guid></item>
<item><title>Flood Gates Open In Sallow</title><link>https://sallow.example/gates</link>
<pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate><description>{body}</description></item>
</channel></rss>"""
    path = tmp_path / "sallow.rss"
    path.write_text(feed, encoding="utf-8")
    report = report_for([path], store, settings)
    assert [(a.title, a.outlet) for a in report.added] == [
        ("Flood Gates Open In Sallow", "Sallow Weekly")
    ]
    error = one_failure(report, f"{path}#entry-1")
    assert isinstance(error, MalformedInputError)
    assert "neither title nor content" in error.message
    assert report.skipped == ()


def test_unreachable_url_and_missing_path(
    tmp_path: Path, store: SQLiteStore, settings: Settings
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    missing = tmp_path / "nowhere" / "story.txt"
    good = tmp_path / "good.txt"
    good.write_text(good_text("Pellam"), encoding="utf-8")
    report = report_for([url, missing, good], store, settings)
    assert [a.source for a in report.added] == [str(good)]
    unreachable, absent = report.failed
    assert isinstance(unreachable, FetchError) and unreachable.source == url
    assert "cannot be reached" in unreachable.message
    assert absent.source == str(missing) and "no such file" in absent.message
    assert "\n" not in str(unreachable) and "\n" not in str(absent)


# -- a batch through the real CLI ----------------------------------------------------------


def show_text(cli: Callable[..., Any], db: Path, article_id: str) -> dict[str, Any]:
    done = cli("show", article_id, "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_batch_through_the_cli(tmp_path: Path, db_path: Path, cli: Callable[..., Any]) -> None:
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "gates.txt").write_text(good_text("Vellby"), encoding="utf-8")
    (batch / "mill.txt").write_text(good_text("Ostrand", "Kai Berm"), encoding="utf-8")
    (batch / "weir.html").write_bytes(page("Weir Rebuilt In Lunmoor", "Lunmoor"))
    bad = ["empty", "binary", "pdf", "no_article", "malformed_warc"]
    for case in CASES:
        if case.name in bad:
            (batch / case.filename).write_bytes(case.data)

    first = cli("ingest", str(batch), "--db", str(db_path))
    assert first.returncode == 1
    assert re.search(r"\b3 added, 0 already known, 5 failed\b", first.stdout), first.stdout
    lines = first.stderr.splitlines()
    assert "Traceback" not in first.stderr
    for case in CASES:
        if case.name in bad:
            named = [line for line in lines if case.filename in line]
            assert len(named) == 1, (case.filename, first.stderr)
            assert named[0].startswith("failed ") and case.words[0] in named[0]
    listed = json.loads(cli("articles", "--db", str(db_path), "--json").stdout)
    assert len(listed) == 3
    before = {a["id"]: show_text(cli, db_path, a["id"]) for a in listed}
    assert {b["title"] for b in before.values()} >= {"Flood Gates Open In Vellby"}

    later = tmp_path / "later"
    later.mkdir()
    (later / "dam.txt").write_text(good_text("Quarrow", "Lene Fisk"), encoding="utf-8")
    (later / "mojibake.txt").write_bytes(undecodable())
    second = cli(
        "ingest", str(later / "dam.txt"), str(later / "mojibake.txt"), "--db", str(db_path)
    )
    assert second.returncode == 1
    assert "1 added, 0 already known, 1 failed" in second.stdout
    assert "mojibake.txt" in second.stderr
    for article_id, shown in before.items():
        assert show_text(cli, db_path, article_id) == shown
    with SQLiteStore(db_path) as store:
        assert store.count() == 4
        assert store.get(next(iter(before))).text == next(iter(before.values()))["text"]


def test_failure_lines_stay_one_line_when_stderr_is_not_a_wide_terminal(
    tmp_path: Path, db_path: Path, cli: Callable[..., Any]
) -> None:
    """Piped stderr (no terminal) gets Rich's default width of 80, the same as COLUMNS=80."""
    folder = tmp_path / "incoming-wire-copy-for-the-evening-edition"
    folder.mkdir()
    pdf = next(c for c in CASES if c.name == "pdf")
    (folder / "council-budget-report.txt").write_bytes(pdf.data)
    (folder / "gates.txt").write_text(good_text("Vellby"), encoding="utf-8")
    done = cli("ingest", str(folder), "--db", str(db_path), env={"COLUMNS": "80"})
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(failed) == 1, done.stderr
    assert "council-budget-report.txt" in failed[0] and "PDF" in failed[0]
    assert failed[0].rstrip().endswith("pdftotext)")


def test_a_feed_entry_with_an_unreadable_date_is_read_without_warnings(tmp_path: Path) -> None:
    # feedparser maps a missing updated_parsed to published_parsed with a deprecation
    # warning; tests turn warnings into errors, so reading it must not touch that mapping
    import feedparser

    from parallax.ingest.feed import entry_time

    feed = feedparser.parse(
        b"<rss><channel><item><title>Strike</title><pubDate>not a date</pubDate>"
        b"</item></channel></rss>"
    )
    assert entry_time(feed.entries[0]) is None
    dated = feedparser.parse(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>'
        b"<published>2026-03-03T10:00:00Z</published></entry></feed>"
    )
    assert entry_time(dated.entries[0]) is not None
